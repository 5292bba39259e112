/**
 * A notice's body as structured blocks (段落, 小标题, 列表, 图片; bold runs inside paragraphs and list
 * items). The mini-program renders them natively; article-html.ts turns the same blocks into the
 * official account's article HTML. Plain types and limits, no zod: the pages use this module too.
 */

/** A stretch of text, bold or not. */
export interface Run {
  text: string;
  bold?: boolean;
}

export type Block =
  | { type: 'paragraph'; runs: Run[] }
  | { type: 'heading'; text: string }
  | { type: 'list'; ordered: boolean; items: Run[][] }
  /** `fileId`: the author's own upload in our storage (cloud://…) */
  | { type: 'image'; fileId: string; caption?: string };

export const NOTICE_CATEGORIES = ['notice', 'activity', 'policy', 'emergency'] as const;
export type NoticeCategory = (typeof NOTICE_CATEGORIES)[number];
export const NOTICE_CATEGORY_LABELS: Record<NoticeCategory, string> = {
  notice: '通知公告',
  activity: '活动公告',
  policy: '政策信息',
  emergency: '应急通知',
};

/** The official account's limits (draft/add), which the mini-program keeps too so one notice fits both. */
export const NOTICE_LIMITS = {
  /** characters */
  title: 32,
  digest: 128,
  blocks: 200,
  /** characters of text in the whole body */
  bodyText: 20_000,
  images: 20,
  /** bytes of a body image: media/uploadimg takes < 1 MB */
  imageBytes: 1024 * 1024 - 1,
} as const;

/** A notice's images are the author's uploads under `notices/<personId>/<yyyy-mm>/…` (checked by notices.save). */
export const noticeImageFolder = (personId: string, month: string) => `notices/${personId}/${month}`;

/** Characters as a reader counts them (code points, not UTF-16 units). */
export const charCount = (text: string) => [...text].length;

const runsText = (runs: Run[]) => runs.map((r) => r.text).join('');

/** The body's text in reading order, one line per paragraph, heading, list item or caption. */
export function plainText(blocks: readonly Block[]): string {
  return blocks
    .flatMap((b) => {
      switch (b.type) {
        case 'paragraph':
          return [runsText(b.runs)];
        case 'heading':
          return [b.text];
        case 'list':
          return b.items.map(runsText);
        case 'image':
          return b.caption ? [b.caption] : [];
      }
    })
    .filter((line) => line.trim() !== '')
    .join('\n');
}

/** The body's images, in order, each once. */
export function imagesOf(blocks: readonly Block[]): string[] {
  return [...new Set(blocks.flatMap((b) => (b.type === 'image' ? [b.fileId] : [])))];
}

/** A digest when the author wrote none: the first 54 characters of the text (what WeChat itself takes). */
export function defaultDigest(blocks: readonly Block[]): string {
  return [...plainText(blocks).replace(/\s+/g, ' ').trim()].slice(0, 54).join('');
}

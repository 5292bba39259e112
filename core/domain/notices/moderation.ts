/**
 * The content check of a notice before anyone sees it: title, digest and body text through
 * msgSecCheck v2, which takes at most 2,500 characters a call, so a long body is checked in parts
 * and the worst verdict counts.
 */
import { imagesOf, plainText, type Block } from './blocks';

export const CHECK_CHUNK_CHARS = 2500;

/** The text to check, in parts of at most CHECK_CHUNK_CHARS characters (code points). */
export function checkParts(n: { title: string; digest: string; blocks: readonly Block[] }): string[] {
  const chars = [...[n.title, n.digest, plainText(n.blocks)].filter((t) => t.trim() !== '').join('\n')];
  const parts: string[] = [];
  for (let i = 0; i < chars.length; i += CHECK_CHUNK_CHARS) parts.push(chars.slice(i, i + CHECK_CHUNK_CHARS).join(''));
  return parts.length ? parts : [n.title];
}

type Suggest = 'pass' | 'review' | 'risky';
const SEVERITY: Record<Suggest, number> = { pass: 0, review: 1, risky: 2 };

export function worst<V extends { suggest: Suggest }>(verdicts: V[]): V {
  return verdicts.reduce((a, b) => (SEVERITY[b.suggest] > SEVERITY[a.suggest] ? b : a));
}

/** WeChat's labels, as a staff member reads them */
export const CONTENT_LABELS: Record<number, string> = {
  10001: '广告',
  20001: '时政',
  20002: '色情',
  20003: '辱骂',
  20006: '违法犯罪',
  20008: '欺诈',
  20012: '低俗',
  20013: '版权',
  21000: '其他不适宜公开的内容',
};

export function rejectionMessage(label: number): string {
  return `标题或正文含有不适宜公开的内容（${CONTENT_LABELS[label] ?? '其他不适宜公开的内容'}），公告没有发布，请修改后再发布`;
}

/** WeChat pushes a media check's verdict within 30 minutes; past this, publishing is given up */
export const IMAGE_CHECK_TIMEOUT_MS = 60 * 60 * 1000;
export const IMAGE_CHECK_NOT_STARTED = '图片审核没有发起，请重新发布';
export const IMAGE_CHECK_TIMED_OUT = '图片审核超过 1 小时没有结果，公告没有发布，请重新发布';

/** The images a notice's publishing checks: the body's, then the cover when it is not among them. */
export function noticeImages(n: { blocks: readonly Block[]; coverFileId: string | null }): string[] {
  const body = imagesOf(n.blocks);
  return n.coverFileId && !body.includes(n.coverFileId) ? [...body, n.coverFileId] : body;
}

/** How staff find an image: 正文第 N 张图片, or 封面图片. */
export function imageName(n: { blocks: readonly Block[] }, fileId: string): string {
  const i = imagesOf(n.blocks).indexOf(fileId);
  return i >= 0 ? `正文第 ${i + 1} 张图片` : '封面图片';
}

export type ImagesOutcome =
  | { kind: 'pending' }
  | { kind: 'pass' }
  | { kind: 'review'; label: number }
  /** back to a draft, with the reason */
  | { kind: 'rejected'; message: string };

/**
 * What the images' verdicts so far decide: a risky one rejects at once (naming it), any still
 * missing keeps waiting until the timeout, then one needing review holds for a second staff member.
 */
export function imagesOutcome(
  n: { blocks: readonly Block[] },
  checks: readonly { fileId: string; verdict: { suggest: Suggest; label: number } | undefined }[],
  startedAt: string,
  nowMs: number,
): ImagesOutcome {
  const risky = checks.find((c) => c.verdict?.suggest === 'risky');
  if (risky) {
    const why = CONTENT_LABELS[risky.verdict!.label] ?? '其他不适宜公开的内容';
    return { kind: 'rejected', message: `${imageName(n, risky.fileId)}没有通过微信的图片审核（${why}），公告没有发布，请换一张图片后再发布` };
  }
  if (checks.some((c) => !c.verdict)) return nowMs - Date.parse(startedAt) > IMAGE_CHECK_TIMEOUT_MS ? { kind: 'rejected', message: IMAGE_CHECK_TIMED_OUT } : { kind: 'pending' };
  const review = checks.find((c) => c.verdict?.suggest === 'review');
  return review ? { kind: 'review', label: review.verdict!.label } : { kind: 'pass' };
}

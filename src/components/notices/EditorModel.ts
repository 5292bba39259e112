/**
 * The notice editor's blocks as the staff member edits them, and their conversion to and from the
 * stored blocks (core/domain/notices/blocks.ts). Bold is a whole paragraph's; a list is one item a
 * line; an image keeps what <Image> shows next to its file ID.
 */
import type { Block } from '@core/domain/notices/blocks';

export type EditorBlock =
  | { key: string; type: 'paragraph'; text: string; bold: boolean }
  | { key: string; type: 'heading'; text: string }
  | { key: string; type: 'list'; ordered: boolean; text: string }
  /** `src`: the chosen image's temp path; empty for a stored one (shown by its link) */
  | { key: string; type: 'image'; fileId: string; src: string; caption: string };

export type BlockType = EditorBlock['type'];

export const BLOCK_NAMES: Record<BlockType, string> = { paragraph: '段落', heading: '小标题', list: '列表', image: '图片' };

let counter = 0;
const newKey = () => `eb-${++counter}`;

export function emptyBlock(type: Exclude<BlockType, 'image'>): EditorBlock {
  if (type === 'paragraph') return { key: newKey(), type, text: '', bold: false };
  if (type === 'heading') return { key: newKey(), type, text: '' };
  return { key: newKey(), type, ordered: false, text: '' };
}

export const imageBlock = (fileId: string, src: string): EditorBlock => ({ key: newKey(), type: 'image', fileId, src, caption: '' });

export function fromBlocks(blocks: readonly Block[]): EditorBlock[] {
  return blocks.map((b): EditorBlock => {
    switch (b.type) {
      case 'paragraph':
        return { key: newKey(), type: 'paragraph', text: b.runs.map((r) => r.text).join(''), bold: b.runs.every((r) => r.bold) };
      case 'heading':
        return { key: newKey(), type: 'heading', text: b.text };
      case 'list':
        return { key: newKey(), type: 'list', ordered: b.ordered, text: b.items.map((runs) => runs.map((r) => r.text).join('')).join('\n') };
      case 'image':
        return { key: newKey(), type: 'image', fileId: b.fileId, src: '', caption: b.caption ?? '' };
    }
  });
}

/** The blocks to save; the server checks them (empty text, limits) and says which one is wrong. */
export function toBlocks(blocks: readonly EditorBlock[]): Block[] {
  return blocks.map((b): Block => {
    switch (b.type) {
      case 'paragraph':
        return { type: 'paragraph', runs: [{ text: b.text.trim(), ...(b.bold ? { bold: true } : {}) }] };
      case 'heading':
        return { type: 'heading', text: b.text.trim() };
      case 'list':
        return { type: 'list', ordered: b.ordered, items: b.text.split('\n').map((l) => l.trim()).filter(Boolean).map((text) => [{ text }]) };
      case 'image':
        return { type: 'image', fileId: b.fileId, ...(b.caption.trim() ? { caption: b.caption.trim() } : {}) };
    }
  });
}

/** `blocks` with the one at `i` moved by `by` (−1 up, +1 down). */
export function moved<T>(blocks: readonly T[], i: number, by: -1 | 1): T[] {
  const j = i + by;
  if (j < 0 || j >= blocks.length) return [...blocks];
  const next = [...blocks];
  [next[i], next[j]] = [next[j], next[i]];
  return next;
}

/** A server issue's place in words: `data.blocks.3.runs.0.text` → 正文第 4 段. */
export function issueText(issue: { path: string; message: string }): string {
  const m = /^data\.blocks\.(\d+)/.exec(issue.path);
  return m ? `正文第 ${Number(m[1]) + 1} 段：${issue.message}` : issue.message;
}

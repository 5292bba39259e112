/**
 * The content check of a notice before anyone sees it: title, digest and body text through
 * msgSecCheck v2, which takes at most 2,500 characters a call, so a long body is checked in parts
 * and the worst verdict counts.
 */
import { plainText, type Block } from './blocks';

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

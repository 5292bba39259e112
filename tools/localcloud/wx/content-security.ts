/**
 * `/wxa/msg_sec_check` v2 (security.msgSecCheck). Real WeChat runs models; the stub matches a small
 * word list, so tests can make content `risky` or `review` on purpose.
 */
import { randomUUID } from 'node:crypto';
import { WX_OK, wxError, type WxErrorBody } from './errors';

export type Suggest = 'pass' | 'review' | 'risky';

export interface RiskyWord {
  word: string;
  suggest: Exclude<Suggest, 'pass'>;
  /** WeChat's labels: 100 正常, 10001 广告, 20001 时政, 20002 色情, 20003 辱骂, 20006 违法犯罪, 20008 欺诈, 20012 低俗, 20013 版权, 21000 其他 */
  label: number;
}

export const DEFAULT_RISKY_WORDS: RiskyWord[] = [
  { word: '赌博', suggest: 'risky', label: 20006 },
  { word: '诈骗', suggest: 'risky', label: 20008 },
  { word: '违规测试', suggest: 'risky', label: 21000 },
  { word: '代开发票', suggest: 'review', label: 10001 },
];

export interface MsgSecCheckAnswer extends WxErrorBody {
  result?: { suggest: Suggest; label: number };
  detail?: Record<string, unknown>[];
  trace_id?: string;
}

const SCENES = new Set([1, 2, 3, 4]); // 资料, 评论, 论坛, 社交日志

export function msgSecCheck(request: unknown, words: RiskyWord[]): MsgSecCheckAnswer {
  const r = (request ?? {}) as Record<string, unknown>;
  if (typeof r.content !== 'string' || Number(r.version) !== 2 || !SCENES.has(Number(r.scene))) {
    return wxError(47001, 'content, version 2 and scene 1-4 are required');
  }
  if (typeof r.openid !== 'string' || !r.openid) return wxError(40003);
  const text = [r.content, r.title, r.nickname, r.signature].filter((v) => typeof v === 'string').join('\n');
  const hits = words.filter((w) => text.includes(w.word));
  const worst = hits.find((h) => h.suggest === 'risky') ?? hits[0];
  const result = worst ? { suggest: worst.suggest, label: worst.label } : { suggest: 'pass' as const, label: 100 };
  return {
    ...WX_OK,
    result,
    detail: [
      { strategy: 'content_model', errcode: 0, suggest: result.suggest, label: result.label, prob: worst ? 90 : 0 },
      worst
        ? { strategy: 'keyword', errcode: 0, suggest: worst.suggest, label: worst.label, level: 20, keyword: worst.word }
        : { strategy: 'keyword', errcode: 0 },
    ],
    trace_id: randomUUID(),
  };
}

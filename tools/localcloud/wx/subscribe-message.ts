/** `/cgi-bin/message/subscribe/send` (subscribeMessage.send), with WeChat's checks of the data. */
import { WX_OK, wxError, type WxErrorBody } from './errors';

/** value rules per keyword type (the part of the key before its number), as WeChat documents them */
const VALUE_RULES: [RegExp, (v: string) => boolean][] = [
  [/^thing$/, (v) => [...v].length <= 20],
  [/^phrase$/, (v) => [...v].length <= 5],
  [/^name$/, (v) => [...v].length <= 20],
  [/^number$/, (v) => /^[0-9.]{1,32}$/.test(v)],
  [/^letter$/, (v) => /^[A-Za-z]{1,32}$/.test(v)],
  [/^symbol$/, (v) => [...v].length <= 5],
  [/^character_string$/, (v) => /^[\x21-\x7e]{1,32}$/.test(v)],
  [/^phone_number$/, (v) => /^[0-9+\-() ]{1,17}$/.test(v)],
  [/^car_number$/, (v) => [...v].length <= 8],
  [/^amount$/, (v) => /^[¥$]?[0-9.,]{1,13}元?$/.test(v)],
];

const STATES = new Set(['developer', 'trial', 'formal']);
const LANGS = new Set(['zh_CN', 'en_US', 'zh_HK', 'zh_TW']);

/** The template ids the local cloud gives the functions (production sets real ones in the console). */
export const LOCAL_SUBSCRIBE_TEMPLATES = {
  claimResult: 'LOCAL_TMPL_claim_result',
  notice: 'LOCAL_TMPL_notice',
  wishChase: 'LOCAL_TMPL_wish_chase',
  activityReminder: 'LOCAL_TMPL_activity_reminder',
  requestAccepted: 'LOCAL_TMPL_request_accepted',
  requestResolved: 'LOCAL_TMPL_request_resolved',
  requestNew: 'LOCAL_TMPL_request_new',
  requestOverdue: 'LOCAL_TMPL_request_overdue',
} as const;

let msgid = 1_000_000;

export function subscribeSend(request: unknown): WxErrorBody & { msgid?: number } {
  const r = (request ?? {}) as Record<string, unknown>;
  if (typeof r.touser !== 'string' || !/^[A-Za-z0-9_-]{6,64}$/.test(r.touser)) return wxError(40003);
  if (typeof r.template_id !== 'string' || !r.template_id.trim()) return wxError(40037);
  if (r.miniprogram_state !== undefined && !STATES.has(String(r.miniprogram_state))) {
    return wxError(47003, 'miniprogram_state invalid');
  }
  if (r.lang !== undefined && !LANGS.has(String(r.lang))) return wxError(47003, 'lang invalid');
  if (r.page !== undefined && typeof r.page !== 'string') return wxError(47003, 'page invalid');
  const data = r.data;
  if (!data || typeof data !== 'object' || Array.isArray(data) || Object.keys(data).length === 0) {
    return wxError(47003, 'data invalid');
  }
  for (const [key, entry] of Object.entries(data as Record<string, unknown>)) {
    const value = (entry as { value?: unknown } | null)?.value;
    const type = key.replace(/\d+$/, '');
    const rule = VALUE_RULES.find(([pattern]) => pattern.test(type))?.[1] ?? ((v: string) => [...v].length <= 32);
    if (typeof value !== 'string' || value === '' || !rule(value)) return wxError(47003, `data.${key}.value invalid`);
  }
  return { ...WX_OK, msgid: ++msgid };
}

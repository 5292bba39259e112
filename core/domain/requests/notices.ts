/**
 * The subscribe messages (订阅消息) of requests, as data: which facts each one tells, and how they
 * go into a template's keywords. The templates are chosen in 微信公众平台 and configured (template id
 * and keyword mapping, lib/config.ts); each keyword's type — the part of its name before the number —
 * sets WeChat's limit on its value (thing ≤ 20 characters, phrase ≤ 5, name ≤ 10, time as
 * YYYY-MM-DD HH:mm), and every value is cut to it here.
 *
 * - `accepted` (受理) and `resolved` (办结) go to the reporter, once each, if they allowed them when filing;
 * - `newRequest` (新工单) goes to the handlers of the request's grid and building who went on duty;
 * - `overdue` (督办) goes to the handler at the first limit, to staff at the second.
 */
import { clip } from '../points/claim-notice';
import { minuteOf } from '../points/periods';

export const REQUEST_NOTICES = ['accepted', 'resolved', 'newRequest', 'overdue'] as const;
export type RequestNotice = (typeof REQUEST_NOTICES)[number];

/** The facts each message tells. */
export const NOTICE_FIELDS = {
  accepted: ['subject', 'status', 'handler', 'time'],
  resolved: ['subject', 'status', 'result', 'time'],
  newRequest: ['subject', 'place', 'urgency', 'time'],
  overdue: ['subject', 'place', 'level', 'deadline'],
} as const satisfies Record<RequestNotice, readonly string[]>;

type FieldOf<N extends RequestNotice> = (typeof NOTICE_FIELDS)[N][number];
export type KeywordMap<N extends RequestNotice = RequestNotice> = Record<FieldOf<N>, string>;

/**
 * The keywords of the templates this app was built against (e.g. 「工单受理通知」: 工单内容 thing1,
 * 受理状态 phrase2, 受理人 thing3, 受理时间 time4); a template with other keywords is configured by mapping.
 */
export const DEFAULT_KEYWORDS: { [N in RequestNotice]: KeywordMap<N> } = {
  accepted: { subject: 'thing1', status: 'phrase2', handler: 'thing3', time: 'time4' },
  resolved: { subject: 'thing1', status: 'phrase2', result: 'thing3', time: 'time4' },
  newRequest: { subject: 'thing1', place: 'thing2', urgency: 'phrase3', time: 'time4' },
  overdue: { subject: 'thing1', place: 'thing2', level: 'phrase3', deadline: 'time4' },
};

const KEYWORD = /^([a-z_]+?)\d+$/;

/**
 * `subject:thing1,status:phrase2,…` → the mapping; every fact of the message mapped exactly once
 * to a keyword WeChat could have. Throws a message naming what is wrong.
 */
export function parseKeywordMap<N extends RequestNotice>(notice: N, text: string): KeywordMap<N> {
  const fields: readonly string[] = NOTICE_FIELDS[notice];
  const map: Record<string, string> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [field, keyword, ...rest] = part.split(':').map((s) => s.trim());
    if (rest.length || !field || !keyword) throw new Error(`"${part}" is not <fact>:<keyword>`);
    if (!fields.includes(field)) throw new Error(`${notice} has no fact "${field}" (facts: ${fields.join(', ')})`);
    if (!KEYWORD.test(keyword)) throw new Error(`"${keyword}" is not a template keyword such as thing1`);
    if (field in map) throw new Error(`"${field}" is mapped twice`);
    map[field] = keyword;
  }
  const missing = fields.filter((f) => !(f in map));
  if (missing.length) throw new Error(`${notice} needs a keyword for ${missing.join(', ')}`);
  if (new Set(Object.values(map)).size !== fields.length) throw new Error(`${notice} maps two facts to one keyword`);
  return map as KeywordMap<N>;
}

/** A value cut to what WeChat accepts for the keyword's type; line breaks and control characters become spaces. */
export function fitKeyword(keyword: string, value: string): string {
  const type = KEYWORD.exec(keyword)?.[1] ?? 'thing';
  const flat = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim() || '—';
  switch (type) {
    case 'phrase':
      return clip(flat, 5);
    case 'name':
      return clip(flat, 10);
    case 'character_string':
    case 'letter':
    case 'number':
      return clip(flat, 32);
    case 'symbol':
      return clip(flat, 5);
    default:
      return clip(flat, 20);
  }
}

/** The message's `data`: each fact under its keyword, within its limit. */
export function keywordData(keywords: Record<string, string>, facts: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(keywords).map(([field, keyword]) => [keyword, fitKeyword(keyword, facts[field] ?? '')]));
}

/** What the messages need to know of a request. */
export interface NoticeRequest {
  categoryName: string;
  text: string;
  locationLabel: string;
  urgency: 'normal' | 'urgent';
}

const subjectOf = (r: NoticeRequest) => `${r.categoryName}：${r.text}`;

export function acceptedFacts(r: NoticeRequest, handlerName: string | null, at: string): Record<FieldOf<'accepted'>, string> {
  return { subject: subjectOf(r), status: '已受理', handler: handlerName ?? '社区工作人员', time: minuteOf(at) };
}

export function resolvedFacts(r: NoticeRequest, summary: string, at: string): Record<FieldOf<'resolved'>, string> {
  return { subject: subjectOf(r), status: '已办结', result: summary, time: minuteOf(at) };
}

export function newRequestFacts(r: NoticeRequest, at: string): Record<FieldOf<'newRequest'>, string> {
  return { subject: subjectOf(r), place: r.locationLabel, urgency: r.urgency === 'urgent' ? '紧急' : '一般', time: minuteOf(at) };
}

/** `deadline`: the limit that passed (level 1: the first, level 2: the second). */
export function overdueFacts(r: NoticeRequest, level: 1 | 2, deadline: string): Record<FieldOf<'overdue'>, string> {
  return { subject: subjectOf(r), place: r.locationLabel, level: level === 2 ? '升级督办' : '已超时', deadline: minuteOf(deadline) };
}

/** The pages the messages open: the reporter's request, or the handler's work order. */
export const REPORTER_PAGE = 'packages/resident/pages/request/index';
export const HANDLER_PAGE = 'packages/leader/pages/request/index';
export const pageFor = (page: string, requestId: string) => `${page}?id=${encodeURIComponent(requestId)}`;

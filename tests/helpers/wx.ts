/**
 * Test access to the local cloud's WeChat stub: read the outbox, plan failures, tune the content
 * check's word list, expire tokens, choose how the next publish tasks end, register the codes the
 * phone-number button would give, declare the pages of the "released" mini-program.
 */
import type { WxCall, FailurePlan } from '../../tools/localcloud/wx/outbox';
import type { RiskyWord } from '../../tools/localcloud/wx/content-security';
import type { MediaCheck, MediaVerdictPlan } from '../../tools/localcloud/wx/media-check';

export type { WxCall, FailurePlan, RiskyWord, MediaCheck, MediaVerdictPlan };
export { localMiniProgram, localOfficialAccount } from '../../tools/localcloud/wx/tokens';

export interface WxControl {
  /** every call so far, oldest first; `api` filters by path, e.g. `/cgi-bin/draft/add` */
  outbox(api?: string): Promise<WxCall[]>;
  clearOutbox(): Promise<void>;
  /** the next `times` (default 1) calls of `api` answer `errcode` */
  fail(plan: FailurePlan): Promise<void>;
  setRiskyWords(words: RiskyWord[]): Promise<void>;
  expireTokens(): Promise<void>;
  /** the next `times` (default 1) publish tasks end with `status` (0 成功, 2 原创失败, 3 常规失败, 4 审核不通过 …) */
  planPublishStatus(status: number, times?: number): Promise<void>;
  /** a code the phone button would give for `phone` (once, within 5 minutes); `openid`: only that user's request may use it */
  phoneCode(phone: string, options?: { openid?: string; code?: string; countryCode?: string; expiresInSeconds?: number }): Promise<string>;
  /** the pages `getwxacodeunlimit` with check_path accepts (a local app has none released) */
  setPublishedPages(pages: string[]): Promise<void>;
  /** verdicts of the asynchronous media check by media URL (default pass); `hold`: push them only on `deliverMediaVerdicts` */
  planMediaVerdicts(verdicts: MediaVerdictPlan[], options?: { hold?: boolean }): Promise<void>;
  /** the media checks started so far, with what the function answered to each pushed verdict */
  mediaChecks(): Promise<MediaCheck[]>;
  /** pushes the verdicts not yet pushed (all, or one) to the function configured for message pushes */
  deliverMediaVerdicts(traceId?: string): Promise<MediaCheck[]>;
  /** calls WeChat's HTTP API like a function would: `path` under `/wx`, JSON body */
  post<T = Record<string, unknown>>(path: string, body: unknown): Promise<T>;
}

export function wxControl(cloudUrl: string): WxControl {
  async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${cloudUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const parsed = (await res.json()) as T;
    if (!res.ok && path.startsWith('/__localcloud/')) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(parsed)}`);
    return parsed;
  }
  const control = async (path: string, body: unknown = {}) => {
    await request('POST', `/__localcloud/wx${path}`, body);
  };
  return {
    outbox: (api) => request<WxCall[]>('GET', `/__localcloud/wx/outbox${api ? `?api=${encodeURIComponent(api)}` : ''}`),
    clearOutbox: () => control('/outbox/clear'),
    fail: (plan) => control('/fail', plan),
    setRiskyWords: (words) => control('/words', { words }),
    expireTokens: () => control('/expire-tokens'),
    planPublishStatus: (status, times = 1) => control('/publish-status', { publish_status: status, times }),
    phoneCode: async (phone, options = {}) => (await request<{ code: string }>('POST', '/__localcloud/wx/phone-codes', { phone, ...options })).code,
    setPublishedPages: (pages) => control('/published-pages', { pages }),
    planMediaVerdicts: (verdicts, options = {}) => control('/media-checks/plan', { verdicts, hold: options.hold ?? false }),
    mediaChecks: () => request<MediaCheck[]>('GET', '/__localcloud/wx/media-checks'),
    deliverMediaVerdicts: (traceId) => request<MediaCheck[]>('POST', '/__localcloud/wx/media-checks/deliver', traceId ? { traceId } : {}),
    post: (path, body) => request('POST', `/wx${path}`, body),
  };
}

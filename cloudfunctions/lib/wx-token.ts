/**
 * Access tokens for WeChat's HTTP API, per account (the mini-program; the official account for
 * publishing), from `POST /cgi-bin/stable_token`, kept in the database (`wxTokens`, `_id` = appid)
 * so every function instance shares one, and renewed when less than 5 minutes remain.
 *
 * Normal mode (never `force_refresh`) is what makes this safe without a lock: while the current
 * token has over 5 minutes left WeChat answers every caller that same token, and in its last 5
 * minutes it answers the next one while the old stays valid. So when 5 instances find an expired
 * token together, each asks once and all get the same token (each writes the same document): at
 * most one request per instance, far under the 10,000 a minute allowed. Within an instance,
 * concurrent callers share one request.
 *
 * `force_refresh` is never used. It is limited to 20 a day and revokes the token every other
 * instance is using, so a loop of it would lock the whole backend out of WeChat for the day. A token
 * WeChat refuses (40001, 42001) is renewed once in normal mode and the call retried once; normal
 * mode answers WeChat's current token, so a second refusal means something a new token would not
 * fix (the wrong account, a reset AppSecret, an IP not on the whitelist): it is logged and the call
 * fails.
 */
import { z } from 'zod';
import type { Database } from './cloud';
import { COLLECTIONS } from './collections';
import { config, type WxAccountName, type WxCredentials } from './config';
import { AppError } from './errors';
import { log } from './log';

export type { WxAccountName };

/** renew a cached token when it has less than this left (WeChat's own overlap) */
const RENEW_BEFORE_MS = 5 * 60_000;
const REQUEST_TIMEOUT_MS = 10_000;
/** the answers that say the token itself is not (or no longer) good */
const REFUSED = new Set([40001, 42001]);

export const WX_NOT_CONFIGURED = '小程序的接口凭据还没有配置，请联系管理员';

/** WeChat did not give what was asked: `errcode` as answered, null when there was no usable answer */
export class WxApiError extends Error {
  constructor(
    readonly errcode: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'WxApiError';
  }
}

/** A JSON answer (`errcode` 0 or absent: success), or the bytes of a file (a code image). */
export type WxAnswer = { kind: 'json'; body: Record<string, unknown>; errcode: number } | { kind: 'file'; contentType: string; data: Buffer };

const tokenDoc = z.object({
  _id: z.string(),
  account: z.string(),
  accessToken: z.string().min(1),
  /** ms since the epoch */
  expiresAt: z.number(),
  updatedAt: z.string(),
});
type TokenDoc = z.infer<typeof tokenDoc>;

const tokenAnswer = z.object({ access_token: z.string().min(1), expires_in: z.number().positive() });
const errorAnswer = z.object({ errcode: z.number(), errmsg: z.string().optional() });

/** one stable_token request at a time per account in this instance */
const renewing = new Map<string, Promise<string>>();

function credentials(account: WxAccountName): WxCredentials {
  const c = config().wxAccounts[account];
  if (!c) throw new AppError('PRECONDITION_FAILED', WX_NOT_CONFIGURED);
  return c;
}

// WeChat's real time, not lib/clock's now(): a token expires on WeChat's clock, which tests cannot move
const fresh = (doc: TokenDoc | null): doc is TokenDoc => doc !== null && doc.expiresAt - Date.now() > RENEW_BEFORE_MS;

async function readCached(db: Database, appid: string): Promise<TokenDoc | null> {
  const { data } = (await db.collection(COLLECTIONS.wxTokens).doc(appid).get()) as { data: unknown[] };
  const parsed = tokenDoc.safeParse(data?.[0]);
  return parsed.success ? parsed.data : null;
}

async function request(url: string, body: unknown): Promise<Response> {
  const form = typeof FormData !== 'undefined' && body instanceof FormData;
  try {
    return await fetch(url, {
      method: 'POST',
      headers: form ? {} : { 'content-type': 'application/json' },
      body: form ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (err) {
    throw new WxApiError(null, `${new URL(url).pathname}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function readJson(res: Response, path: string): Promise<Record<string, unknown>> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as unknown;
    if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // not JSON: reported below
  }
  throw new WxApiError(null, `${path}: HTTP ${res.status}, not a JSON object: ${text.slice(0, 200)}`);
}

/** asks WeChat (normal mode) and stores the answer for every instance */
function renew(db: Database, account: WxAccountName, c: WxCredentials): Promise<string> {
  const running = renewing.get(c.appid);
  if (running) return running;
  const task = (async () => {
    const path = '/cgi-bin/stable_token';
    const res = await request(`${config().wxApiBaseUrl}${path}`, { grant_type: 'client_credential', appid: c.appid, secret: c.secret });
    const body = await readJson(res, path);
    const ok = tokenAnswer.safeParse(body);
    if (!ok.success) {
      const err = errorAnswer.safeParse(body);
      log.error('wx token refused', { account, appid: c.appid, answer: err.success ? err.data : JSON.stringify(body).slice(0, 200) });
      throw new WxApiError(err.success ? err.data.errcode : null, `stable_token: ${err.success ? `${err.data.errcode} ${err.data.errmsg ?? ''}` : 'no token'}`);
    }
    const answeredAt = Date.now(); // real time, as `fresh` compares
    const doc = {
      account,
      accessToken: ok.data.access_token,
      expiresAt: answeredAt + ok.data.expires_in * 1000,
      updatedAt: new Date(answeredAt).toISOString(),
    };
    await db.collection(COLLECTIONS.wxTokens).doc(c.appid).set(doc);
    return doc.accessToken;
  })();
  renewing.set(c.appid, task);
  return task.finally(() => renewing.delete(c.appid));
}

/** The account's access token: the shared one while over 5 minutes remain, else a renewed one. */
export async function wxAccessToken(db: Database, account: WxAccountName): Promise<string> {
  const c = credentials(account);
  const cached = await readCached(db, c.appid);
  return fresh(cached) ? cached.accessToken : renew(db, account, c);
}

/** After WeChat refused `refused`: another instance's newer token if there is one, else a renewed one. */
async function afterRefusal(db: Database, account: WxAccountName, refused: string): Promise<string> {
  const c = credentials(account);
  const cached = await readCached(db, c.appid);
  return fresh(cached) && cached.accessToken !== refused ? cached.accessToken : renew(db, account, c);
}

/** `path` may carry its own query (material/add_material?type=image); the token is added to it */
async function post(path: string, accessToken: string, body: unknown): Promise<WxAnswer> {
  const res = await request(`${config().wxApiBaseUrl}${path}${path.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(accessToken)}`, body);
  const contentType = res.headers.get('content-type') ?? '';
  // a file (a code image) is the success; errors always come as JSON
  if (/^(image|application\/octet-stream)/i.test(contentType)) {
    return { kind: 'file', contentType, data: Buffer.from(await res.arrayBuffer()) };
  }
  const json = await readJson(res, path);
  return { kind: 'json', body: json, errcode: typeof json.errcode === 'number' ? json.errcode : 0 };
}

const refusedToken = (a: WxAnswer) => a.kind === 'json' && REFUSED.has(a.errcode);

/**
 * POSTs `body` (JSON, or a FormData upload) to WeChat's `path` with the account's token. A refused
 * token is renewed once and the call retried once (see above); the answer is returned as WeChat gave
 * it, errors included, for the caller to put into words. Throws WxApiError when no answer came.
 */
export async function wxPost(db: Database, account: WxAccountName, path: string, body: unknown): Promise<WxAnswer> {
  const token = await wxAccessToken(db, account);
  const first = await post(path, token, body);
  if (!refusedToken(first)) return first;
  const second = await post(path, await afterRefusal(db, account, token), body);
  if (refusedToken(second)) log.error('wx token refused twice', { account, path, answer: second.kind === 'json' ? second.body : null });
  return second;
}

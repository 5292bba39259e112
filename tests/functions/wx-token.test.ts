/**
 * WeChat access tokens (cloudfunctions/lib/wx-token.ts) as function instances use them: one cached
 * token in the database for every instance, renewed when under 5 minutes remain, a refused token
 * renewed once and the call retried once, never force_refresh. Through the real runner (one
 * process per concurrent call), the real node-sdk and the local cloud's WeChat stub.
 */
import { localMiniProgram, type WxCall } from '../helpers/wx';
import { startWxProbeCloud, type WxProbeCloud } from '../helpers/wx-probe';

let c: WxProbeCloud;

beforeAll(async () => {
  c = await startWxProbeCloud();
}, 60_000);
afterAll(() => c?.close());
beforeEach(() => c.wx.clearOutbox());

type Tokens = { tokens: string[] };
const tokenCalls = async () => c.wx.outbox('/cgi-bin/stable_token');
const forced = (calls: WxCall[]) => calls.filter((call) => (call.request as { force_refresh?: unknown }).force_refresh !== undefined);
const cached = async () => {
  const { data } = (await c.t.app.database().collection('wxTokens').doc(localMiniProgram.appid).get()) as { data: Record<string, unknown>[] };
  return data[0] as { accessToken: string; expiresAt: number; account: string } | undefined;
};
const setCached = (fields: Record<string, unknown>) => c.t.app.database().collection('wxTokens').doc(localMiniProgram.appid).update(fields);
const code = { op: 'wxacode', request: { scene: 'inv=K7Q2M9', page: 'packages/public/pages/join/index' } };

async function tokensOf(event: Record<string, unknown>) {
  const r = await c.probe<Tokens>(event);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r;
}

test('concurrent callers in one instance share one stable_token request; other instances read the shared cache', async () => {
  const first = await tokensOf({ op: 'token', parallel: 10 });
  expect(new Set(first.tokens).size).toBe(1);
  expect(await tokenCalls()).toHaveLength(1);
  const stored = await cached();
  expect(stored).toMatchObject({ accessToken: first.tokens[0], account: 'miniprogram' });
  expect(stored!.expiresAt - Date.now()).toBeGreaterThan(7000 * 1000);

  // three calls at once: the runner starts instances for those that find the others busy
  const others = await Promise.all([1, 2, 3].map(() => tokensOf({ op: 'token', holdMs: 400 })));
  expect(new Set([first.pid, ...others.map((o) => o.pid)]).size).toBeGreaterThanOrEqual(3);
  expect(others.flatMap((o) => o.tokens)).toEqual([first.tokens[0], first.tokens[0], first.tokens[0]]);
  expect(await tokenCalls()).toHaveLength(1);
}, 60_000);

test('instances that all find the token expired get the same one from normal mode, without force_refresh', async () => {
  await setCached({ expiresAt: Date.now() - 1000 });
  const answers = await Promise.all([1, 2, 3, 4, 5].map(() => tokensOf({ op: 'token', holdMs: 300 })));
  const calls = await tokenCalls();
  expect(calls.length).toBeGreaterThanOrEqual(1);
  expect(calls.length).toBeLessThanOrEqual(5);
  expect(forced(calls)).toEqual([]);
  expect(new Set(answers.flatMap((a) => a.tokens)).size).toBe(1);
  expect((await cached())!.accessToken).toBe(answers[0].tokens[0]);
  expect((await cached())!.expiresAt).toBeGreaterThan(Date.now() + 3600_000);
}, 60_000);

test('renewed when under 5 minutes remain, not before', async () => {
  const { tokens } = await tokensOf({ op: 'token' });
  await setCached({ expiresAt: Date.now() + 6 * 60_000 });
  expect((await tokensOf({ op: 'token' })).tokens).toEqual(tokens);
  expect(await tokenCalls()).toHaveLength(0);

  await setCached({ expiresAt: Date.now() + 4 * 60_000 });
  await tokensOf({ op: 'token' });
  expect(await tokenCalls()).toHaveLength(1);
  expect((await cached())!.expiresAt).toBeGreaterThan(Date.now() + 3600_000);
}, 30_000);

test('a token WeChat calls invalid (40001) is renewed once and the call retried once', async () => {
  await setCached({ accessToken: 'revoked-elsewhere', expiresAt: Date.now() + 3600_000 });
  const r = await c.probe<{ image: string }>(code);
  expect(r.ok).toBe(true);
  const calls = await c.wx.outbox();
  const outcome = (response: Record<string, unknown>) => response.errcode ?? (response.access_token ? 'token' : response.contentType);
  expect(calls.map((call) => [call.api, outcome(call.response as Record<string, unknown>)])).toEqual([
    ['/wxa/getwxacodeunlimit', 40001],
    ['/cgi-bin/stable_token', 'token'],
    ['/wxa/getwxacodeunlimit', 'image/png'],
  ]);
  expect(forced(calls)).toEqual([]);
  expect((await cached())!.accessToken).not.toBe('revoked-elsewhere');
}, 30_000);

test('an expired token (42001) is renewed once and the call retried once', async () => {
  await tokensOf({ op: 'token' });
  await c.wx.expireTokens();
  await c.wx.clearOutbox();
  const r = await c.probe<{ image: string }>(code);
  expect(r.ok).toBe(true);
  expect((await c.wx.outbox()).map((call) => call.api)).toEqual(['/wxa/getwxacodeunlimit', '/cgi-bin/stable_token', '/wxa/getwxacodeunlimit']);
  expect((await c.wx.outbox('/wxa/getwxacodeunlimit'))[0].response).toMatchObject({ errcode: 42001 });
}, 30_000);

test('a token refused twice fails the call: no loop, no force_refresh', async () => {
  await tokensOf({ op: 'token' });
  await c.wx.clearOutbox();
  await c.wx.fail({ api: '/wxa/getwxacodeunlimit', errcode: 40001, times: 2 });
  const r = await c.probe(code);
  expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: '暂时无法生成小程序码，请把邀请码发给对方' } });
  const calls = await c.wx.outbox();
  expect(calls.map((call) => call.api)).toEqual(['/wxa/getwxacodeunlimit', '/cgi-bin/stable_token', '/wxa/getwxacodeunlimit']);
  expect(forced(calls)).toEqual([]);
  // the next call goes through with the same, still good token
  expect((await c.probe(code)).ok).toBe(true);
}, 30_000);

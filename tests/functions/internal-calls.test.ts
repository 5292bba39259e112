/**
 * Internal calls are not a public door: a `server` route answers only calls whose source chain ends
 * in one of our functions (`scf`) or a timer (`wx_trigger`). Each source reaches the function the
 * way it does in CloudBase: the dev gateway as a client (`wx_client`, or `wx_http` / `wx_devtools`
 * by `X-Dev-Source`), node-sdk's `callFunction` from another function (`<chain>,scf`), a timer fired
 * through the local cloud (`wx_trigger`). The function with the server route is a test fixture
 * (tests/fixtures/internal-probe), bundled here with the real router; `points` is the real bundle.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Result } from '../../core/contracts/common';
import { startTestCloud, tempDir, type TestCloud } from '../helpers/localcloud';
import { buildFixtureFunction } from '../helpers/fixture-function';

const ROOT = path.resolve(__dirname, '../..');
const PROBE = { action: 'probe.server', data: {} };
type ProbeOut = { source: string[]; openid: string | null };

let t: TestCloud;
let functionsDir: string;

beforeAll(async () => {
  functionsDir = tempDir('internal-calls');
  await buildFixtureFunction('internal-probe', functionsDir, 'probe');
  fs.writeFileSync(
    path.join(functionsDir, 'probe', 'config.json'),
    JSON.stringify({ timeout: 10, triggers: [{ name: 'nightly', type: 'timer', config: '0 0 2 * * * *' }] }),
  );
  // the real points bundle (built by the functions project's global setup) and the plain relay fixture
  fs.symlinkSync(path.join(ROOT, 'cloudfunctions/points'), path.join(functionsDir, 'points'), 'dir');
  fs.symlinkSync(path.join(ROOT, 'tests/fixtures/functions/relay'), path.join(functionsDir, 'relay'), 'dir');
  t = await startTestCloud({ functionsDir });
}, 60_000);
afterAll(async () => {
  await t?.close();
  fs.rmSync(functionsDir, { recursive: true, force: true });
});

/** through the dev gateway, as a client would reach the function */
async function fromOutside(fn: string, event: unknown, opts: { openid?: string; source?: string } = {}) {
  const res = await fetch(`${t.cloud.url}/dev/functions/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(opts.openid ? { 'x-dev-openid': opts.openid } : {}), ...(opts.source ? { 'x-dev-source': opts.source } : {}) },
    body: JSON.stringify(event),
  });
  return { status: res.status, body: (await res.json()) as Result<ProbeOut> & { code?: string } };
}

describe('a server route refuses every outside door', () => {
  it.each([
    ['a mini-program client with a user', { openid: 'o-someone' }],
    ['a mini-program client without a user', {}],
    ['the WeChat HTTP API', { source: 'wx_http' }],
    ['the WeChat HTTP API naming a user', { source: 'wx_http', openid: 'o-someone' }],
    ['WeChat DevTools', { source: 'wx_devtools' }],
  ])('%s', async (_, opts) => {
    const { status, body } = await fromOutside('probe', PROBE, opts);
    expect(status).toBe(200);
    expect(body).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '此操作只能由系统内部调用' } });
  }, 30_000);

  it('a client posing as a timer event is refused too', async () => {
    const { body } = await fromOutside('probe', { Type: 'Timer', TriggerName: 'nightly', Time: '2026-12-01T00:00:00Z', Message: '' });
    expect(body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('the dev gateway cannot claim a server source', async () => {
    for (const source of ['scf', 'wx_trigger', 'wx_client,scf']) {
      const { status, body } = await fromOutside('probe', PROBE, { source });
      expect(status).toBe(400);
      expect(body.code).toBe('INVALID_SOURCE');
    }
  });
});

describe('a server route answers our functions and timers', () => {
  it('a function called by the mini-program, calling through node-sdk (wx_client,scf)', async () => {
    const { body } = await fromOutside('relay', { target: 'probe', data: PROBE }, { openid: 'o-someone' });
    expect(body).toEqual({ relayed: { ok: true, data: { source: ['wx_client', 'scf'], openid: null } } });
  }, 30_000);

  it('a function (scf): node-sdk callFunction from a cloud function runtime', async () => {
    const res = await t.app.callFunction({ name: 'probe', data: PROBE });
    expect(res.result).toEqual({ ok: true, data: { source: ['scf'], openid: null } });
  });

  it('a timer trigger (wx_trigger)', async () => {
    const res = await fetch(`${t.cloud.url}/__localcloud/functions/probe/timers/nightly`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, data: { source: ['wx_trigger'], openid: null } });
    // the same warm instance forgets the timer's source on the next call
    expect((await fromOutside('probe', PROBE)).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('only a timer the function declares fires', async () => {
    const res = await fetch(`${t.cloud.url}/__localcloud/functions/probe/timers/hourly`, { method: 'POST' });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'TRIGGER_NOT_FOUND' });
  });
});

describe('points books no award for a caller', () => {
  it('points.internal.award is gone, for clients and functions alike', async () => {
    const data = { idempotencyKey: 'wish:w-1001:fulfilled', communityId: 'cm-xingfuli', personId: 'p-008', itemCode: 'BF02', source: { type: 'wish', id: 'w-1001' } };
    const event = { action: 'points.internal.award', data };
    const unknown = { ok: false, error: { code: 'VALIDATION_ERROR', message: '不支持的操作', issues: [{ path: 'action', message: '不支持的操作：points.internal.award' }] } };
    expect((await fromOutside('points', event, { openid: 'o-someone' })).body).toEqual(unknown);
    expect((await t.app.callFunction({ name: 'points', data: event })).result).toEqual(unknown);
    const viaFunction = await fromOutside('relay', { target: 'points', data: event });
    expect(viaFunction.body).toEqual({ relayed: unknown });
  }, 30_000);
});

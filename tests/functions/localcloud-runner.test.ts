/**
 * The function runner on its own: real child processes running the plain-JS fixtures in
 * tests/fixtures/functions, no server around it (the server-level path is in localcloud-gateway).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFunctionRunner } from '../../tools/localcloud/functions/runner';
import type { FunctionRunner, InvokeResult } from '../../tools/localcloud/types';

const FIXTURES = path.resolve(__dirname, '../fixtures/functions');
const ADMIN_URL = 'http://127.0.0.1:65000/admin';

interface Echo {
  event: unknown;
  pid: number;
  env: Record<string, string | undefined>;
  sdk: { openid?: string; appid?: string; uuid?: string; env?: string };
  context: { request_id: string; function_name: string; remainingMs: number };
}

function ok<T>(r: InvokeResult): T {
  if (!r.ok) throw new Error(`expected success, got ${r.code}: ${r.message}`);
  return r.result as T;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(check: () => boolean, ms = 3000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

describe('function runner', () => {
  const lines: string[] = [];
  let runner: FunctionRunner;

  beforeAll(() => {
    runner = createFunctionRunner({
      functionsDir: FIXTURES,
      envId: 'test-env',
      adminUrl: () => ADMIN_URL,
      log: (name, stream, line) => lines.push(`${stream} [${name}] ${line}`),
    });
  });
  afterAll(() => runner.close());

  test('the invocation carries the caller identity in env, context and node-sdk', async () => {
    const r = ok<Echo>(await runner.invoke('echo', { hello: '你好' }, { openid: 'o-alice', appid: 'wx-app', uuid: 'u-1' }));
    expect(r.event).toEqual({ hello: '你好' });
    expect(r.env).toMatchObject({ WX_OPENID: 'o-alice', WX_APPID: 'wx-app', TCB_ENV: 'test-env', FROM_CONFIG: 'yes' });
    expect(JSON.parse(r.env.TCB_CONTEXT_CNFG ?? '{}')).toEqual({ URL: ADMIN_URL });
    expect(r.env.WX_API_BASE_URL).toBe('http://127.0.0.1:65000/wx');
    expect(r.sdk).toEqual({ openid: 'o-alice', appid: 'wx-app', uuid: 'u-1', env: 'test-env' });
    expect(r.context.function_name).toBe('echo');
    expect(r.context.request_id).toMatch(/^[0-9a-f-]{36}$/);
    // config.json says 5 s
    expect(r.context.remainingMs).toBeGreaterThan(3000);
    expect(r.context.remainingMs).toBeLessThanOrEqual(5000);
  });

  test('a warm instance forgets the previous caller', async () => {
    const first = ok<Echo>(await runner.invoke('echo', {}, { openid: 'o-bob' }));
    const second = ok<Echo>(await runner.invoke('echo', {}, {}));
    expect(second.pid).toBe(first.pid);
    expect(second.env.WX_OPENID).toBeUndefined();
    expect(second.sdk.openid).toBeUndefined();
  });

  test('sequential calls reuse one instance; concurrent calls get their own, each with its own caller', async () => {
    const a = ok<{ pid: number }>(await runner.invoke('slow', { ms: 10 }, { openid: 'o-1' }));
    const b = ok<{ pid: number }>(await runner.invoke('slow', { ms: 10 }, { openid: 'o-1' }));
    expect(b.pid).toBe(a.pid);

    const openids = ['o-a', 'o-b', 'o-c'];
    const results = await Promise.all(openids.map((openid) => runner.invoke('slow', { ms: 400 }, { openid })));
    const answers = results.map((r) => ok<{ pid: number; openid: string }>(r));
    expect(answers.map((x) => x.openid)).toEqual(openids);
    expect(new Set(answers.map((x) => x.pid)).size).toBe(3);
  });

  test('function output reaches the log, prefixed with the function name', async () => {
    await runner.invoke('echo', { n: 42 }, {});
    expect(lines).toContain('stdout [echo] echo called with {"n":42}');
  });

  test.each([
    ['throw', 'boom'],
    ['exit', 'code 3'],
    ['uncaught', 'uncaught boom'],
    ['reject', 'unhandled boom'],
    ['cycle', 'circular'],
  ])('a crash (%s) is a function error, the instance is replaced, the next call works', async (mode, text) => {
    const before = ok<{ pid: number }>(await runner.invoke('crash', { mode: 'ok' }, {}));
    const failed = await runner.invoke('crash', { mode }, {});
    expect(failed).toMatchObject({ ok: false, code: 'FUNCTIONS_EXECUTE_FAIL' });
    expect(!failed.ok && failed.message).toContain(text);
    const after = ok<{ pid: number }>(await runner.invoke('crash', { mode: 'ok' }, {}));
    expect(after.pid).not.toBe(before.pid);
    expect(await waitUntil(() => !alive(before.pid))).toBe(true);
  });

  test('running out of memory is FUNCTIONS_MEMORY_LIMIT_EXCEEDED', async () => {
    const failed = await runner.invoke('crash', { mode: 'oom' }, {});
    expect(failed).toMatchObject({ ok: false, code: 'FUNCTIONS_MEMORY_LIMIT_EXCEEDED' });
    expect(ok<{ pid: number }>(await runner.invoke('crash', { mode: 'ok' }, {})).pid).toBeGreaterThan(0);
  }, 30_000);

  test.each(['loop', 'wait'])('a timeout (%s) ends the invocation at config.json\'s limit and kills the instance', async (mode) => {
    const warm = ok<{ pid: number }>(await runner.invoke('hang', {}, {}));
    const failed = await runner.invoke('hang', { mode }, {});
    expect(failed).toMatchObject({ ok: false, code: 'FUNCTIONS_TIME_LIMIT_EXCEEDED' });
    expect(failed.durationMs).toBeGreaterThanOrEqual(990);
    expect(failed.durationMs).toBeLessThan(2500);
    expect(await waitUntil(() => !alive(warm.pid))).toBe(true);
    expect(ok<{ pid: number }>(await runner.invoke('hang', {}, {})).pid).not.toBe(warm.pid);
  });

  test('unknown or unsafe names are FUNCTION_NOT_FOUND', async () => {
    for (const name of ['nope', '../functions/echo', 'echo/..', '']) {
      expect(await runner.invoke(name, {}, {})).toMatchObject({ ok: false, code: 'FUNCTION_NOT_FOUND' });
    }
  });

  test('functions.invokeFunction answers response_data as a JSON string, errors as CloudBase codes', async () => {
    const answer = await runner.handle('functions.invokeFunction', { action: 'functions.invokeFunction', function_name: 'slow', request_data: '{"ms":1}' });
    const data = (answer as { data: { response_data: string } }).data;
    expect(JSON.parse(data.response_data)).toMatchObject({ openid: null });
    await expect(runner.handle('functions.invokeFunction', { action: 'functions.invokeFunction', function_name: 'nope', request_data: '' })).rejects.toMatchObject({
      code: 'FUNCTION_NOT_FOUND',
    });
    await expect(runner.handle('functions.invokeFunction', { action: 'functions.invokeFunction', function_name: 'crash', request_data: '{"mode":"throw"}' })).rejects.toMatchObject({
      code: 'FUNCTIONS_EXECUTE_FAIL',
    });
  });
});

test('a rebuilt bundle is picked up by the next invocation', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hongling-fn-'));
  fs.mkdirSync(path.join(dir, 'v'));
  const write = (version: number) =>
    fs.writeFileSync(path.join(dir, 'v', 'index.js'), `exports.main = async () => ({ version: ${version}, pid: process.pid });\n`);
  const runner = createFunctionRunner({ functionsDir: dir, envId: 'e', adminUrl: () => ADMIN_URL });
  try {
    write(1);
    const first = ok<{ version: number; pid: number }>(await runner.invoke('v', {}, {}));
    write(22);
    const second = ok<{ version: number; pid: number }>(await runner.invoke('v', {}, {}));
    expect([first.version, second.version]).toEqual([1, 22]);
    expect(second.pid).not.toBe(first.pid);
  } finally {
    await runner.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('close() stops every instance, busy or idle', async () => {
  const runner = createFunctionRunner({ functionsDir: FIXTURES, envId: 'e', adminUrl: () => ADMIN_URL });
  const idle = ok<{ pid: number }>(await runner.invoke('slow', { ms: 1 }, {}));
  const busy = runner.invoke('hang', { mode: 'wait' }, {});
  await new Promise((r) => setTimeout(r, 300));
  await runner.close();
  expect(await busy).toMatchObject({ ok: false });
  expect(alive(idle.pid)).toBe(false);
  expect(await runner.invoke('slow', {}, {})).toMatchObject({ ok: false, code: 'FUNCTIONS_EXECUTE_FAIL' });
});

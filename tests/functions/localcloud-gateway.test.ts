/**
 * The dev gateway and the function runner behind the real local cloud: `/dev/functions/:name` as a
 * chosen caller, node-sdk's functions.invokeFunction, functions that call the emulator themselves,
 * the static H5 app and dev login, and the CLI (startup line, signals, --parent-pid, no orphans).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import { createInterface } from 'node:readline';
import { startTestCloud, tempDir, type TestCloud } from '../helpers/localcloud';
import { personas } from '../../tools/seed/personas';
import { DEV_APPID } from '../../tools/localcloud/gateway/dev';

const FIXTURES = path.resolve(__dirname, '../fixtures/functions');
const REPO = path.resolve(__dirname, '../..');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- answers are asserted field by field

describe('function calls through the local cloud', () => {
  let t: TestCloud;
  beforeAll(async () => {
    t = await startTestCloud({ functionsDir: FIXTURES });
  });
  afterAll(() => t.close());

  test('POST /dev/functions/:name runs the function as the X-Dev-Openid caller', async () => {
    const { status, body } = await t.invokeRaw('echo', { action: 'x' }, 'o-gateway-1');
    expect(status).toBe(200);
    expect((body as Json).sdk).toMatchObject({ openid: 'o-gateway-1', appid: DEV_APPID });
    expect((body as Json).event).toEqual({ action: 'x' });
    const anonymous = await t.invokeRaw('echo', {});
    expect((anonymous.body as Json).sdk.openid).toBeUndefined();
  });

  test('concurrent callers each see their own identity', async () => {
    const openids = ['o-p1', 'o-p2', 'o-p3', 'o-p4'];
    const results = await Promise.all(openids.map((o) => t.invokeRaw('slow', { ms: 300 }, o)));
    expect(results.map((r) => (r.body as Json).openid)).toEqual(openids);
  });

  test('errors: malformed JSON 400, function error 502 {code, message}, unknown function 404', async () => {
    const bad = await fetch(`${t.cloud.url}/dev/functions/echo`, { method: 'POST', body: '{nope' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'INVALID_JSON' });
    const crash = await t.invokeRaw('crash', { mode: 'throw' });
    expect(crash.status).toBe(502);
    expect(crash.body).toMatchObject({ code: 'FUNCTIONS_EXECUTE_FAIL', message: expect.stringContaining('boom') });
    const timeout = await t.invokeRaw('hang', { mode: 'wait' });
    expect(timeout).toMatchObject({ status: 502, body: { code: 'FUNCTIONS_TIME_LIMIT_EXCEEDED' } });
    expect((await t.invokeRaw('nope', {})).status).toBe(404);
    // the server is still fine
    expect((await t.invokeRaw('crash', { mode: 'ok' })).status).toBe(200);
  });

  test('node-sdk callFunction (functions.invokeFunction) works and throws CloudBase codes', async () => {
    const res = await t.app.callFunction({ name: 'echo', data: { a: 1 } });
    expect((res.result as Json).event).toEqual({ a: 1 });
    await expect(t.app.callFunction({ name: 'crash', data: { mode: 'throw' } })).rejects.toMatchObject({ code: 'FUNCTIONS_EXECUTE_FAIL' });
    await expect(t.app.callFunction({ name: 'nope', data: {} })).rejects.toMatchObject({ code: 'FUNCTION_NOT_FOUND' });
  });

  test('a function reaches the emulator with unmodified tcb.init (TCB_CONTEXT_CNFG): another function', async () => {
    const { status, body } = await t.invokeRaw('relay', { target: 'echo', data: { via: 'relay' } }, 'o-relay');
    expect(status).toBe(200);
    expect((body as Json).relayed.event).toEqual({ via: 'relay' });
  });

  test('a function reaches the emulator with unmodified tcb.init: the database, as its caller', async () => {
    await t.app.database().createCollection('fixture_notes');
    const first = await t.invokeRaw('dbcall', { collection: 'fixture_notes', text: '第一条' }, 'o-db-1');
    expect(first.status).toBe(200);
    await t.invokeRaw('dbcall', { collection: 'fixture_notes', text: '别人的' }, 'o-db-2');
    const second = await t.invokeRaw('dbcall', { collection: 'fixture_notes', text: '第二条' }, 'o-db-1');
    expect((second.body as Json).texts).toEqual(['第一条', '第二条']);
    const stored = await t.app.database().collection('fixture_notes').where({ owner: 'o-db-2' }).get();
    expect(stored.data.map((d: Json) => d.text)).toEqual(['别人的']);
  });

  test('GET /dev/personas lists the demo personas', async () => {
    const res = await fetch(`${t.cloud.url}/dev/personas`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(personas);
  });

  test('without an H5 build, / and /app/ say so and how to build it', async () => {
    for (const p of ['/', '/app/', '/app/pages/index']) {
      const res = await fetch(`${t.cloud.url}${p}`);
      expect(res.status).toBe(503);
      const html = await res.text();
      expect(html).toContain('H5 版本尚未构建');
      expect(html).toContain('npm run build:h5');
    }
  });
});

function rawGet(url: string): Promise<{ status: number; body: string }> {
  const { port, hostname } = new URL(url);
  const rawPath = url.slice(url.indexOf('/', 'http://'.length));
  return new Promise((resolve, reject) => {
    http
      .get({ hostname, port, path: rawPath }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('serving the H5 build', () => {
  let t: TestCloud;
  let h5Dir: string;
  beforeAll(async () => {
    h5Dir = tempDir('h5');
    fs.mkdirSync(path.join(h5Dir, 'js'));
    fs.writeFileSync(path.join(h5Dir, 'index.html'), '<!doctype html><title>红邻</title><div id="app"></div>');
    fs.writeFileSync(path.join(h5Dir, 'js', 'app.3f2a9c1b.js'), 'console.log(1)');
    fs.writeFileSync(path.join(h5Dir, 'logo.png'), Buffer.from('89504e47', 'hex'));
    t = await startTestCloud({ functionsDir: FIXTURES, devGateway: { h5Dir } });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(h5Dir, { recursive: true, force: true });
  });

  test('/ is the dev login page', async () => {
    const res = await fetch(`${t.cloud.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toContain('开发登录 · 选择演示身份');
    expect(html).toContain('hongling.devOpenid');
    expect(html).toContain('/dev/personas');
  });

  test('/app/ serves the app with content types, cache headers and an index fallback', async () => {
    const index = await fetch(`${t.cloud.url}/app/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(await index.text()).toContain('<title>红邻</title>');

    const js = await fetch(`${t.cloud.url}/app/js/app.3f2a9c1b.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect(await js.text()).toBe('console.log(1)');

    const png = await fetch(`${t.cloud.url}/app/logo.png`);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(png.headers.get('cache-control')).toBe('no-cache');

    // client-side routes fall back to index.html; escaping the H5 dir never serves a file outside it
    // (raw paths: fetch() would normalise the dot segments before they reach the server)
    for (const p of ['/app/pages/home/index', '/app/..%2f..%2fpackage.json', '/app/%2e%2e%2f%2e%2e%2fpackage.json']) {
      expect(await rawGet(`${t.cloud.url}${p}`)).toEqual({ status: 200, body: expect.stringContaining('<title>红邻</title>') });
    }
    for (const p of ['/app/../package.json', '/app/%2e%2e/package.json']) {
      expect(await rawGet(`${t.cloud.url}${p}`)).toMatchObject({ status: 404, body: expect.not.stringContaining('"name": "hongling"') });
    }
    const redirect = await fetch(`${t.cloud.url}/app`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/app/');
  });
});

describe('the CLI', () => {
  function start(args: string[]): { child: ChildProcess; url: Promise<string> } {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tools/localcloud/cli.ts', '--port', '0', '--functions-dir', FIXTURES, ...args], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const url = new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const m = /^localcloud listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
        if (m) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`cli exited with ${code}`)));
    });
    return { child, url };
  }
  const exited = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
  const childPids = (pid: number) =>
    execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).trim().split(/\s+/).filter(Boolean).map(Number);
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  async function gone(pids: number[], ms = 5000): Promise<boolean> {
    const end = Date.now() + ms;
    while (Date.now() < end && pids.some(alive)) await new Promise((r) => setTimeout(r, 100));
    return !pids.some(alive);
  }

  test('prints its URL, serves, and closes cleanly on SIGTERM', async () => {
    const dataDir = tempDir('cli');
    const { child, url } = start(['--data-dir', dataDir]);
    const base = await url;
    expect((await fetch(`${base}/dev/personas`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  test('--parent-pid: exits when the parent is gone; a SIGKILLed server leaves no instances behind', async () => {
    const dataDir = tempDir('cli');
    const parent = spawn('sleep', ['60']);
    const { child, url } = start(['--data-dir', dataDir, '--parent-pid', String(parent.pid)]);
    const base = await url;
    expect((await fetch(`${base}/dev/functions/slow`, { method: 'POST', body: '{"ms":1}' })).status).toBe(200);
    parent.kill('SIGKILL');
    expect(await exited(child)).toBe(0);

    // a server killed outright: an idle instance and one stuck in a synchronous loop both go away
    const second = start(['--data-dir', dataDir]);
    const base2 = await second.url;
    expect((await fetch(`${base2}/dev/functions/slow`, { method: 'POST', body: '{"ms":1}' })).status).toBe(200);
    void fetch(`${base2}/dev/functions/spin`, { method: 'POST', body: '{"ms":30000}' }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 800));
    const instances = childPids(second.child.pid!);
    expect(instances.length).toBe(2);
    second.child.kill('SIGKILL');
    expect(await gone(instances)).toBe(true);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);
});

/**
 * A local cloud in its own process, as `npm start` runs it: `tools/localcloud/cli.ts` on a free
 * port with a temp data dir and the H5 build, seeded with the demo data by `tools/seed/cli.ts`.
 * Shared by the e2e, weapp and h5 tests; it works from any jest environment (jsdom included),
 * because it only spawns processes and speaks HTTP through `node:http`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

export interface SeededCloud {
  url: string;
  /** `POST /dev/functions/:name` with the event, as the WeChat user `openid`: the function's answer */
  invoke(name: string, event: unknown, openid: string): Promise<unknown>;
  close(): Promise<void>;
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': payload.length, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown });
          } catch {
            reject(new Error(`not JSON from ${url} (${res.statusCode}): ${text.slice(0, 200)}`));
          }
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function run(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`tsx ${args.join(' ')} exited ${code}:\n${output}`))));
  });
}

function waitForListening(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`localcloud did not start in 60 s:\n${output}`)), 60_000);
    const onData = (c: Buffer) => {
      output += c.toString();
      const m = /localcloud listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`localcloud exited ${code} before listening:\n${output}`));
    });
  });
}

/**
 * The H5 build served under `/app/` and the function bundles run: the repo's unless given (paths from
 * the repo root or absolute). `seed: false` leaves the database empty, as a new environment is.
 */
export async function startSeededCloud({ h5Dir = 'dist-h5', functionsDir = 'cloudfunctions', seed = true } = {}): Promise<SeededCloud> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hongling-app-'));
  const child = spawn(
    TSX,
    ['tools/localcloud/cli.ts', '--data-dir', dataDir, '--port', '0', '--h5', h5Dir, '--functions-dir', functionsDir, '--parent-pid', String(process.pid)],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const url = await waitForListening(child);
    if (seed) await run(['tools/seed/cli.ts', `${url}/admin`]);
    return {
      url,
      async invoke(name, event, openid) {
        return (await postJson(`${url}/dev/functions/${encodeURIComponent(name)}`, event, { 'x-dev-openid': openid })).body;
      },
      async close() {
        child.kill('SIGTERM');
        await exited;
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

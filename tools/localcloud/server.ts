/**
 * The local CloudBase: one HTTP server on 127.0.0.1 that speaks node-sdk's wire protocol at
 * `/admin`, serves the WeChat API stub under `/wx/`, test control under `/__localcloud/`, and —
 * in local dev mode only — the dev gateway under `/dev/` and the built H5 app.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { openDatabase } from './db/service';
import { createFunctionRunner } from './functions/runner';
import { createTimerControl, startTimerScheduler } from './functions/timers';
import { MESSAGE_PUSH_SOURCE, messagePushTarget } from './functions/message-push';
import { localMiniProgram } from './wx/tokens';
import { createClockControl, createLocalClock } from './clock';
import { createWxStub } from './wx/stub';
import { createDevGateway } from './gateway/dev';
import { createStorageService } from './storage/service';
import { createStorageGateway } from './storage/gateway';
import { readBody, sendJson } from './http';
import { RoundTripDepth } from './round-trips';
import { CloudError, type AdminRequest, type HttpPart } from './types';

export interface LocalCloudOptions {
  /** where the data lives; created when missing */
  dataDir: string;
  /** 0 picks a free port */
  port?: number;
  /** collection, index and rule declarations (default: `database/` of the repo) */
  declarationsDir?: string;
  /** the bundled functions (default: `cloudfunctions/` of the repo) */
  functionsDir?: string;
  /** serve the dev gateway (and this H5 build, when given); null outside local dev and tests */
  devGateway?: { h5Dir: string | null } | null;
  /** test mode: fail a query on a collection above this many documents that no index serves */
  unindexedQueryThreshold?: number | null;
  /** run timer triggers on their cron schedule (default), or only when fired by hand (tests) */
  timers?: 'scheduled' | 'manual';
  envId?: string;
}

export interface LocalCloud {
  url: string;
  port: number;
  /** what node-sdk's `serviceUrl` / `TCB_CONTEXT_CNFG.URL` should point at */
  adminUrl: string;
  close(): Promise<void>;
}

export const REPO_ROOT = path.resolve(__dirname, '../..');

let seq = 0;
const requestId = () => `local-${Date.now().toString(36)}-${(seq++).toString(36)}`;

export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const envId = options.envId ?? 'local-env';
  const db = await openDatabase({
    dataDir: options.dataDir,
    declarationsDir: options.declarationsDir ?? path.join(REPO_ROOT, 'database'),
    unindexedQueryThreshold: options.unindexedQueryThreshold ?? null,
  });

  let adminUrl = '';
  const functionsDir = options.functionsDir ?? path.join(REPO_ROOT, 'cloudfunctions');
  const clock = createLocalClock();
  const runner = createFunctionRunner({
    functionsDir,
    envId,
    adminUrl: () => adminUrl,
    clockOffsetMs: () => clock.offsetMs(),
  });
  // WeChat's message pushes (a media check's verdict) go to the function configured for them
  const wx = createWxStub({
    push: async (event) => {
      const target = messagePushTarget(functionsDir, String(event.MsgType), String(event.Event ?? ''));
      if (!target) return { ok: false, result: `no function receives ${String(event.MsgType)}/${String(event.Event)} (${functionsDir}/message-push.json)` };
      const r = await runner.invoke(target, event, { appid: localMiniProgram.appid, source: MESSAGE_PUSH_SOURCE });
      return r.ok ? { ok: true, result: r.result } : { ok: false, result: `${r.code} ${r.message}` };
    },
  });
  let baseUrl = '';
  const storage = await createStorageService({ dataDir: options.dataDir, envId, baseUrl: () => baseUrl });
  const depth = new RoundTripDepth();
  let latencyMs = 0;
  const parts: HttpPart[] = [
    wx.http,
    storage.http,
    measurePart({
      stats: () => ({ ...db.stats(), sequentialRoundTrips: depth.deepest() }),
      reset: () => (db.resetStats(), depth.reset()),
      setLatency: (ms) => (latencyMs = ms),
    }),
    createTimerControl({ runner, functionsDir, clock }),
    createClockControl(clock),
  ];
  if (options.devGateway) {
    parts.push(createDevGateway({ runner, h5Dir: options.devGateway.h5Dir }), createStorageGateway(storage));
  }

  const server: Server = createServer((req, res) => {
    const arrived = process.hrtime.bigint();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const handled =
      url.pathname === '/admin' && req.method === 'POST'
        ? handleAdmin(req, arrived).then((body) => (sendJson(res, 200, body), true))
        : firstPart(parts, req, res, url);
    handled
      .then((done) => {
        if (!done) sendJson(res, 404, { code: 'NOT_FOUND', message: `no route ${req.method} ${url.pathname}` });
      })
      .catch((err: unknown) => {
        console.error('[localcloud] unhandled', err);
        if (!res.headersSent) sendJson(res, 500, { code: 'SYS_ERR', message: String(err) });
      });
  });

  /** a database request's answer, held back by the test latency and counted in the depth */
  async function answerDatabase(body: AdminRequest, arrived: bigint) {
    try {
      return await db.handle(body.action, body);
    } finally {
      if (latencyMs) await new Promise((r) => setTimeout(r, latencyMs));
      depth.record(arrived);
    }
  }

  async function handleAdmin(req: Parameters<HttpPart>[0], arrived: bigint): Promise<Record<string, unknown>> {
    const id = requestId();
    let body: AdminRequest;
    try {
      const raw = await readBody(req);
      const parsed: unknown = JSON.parse(raw.toString('utf8'));
      if (!parsed || typeof parsed !== 'object' || typeof (parsed as AdminRequest).action !== 'string') {
        throw new CloudError('INVALID_PARAM', 'request body must be a JSON object with an action');
      }
      body = parsed as AdminRequest;
    } catch (err) {
      const e = err instanceof CloudError ? err : new CloudError('INVALID_PARAM', `malformed JSON: ${String(err)}`);
      return { requestId: id, code: e.code, message: e.message };
    }
    try {
      const answer = body.action.startsWith('database.')
        ? await answerDatabase(body, arrived)
        : body.action.startsWith('functions.')
          ? await runner.handle(body.action, body, [req.headers['x-tcb-source']].flat()[0])
          : body.action === 'wx.api'
            ? await wx.handle(body.action, body)
            : body.action.startsWith('storage.')
              ? await storage.handle(body.action, body)
              : (() => {
                  throw new CloudError('INVALID_ACTION', `unknown action ${body.action}`);
                })();
      return { requestId: id, ...answer };
    } catch (err) {
      if (err instanceof CloudError) return { requestId: id, code: err.code, message: err.message };
      console.error('[localcloud]', body.action, err);
      return { requestId: id, code: 'SYS_ERR', message: String(err) };
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8787, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  adminUrl = `${url}/admin`;
  baseUrl = url;
  const scheduler = (options.timers ?? 'scheduled') === 'scheduled' ? startTimerScheduler({ runner, functionsDir, clock }) : null;

  return {
    url,
    port,
    adminUrl,
    async close() {
      scheduler?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runner.close();
      await db.close();
    },
  };
}

async function firstPart(parts: HttpPart[], ...args: Parameters<HttpPart>): Promise<boolean> {
  for (const part of parts) if (await part(...args)) return true;
  return false;
}

/**
 * `GET /__localcloud/stats` (database requests per action, documents examined, plans, sequential
 * round trips), `POST /__localcloud/stats/reset`, and `POST /__localcloud/latency` `{ "ms": N }`:
 * answer every database request N ms late, as a network would (0 turns it off).
 */
function measurePart(m: { stats(): Record<string, number>; reset(): void; setLatency(ms: number): void }): HttpPart {
  return async (req, res, url) => {
    if (url.pathname === '/__localcloud/stats' && req.method === 'GET') {
      sendJson(res, 200, m.stats());
      return true;
    }
    if (url.pathname === '/__localcloud/stats/reset' && req.method === 'POST') {
      m.reset();
      sendJson(res, 200, { ok: true });
      return true;
    }
    if (url.pathname === '/__localcloud/latency' && req.method === 'POST') {
      const raw = (await readBody(req)).toString('utf8');
      let ms = NaN;
      try {
        ms = Number((JSON.parse(raw) as { ms?: unknown }).ms);
      } catch {
        // answered below as a bad parameter
      }
      if (!Number.isInteger(ms) || ms < 0 || ms > 10_000) {
        sendJson(res, 400, { code: 'INVALID_PARAM', message: 'ms 必须是 0 到 10000 之间的整数' });
        return true;
      }
      m.setLatency(ms);
      sendJson(res, 200, { ok: true, ms });
      return true;
    }
    return false;
  };
}

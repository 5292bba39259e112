/**
 * The dev gateway — local dev and tests only, never in production: the H5 build calls functions
 * through `POST /dev/functions/:name` as the persona chosen on the dev login page (`X-Dev-Openid`).
 * A call is a mini-program client's (source `wx_client`); `X-Dev-Source` may name another outside
 * door (`wx_devtools`, `wx_http`), never a server one: `scf` comes only from node-sdk's
 * `callFunction`, `wx_trigger` only from a timer (functions/timers.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { readBody, sendJson } from '../http';
import type { FunctionRunner, HttpPart } from '../types';
import { personas } from '../../seed/personas';
import { APP_PATH, devLoginPage, h5MissingPage } from './pages';
import { serveStatic } from './static-files';

export interface DevGatewayOptions {
  runner: FunctionRunner;
  /** the built H5 app (its index.html); null or missing: the pages say how to build it */
  h5Dir: string | null;
}

/** the mini-program's appid as functions see it (WX_APPID) on dev gateway calls */
export const DEV_APPID = 'wx00000000000devapp';
/** CloudBase's limit for a synchronous invocation's event */
const MAX_EVENT_BYTES = 6 * 1024 * 1024;
const FUNCTION_ROUTE = /^\/dev\/functions\/([^/]+)$/;
/** the sources a call from outside our backend can carry */
const OUTSIDE_SOURCES = ['wx_client', 'wx_devtools', 'wx_http'];

export function createDevGateway({ runner, h5Dir }: DevGatewayOptions): HttpPart {
  const h5Ready = () => h5Dir !== null && fs.existsSync(path.join(h5Dir, 'index.html'));

  return async (req, res, url) => {
    const method = req.method ?? 'GET';
    const { pathname } = url;

    if (pathname.startsWith('/dev/')) {
      // lets an H5 dev server on another local port call the gateway
      res.setHeader('access-control-allow-origin', '*');
      if (method === 'OPTIONS') {
        res.writeHead(204, {
          'access-control-allow-methods': 'GET, POST, OPTIONS',
          'access-control-allow-headers': 'content-type, x-dev-openid, x-dev-source',
          'access-control-max-age': '600',
        });
        res.end();
        return true;
      }
    }

    const fn = FUNCTION_ROUTE.exec(pathname);
    if (fn && method === 'POST') {
      await callFunction(res, decodeURIComponent(fn[1]), req);
      return true;
    }
    if (pathname === '/dev/personas' && method === 'GET') {
      sendJson(res, 200, personas);
      return true;
    }

    if (method !== 'GET' && method !== 'HEAD') return false;
    if (pathname === '/' || pathname === '/index.html') {
      if (h5Ready()) sendHtml(res, 200, devLoginPage());
      else sendHtml(res, 503, h5MissingPage(h5Dir));
      return true;
    }
    if (pathname === APP_PATH.slice(0, -1)) {
      res.writeHead(302, { location: APP_PATH });
      res.end();
      return true;
    }
    if (pathname.startsWith(APP_PATH)) {
      if (!h5Ready() || h5Dir === null) {
        sendHtml(res, 503, h5MissingPage(h5Dir));
        return true;
      }
      let rel: string;
      try {
        rel = decodeURIComponent(pathname.slice(APP_PATH.length));
      } catch {
        sendJson(res, 400, { code: 'INVALID_PATH', message: 'malformed URL path' });
        return true;
      }
      return serveStatic(res, h5Dir, rel, method);
    }
    return false;
  };

  async function callFunction(res: ServerResponse, name: string, req: Parameters<HttpPart>[0]): Promise<void> {
    if (Number(req.headers['content-length'] ?? 0) > MAX_EVENT_BYTES) {
      sendJson(res, 413, { code: 'REQUEST_TOO_LARGE', message: '请求内容超过 6 MB' });
      return;
    }
    let event: unknown;
    try {
      event = JSON.parse((await readBody(req, MAX_EVENT_BYTES)).toString('utf8') || 'null');
    } catch {
      sendJson(res, 400, { code: 'INVALID_JSON', message: '请求体不是合法的 JSON' });
      return;
    }
    const openid = [req.headers['x-dev-openid']].flat()[0]?.trim() || undefined;
    const source = [req.headers['x-dev-source']].flat()[0]?.trim() || 'wx_client';
    if (!OUTSIDE_SOURCES.includes(source)) {
      sendJson(res, 400, { code: 'INVALID_SOURCE', message: `X-Dev-Source 只能是 ${OUTSIDE_SOURCES.join('、')}` });
      return;
    }
    const result = await runner.invoke(name, event, { openid, appid: DEV_APPID, source });
    if (result.ok) sendJson(res, 200, result.result);
    else sendJson(res, result.code === 'FUNCTION_NOT_FOUND' ? 404 : 502, { code: result.code, message: result.message });
  }
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-cache',
  });
  res.end(html);
}

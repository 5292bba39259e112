/**
 * The WeChat API stub: cloud calls (`wx.api`: content security — text, and images checked
 * asynchronously with their verdict pushed back (media-check.ts) — subscribe messages) and the HTTP
 * API under `/wx/…` — tokens, the official account's publishing, the mini-program's code images and
 * phone numbers (a function whose base URL is `http://127.0.0.1:PORT/wx` calls
 * `/wx/cgi-bin/stable_token` where production calls https://api.weixin.qq.com/cgi-bin/stable_token).
 * Every call lands in an outbox; tests read it and plan failures under `/__localcloud/wx/…`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { readBody, sendJson } from '../http';
import { CloudError, type AdminAnswer, type AdminRequest, type HttpPart, type WxStub } from '../types';
import { DEFAULT_RISKY_WORDS, msgSecCheck, type RiskyWord } from './content-security';
import { wxError } from './errors';
import { MediaCheckStub, type MediaCheckEvent } from './media-check';
import { MiniProgramStub, type WxacodeImage } from './mini-program';
import { OfficialAccountStub, type UploadedFile } from './official-account';
import { Outbox, type WxCall } from './outbox';
import { subscribeSend } from './subscribe-message';
import { DEFAULT_ACCOUNTS, localMiniProgram, StableTokens, type StubAccount } from './tokens';

export interface WxStubOptions {
  /** accounts whose appid/secret `stable_token` accepts (default: the local official account and mini-program) */
  accounts?: StubAccount[];
  riskyWords?: RiskyWord[];
  /** delivers a message push (消息推送, e.g. `wxa_media_check`) to the function configured for it (server.ts) */
  push?: (event: MediaCheckEvent) => Promise<{ ok: boolean; result: unknown }>;
}

export const WX_HTTP_PREFIX = '/wx';
const CONTROL = '/__localcloud/wx';
const MEDIA = `${WX_HTTP_PREFIX}/__media`;

const failureSchema = z.strictObject({
  api: z.string().startsWith('/'),
  errcode: z.number().int(),
  errmsg: z.string().optional(),
  times: z.number().int().positive().optional(),
});
const wordsSchema = z.strictObject({
  words: z.array(
    z.strictObject({ word: z.string().min(1), suggest: z.enum(['review', 'risky']), label: z.number().int() }),
  ),
});
const phoneCodeSchema = z.strictObject({
  phone: z.string().regex(/^\d{5,15}$/),
  countryCode: z.string().regex(/^\d{1,4}$/).optional(),
  openid: z.string().min(1).optional(),
  code: z.string().regex(/^[\x21-\x7e]{1,128}$/).optional(),
  expiresInSeconds: z.number().int().min(0).max(300).optional(),
});
const publishedPagesSchema = z.strictObject({ pages: z.array(z.string().min(1)) });
const mediaPlanSchema = z.strictObject({
  verdicts: z.array(z.strictObject({ match: z.string().min(1), suggest: z.enum(['pass', 'review', 'risky']), label: z.number().int().optional() })),
  hold: z.boolean().optional(),
});
const deliverSchema = z.strictObject({ traceId: z.string().min(1).optional() });
const publishStatusSchema = z.strictObject({
  publish_status: z.number().int().min(0).max(6),
  times: z.number().int().positive().optional(),
});

export function createWxStub(options: WxStubOptions = {}): WxStub & { outbox: Outbox } {
  const outbox = new Outbox();
  const tokens = new StableTokens(options.accounts ?? DEFAULT_ACCOUNTS);
  const account = new OfficialAccountStub(tokens);
  const miniProgram = new MiniProgramStub();
  let words = options.riskyWords ?? DEFAULT_RISKY_WORDS;
  const media = new MediaCheckStub(options.push ?? (async () => ({ ok: false, result: 'no function receives message pushes' })), localMiniProgram.appid);

  /** the cloud-call APIs, by path */
  const cloudApis: Record<string, (request: unknown) => unknown> = {
    '/wxa/msg_sec_check': (request) => msgSecCheck(request, words),
    '/cgi-bin/message/subscribe/send': subscribeSend,
    '/wxa/media_check_async': (request) => media.start(request),
  };

  async function handle(action: string, body: AdminRequest): Promise<AdminAnswer> {
    if (action !== 'wx.api') throw new CloudError('INVALID_ACTION', `unknown action ${action}`);
    if (typeof body.apiName !== 'string' || !body.apiName) throw new CloudError('INVALID_PARAM', 'apiName is required');
    const api = body.apiName.startsWith('/') ? body.apiName : `/${body.apiName}`;
    let request: unknown = {};
    let response: unknown;
    try {
      request = typeof body.requestData === 'string' && body.requestData ? JSON.parse(body.requestData) : {};
    } catch {
      response = wxError(47001);
    }
    response ??= outbox.takeFailure(api) ?? (cloudApis[api] ? cloudApis[api](request) : wxError(-604101));
    outbox.record({ channel: 'cloud', api, query: {}, request, response });
    return { data: { responseData: JSON.stringify(response) } };
  }

  /** the HTTP API: the request as recorded, and WeChat's answer (JSON, or a code image) */
  async function httpApi(req: IncomingMessage, url: URL, api: string): Promise<{ request: unknown; response: unknown; image?: WxacodeImage }> {
    const query = Object.fromEntries(url.searchParams);
    const raw = await readBody(req);
    const isMultipart = /^multipart\/form-data/i.test(req.headers['content-type'] ?? '');
    let file: UploadedFile | undefined;
    let request: unknown;
    let badJson = false;
    if (isMultipart) {
      const parsed = await parseMultipart(req, raw);
      file = parsed.files.find((f) => f.field === 'media');
      request = { fields: parsed.fields, files: parsed.files.map(({ field, filename, contentType, data }) => ({ field, filename, contentType, size: data.length })) };
    } else {
      try {
        request = raw.length ? JSON.parse(raw.toString('utf8')) : {};
      } catch {
        request = raw.toString('utf8');
        badJson = true;
      }
    }
    const injected = outbox.takeFailure(api);
    if (injected) return { request, response: injected };
    if (req.method !== 'POST') return { request, response: wxError(43002) };
    const body = (request && typeof request === 'object' ? request : {}) as Record<string, unknown>;
    if (api === '/cgi-bin/stable_token') return { request, response: badJson ? wxError(47001) : tokens.stableToken(body) };
    if (api === '/wxa/getwxacodeunlimit' || api === '/wxa/business/getuserphonenumber') {
      const tokenError = tokens.check(query.access_token, 'miniProgram');
      if (tokenError) return { request, response: tokenError };
      if (badJson) return { request, response: wxError(47001) };
      const appid = tokens.appidOf(query.access_token) ?? '';
      if (api === '/wxa/business/getuserphonenumber') return { request, response: miniProgram.phoneNumber(body, appid) };
      const answer = await miniProgram.wxacode(body, appid);
      if ('errcode' in answer) return { request, response: answer };
      return { request, response: { contentType: answer.contentType, size: answer.data.length }, image: answer };
    }
    const known = [
      '/cgi-bin/draft/add',
      '/cgi-bin/freepublish/submit',
      '/cgi-bin/freepublish/get',
      '/cgi-bin/freepublish/delete',
      '/cgi-bin/material/add_material',
      '/cgi-bin/media/uploadimg',
    ];
    if (!known.includes(api)) return { request, response: wxError(40066) };
    const tokenError = account.checkToken(query.access_token);
    if (tokenError) return { request, response: tokenError };
    const mediaBase = `http://${req.headers.host ?? '127.0.0.1'}${MEDIA}`;
    if (api === '/cgi-bin/material/add_material') return { request, response: account.addMaterial(query.type, file, mediaBase) };
    if (api === '/cgi-bin/media/uploadimg') return { request, response: account.uploadImage(file, mediaBase) };
    if (badJson) return { request, response: wxError(47001) };
    if (api === '/cgi-bin/draft/add') return { request, response: account.addDraft(body) };
    if (api === '/cgi-bin/freepublish/submit') return { request, response: account.submit(body) };
    if (api === '/cgi-bin/freepublish/delete') return { request, response: account.deletePublished(body) };
    return { request, response: account.publishStatus(body) };
  }

  async function control(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const route = `${req.method} ${url.pathname.slice(CONTROL.length)}`;
    const json = async () => JSON.parse((await readBody(req)).toString('utf8') || '{}') as unknown;
    const bad = (message: string) => (sendJson(res, 400, { code: 'INVALID_PARAM', message }), true);
    switch (route) {
      case 'GET /outbox': {
        const calls: WxCall[] = outbox.list(url.searchParams.get('api') ?? undefined);
        sendJson(res, 200, calls);
        return true;
      }
      case 'POST /outbox/clear':
        outbox.clear();
        sendJson(res, 200, { ok: true });
        return true;
      case 'POST /fail': {
        const plan = failureSchema.safeParse(await json().catch(() => null));
        if (!plan.success) return bad(z.prettifyError(plan.error));
        outbox.planFailure(plan.data);
        sendJson(res, 200, { ok: true });
        return true;
      }
      case 'GET /words':
        sendJson(res, 200, { words });
        return true;
      case 'POST /words': {
        const parsed = wordsSchema.safeParse(await json().catch(() => null));
        if (!parsed.success) return bad(z.prettifyError(parsed.error));
        words = parsed.data.words;
        sendJson(res, 200, { ok: true });
        return true;
      }
      case 'GET /media-checks':
        sendJson(res, 200, media.list());
        return true;
      case 'POST /media-checks/plan': {
        const parsed = mediaPlanSchema.safeParse(await json().catch(() => null));
        if (!parsed.success) return bad(z.prettifyError(parsed.error));
        media.plan(parsed.data.verdicts, parsed.data.hold ?? false);
        sendJson(res, 200, { ok: true });
        return true;
      }
      case 'POST /media-checks/deliver': {
        const parsed = deliverSchema.safeParse(await json().catch(() => null));
        if (!parsed.success) return bad(z.prettifyError(parsed.error));
        sendJson(res, 200, await media.deliver(parsed.data.traceId));
        return true;
      }
      case 'POST /expire-tokens':
        tokens.expireAll();
        sendJson(res, 200, { ok: true });
        return true;
      case 'POST /phone-codes': {
        const parsed = phoneCodeSchema.safeParse(await json().catch(() => null));
        if (!parsed.success) return bad(z.prettifyError(parsed.error));
        sendJson(res, 200, { code: miniProgram.registerPhoneCode(parsed.data) });
        return true;
      }
      case 'POST /published-pages': {
        const parsed = publishedPagesSchema.safeParse(await json().catch(() => null));
        if (!parsed.success) return bad(z.prettifyError(parsed.error));
        miniProgram.setPublishedPages(parsed.data.pages);
        sendJson(res, 200, { ok: true });
        return true;
      }
      case 'POST /publish-status': {
        const parsed = publishStatusSchema.safeParse(await json().catch(() => null));
        if (!parsed.success) return bad(z.prettifyError(parsed.error));
        account.planPublishStatus(parsed.data.publish_status, parsed.data.times ?? 1);
        sendJson(res, 200, { ok: true });
        return true;
      }
      default:
        return false;
    }
  }

  const http: HttpPart = async (req, res, url) => {
    if (url.pathname.startsWith(`${CONTROL}/`)) return control(req, res, url);
    if (url.pathname.startsWith(`${MEDIA}/`) && req.method === 'GET') {
      const material = account.material(decodeURIComponent(url.pathname.slice(MEDIA.length + 1)));
      if (!material) return false;
      res.writeHead(200, { 'content-type': material.contentType || 'application/octet-stream', 'content-length': material.data.length });
      res.end(material.data);
      return true;
    }
    if (url.pathname !== WX_HTTP_PREFIX && !url.pathname.startsWith(`${WX_HTTP_PREFIX}/`)) return false;
    const api = url.pathname.slice(WX_HTTP_PREFIX.length) || '/';
    const { request, response, image } = await httpApi(req, url, api);
    const query = Object.fromEntries(url.searchParams);
    outbox.record({ channel: 'http', api, query, request, response });
    if (image) {
      res.writeHead(200, { 'content-type': image.contentType, 'content-length': image.data.length });
      res.end(image.data);
      return true;
    }
    // WeChat answers errors with HTTP 200 too; only an unknown path is a 404
    sendJson(res, (response as { errcode?: number }).errcode === 40066 ? 404 : 200, response);
    return true;
  };

  return { handle, http, outbox };
}

async function parseMultipart(req: IncomingMessage, raw: Buffer): Promise<{ fields: Record<string, string>; files: UploadedFile[] }> {
  const fields: Record<string, string> = {};
  const files: UploadedFile[] = [];
  let form: FormData;
  try {
    form = await new Request('http://127.0.0.1/', {
      method: 'POST',
      headers: { 'content-type': req.headers['content-type'] ?? '' },
      body: new Uint8Array(raw),
    }).formData();
  } catch {
    return { fields, files };
  }
  const entries: [string, FormDataEntryValue][] = [];
  form.forEach((value, field) => entries.push([field, value]));
  for (const [field, value] of entries) {
    if (typeof value === 'string') fields[field] = value;
    else files.push({ field, filename: value.name, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) });
  }
  return { fields, files };
}

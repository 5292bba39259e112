/**
 * The WeChat stub through the real local cloud: `wx.api` cloud calls via node-sdk, the
 * official-account HTTP API under /wx, the outbox and failure injection.
 */
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { DEV_APPID } from '../../tools/localcloud/gateway/dev';
import { startTestCloud, type TestCloud } from '../helpers/localcloud';
import { localMiniProgram, localOfficialAccount, wxControl, type WxControl } from '../helpers/wx';

const FIXTURES = path.resolve(__dirname, '../fixtures/functions');

let t: TestCloud;
let wx: WxControl;

beforeAll(async () => {
  t = await startTestCloud({ functionsDir: FIXTURES });
  wx = wxControl(t.cloud.url);
});
afterAll(() => t.close());
beforeEach(() => wx.clearOutbox());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- answers are asserted field by field

async function cloudCall(apiName: string, requestData: unknown): Promise<Json> {
  const res = await t.app.callWxOpenApi({ apiName, requestData } as Parameters<typeof t.app.callWxOpenApi>[0]);
  return (res as { result: Json }).result;
}

const check = (content: string, extra: Json = {}) =>
  cloudCall('/wxa/msg_sec_check', { content, version: 2, scene: 2, openid: 'o-resident-1', ...extra });

describe('wx.api: content security (msg_sec_check v2)', () => {
  test('ordinary text passes, with the documented shape', async () => {
    const r = await check('楼道灯坏了，麻烦物业看一下');
    expect(r).toMatchObject({ errcode: 0, errmsg: 'ok', result: { suggest: 'pass', label: 100 } });
    expect(r.detail).toEqual(expect.arrayContaining([expect.objectContaining({ strategy: 'content_model', errcode: 0 })]));
    expect(typeof r.trace_id).toBe('string');
  });

  test('a listed word makes it risky or review, with its label and keyword', async () => {
    const risky = await check('周末一起去赌博吧');
    expect(risky.result).toEqual({ suggest: 'risky', label: 20006 });
    expect(risky.detail).toEqual(expect.arrayContaining([expect.objectContaining({ strategy: 'keyword', keyword: '赌博' })]));
    expect((await check('可以代开发票')).result.suggest).toBe('review');
    // risky wins over review
    expect((await check('代开发票，包赌博')).result.suggest).toBe('risky');
  });

  test('the word list is configurable', async () => {
    await wx.setRiskyWords([{ word: '广场舞', suggest: 'risky', label: 21000 }]);
    try {
      expect((await check('今晚广场舞')).result.suggest).toBe('risky');
      expect((await check('周末一起去赌博吧')).result.suggest).toBe('pass');
    } finally {
      await wx.setRiskyWords([{ word: '赌博', suggest: 'risky', label: 20006 }]);
    }
  });

  test('bad requests get WeChat error codes', async () => {
    expect((await check('hi', { openid: '' })).errcode).toBe(40003);
    expect((await check('hi', { version: 1 })).errcode).toBe(47001);
    expect((await check('hi', { scene: 9 })).errcode).toBe(47001);
  });
});

describe('wx.api: subscribe messages', () => {
  const message = {
    touser: 'o-resident-1',
    template_id: 'TPL_request_update',
    page: 'packages/resident/pages/request/index?id=1',
    data: { thing1: { value: '楼道灯维修' }, phrase2: { value: '已受理' }, time3: { value: '2026-11-22 10:00' } },
    miniprogram_state: 'developer',
    lang: 'zh_CN',
  };

  test('a valid message is sent and recorded', async () => {
    const r = await cloudCall('/cgi-bin/message/subscribe/send', message);
    expect(r).toMatchObject({ errcode: 0, errmsg: 'ok' });
    expect(typeof r.msgid).toBe('number');
    const [call] = await wx.outbox('/cgi-bin/message/subscribe/send');
    expect(call).toMatchObject({ channel: 'cloud', request: message, response: { errcode: 0 } });
  });

  test('documented errors: 40003 openid, 40037 template, 47003 data', async () => {
    expect((await cloudCall('/cgi-bin/message/subscribe/send', { ...message, touser: '' })).errcode).toBe(40003);
    expect((await cloudCall('/cgi-bin/message/subscribe/send', { ...message, template_id: '' })).errcode).toBe(40037);
    const tooLong = { ...message, data: { thing1: { value: '这是一个超过二十个字的事项名称用来测试长度限制吧' } } };
    const r = await cloudCall('/cgi-bin/message/subscribe/send', tooLong);
    expect(r.errcode).toBe(47003);
    expect(r.errmsg).toContain('data.thing1.value');
    expect((await cloudCall('/cgi-bin/message/subscribe/send', { ...message, miniprogram_state: 'beta' })).errcode).toBe(47003);
  });

  test('failure injection: the next N calls fail with the chosen code, then calls work again', async () => {
    await wx.fail({ api: '/cgi-bin/message/subscribe/send', errcode: 43101, times: 2 });
    expect((await cloudCall('/cgi-bin/message/subscribe/send', message)).errcode).toBe(43101);
    const second = await cloudCall('/cgi-bin/message/subscribe/send', message);
    expect(second).toMatchObject({ errcode: 43101 });
    expect(second.errmsg).toMatch(/^user refuse to accept the msg rid: /);
    expect((await cloudCall('/cgi-bin/message/subscribe/send', message)).errcode).toBe(0);
    expect((await wx.outbox()).map((c) => (c.response as Json).errcode)).toEqual([43101, 43101, 0]);
  });

  test('an API the cloud call does not offer is refused', async () => {
    expect((await cloudCall('/cgi-bin/draft/add', {})).errcode).toBe(-604101);
  });
});

describe('official-account HTTP API', () => {
  const credentials = { grant_type: 'client_credential', ...localOfficialAccount };
  const token = async (extra: Json = {}) => (await wx.post<Json>('/cgi-bin/stable_token', { ...credentials, ...extra })).access_token as string;
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

  async function upload(accessToken: string, filename = 'cover.png', type = 'image', field = 'media'): Promise<Json> {
    const form = new FormData();
    form.append(field, new Blob([png], { type: 'image/png' }), filename);
    const res = await fetch(`${t.cloud.url}/wx/cgi-bin/material/add_material?access_token=${accessToken}&type=${type}`, { method: 'POST', body: form });
    return (await res.json()) as Json;
  }

  test('stable_token: normal mode keeps the token, force_refresh revokes it', async () => {
    const first = await wx.post<Json>('/cgi-bin/stable_token', credentials);
    expect(first).toEqual({ access_token: expect.any(String), expires_in: 7200 });
    expect(await token()).toBe(first.access_token);
    const refreshed = await token({ force_refresh: true });
    expect(refreshed).not.toBe(first.access_token);
    expect((await wx.post<Json>(`/cgi-bin/draft/add?access_token=${first.access_token}`, {})).errcode).toBe(40001);
  });

  test('stable_token: documented errors', async () => {
    expect((await wx.post<Json>('/cgi-bin/stable_token', { ...credentials, grant_type: 'password' })).errcode).toBe(40002);
    expect((await wx.post<Json>('/cgi-bin/stable_token', { ...credentials, appid: 'wx-someone-else' })).errcode).toBe(40013);
    expect((await wx.post<Json>('/cgi-bin/stable_token', { ...credentials, secret: 'wrong' })).errcode).toBe(40125);
    expect((await wx.post<Json>('/cgi-bin/stable_token', { ...credentials, appid: undefined })).errcode).toBe(41002);
    const get = await fetch(`${t.cloud.url}/wx/cgi-bin/stable_token`);
    expect(((await get.json()) as Json).errcode).toBe(43002);
  });

  test('tokens are checked: missing 41001, unknown 40001, expired 42001, then a fresh one works', async () => {
    expect((await wx.post<Json>('/cgi-bin/freepublish/get', { publish_id: '1' })).errcode).toBe(41001);
    expect((await wx.post<Json>('/cgi-bin/freepublish/get?access_token=forged', { publish_id: '1' })).errcode).toBe(40001);
    const old = await token();
    await wx.expireTokens();
    expect((await wx.post<Json>(`/cgi-bin/freepublish/get?access_token=${old}`, { publish_id: '1' })).errcode).toBe(42001);
    const fresh = await token();
    expect(fresh).not.toBe(old);
    expect((await wx.post<Json>(`/cgi-bin/freepublish/get?access_token=${fresh}`, { publish_id: '1' })).errcode).toBe(47003);
  });

  test('material upload (multipart), draft, publish and its status', async () => {
    const at = await token();
    const material = await upload(at);
    expect(material).toEqual({ media_id: expect.any(String), url: expect.stringContaining('/wx/__media/') });
    expect(Buffer.from(await (await fetch(material.url)).arrayBuffer())).toEqual(png);
    expect((await upload(at, 'cover.exe')).errcode).toBe(40005);
    expect((await upload(at, 'cover.png', 'document')).errcode).toBe(40004);
    expect((await upload(at, 'cover.png', 'image', 'file')).errcode).toBe(41005);

    const article = { title: '幸福里社区十一月积分公示', content: '<p>本月积分排名如下</p>', thumb_media_id: material.media_id };
    expect((await wx.post<Json>(`/cgi-bin/draft/add?access_token=${at}`, { articles: [{ ...article, thumb_media_id: 'nope' }] })).errcode).toBe(40007);
    expect((await wx.post<Json>(`/cgi-bin/draft/add?access_token=${at}`, { articles: [{ ...article, title: '标'.repeat(33) }] })).errcode).toBe(45003);
    expect((await wx.post<Json>(`/cgi-bin/draft/add?access_token=${at}`, { articles: [] })).errcode).toBe(47001);
    const draft = await wx.post<Json>(`/cgi-bin/draft/add?access_token=${at}`, { articles: [article] });
    expect(draft).toEqual({ media_id: expect.any(String) });

    expect((await wx.post<Json>(`/cgi-bin/freepublish/submit?access_token=${at}`, { media_id: 'nope' })).errcode).toBe(40007);
    const task = await wx.post<Json>(`/cgi-bin/freepublish/submit?access_token=${at}`, { media_id: draft.media_id });
    expect(task).toMatchObject({ errcode: 0, errmsg: 'ok', publish_id: expect.any(String), msg_data_id: expect.any(String) });
    const status = () => wx.post<Json>(`/cgi-bin/freepublish/get?access_token=${at}`, { publish_id: task.publish_id });
    expect(await status()).toMatchObject({ publish_id: task.publish_id, publish_status: 1 });
    const done = await status();
    expect(done).toMatchObject({ publish_status: 0, article_id: expect.any(String), article_detail: { count: 1 } });
    expect(done.article_detail.item[0]).toEqual({ idx: 1, article_url: expect.stringMatching(/^https:\/\/mp\.weixin\.qq\.com\//) });

    // a submitted draft has left the draft box: it cannot be published twice
    expect((await wx.post<Json>(`/cgi-bin/freepublish/submit?access_token=${at}`, { media_id: draft.media_id })).errcode).toBe(40007);
    const del = (body: Json) => wx.post<Json>(`/cgi-bin/freepublish/delete?access_token=${at}`, body);
    expect((await del({ article_id: 'nope' })).errcode).toBe(47003);
    expect(await del({ article_id: done.article_id, index: 0 })).toEqual({ errcode: 0, errmsg: 'ok' });
    expect((await del({ article_id: done.article_id })).errcode).toBe(47003);
    expect((await status()).publish_status).toBe(5);

    await wx.planPublishStatus(4);
    const second = await wx.post<Json>(`/cgi-bin/draft/add?access_token=${at}`, { articles: [article] });
    const rejected = await wx.post<Json>(`/cgi-bin/freepublish/submit?access_token=${at}`, { media_id: second.media_id });
    const rejectedStatus = () => wx.post<Json>(`/cgi-bin/freepublish/get?access_token=${at}`, { publish_id: rejected.publish_id });
    expect((await rejectedStatus()).publish_status).toBe(1);
    expect(await rejectedStatus()).toMatchObject({ publish_status: 4, fail_idx: [1] });

    const calls = await wx.outbox('/cgi-bin/material/add_material');
    expect(calls[0]).toMatchObject({ channel: 'http', query: { type: 'image' }, request: { files: [{ field: 'media', filename: 'cover.png', size: png.length }] } });
  });

  test('article images by media/uploadimg: jpg/png under 1 MB, served at the answered url', async () => {
    const at = await token();
    const uploadImg = async (filename: string, data: Buffer) => {
      const form = new FormData();
      form.append('media', new Blob([new Uint8Array(data)], { type: 'image/png' }), filename);
      const res = await fetch(`${t.cloud.url}/wx/cgi-bin/media/uploadimg?access_token=${at}`, { method: 'POST', body: form });
      return (await res.json()) as Json;
    };
    const ok = await uploadImg('body.png', png);
    expect(ok).toMatchObject({ errcode: 0, url: expect.stringContaining('/wx/__media/') });
    expect(Buffer.from(await (await fetch(ok.url)).arrayBuffer())).toEqual(png);
    expect((await uploadImg('body.gif', png)).errcode).toBe(40005);
    expect((await uploadImg('big.jpg', Buffer.alloc(1024 * 1024))).errcode).toBe(40009);
    expect((await uploadImg('edge.jpg', Buffer.alloc(1024 * 1024 - 1))).errcode).toBe(0);
  });

  test('failure injection on the HTTP API: 45009 once, -1 once, then success', async () => {
    const at = await token();
    await wx.fail({ api: '/cgi-bin/freepublish/submit', errcode: 45009 });
    await wx.fail({ api: '/cgi-bin/freepublish/submit', errcode: -1, errmsg: 'system error' });
    const submit = () => wx.post<Json>(`/cgi-bin/freepublish/submit?access_token=${at}`, { media_id: 'nope' });
    expect((await submit()).errcode).toBe(45009);
    expect(await submit()).toEqual({ errcode: -1, errmsg: 'system error' });
    expect((await submit()).errcode).toBe(40007);
  });

  test('an unknown path is 404 with errcode 40066; bad control input is 400', async () => {
    const res = await fetch(`${t.cloud.url}/wx/cgi-bin/nothing`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    expect(((await res.json()) as Json).errcode).toBe(40066);
    const bad = await fetch(`${t.cloud.url}/__localcloud/wx/fail`, { method: 'POST', body: '{"api":"x"}' });
    expect(bad.status).toBe(400);
  });
});

describe('mini-program HTTP API', () => {
  const miniToken = async () =>
    (await wx.post<Json>('/cgi-bin/stable_token', { grant_type: 'client_credential', ...localMiniProgram })).access_token as string;
  const officialToken = async () =>
    (await wx.post<Json>('/cgi-bin/stable_token', { grant_type: 'client_credential', ...localOfficialAccount })).access_token as string;
  const page = 'packages/public/pages/join/index';

  async function wxacode(accessToken: string, body: Json): Promise<{ status: number; contentType: string; bytes: Buffer }> {
    const res = await fetch(`${t.cloud.url}/wx/wxa/getwxacodeunlimit?access_token=${accessToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', bytes: Buffer.from(await res.arrayBuffer()) };
  }
  const errcodeOf = (r: { bytes: Buffer }) => (JSON.parse(r.bytes.toString('utf8')) as Json).errcode;
  const phone = (accessToken: string, body: Json) => wx.post<Json>(`/wxa/business/getuserphonenumber?access_token=${accessToken}`, body);

  test('the local mini-program is the dev gateway\'s app; its token is not an official account\'s, nor the reverse (48001)', async () => {
    expect(localMiniProgram.appid).toBe(DEV_APPID);
    const mini = await miniToken();
    expect(mini).toEqual(expect.any(String));
    expect((await wx.post<Json>(`/cgi-bin/draft/add?access_token=${mini}`, { articles: [] })).errcode).toBe(48001);
    expect(errcodeOf(await wxacode(await officialToken(), { scene: 'a=1', page, check_path: false }))).toBe(48001);
    expect(errcodeOf(await wxacode('', { scene: 'a=1' }))).toBe(41001);
    expect((await phone('forged', { code: 'x' })).errcode).toBe(40001);
  });

  test('getwxacodeunlimit answers a PNG whose QR code carries the scene and page', async () => {
    const r = await wxacode(await miniToken(), { scene: 'inv=K7Q2M9', page, check_path: false, env_version: 'develop', width: 280 });
    expect(r.status).toBe(200);
    expect(r.contentType).toBe('image/png');
    const png = PNG.sync.read(r.bytes);
    expect(png.width).toBe(280);
    const qr = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(qr?.data).toBe(`localcloud-wxacode://${localMiniProgram.appid}/${page}?scene=inv%3DK7Q2M9&env_version=develop`);
    const [call] = await wx.outbox('/wxa/getwxacodeunlimit');
    expect(call).toMatchObject({ channel: 'http', request: { scene: 'inv=K7Q2M9', page }, response: { contentType: 'image/png', size: r.bytes.length } });
    // without a width: WeChat's default 430 px
    expect(PNG.sync.read((await wxacode(await miniToken(), { scene: 'x' })).bytes).width).toBe(430);
  });

  test('getwxacodeunlimit: scene, page, check_path, env_version and width as WeChat checks them', async () => {
    const at = await miniToken();
    const code = async (body: Json) => {
      const r = await wxacode(at, body);
      expect(r.contentType).not.toMatch(/^image\//);
      return errcodeOf(r);
    };
    expect(await code({ scene: 'a'.repeat(33), page, check_path: false })).toBe(40169);
    expect(await code({ page, check_path: false })).toBe(40169);
    expect(await code({ scene: 'id=%E4', page, check_path: false })).toBe(40129);
    expect(await code({ scene: '邀请', page, check_path: false })).toBe(40129);
    expect(await code({ scene: 'a b', page, check_path: false })).toBe(40129);
    expect(await code({ scene: 'a=1', page: `/${page}`, check_path: false })).toBe(41030);
    expect(await code({ scene: 'a=1', page: `${page}?x=1`, check_path: false })).toBe(41030);
    // check_path (default true) needs a page of the released app, and a local app has none
    expect(await code({ scene: 'a=1', page })).toBe(41030);
    expect(await code({ scene: 'a=1', page, env_version: 'beta', check_path: false })).toBe(40097);
    expect(await code({ scene: 'a=1', page, width: 100, check_path: false })).toBe(40097);
    await wx.setPublishedPages([page]);
    try {
      expect((await wxacode(at, { scene: 'a=1', page })).contentType).toBe('image/png');
    } finally {
      await wx.setPublishedPages([]);
    }
    // every documented visible character is accepted
    expect((await wxacode(at, { scene: "!#$&'()*+,/:;=?@-._~Az09", page, check_path: false })).contentType).toBe('image/png');
    await wx.fail({ api: '/wxa/getwxacodeunlimit', errcode: 45009 });
    expect(await code({ scene: 'a=1', page, check_path: false })).toBe(45009);
  });

  test('getuserphonenumber: a registered code answers once with phone_info; unknown, used, expired or another user\'s code is 40029', async () => {
    const at = await miniToken();
    const code = await wx.phoneCode('13812345678', { openid: 'o-day1-resident' });
    expect(await phone(at, { code, openid: 'o-day1-resident' })).toEqual({
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: '13812345678',
        purePhoneNumber: '13812345678',
        countryCode: '86',
        watermark: { timestamp: expect.any(Number), appid: localMiniProgram.appid },
      },
    });
    expect((await phone(at, { code })).errcode).toBe(40029);
    expect((await phone(at, { code: 'never-issued' })).errcode).toBe(40029);
    expect((await phone(at, { code: await wx.phoneCode('13812345678', { expiresInSeconds: 0 }) })).errcode).toBe(40029);
    expect((await phone(at, { code: await wx.phoneCode('13812345678', { openid: 'o-someone' }), openid: 'o-other' })).errcode).toBe(40029);
    expect((await phone(at, {})).errcode).toBe(47001);
    const abroad = await phone(at, { code: await wx.phoneCode('91234567', { countryCode: '852' }) });
    expect(abroad.phone_info).toMatchObject({ phoneNumber: '+85291234567', purePhoneNumber: '91234567', countryCode: '852' });
    await wx.fail({ api: '/wxa/business/getuserphonenumber', errcode: 45011 });
    expect((await phone(at, { code: await wx.phoneCode('13812345678') })).errcode).toBe(45011);
    // a code lives 5 minutes at most; bad registrations are refused
    const bad = await fetch(`${t.cloud.url}/__localcloud/wx/phone-codes`, { method: 'POST', body: JSON.stringify({ phone: '138', expiresInSeconds: 301 }) });
    expect(bad.status).toBe(400);
  });
});

test('a function reaches both: the cloud call through node-sdk and the HTTP API through WX_API_BASE_URL', async () => {
  const { status, body } = await t.invokeRaw('wxcall', { content: '一起去赌博' }, 'o-resident-2');
  expect(status).toBe(200);
  expect(body).toEqual({ suggest: 'risky', hasToken: true });
  const calls = await wx.outbox();
  expect(calls.map((c) => [c.channel, c.api])).toEqual([
    ['cloud', '/wxa/msg_sec_check'],
    ['http', '/cgi-bin/stable_token'],
  ]);
  expect(calls[0].request).toMatchObject({ openid: 'o-resident-2' });
});

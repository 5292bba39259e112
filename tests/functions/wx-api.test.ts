/**
 * The mini-program's server APIs (cloudfunctions/lib/wx-api.ts) from inside a function instance:
 * code images for invites and the phone number behind the phone button, with WeChat's errors put
 * into words a person can act on. Through the real runner and the local cloud's WeChat stub.
 */
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { localMiniProgram } from '../helpers/wx';
import { startWxProbeCloud, type WxProbeCloud } from '../helpers/wx-probe';

let c: WxProbeCloud;

beforeAll(async () => {
  c = await startWxProbeCloud();
}, 60_000);
afterAll(() => c?.close());
beforeEach(() => c.wx.clearOutbox());

const page = 'packages/public/pages/join/index';
const wxacode = (request: Record<string, unknown>) => c.probe<{ image: string }>({ op: 'wxacode', request: { page, ...request } });
const phone = (code: string, openid?: string) => c.probe<{ phone: string }>({ op: 'phone', code, openid });

describe('wxacodeUnlimited', () => {
  test('answers the image of a code that opens the page with the scene, in the configured version', async () => {
    const r = await wxacode({ scene: 'inv=K7Q2M9', width: 300 });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const png = PNG.sync.read(Buffer.from(r.image, 'base64'));
    expect(png.width).toBe(300);
    const qr = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    // the local runner configures WX_MINIPROGRAM_ENV_VERSION=develop: not released, so no check_path
    expect(qr?.data).toBe(`localcloud-wxacode://${localMiniProgram.appid}/${page}?scene=inv%3DK7Q2M9&env_version=develop`);
    const [call] = await c.wx.outbox('/wxa/getwxacodeunlimit');
    expect(call.request).toEqual({ scene: 'inv=K7Q2M9', page, env_version: 'develop', check_path: false, width: 300 });
  }, 30_000);

  test('a scene WeChat would refuse is refused before calling it', async () => {
    for (const scene of ['邀请码', 'a'.repeat(33), '', 'id=50%']) {
      expect(await wxacode({ scene })).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR', message: '小程序码参数不合法' } });
    }
    expect(await wxacode({ scene: 'a=1', page: '/pages/index/index' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
    expect(await c.wx.outbox('/wxa/getwxacodeunlimit')).toEqual([]);
  }, 30_000);

  test("WeChat's refusals in words: page not released (41030), quota (45009), anything else", async () => {
    // the released version checks the page, and a local app has no released page
    expect(await wxacode({ scene: 'a=1', envVersion: 'release' })).toMatchObject({
      ok: false,
      error: { code: 'PRECONDITION_FAILED', message: '小程序码要打开的页面还没有发布，请先发布小程序，或把邀请码发给对方' },
    });
    expect((await c.wx.outbox('/wxa/getwxacodeunlimit'))[0].request).toMatchObject({ env_version: 'release', check_path: true });
    await c.wx.fail({ api: '/wxa/getwxacodeunlimit', errcode: 45009 });
    expect(await wxacode({ scene: 'a=1' })).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', message: '生成小程序码太频繁，请稍后再试，或把邀请码发给对方' } });
    await c.wx.fail({ api: '/wxa/getwxacodeunlimit', errcode: -1 });
    expect(await wxacode({ scene: 'a=1' })).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: '暂时无法生成小程序码，请把邀请码发给对方' } });
  }, 30_000);
});

describe('userPhoneNumber', () => {
  test("answers the number the caller's code stands for, once", async () => {
    const code = await c.wx.phoneCode('13912345678', { openid: 'o-day1-resident' });
    expect(await phone(code, 'o-day1-resident')).toMatchObject({ ok: true, phone: '13912345678' });
    expect((await c.wx.outbox('/wxa/business/getuserphonenumber'))[0].request).toEqual({ code, openid: 'o-day1-resident' });
    expect(await phone(code, 'o-day1-resident')).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR', message: '获取手机号失败，请手动填写' } });
  }, 30_000);

  test("another user's, unknown or expired codes fail with the same advice; a number abroad keeps its country code", async () => {
    const failed = { ok: false, error: { code: 'VALIDATION_ERROR', message: '获取手机号失败，请手动填写' } };
    expect(await phone(await c.wx.phoneCode('13912345678', { openid: 'o-someone' }), 'o-day1-resident')).toMatchObject(failed);
    expect(await phone('never-issued')).toMatchObject(failed);
    expect(await phone(await c.wx.phoneCode('13912345678', { expiresInSeconds: 0 }))).toMatchObject(failed);
    expect(await phone(await c.wx.phoneCode('91234567', { countryCode: '852' }))).toMatchObject({ ok: true, phone: '+85291234567' });
    await c.wx.fail({ api: '/wxa/business/getuserphonenumber', errcode: 45011 });
    expect(await phone(await c.wx.phoneCode('13912345678'))).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', message: '获取手机号失败，请手动填写' } });
    await c.wx.fail({ api: '/wxa/business/getuserphonenumber', errcode: -1 });
    expect(await phone(await c.wx.phoneCode('13912345678'))).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: '获取手机号失败，请手动填写' } });
  }, 30_000);
});

/**
 * The mini-program's server APIs we call over HTTPS with its own access token (lib/wx-token.ts):
 * mini-program code images for invites (`wxacode.getUnlimited`) and the phone number behind the
 * phone-number button (`phonenumber.getPhoneNumber`). WeChat's errors become AppErrors in words a
 * person can act on; the details go to the log.
 */
import { z } from 'zod';
import type { Database } from './cloud';
import { config } from './config';
import { AppError } from './errors';
import { log } from './log';
import { wxPost, WxApiError, WX_NOT_CONFIGURED, type WxAnswer } from './wx-token';

/** at most 32 visible characters: digits, letters and !#$&'()*+,/:;=?@-._~ (WeChat's documented set) */
const SCENE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;
/** a page path of the app: no leading '/', no query (parameters go in the scene) */
const PAGE = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;

export type EnvVersion = 'release' | 'trial' | 'develop';

export interface WxacodeRequest {
  scene: string;
  page: string;
  /** default: WX_MINIPROGRAM_ENV_VERSION */
  envVersion?: EnvVersion;
  /** 280..1280 px, default 430 */
  width?: number;
}

export const isWxacodeScene = (scene: string) => SCENE.test(scene);

export const WXACODE_FAILED = '暂时无法生成小程序码，请把邀请码发给对方';
export const WX_PHONE_FAILED = '获取手机号失败，请手动填写';

const wxacodeRequest = z.object({
  scene: z.string().regex(SCENE),
  page: z.string().regex(PAGE),
  envVersion: z.enum(['release', 'trial', 'develop']).optional(),
  width: z.number().int().min(280).max(1280).optional(),
});

const phoneAnswer = z.object({
  errcode: z.literal(0),
  phone_info: z.object({
    phoneNumber: z.string().min(1),
    purePhoneNumber: z.string().min(1),
    // documented as a string; the documented example answers a number
    countryCode: z.union([z.string(), z.number()]).transform(String),
  }),
});

/** `failed`: the message when no answer came; `notConfigured`: when the account has no credentials (default WX_NOT_CONFIGURED) */
async function answerOf(db: Database, api: string, path: string, body: unknown, failed: string, notConfigured?: string): Promise<WxAnswer> {
  try {
    return await wxPost(db, 'miniprogram', path, body);
  } catch (err) {
    if (notConfigured && err instanceof AppError && err.message === WX_NOT_CONFIGURED) {
      log.error(`${api}: the mini-program's credentials are not configured`);
      throw new AppError(err.code, notConfigured);
    }
    if (!(err instanceof WxApiError)) throw err;
    log.error(`${api} failed`, { errcode: err.errcode, error: err.message });
    throw new AppError('INTERNAL', failed);
  }
}

function describe(answer: WxAnswer): Record<string, unknown> {
  return answer.kind === 'json' ? { errcode: answer.errcode, errmsg: answer.body.errmsg } : { contentType: answer.contentType, bytes: answer.data.length };
}

/**
 * The mini-program code that opens `page` with `scene` (read there as `decodeURIComponent(query.scene)`):
 * image bytes — JPEG from WeChat (PNG with a transparent background), PNG from the local stub.
 * `check_path` is on only for the released version: trial and develop pages need not be published.
 */
export async function wxacodeUnlimited(db: Database, request: WxacodeRequest): Promise<Buffer> {
  const input = wxacodeRequest.safeParse(request);
  if (!input.success) {
    log.error('wxacode request invalid', { scene: request.scene, page: request.page, issues: input.error.issues.map((i) => i.path.join('.')) });
    throw new AppError('VALIDATION_ERROR', '小程序码参数不合法');
  }
  const envVersion = input.data.envVersion ?? config().miniProgramEnvVersion;
  const body = {
    scene: input.data.scene,
    page: input.data.page,
    env_version: envVersion,
    check_path: envVersion === 'release',
    ...(input.data.width ? { width: input.data.width } : {}),
  };
  const answer = await answerOf(db, 'wxacode', '/wxa/getwxacodeunlimit', body, WXACODE_FAILED);
  if (answer.kind === 'file' && answer.data.length > 0) return answer.data;
  log.error('wxacode refused', { page: body.page, envVersion, ...describe(answer) });
  const errcode = answer.kind === 'json' ? answer.errcode : null;
  if (errcode === 41030) throw new AppError('PRECONDITION_FAILED', '小程序码要打开的页面还没有发布，请先发布小程序，或把邀请码发给对方');
  if (errcode === 45009) throw new AppError('RATE_LIMITED', '生成小程序码太频繁，请稍后再试，或把邀请码发给对方');
  throw new AppError('INTERNAL', WXACODE_FAILED);
}

/**
 * The phone number the phone-number button's `code` stands for (each code once, within 5 minutes):
 * the number without country code for +86, else with it. `openid` (the caller's) has WeChat check
 * that the code was given to that user.
 */
export async function userPhoneNumber(db: Database, input: { code: string; openid?: string }): Promise<string> {
  if (!input.code) throw new AppError('VALIDATION_ERROR', WX_PHONE_FAILED);
  const body = { code: input.code, ...(input.openid ? { openid: input.openid } : {}) };
  // a resident cannot act on missing credentials: they type the number instead
  const answer = await answerOf(db, 'phone number', '/wxa/business/getuserphonenumber', body, WX_PHONE_FAILED, WX_PHONE_FAILED);
  const parsed = answer.kind === 'json' ? phoneAnswer.safeParse(answer.body) : null;
  if (parsed?.success) {
    const info = parsed.data.phone_info;
    return info.countryCode === '86' ? info.purePhoneNumber : info.phoneNumber;
  }
  log.error('phone number refused', describe(answer));
  const errcode = answer.kind === 'json' ? answer.errcode : null;
  // 40029: the code is wrong, used or older than 5 minutes — the person can type the number instead
  if (errcode === 40029) throw new AppError('VALIDATION_ERROR', WX_PHONE_FAILED);
  if (errcode === 45011) throw new AppError('RATE_LIMITED', WX_PHONE_FAILED);
  throw new AppError('INTERNAL', WX_PHONE_FAILED);
}

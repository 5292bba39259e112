/**
 * The mini-program server APIs the product calls over HTTP: `/wxa/getwxacodeunlimit` (a code image
 * for a scene; here a real QR code in a PNG that encodes the scene and page, so tests can decode it)
 * and `/wxa/business/getuserphonenumber` (the phone number behind the phone button's code; here the
 * codes a test registered, each usable once within 5 minutes, as WeChat's). State is in memory.
 */
import { randomBytes } from 'node:crypto';
import { toBuffer } from 'qrcode';
import { WX_OK, wxError, type WxErrorBody } from './errors';

/** scene: at most 32 visible characters of this set (WeChat's documented charset) */
const SCENE_CHARS = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]*$/;
const PAGE = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;
const ENV_VERSIONS = new Set(['release', 'trial', 'develop']);
const PHONE_CODE_TTL_MS = 5 * 60_000;

export interface WxacodeImage {
  contentType: string;
  data: Buffer;
}

interface PhoneCode {
  phone: string;
  countryCode: string;
  /** when set, only this user's request (body.openid) may use the code */
  openid: string | null;
  expiresAt: number;
  used: boolean;
}

export interface PhoneCodeRegistration {
  phone: string;
  countryCode?: string;
  openid?: string;
  code?: string;
  /** default (and at most) 300, WeChat's 5 minutes */
  expiresInSeconds?: number;
}

export class MiniProgramStub {
  private phoneCodes = new Map<string, PhoneCode>();
  /** pages of the released version; `check_path` (default true) accepts only these */
  private publishedPages = new Set<string>();

  setPublishedPages(pages: string[]): void {
    this.publishedPages = new Set(pages);
  }

  /** the code image, or WeChat's error; `appid`: the account the token belongs to */
  async wxacode(body: Record<string, unknown>, appid: string): Promise<WxacodeImage | WxErrorBody> {
    const { scene, page, width, check_path: checkPath, env_version: envVersion } = body;
    if (typeof scene !== 'string' || scene.length === 0 || scene.length > 32) return wxError(40169);
    if (!SCENE_CHARS.test(scene)) return wxError(40129);
    if (envVersion !== undefined && !ENV_VERSIONS.has(String(envVersion))) return wxError(40097, 'env_version invalid');
    if (width !== undefined && (typeof width !== 'number' || !Number.isInteger(width) || width < 280 || width > 1280)) {
      return wxError(40097, 'width invalid');
    }
    if (page !== undefined) {
      if (typeof page !== 'string' || !PAGE.test(page)) return wxError(41030);
      // a local app is never released: only pages a test declared published pass the check
      if (checkPath !== false && !this.publishedPages.has(page)) return wxError(41030);
    }
    const env = typeof envVersion === 'string' ? envVersion : 'release';
    const text = `localcloud-wxacode://${appid}/${typeof page === 'string' ? page : ''}?scene=${encodeURIComponent(scene)}&env_version=${env}`;
    const data = await toBuffer(text, { type: 'png', width: typeof width === 'number' ? width : 430, margin: 2 });
    return { contentType: 'image/png', data };
  }

  /** test control: a code the phone button would have given, `openid`'s if named */
  registerPhoneCode(r: PhoneCodeRegistration): string {
    const code = r.code ?? randomBytes(32).toString('hex');
    const ttl = Math.min(r.expiresInSeconds ?? PHONE_CODE_TTL_MS / 1000, PHONE_CODE_TTL_MS / 1000);
    this.phoneCodes.set(code, {
      phone: r.phone,
      countryCode: r.countryCode ?? '86',
      openid: r.openid ?? null,
      expiresAt: Date.now() + ttl * 1000,
      used: false,
    });
    return code;
  }

  phoneNumber(body: Record<string, unknown>, appid: string): Record<string, unknown> | WxErrorBody {
    if (typeof body.code !== 'string' || !body.code) return wxError(47001, 'code is required');
    const entry = this.phoneCodes.get(body.code);
    // unknown, used, expired, or another user's: WeChat answers them all 40029
    if (!entry || entry.used || entry.expiresAt <= Date.now()) return wxError(40029);
    if (typeof body.openid === 'string' && entry.openid !== null && body.openid !== entry.openid) return wxError(40029);
    entry.used = true;
    const domestic = entry.countryCode === '86';
    return {
      ...WX_OK,
      phone_info: {
        phoneNumber: domestic ? entry.phone : `+${entry.countryCode}${entry.phone}`,
        purePhoneNumber: entry.phone,
        countryCode: entry.countryCode,
        watermark: { timestamp: Math.floor(Date.now() / 1000), appid },
      },
    };
  }
}

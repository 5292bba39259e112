/** WeChat's global error codes as the APIs answer them: `{ errcode, errmsg }` with a request id. */
import { randomBytes } from 'node:crypto';

/** the documented messages of the codes the stub answers */
export const WX_ERRMSG: Record<number, string> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40004: 'invalid media type',
  40005: 'invalid file type',
  40007: 'invalid media_id',
  40009: 'invalid image size',
  40013: 'invalid appid',
  40029: 'invalid code',
  40037: 'invalid template_id',
  40066: 'invalid url',
  40097: 'invalid args',
  40125: 'invalid appsecret',
  40129: 'invalid scene',
  40164: 'invalid ip, not in whitelist',
  40169: 'invalid length for scene, or the data is not json string',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41005: 'media data missing',
  41030: 'invalid page',
  42001: 'access_token expired',
  43002: 'require POST method',
  43101: 'user refuse to accept the msg',
  45002: 'content size out of limit',
  45003: 'title size out of limit',
  45004: 'description size out of limit',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit  mustslower  retry next minute',
  47001: 'data format error',
  47003: 'argument invalid!',
  48001: 'api unauthorized',
  53503: '该草稿未通过发布检查',
  [-604101]: 'function has no permission to call this API',
};

export interface WxErrorBody {
  errcode: number;
  errmsg: string;
}

/** WeChat appends ` rid: …` to every error message; clients log it for support requests */
export function wxError(errcode: number, detail?: string): WxErrorBody {
  const base = WX_ERRMSG[errcode] ?? 'error';
  const rid = [4, 4, 4].map((n) => randomBytes(n).toString('hex')).join('-');
  return { errcode, errmsg: `${base}${detail ? ` ${detail}` : ''} rid: ${rid}` };
}

export const WX_OK = { errcode: 0, errmsg: 'ok' } as const;

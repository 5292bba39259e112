/**
 * `/cgi-bin/stable_token` for every account the stub knows (official accounts and mini-programs),
 * and the check of the `access_token` other APIs are called with. State is in memory, per server.
 */
import { randomBytes } from 'node:crypto';
import { wxError, type WxErrorBody } from './errors';

export type WxAccountKind = 'officialAccount' | 'miniProgram';

export interface StubAccount {
  appid: string;
  secret: string;
  kind: WxAccountKind;
}

/** the official account the runner hands to functions as WX_MP_APPID / WX_MP_SECRET */
export const localOfficialAccount = { appid: 'wx00000000000local', secret: 'localcloud-official-account-secret' };
/**
 * the mini-program the runner hands to functions as WX_MINIPROGRAM_APPID / _SECRET; its appid is the
 * one the dev gateway gives invocations as WX_APPID (gateway/dev.ts DEV_APPID), as in CloudBase
 */
export const localMiniProgram = { appid: 'wx00000000000devapp', secret: 'localcloud-mini-program-secret' };

export const DEFAULT_ACCOUNTS: StubAccount[] = [
  { ...localOfficialAccount, kind: 'officialAccount' },
  { ...localMiniProgram, kind: 'miniProgram' },
];

const TOKEN_TTL_SEC = 7200;
/** normal mode hands out a new token once the current one has less than this left (both stay valid) */
const RENEW_BEFORE_MS = 300_000;

const token = () => randomBytes(48).toString('base64url');

export class StableTokens {
  private tokens = new Map<string, { appid: string; expiresAt: number }>();
  private current = new Map<string, string>();

  constructor(private readonly accounts: StubAccount[]) {}

  stableToken(body: Record<string, unknown>): WxErrorBody | { access_token: string; expires_in: number } {
    if (body.grant_type !== 'client_credential') return wxError(40002);
    if (typeof body.appid !== 'string' || !body.appid) return wxError(41002);
    if (typeof body.secret !== 'string' || !body.secret) return wxError(41004);
    const account = this.accounts.find((a) => a.appid === body.appid);
    if (!account) return wxError(40013);
    if (account.secret !== body.secret) return wxError(40125);
    const now = Date.now();
    const existing = this.current.get(account.appid);
    const live = existing ? this.tokens.get(existing) : undefined;
    // normal mode keeps the token while it has over 5 minutes left; force_refresh revokes it
    if (body.force_refresh !== true && existing && live && live.expiresAt - now > RENEW_BEFORE_MS) {
      return { access_token: existing, expires_in: Math.floor((live.expiresAt - now) / 1000) };
    }
    if (body.force_refresh === true && existing) this.tokens.delete(existing);
    const fresh = token();
    this.tokens.set(fresh, { appid: account.appid, expiresAt: now + TOKEN_TTL_SEC * 1000 });
    this.current.set(account.appid, fresh);
    return { access_token: fresh, expires_in: TOKEN_TTL_SEC };
  }

  /** the error to answer for `accessToken` on an API of accounts of `kind`, or null when it is good */
  check(accessToken: string | undefined, kind: WxAccountKind): WxErrorBody | null {
    if (!accessToken) return wxError(41001);
    const t = this.tokens.get(accessToken);
    if (!t) return wxError(40001);
    if (t.expiresAt <= Date.now()) return wxError(42001);
    // a mini-program's token on an official-account API (or the reverse) is not authorised
    if (this.accounts.find((a) => a.appid === t.appid)?.kind !== kind) return wxError(48001);
    return null;
  }

  /** the appid a (checked) token belongs to */
  appidOf(accessToken: string): string | undefined {
    return this.tokens.get(accessToken)?.appid;
  }

  /** test control: every issued token is expired from now on */
  expireAll(): void {
    for (const t of this.tokens.values()) t.expiresAt = Date.now() - 1;
  }
}

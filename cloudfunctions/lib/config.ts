/**
 * The functions' configuration: the only place that reads process.env (besides node-sdk itself,
 * which reads its own context variables, and clock.ts, whose local-cloud shift changes per
 * invocation). Validated once, on first use.
 */
import { z } from 'zod';
import { DEFAULT_KEYWORDS, parseKeywordMap, type KeywordMap, type RequestNotice } from '../../core/domain/requests/notices';

/** The actions limited per person (README, section Limits: the defaults and why). */
export type LimitedAction = 'claimSubmit' | 'objection' | 'revealPhone' | 'export' | 'verify' | 'bindApply' | 'inviteRedeem' | 'requestSubmit' | 'checkinCode';

/** At most `count` calls in each fixed window of `windowMinutes`. */
export interface RateLimit {
  count: number;
  windowMinutes: number;
}

const UNIT_MINUTES = { m: 1, h: 60, d: 24 * 60 } as const;

/** `<count>/<n><m|h|d>`, e.g. `20/1h`; windows up to 7 days. */
const rateLimit = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .pipe(z.string().regex(/^[1-9]\d{0,5}\/[1-9]\d{0,4}[mhd]$/, 'a limit is <count>/<n><m|h|d>, e.g. 20/1h'))
    .transform((text): RateLimit => {
      const [count, window] = text.split('/');
      return { count: Number(count), windowMinutes: Number(window.slice(0, -1)) * UNIT_MINUTES[window.slice(-1) as keyof typeof UNIT_MINUTES] };
    })
    .refine((l) => l.windowMinutes <= 7 * UNIT_MINUTES.d, "a limit's window is at most 7 days");

/** The WeChat accounts whose server APIs we call with their own access token (lib/wx-token.ts). */
export type WxAccountName = 'miniprogram' | 'officialAccount';
export interface WxCredentials {
  appid: string;
  secret: string;
}

const secret = z.string().trim().min(1).optional();

const keywordMap = <N extends RequestNotice>(notice: N) =>
  z
    .string()
    .optional()
    .transform((text, ctx): KeywordMap<N> => {
      if (!text?.trim()) return DEFAULT_KEYWORDS[notice];
      try {
        return parseKeywordMap(notice, text);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : String(err) });
        return z.NEVER;
      }
    });

/** A configured template: its id and the keywords its facts go to. */
export interface NoticeTemplate<N extends RequestNotice = RequestNotice> {
  id: string;
  keywords: KeywordMap<N>;
}
const template = <N extends RequestNotice>(id: string | undefined, keywords: KeywordMap<N>): NoticeTemplate<N> | null => (id ? { id, keywords } : null);

const configSchema = z.object({
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** WeChat's HTTP API; the local cloud points it at its stub */
  WX_API_BASE_URL: z.url().default('https://api.weixin.qq.com'),
  /** the mini-program's AppID and AppSecret (function env in the console, never in the repo); unset: no codes, no phone button */
  WX_MINIPROGRAM_APPID: secret,
  WX_MINIPROGRAM_SECRET: secret,
  /** which version a mini-program code opens: release, or trial / develop before the app is released */
  WX_MINIPROGRAM_ENV_VERSION: z.enum(['release', 'trial', 'develop']).default('release'),
  /** the official account's (公众号) AppID and AppSecret, for publishing */
  WX_MP_APPID: secret,
  WX_MP_SECRET: secret,
  /** subscribe-message template (订阅消息) for a claim's review result; unset: no prompt, no message */
  SUBSCRIBE_TMPL_CLAIM_RESULT: z.string().trim().min(1).optional(),
  /** subscribe-message template for a new notice (公告), keywords in core/domain/notices/fanout.ts; unset: no subscribing, no message */
  SUBSCRIBE_TMPL_NOTICE: z.string().trim().min(1).optional(),
  /** subscribe-message template chasing a wish's claimer (keywords in core/domain/service/wishes.ts chaseMessageData); unset: no prompt, no message */
  SUBSCRIBE_TMPL_WISH_CHASE: z.string().trim().min(1).optional(),
  /** subscribe-message template for an activity's day-before reminder (keywords in core/domain/service/activities.ts); unset: no prompt, no message */
  SUBSCRIBE_TMPL_ACTIVITY_REMINDER: z.string().trim().min(1).optional(),
  /** subscribe-message templates of requests (报事): 受理 and 办结 to the reporter, 新工单 and 督办 to handlers; unset: no message */
  SUBSCRIBE_TMPL_REQUEST_ACCEPTED: z.string().trim().min(1).optional(),
  SUBSCRIBE_TMPL_REQUEST_RESOLVED: z.string().trim().min(1).optional(),
  SUBSCRIBE_TMPL_REQUEST_NEW: z.string().trim().min(1).optional(),
  SUBSCRIBE_TMPL_REQUEST_OVERDUE: z.string().trim().min(1).optional(),
  /** their keywords, `<fact>:<keyword>,…` (core/domain/requests/notices.ts); unset: the default keywords */
  SUBSCRIBE_KEYS_REQUEST_ACCEPTED: keywordMap('accepted'),
  SUBSCRIBE_KEYS_REQUEST_RESOLVED: keywordMap('resolved'),
  SUBSCRIBE_KEYS_REQUEST_NEW: keywordMap('newRequest'),
  SUBSCRIBE_KEYS_REQUEST_OVERDUE: keywordMap('overdue'),
  /** per-person limits, see LimitedAction */
  RATE_LIMIT_CLAIM_SUBMIT: rateLimit('20/1d'),
  RATE_LIMIT_OBJECTION: rateLimit('10/1d'),
  RATE_LIMIT_REVEAL_PHONE: rateLimit('20/1h'),
  RATE_LIMIT_EXPORT: rateLimit('10/1h'),
  RATE_LIMIT_VERIFY: rateLimit('5/10m'),
  RATE_LIMIT_BIND_APPLY: rateLimit('5/1d'),
  RATE_LIMIT_INVITE_REDEEM: rateLimit('10/1d'),
  RATE_LIMIT_REQUEST_SUBMIT: rateLimit('30/1d'),
  RATE_LIMIT_CHECKIN_CODE: rateLimit('10/10m'),
})
  // half an account is a mistake in the console: fail the calls rather than run without it
  .refine((env) => !env.WX_MINIPROGRAM_APPID === !env.WX_MINIPROGRAM_SECRET, 'set both WX_MINIPROGRAM_APPID and WX_MINIPROGRAM_SECRET, or neither')
  .refine((env) => !env.WX_MP_APPID === !env.WX_MP_SECRET, 'set both WX_MP_APPID and WX_MP_SECRET, or neither');

export interface FunctionConfig {
  logLevel: z.infer<typeof configSchema>['LOG_LEVEL'];
  wxApiBaseUrl: string;
  /** null: the account's credentials are not configured */
  wxAccounts: Record<WxAccountName, WxCredentials | null>;
  miniProgramEnvVersion: 'release' | 'trial' | 'develop';
  subscribeTemplates: { claimResult: string | null; notice: string | null; wishChase: string | null; activityReminder: string | null };
  /** requests' messages (notices.ts); null: not configured, not sent */
  requestTemplates: { [N in RequestNotice]: NoticeTemplate<N> | null };
  rateLimits: Record<LimitedAction, RateLimit>;
}

let loaded: FunctionConfig | undefined;

export function config(): FunctionConfig {
  if (!loaded) {
    const env = configSchema.parse(process.env);
    loaded = {
      logLevel: env.LOG_LEVEL,
      wxApiBaseUrl: env.WX_API_BASE_URL,
      wxAccounts: {
        miniprogram: credentials(env.WX_MINIPROGRAM_APPID, env.WX_MINIPROGRAM_SECRET),
        officialAccount: credentials(env.WX_MP_APPID, env.WX_MP_SECRET),
      },
      miniProgramEnvVersion: env.WX_MINIPROGRAM_ENV_VERSION,
      subscribeTemplates: { claimResult: env.SUBSCRIBE_TMPL_CLAIM_RESULT ?? null, notice: env.SUBSCRIBE_TMPL_NOTICE ?? null, wishChase: env.SUBSCRIBE_TMPL_WISH_CHASE ?? null, activityReminder: env.SUBSCRIBE_TMPL_ACTIVITY_REMINDER ?? null },
      requestTemplates: {
        accepted: template(env.SUBSCRIBE_TMPL_REQUEST_ACCEPTED, env.SUBSCRIBE_KEYS_REQUEST_ACCEPTED),
        resolved: template(env.SUBSCRIBE_TMPL_REQUEST_RESOLVED, env.SUBSCRIBE_KEYS_REQUEST_RESOLVED),
        newRequest: template(env.SUBSCRIBE_TMPL_REQUEST_NEW, env.SUBSCRIBE_KEYS_REQUEST_NEW),
        overdue: template(env.SUBSCRIBE_TMPL_REQUEST_OVERDUE, env.SUBSCRIBE_KEYS_REQUEST_OVERDUE),
      },
      rateLimits: {
        claimSubmit: env.RATE_LIMIT_CLAIM_SUBMIT,
        objection: env.RATE_LIMIT_OBJECTION,
        revealPhone: env.RATE_LIMIT_REVEAL_PHONE,
        export: env.RATE_LIMIT_EXPORT,
        verify: env.RATE_LIMIT_VERIFY,
        bindApply: env.RATE_LIMIT_BIND_APPLY,
        inviteRedeem: env.RATE_LIMIT_INVITE_REDEEM,
        requestSubmit: env.RATE_LIMIT_REQUEST_SUBMIT,
        checkinCode: env.RATE_LIMIT_CHECKIN_CODE,
      },
    };
  }
  return loaded;
}

const credentials = (appid: string | undefined, secret: string | undefined): WxCredentials | null =>
  appid && secret ? { appid, secret } : null;

/**
 * Who is calling, from the invocation context only (ARCHITECTURE decision 2). node-sdk merges the
 * per-call context over process.env; nothing in the event can change the answer.
 */
import tcb from '@cloudbase/node-sdk';

export interface Identity {
  /** the WeChat user; null for server-to-server calls (another function, a timer, the console) */
  openid: string | null;
  appid: string | null;
  unionid: string | null;
}

type InvocationContext = Parameters<typeof tcb.getCloudbaseContext>[0];

export function callerIdentity(context: unknown): Identity {
  const ctx = tcb.getCloudbaseContext((context ?? undefined) as InvocationContext);
  return { openid: ctx.WX_OPENID || null, appid: ctx.WX_APPID || null, unionid: ctx.WX_UNIONID || null };
}

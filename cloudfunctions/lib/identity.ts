/**
 * Who is calling, from the invocation context only (ARCHITECTURE decision 2). node-sdk merges the
 * per-call context over process.env; nothing in the event can change the answer.
 */
import tcb from '@cloudbase/node-sdk';
import { sourceChain } from './invocation-source';

export interface Identity {
  /** the WeChat user, when the chain began with one; says nothing about whether a call is internal */
  openid: string | null;
  appid: string | null;
  unionid: string | null;
  /** the invocation's source chain, nearest caller last (`['wx_client', 'scf']`); see invocation-source.ts */
  source: string[];
}

type InvocationContext = Parameters<typeof tcb.getCloudbaseContext>[0];

export function callerIdentity(context: unknown): Identity {
  const ctx = tcb.getCloudbaseContext((context ?? undefined) as InvocationContext);
  return {
    openid: ctx.WX_OPENID || null,
    appid: ctx.WX_APPID || null,
    unionid: ctx.WX_UNIONID || null,
    source: sourceChain(ctx.TCB_SOURCE),
  };
}

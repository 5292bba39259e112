/**
 * What a CloudBase (SCF) instance sees: the instance's environment, and per invocation the caller's
 * identity in `process.env` plus a `context` whose `environment` (a JSON string) node-sdk's
 * `getCloudbaseContext(context)` parses and prefers over `process.env`.
 */
import { CLOCK_OFFSET_ENV } from '../../../cloudfunctions/lib/clock';
import type { CallerIdentity } from '../types';

/** dummy credentials: node-sdk insists on some, the local cloud checks none */
const LOCAL_SECRET = { TENCENTCLOUD_SECRETID: 'local-secret-id', TENCENTCLOUD_SECRETKEY: 'local-secret-key' };

/** The keys node-sdk reads from the env only when listed here (see tcbcontext.ts). */
const TCB_CONTEXT_KEYS = ['TCB_ENV', 'TCB_SEQID', 'TCB_SOURCE', 'TCB_UUID'];
const WX_CONTEXT_KEYS = ['WX_OPENID', 'WX_APPID', 'WX_UNIONID', 'WX_CLIENTIP', 'WX_CLIENTIPV6'];

export interface InstanceEnvOptions {
  envId: string;
  functionName: string;
  adminUrl: string;
  /** the function's `config.json` envVariables */
  envVariables: Record<string, string>;
  /** what the local cloud adds on top (the WeChat stub's address and credentials) */
  localEnv: Record<string, string>;
}

/** The environment an instance starts with; nothing of the server's own env leaks in but the basics. */
export function instanceEnv(o: InstanceEnvOptions): Record<string, string> {
  const basics: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ', 'SYSTEMROOT']) {
    const value = process.env[key];
    if (value !== undefined) basics[key] = value;
  }
  return {
    ...basics,
    ...o.envVariables,
    ...LOCAL_SECRET,
    TENCENTCLOUD_RUNENV: 'SCF',
    TENCENTCLOUD_REGION: 'ap-shanghai',
    SCF_NAMESPACE: o.envId,
    SCF_FUNCTIONNAME: o.functionName,
    SCF_FUNCTIONVERSION: '$LATEST',
    TCB_ENV: o.envId,
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: o.adminUrl }),
    ...o.localEnv,
  };
}

export interface Invocation {
  /** set in the instance's process.env for this invocation only */
  env: Record<string, string>;
  /** the handler's second argument, minus getRemainingTimeInMillis (added by the worker) */
  context: Record<string, unknown>;
}

export function invocation(
  caller: CallerIdentity,
  o: { envId: string; functionName: string; requestId: string; timeoutSec: number; memoryMb: number; clockOffsetMs: number },
): Invocation {
  const identity: Record<string, string | undefined> = {
    WX_OPENID: caller.openid,
    WX_APPID: caller.appid,
    WX_UNIONID: caller.unionid,
    TCB_UUID: caller.uuid,
    // the source chain (wx-server-sdk's SOURCE), e.g. `wx_client` or `wx_client,scf`
    TCB_SOURCE: caller.source,
  };
  const env: Record<string, string> = {
    TCB_ENV: o.envId,
    SCF_NAMESPACE: o.envId,
    TCB_SEQID: o.requestId,
    TCB_CONTEXT_KEYS: TCB_CONTEXT_KEYS.join(','),
    WX_CONTEXT_KEYS: WX_CONTEXT_KEYS.join(','),
  };
  for (const [key, value] of Object.entries(identity)) if (value) env[key] = value;
  // the local cloud's shifted clock, read by cloudfunctions/lib/clock.ts; absent when not shifted
  if (o.clockOffsetMs !== 0) env[CLOCK_OFFSET_ENV] = String(o.clockOffsetMs);
  return {
    env,
    context: {
      request_id: o.requestId,
      function_name: o.functionName,
      function_version: '$LATEST',
      namespace: o.envId,
      memory_limit_in_mb: o.memoryMb,
      time_limit_in_ms: o.timeoutSec * 1000,
      tencentcloud_region: 'ap-shanghai',
      environment: JSON.stringify(env),
    },
  };
}

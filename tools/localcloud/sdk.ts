/** A node-sdk app with admin rights pointed at a local cloud (seeding, tests, benchmarks). */
import tcb from '@cloudbase/node-sdk';

export type CloudbaseApp = ReturnType<typeof tcb.init>;

/** node-sdk needs some credentials and must not probe Tencent's metadata host. */
export function sdkEnv(): void {
  process.env.TENCENTCLOUD_SECRETID ??= 'local-secret-id';
  process.env.TENCENTCLOUD_SECRETKEY ??= 'local-secret-key';
  process.env.TENCENTCLOUD_RUNENV ??= 'SCF';
  // without these node-sdk logs "[TCB][ERROR] missing …" on every call outside a real function
  process.env.TENCENTCLOUD_REGION ??= 'ap-shanghai';
  process.env.SCF_NAMESPACE ??= 'local-env';
}

export function adminApp(adminUrl: string): CloudbaseApp {
  sdkEnv();
  return tcb.init({
    env: 'local-env',
    serviceUrl: adminUrl,
    secretId: process.env.TENCENTCLOUD_SECRETID,
    secretKey: process.env.TENCENTCLOUD_SECRETKEY,
  } as Parameters<typeof tcb.init>[0]);
}

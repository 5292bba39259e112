/**
 * The one CloudBase app of a function instance. `SYMBOL_CURRENT_ENV` resolves the environment
 * from the invocation; locally `TCB_CONTEXT_CNFG` points node-sdk at the local cloud.
 */
import tcb from '@cloudbase/node-sdk';

export type CloudApp = ReturnType<typeof tcb.init>;
export type Database = ReturnType<CloudApp['database']>;

let app: CloudApp | undefined;

export function cloudApp(): CloudApp {
  app ??= tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
  return app;
}

export function database(): Database {
  return cloudApp().database();
}

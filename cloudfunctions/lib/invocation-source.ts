/**
 * Where an invocation comes from: CloudBase's source chain (`TCB_SOURCE`, wx-server-sdk's `SOURCE`),
 * the callers joined by commas, the nearest last — `wx_client,scf` is a function called by a
 * function the mini-program called. Only a call made by one of our functions (`scf`) or by a timer
 * trigger (`wx_trigger`) is a server call; a WeChat client, DevTools, the HTTP API (`wx_http`), an
 * unknown or a missing source never is, with or without a user in the context.
 */

const SERVER_CALLERS: ReadonlySet<string> = new Set(['scf', 'wx_trigger']);

/** `'wx_client,scf'` → `['wx_client', 'scf']`; empty links (node-sdk sends `,scf` when its own source is unset) dropped. */
export function sourceChain(raw: string | undefined | null): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function isServerCall(chain: readonly string[]): boolean {
  const caller = chain[chain.length - 1];
  return caller !== undefined && SERVER_CALLERS.has(caller);
}

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

/** Channels a person can call a function through: the mini-program, DevTools, local debugging, the crawler, the HTTP API, or one WeChat could not tell. */
const CLIENT_CHANNELS: ReadonlySet<string> = new Set(['wx_client', 'wx_devtools', 'wx_localdebug', 'wx_crawler', 'wx_http', 'wx_unknown']);

/**
 * A WeChat message push (消息推送, e.g. `wxa_media_check`) delivered to the function the console
 * names for its MsgType and Event. WeChat does not document the SOURCE such an invocation carries
 * (the local cloud sends `wx_message_push`), so this accepts a chain that names a caller and has no
 * client channel in it: a person's call always carries one. What the push says is still checked
 * against what only the server knows (a trace id it was given).
 */
export function isPlatformPush(chain: readonly string[]): boolean {
  return chain.length > 0 && chain.every((link) => !CLIENT_CHANNELS.has(link));
}

/**
 * WeChat's message push to cloud functions (云开发「设置 - 消息推送」, or the API
 * `tcb/setcallbackconfig`): each `<MsgType, Event>` pair goes to one function of the environment,
 * which gets the push as its event (JSON). Production sets the pairs in the console; the repo keeps
 * them as data in `<functionsDir>/message-push.json`, in the API's `callbacks` shape, which the
 * local cloud reads on every push. The invocation's source is not documented by WeChat; the local
 * cloud passes `wx_message_push` (cloudfunctions/lib/invocation-source.ts accepts a non-client one).
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const MESSAGE_PUSH_FILE = 'message-push.json';
export const MESSAGE_PUSH_SOURCE = 'wx_message_push';

const configSchema = z.strictObject({
  callbacks: z.array(
    z.strictObject({
      msgType: z.string().min(1),
      /** empty for a message without an event (e.g. a text message) */
      event: z.string(),
      functionName: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/),
    }),
  ),
});

/** The function a push of `msgType`/`event` goes to, or null when none is configured. */
export function messagePushTarget(functionsDir: string, msgType: string, event: string): string | null {
  const file = path.join(functionsDir, MESSAGE_PUSH_FILE);
  if (!fs.existsSync(file)) return null;
  const parsed = configSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
  return parsed.data.callbacks.find((c) => c.msgType === msgType && c.event === event)?.functionName ?? null;
}

/**
 * Subscribe messages (订阅消息) by cloud call (云调用 `subscribeMessage.send`). A message is a courtesy:
 * a user who did not allow it (43101) or any other failure is logged and never fails the action.
 */
import type { CloudApp } from './cloud';
import { log } from './log';

export interface SubscribeMessage {
  touser: string;
  templateId: string;
  /** the mini-program page the message opens */
  page: string;
  /** keyword → value, already within WeChat's per-type limits */
  data: Record<string, string>;
}

/** WeChat's answer code (0: sent). */
export async function sendSubscribeMessage(app: CloudApp, msg: SubscribeMessage): Promise<number> {
  const requestData = {
    touser: msg.touser,
    template_id: msg.templateId,
    page: msg.page,
    lang: 'zh_CN',
    data: Object.fromEntries(Object.entries(msg.data).map(([k, value]) => [k, { value }])),
  };
  try {
    const res = await app.callWxOpenApi({ apiName: '/cgi-bin/message/subscribe/send', requestData } as Parameters<CloudApp['callWxOpenApi']>[0]);
    const errcode = Number((res as { result?: { errcode?: unknown } }).result?.errcode ?? -1);
    if (errcode !== 0) log.warn('subscribe message not sent', { template: msg.templateId, errcode });
    return errcode;
  } catch (err) {
    log.warn('subscribe message failed', { template: msg.templateId, error: err instanceof Error ? err.message : String(err) });
    return -1;
  }
}

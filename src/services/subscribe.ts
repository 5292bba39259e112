/**
 * 订阅消息: asks the person, at the moment of need (inside the tap that submits), to allow one
 * message. WeChat shows its own dialog (or nothing, if they chose 总是保持以上选择). Whatever they
 * answer, the action goes on. The H5 build has no subscribe messages, so it does not ask.
 */
import Taro from '@tarojs/taro';

/** Whether this build can ask at all: WeChat has the prompt, the H5 build has none. */
export const canAskToNotify = () => process.env.TARO_ENV === 'weapp';

export async function askToNotify(templateId: string | null): Promise<void> {
  if (!templateId || !canAskToNotify()) return;
  try {
    await Taro.requestSubscribeMessage({ tmplIds: [templateId] } as Taro.requestSubscribeMessage.Option);
  } catch {
    // refused, or an older WeChat without the API: the claim is filed all the same
  }
}

/**
 * Asks for several messages in one dialog (WeChat allows 3 per tap) and answers which of them the
 * person allowed, by name. Unset templates are left out; none set, or H5: no dialog, nothing allowed.
 */
export async function askToNotifyAll<K extends string>(templates: Partial<Record<K, string | null>>): Promise<K[]> {
  const asked = (Object.entries(templates) as [K, string | null][]).filter((e): e is [K, string] => Boolean(e[1])).slice(0, 3);
  if (asked.length === 0 || !canAskToNotify()) return [];
  try {
    const answer = (await Taro.requestSubscribeMessage({ tmplIds: asked.map(([, id]) => id) } as Taro.requestSubscribeMessage.Option)) as unknown as Record<string, string>;
    return asked.filter(([, id]) => answer[id] === 'accept').map(([name]) => name);
  } catch {
    return []; // refused, or an older WeChat without the API: the action goes on all the same
  }
}

/**
 * 订阅消息: asks the person, at the moment of need (inside the tap that submits), to allow one
 * message. WeChat shows its own dialog (or nothing, if they chose 总是保持以上选择). Whatever they
 * answer, the action goes on. The H5 build has no subscribe messages, so it does not ask.
 */
import Taro from '@tarojs/taro';

export async function askToNotify(templateId: string | null): Promise<void> {
  if (!templateId || process.env.TARO_ENV !== 'weapp') return;
  try {
    await Taro.requestSubscribeMessage({ tmplIds: [templateId] } as Taro.requestSubscribeMessage.Option);
  } catch {
    // refused, or an older WeChat without the API: the claim is filed all the same
  }
}

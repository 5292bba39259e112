/** 「拨打」: reveal the full number (checked and logged by the server), then hand it to the dialer. */
import Taro from '@tarojs/taro';
import { call } from './index';

export async function callContact(compoundId: string, personId: string): Promise<void> {
  const result = await call('org.revealPhone', { compoundId, personId });
  if (!result.ok) {
    void Taro.showToast({ title: result.error.message, icon: 'none', duration: 2500 });
    return;
  }
  try {
    await Taro.makePhoneCall({ phoneNumber: result.data.phone });
  } catch {
    // the person closed the dialer: nothing to tell them
  }
}

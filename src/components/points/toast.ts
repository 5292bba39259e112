/** Short feedback after an action. */
import Taro from '@tarojs/taro';

export function toast(title: string, ok = false): void {
  void Taro.showToast({ title, icon: ok ? 'success' : 'none', duration: ok ? 1500 : 2500 });
}

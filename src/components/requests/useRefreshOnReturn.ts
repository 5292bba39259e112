/** Reads a list again when the person comes back to it (from a request they just acted on). */
import { useRef } from 'react';
import { useDidShow } from '@tarojs/taro';

export function useRefreshOnReturn(refresh: () => void): void {
  const first = useRef(true);
  useDidShow(() => {
    if (first.current) first.current = false;
    else refresh();
  });
}

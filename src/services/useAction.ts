/**
 * Loads one action for a page: loading / ok / error state, `reload()` for retry buttons, and
 * pull-down refresh wired to the page (the page config must set `enablePullDownRefresh`).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import type { ActionInput } from '@core/contracts/index';
import { request, type ActionName, type ActionOutput, type AppErrorBody } from './index';

export type ActionState<T> =
  | { status: 'loading' }
  | { status: 'ok'; data: T }
  | { status: 'error'; error: AppErrorBody };

export function useAction<A extends ActionName>(action: A, data: ActionInput<A>) {
  const [state, setState] = useState<ActionState<ActionOutput<A>>>({ status: 'loading' });
  const key = JSON.stringify(data ?? {});
  const latest = useRef(0);

  const load = useCallback(async () => {
    const ticket = ++latest.current;
    const result = await request(action, JSON.parse(key) as ActionInput<A>);
    if (ticket !== latest.current) return; // a newer load superseded this one
    setState(result.ok ? { status: 'ok', data: result.data } : { status: 'error', error: result.error });
  }, [action, key]);

  const reload = useCallback(() => {
    setState({ status: 'loading' });
    return load();
  }, [load]);

  useEffect(() => {
    void load();
  }, [load]);

  usePullDownRefresh(() => {
    // keep what is on screen while refreshing; the spinner at the top shows progress
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  return { state, reload };
}

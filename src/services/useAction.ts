/**
 * Loads one action for a page: loading / ok / error state, `reload()` for retry buttons, and
 * pull-down refresh wired to the page (the page config must set `enablePullDownRefresh`).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import type { ActionInput } from '@core/contracts/index';
import { request, type ActionName, type ActionOutput, type AppErrorBody, type Result } from './index';

export type ActionState<T> =
  | { status: 'loading' }
  | { status: 'ok'; data: T }
  | { status: 'error'; error: AppErrorBody };

/** answers asked for ahead of the component that shows them (`usePrefetch`), by action and input */
const ahead = new Map<string, Promise<Result<unknown>>>();
/** how long an answer waits for its component after it arrived; then it is dropped, never shown stale */
const AHEAD_TTL_MS = 5_000;

function takeAhead<A extends ActionName>(action: A, key: string): Promise<Result<ActionOutput<A>>> | undefined {
  const answer = ahead.get(`${action} ${key}`);
  ahead.delete(`${action} ${key}`);
  return answer as Promise<Result<ActionOutput<A>>> | undefined;
}

/**
 * Asks for `action` when the page mounts, for a component that mounts only once the page's own call
 * has answered (首页's latest 公示 after `account.me`): that component's first load takes this answer,
 * so the two calls go together instead of one after the other.
 */
export function usePrefetch<A extends ActionName>(action: A, data: ActionInput<A>): void {
  const key = JSON.stringify(data ?? {});
  useEffect(() => {
    const k = `${action} ${key}`;
    const answer = request(action, JSON.parse(key) as ActionInput<A>);
    ahead.set(k, answer);
    void answer.then(() => setTimeout(() => ahead.get(k) === answer && ahead.delete(k), AHEAD_TTL_MS));
  }, [action, key]);
}

export function useAction<A extends ActionName>(action: A, data: ActionInput<A>) {
  const [state, setState] = useState<ActionState<ActionOutput<A>>>({ status: 'loading' });
  const key = JSON.stringify(data ?? {});
  const latest = useRef(0);

  /** `answer`: one already asked for (the first load's, from `usePrefetch`) */
  const load = useCallback(async (answer?: Promise<Result<ActionOutput<A>>>) => {
    const ticket = ++latest.current;
    const result = await (answer ?? request(action, JSON.parse(key) as ActionInput<A>));
    if (ticket !== latest.current) return; // a newer load superseded this one
    setState(result.ok ? { status: 'ok', data: result.data } : { status: 'error', error: result.error });
  }, [action, key]);

  const reload = useCallback(() => {
    setState({ status: 'loading' });
    return load();
  }, [load]);

  useEffect(() => {
    void load(takeAhead(action, key));
  }, [load, action, key]);

  usePullDownRefresh(() => {
    // keep what is on screen while refreshing; the spinner at the top shows progress
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  return { state, reload };
}

/**
 * `useAction` for a page that shows one thing and changes it: a write's answer (`setLatest`) is
 * shown instead of what was loaded until the next load (pull-down, retry), which shows the
 * server's answer again. Show `latest ?? state.data`.
 */
export function useLoadedView<A extends ActionName>(action: A, data: ActionInput<A>) {
  const { state, reload } = useAction(action, data);
  const [latest, setLatest] = useState<ActionOutput<A> | null>(null);
  useEffect(() => setLatest(null), [state]);
  return { state, reload, latest, setLatest };
}

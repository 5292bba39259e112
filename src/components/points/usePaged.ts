/**
 * A list read 20 rows at a time: page 1 on load and on pull-down refresh, the next page on
 * 「加载更多」 (appended). The page config must set `enablePullDownRefresh`.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import type { AppErrorBody, Result } from '../../services';

export const PAGE_SIZE = 20;

export type PagedState<T, O> =
  | { status: 'loading' }
  | { status: 'error'; error: AppErrorBody }
  | { status: 'ok'; rows: T[]; first: O; page: number; hasMore: boolean; loadingMore: boolean };

/**
 * `fetchPage(page)` calls the action; `rowsOf` picks the rows out of its answer. `key` names the
 * query: when it changes, the list starts again from page 1.
 */
export function usePaged<T, O extends { hasMore: boolean }>(
  key: string,
  fetchPage: (page: number) => Promise<Result<O>>,
  rowsOf: (out: O) => T[],
) {
  const [state, setState] = useState<PagedState<T, O>>({ status: 'loading' });
  const ticket = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const rowsRef = useRef(rowsOf);
  rowsRef.current = rowsOf;

  const loadFirst = useCallback(async () => {
    const mine = ++ticket.current;
    const res = await fetchRef.current(1);
    if (mine !== ticket.current) return;
    setState(
      res.ok
        ? { status: 'ok', rows: rowsRef.current(res.data), first: res.data, page: 1, hasMore: res.data.hasMore, loadingMore: false }
        : { status: 'error', error: res.error },
    );
  }, []);

  const reload = useCallback(() => {
    setState({ status: 'loading' });
    return loadFirst();
  }, [loadFirst]);

  useEffect(() => {
    void reload();
  }, [key, reload]);

  usePullDownRefresh(() => {
    void loadFirst().finally(() => Taro.stopPullDownRefresh());
  });

  const loadMore = useCallback(async () => {
    if (state.status !== 'ok' || !state.hasMore || state.loadingMore) return;
    const mine = ticket.current;
    const next = state.page + 1;
    setState({ ...state, loadingMore: true });
    const res = await fetchRef.current(next);
    if (mine !== ticket.current) return;
    if (!res.ok) {
      setState({ ...state, loadingMore: false });
      void Taro.showToast({ title: res.error.message, icon: 'none', duration: 2500 });
      return;
    }
    setState({ ...state, rows: [...state.rows, ...rowsRef.current(res.data)], page: next, hasMore: res.data.hasMore, loadingMore: false });
  }, [state]);

  return { state, reload, refresh: loadFirst, loadMore };
}

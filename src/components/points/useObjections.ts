/**
 * A publication's objections, 10 at a time: the first page comes with `points.publication.get`,
 * the next ones by cursor (`points.publication.objections`) on 「加载更多」 or on pulling up at the
 * bottom of the page. A new first page (a reload) starts the list again.
 */
import { useCallback, useMemo, useState } from 'react';
import Taro, { useReachBottom } from '@tarojs/taro';
import type { ObjectionView } from '@core/contracts/points';
import { call } from '../../services';

interface FirstPage {
  objections: ObjectionView[];
  moreObjections: string | null;
}

export function useObjections(publicationId: string, first: FirstPage | null) {
  // the pages read after `first`; they belong to that first page only (a reload drops them)
  const [more, setMore] = useState({ after: first, list: [] as ObjectionView[], cursor: first?.moreObjections ?? null, loading: false });
  const current = useMemo(() => (more.after === first ? more : { after: first, list: [], cursor: first?.moreObjections ?? null, loading: false }), [more, first]);

  const loadMore = useCallback(async () => {
    if (!current.cursor || current.loading) return;
    setMore({ ...current, loading: true });
    const res = await call('points.publication.objections', { publicationId, cursor: current.cursor });
    if (!res.ok) {
      setMore((m) => (m.after === current.after ? { ...current, loading: false } : m));
      void Taro.showToast({ title: res.error.message, icon: 'none', duration: 2500 });
      return;
    }
    // a reload meanwhile started the list again: this page is not part of it
    setMore((m) => (m.after === current.after ? { ...current, list: [...current.list, ...res.data.objections], cursor: res.data.nextCursor, loading: false } : m));
  }, [publicationId, current]);

  useReachBottom(() => void loadMore());

  return { objections: [...(first?.objections ?? []), ...current.list], hasMore: current.cursor !== null, loading: current.loading, loadMore };
}

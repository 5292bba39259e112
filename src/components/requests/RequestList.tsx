/** A paged list of requests with its loading, error and empty states, and 「加载更多」. */
import { View } from '@tarojs/components';
import type { RequestRow as Row } from '@core/contracts/requests';
import StatusView from '../StatusView';
import MoreButton from '../points/MoreButton';
import type { PagedState } from '../points/usePaged';
import RequestRow from './RequestRow';

interface Props<O> {
  state: PagedState<Row, O>;
  reload: () => void;
  loadMore: () => Promise<void>;
  onOpen: (row: Row) => void;
  empty: { text: string; hint?: string };
}

export default function RequestList<O>({ state, reload, loadMore, onOpen, empty }: Props<O>) {
  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={reload} />;
  if (state.rows.length === 0) return <StatusView kind='empty' text={empty.text} hint={empty.hint} />;
  return (
    <>
      <View className='card'>
        {state.rows.map((r) => (
          <RequestRow key={r.id} row={r} onOpen={onOpen} />
        ))}
      </View>
      <MoreButton hasMore={state.hasMore} loading={state.loadingMore} onMore={() => void loadMore()} />
    </>
  );
}

/** A paged list of wishes with its loading, error and empty states, and 「加载更多」. */
import { View } from '@tarojs/components';
import StatusView from '../StatusView';
import MoreButton from '../points/MoreButton';
import type { PagedState } from '../points/usePaged';
import WishRow from './WishRow';

type Row = Parameters<typeof WishRow>[0]['wish'];

interface Props<T extends Row, O> {
  state: PagedState<T, O>;
  reload: () => void;
  loadMore: () => Promise<void>;
  onOpen: (id: string) => void;
  empty: { text: string; hint?: string };
}

export default function WishList<T extends Row, O>({ state, reload, loadMore, onOpen, empty }: Props<T, O>) {
  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={reload} />;
  if (state.rows.length === 0) return <StatusView kind='empty' text={empty.text} hint={empty.hint} />;
  return (
    <>
      <View className='card'>
        {state.rows.map((w) => (
          <WishRow key={w.id} wish={w} onOpen={onOpen} />
        ))}
      </View>
      <MoreButton hasMore={state.hasMore} loading={state.loadingMore} onMore={() => void loadMore()} />
    </>
  );
}

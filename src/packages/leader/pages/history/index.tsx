/** 积分明细: every entry of the person's ledger, newest first, 20 at a time; 冲正 shown with the reason. */
import { View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { EntryView } from '@core/contracts/points';
import Page from '../../../../components/Page';
import StatusView from '../../../../components/StatusView';
import EntryItem from '../../../../components/points/EntryItem';
import MoreButton from '../../../../components/points/MoreButton';
import { PAGE_SIZE, usePaged } from '../../../../components/points/usePaged';
import { queryValue } from '../../../../components/points/routes';
import { call } from '../../../../services';
import '../../../../components/points/points.scss';

export default function History() {
  // staff and secretaries open someone else's ledger with ?personId=
  const personId = queryValue(useRouter().params.personId);
  const { state, reload, loadMore } = usePaged(
    personId ?? 'me',
    (page) => call('points.history', { page, pageSize: PAGE_SIZE, ...(personId ? { personId } : {}) }),
    (o) => o.entries,
  );

  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={reload} />;
  if (state.rows.length === 0) return <StatusView kind='empty' text='还没有积分记录' hint='参加服务、申报事项通过后，积分会记在这里。' />;

  return (
    <Page>
      <View className='card'>
        {state.rows.map((e: EntryView) => (
          <EntryItem key={e.id} entry={e} showPerson={Boolean(personId)} />
        ))}
      </View>
      <MoreButton hasMore={state.hasMore} loading={state.loadingMore} onMore={() => void loadMore()} />
    </Page>
  );
}

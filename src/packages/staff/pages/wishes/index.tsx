/**
 * 微心愿管理 (staff): every wish of the community by status, those the sweep raised (逾期未认领, 已催办,
 * with their counts) and those held for review; a row opens the wish, where staff pass or reject a
 * held one. 导出台账 writes every wish to .xlsx.
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import type { ActionInput } from '@core/contracts/index';
import { WISH_FLAG_LABELS, WISH_STATUS_LABELS, type WishFlag, type WishStatus } from '@core/labels/wishes';
import Page from '../../../../components/Page';
import Tabs from '../../../../components/points/Tabs';
import { openExport } from '../../../../components/points/openExport';
import { toast } from '../../../../components/points/toast';
import { PAGE_SIZE, usePaged } from '../../../../components/points/usePaged';
import StaffCommunity from '../../../../components/requests/StaffCommunity';
import { useRefreshOnReturn } from '../../../../components/requests/useRefreshOnReturn';
import WishList from '../../../../components/wishes/WishList';
import { call } from '../../../../services';
import { PAGES } from '../../../../routes';
import '../../../../components/points/points.scss';

type Filter = 'all' | WishStatus | WishFlag | 'held';
const STATUSES: WishStatus[] = ['open', 'claimed', 'fulfilled', 'confirmed'];

function filterInput(f: Filter): Omit<ActionInput<'wishes.list'>, 'page' | 'pageSize'> {
  if (f === 'all') return {};
  if (f === 'held') return { moderation: 'review' };
  if (f === 'unclaimed' || f === 'chased') return { flag: f };
  return { status: f };
}

function ExportButton() {
  const [busy, setBusy] = useState(false);
  async function exportAll() {
    setBusy(true);
    const res = await call('wishes.export', {});
    setBusy(false);
    if (!res.ok) return toast(res.error.message);
    await openExport(res.data);
  }
  return (
    <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={busy ? undefined : () => void exportAll()}>
      {busy ? '正在导出…' : '导出心愿台账'}
    </View>
  );
}

function Board() {
  const [filter, setFilter] = useState<Filter>('all');
  const { state, reload, refresh, loadMore } = usePaged(filter, (page) => call('wishes.list', { ...filterInput(filter), page, pageSize: PAGE_SIZE }), (o) => o.items);
  useRefreshOnReturn(() => void refresh());
  const counts = state.status === 'ok' ? state.first.counts : null;
  const flagLabel = (f: WishFlag) => `${WISH_FLAG_LABELS[f]}${counts ? ` ${counts[f]}` : ''}`;
  const options: { value: Filter; label: string }[] = [
    { value: 'all', label: '全部' },
    ...STATUSES.map((s) => ({ value: s as Filter, label: WISH_STATUS_LABELS[s] })),
    { value: 'unclaimed', label: flagLabel('unclaimed') },
    { value: 'chased', label: flagLabel('chased') },
    { value: 'held', label: '待审核' },
  ];
  return (
    <Page>
      <Tabs options={options} value={filter} onChange={setFilter} />
      <WishList
        state={state}
        reload={reload}
        loadMore={loadMore}
        onOpen={(id) => void Taro.navigateTo({ url: `${PAGES.wish}?id=${id}` })}
        empty={{ text: filter === 'all' ? '社区里还没有微心愿' : '没有这类心愿' }}
      />
      <View className='pt-actions'>
        <ExportButton />
      </View>
    </Page>
  );
}

export default function StaffWishes() {
  return <StaffCommunity>{() => <Board />}</StaffCommunity>;
}

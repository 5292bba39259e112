/**
 * 社区公告: the notices in the person's scope by category (置顶 and 应急 first, unread marked), 20 at a
 * time, pull down to refresh; and 公告提醒: WeChat's subscribe prompt, asked in the tap, one reminder of
 * the chosen category per 「允许」.
 */
import { useState } from 'react';
import { View } from '@tarojs/components';
import type { NoticeCategory } from '@core/domain/notices/blocks';
import { NOTICE_CATEGORIES, NOTICE_CATEGORY_LABELS } from '@core/domain/notices/blocks';
import Page from '../../../../components/Page';
import StatusView from '../../../../components/StatusView';
import Tabs from '../../../../components/points/Tabs';
import MoreButton from '../../../../components/points/MoreButton';
import { usePaged } from '../../../../components/points/usePaged';
import { useRefreshOnReturn } from '../../../../components/requests/useRefreshOnReturn';
import NoticeRow from '../../../../components/notices/NoticeRow';
import NoticeReminders from '../../../../components/notices/NoticeReminders';
import { call } from '../../../../services';

type Filter = 'all' | NoticeCategory;
const FILTERS: { value: Filter; label: string }[] = [{ value: 'all', label: '全部' }, ...NOTICE_CATEGORIES.map((c) => ({ value: c, label: NOTICE_CATEGORY_LABELS[c] }))];

export default function Notices() {
  const [filter, setFilter] = useState<Filter>('all');
  const { state, reload, refresh, loadMore } = usePaged(
    filter,
    (page) => call('notices.list', { view: 'feed', page, ...(filter === 'all' ? {} : { category: filter }) }),
    (o) => o.items,
  );
  // a notice just opened is no longer unread
  useRefreshOnReturn(() => void refresh());
  const none = filter === 'all' ? '暂时没有公告' : `暂时没有${NOTICE_CATEGORY_LABELS[filter]}`;

  return (
    <Page>
      <NoticeReminders />
      <Tabs options={FILTERS} value={filter} onChange={setFilter} />
      {state.status === 'loading' && <StatusView kind='loading' />}
      {state.status === 'error' && <StatusView kind='error' error={state.error} onRetry={reload} />}
      {state.status === 'ok' && state.rows.length === 0 && <StatusView kind='empty' text={none} hint='社区发布的公告会出现在这里' />}
      {state.status === 'ok' && state.rows.length > 0 && (
        <>
          <View className='card'>
            {state.rows.map((n) => (
              <NoticeRow key={n.id} notice={n} />
            ))}
          </View>
          <MoreButton hasMore={state.hasMore} loading={state.loadingMore} onMore={() => void loadMore()} />
        </>
      )}
    </Page>
  );
}

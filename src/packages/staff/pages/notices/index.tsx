/**
 * 公告管理 (staff): every notice of the community, drafts too, newest change first, by category;
 * each row shows its state (and the 公众号's) and opens it in the editor. 「写公告」 starts a new one.
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { NoticeSummary } from '@core/contracts/notices';
import { NOTICE_CATEGORIES, NOTICE_CATEGORY_LABELS, type NoticeCategory } from '@core/domain/notices/blocks';
import { NOTICE_STATE_LABELS } from '@core/labels/notices';
import Page from '../../../../components/Page';
import Section from '../../../../components/Section';
import StatusView from '../../../../components/StatusView';
import MoreButton from '../../../../components/points/MoreButton';
import Tabs from '../../../../components/points/Tabs';
import { dateTime } from '../../../../components/points/format';
import { usePaged } from '../../../../components/points/usePaged';
import { useRefreshOnReturn } from '../../../../components/requests/useRefreshOnReturn';
import { call } from '../../../../services';
import { PAGES } from '../../../../routes';
import '../../../../components/points/points.scss';
import '../../../../components/notices/notices.scss';
import '../../../../components/notices/editor.scss';

type Filter = NoticeCategory | 'all';
const FILTERS: { value: Filter; label: string }[] = [{ value: 'all', label: '全部' }, ...NOTICE_CATEGORIES.map((c) => ({ value: c as Filter, label: NOTICE_CATEGORY_LABELS[c] }))];

const open = (id?: string) => void Taro.navigateTo({ url: id ? `${PAGES.noticeEdit}?id=${id}` : PAGES.noticeEdit });

function Row({ notice: n }: { notice: NoticeSummary }) {
  const state = NOTICE_STATE_LABELS[n.state];
  const when = n.publishedAt ? `发布于 ${dateTime(n.publishedAt)}` : '';
  return (
    <View className='nt-row' role='button' hoverClass='entry--pressed' aria-label={`${state}，${NOTICE_CATEGORY_LABELS[n.category]}：${n.title}${when ? `，${when}` : ''}`} onClick={() => open(n.id)}>
      <Text className='nt-row__title'>{n.title}</Text>
      <Text className='nt-row__meta'>
        <Text className={n.state === 'published' ? 'tag tag--solid' : 'tag tag--grey'}>{state}</Text>
        <Text className='ne-row-state'>
          {NOTICE_CATEGORY_LABELS[n.category]}
          {n.pinned ? ' · 置顶' : ''}
          {when ? ` · ${when}` : ''}
        </Text>
      </Text>
    </View>
  );
}

export default function StaffNotices() {
  const [filter, setFilter] = useState<Filter>('all');
  const category = filter === 'all' ? {} : { category: filter };
  const { state, reload, refresh, loadMore } = usePaged(filter, (page) => call('notices.list', { view: 'staff', page, ...category }), (o) => o.items);
  useRefreshOnReturn(() => void refresh());

  return (
    <Page>
      <View className='pt-actions'>
        <View role='button' className='btn' hoverClass='btn--pressed' onClick={() => open()}>
          写公告
        </View>
      </View>
      <Tabs options={FILTERS} value={filter} onChange={setFilter} />
      {state.status === 'loading' && <StatusView kind='loading' />}
      {state.status === 'error' && <StatusView kind='error' error={state.error} onRetry={() => void reload()} />}
      {state.status === 'ok' &&
        (state.rows.length === 0 ? (
          <StatusView kind='empty' text={filter === 'all' ? '还没有公告' : `还没有${NOTICE_CATEGORY_LABELS[filter]}`} hint='点「写公告」编写第一条' />
        ) : (
          <Section title='公告'>
            {state.rows.map((n) => (
              <Row key={n.id} notice={n} />
            ))}
            <MoreButton hasMore={state.hasMore} loading={state.loadingMore} onMore={() => void loadMore()} />
          </Section>
        ))}
    </Page>
  );
}

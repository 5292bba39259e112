/**
 * 社区活动: 可报名 (the community's coming activities the caller may join), 我报名的, and for
 * organisers 我组织的; 20 a page, pull down to refresh. Staff and branch secretaries 「发布活动」.
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import type { MeView } from '@core/contracts/account';
import type { ActivityCard as Card } from '@core/contracts/activities';
import Page from '../../../../components/Page';
import StatusView from '../../../../components/StatusView';
import GetIn from '../../../../components/GetIn';
import Tabs from '../../../../components/points/Tabs';
import MoreButton from '../../../../components/points/MoreButton';
import { usePaged } from '../../../../components/points/usePaged';
import { useRefreshOnReturn } from '../../../../components/requests/useRefreshOnReturn';
import ActivityCard from '../../../../components/activities/ActivityCard';
import { publishesActivities } from '../../../../components/activities/organisers';
import { call } from '../../../../services';
import { useAction } from '../../../../services/useAction';
import { open, PAGES } from '../../../../routes';
import '../../../../components/points/points.scss';

type ListView = 'open' | 'mine' | 'organising';

const EMPTY: Record<ListView, { text: string; hint?: string }> = {
  open: { text: '最近没有可以报名的活动', hint: '社区、支部和服务队发布活动后会出现在这里' },
  mine: { text: '还没有报名活动', hint: '在「可报名」里挑一个感兴趣的活动报名吧' },
  organising: { text: '还没有组织过活动', hint: '点「发布活动」组织第一场' },
};

function List({ me }: { me: Extract<MeView, { bound: true }> }) {
  const organiser = publishesActivities(me);
  const tabs: { value: ListView; label: string }[] = [
    { value: 'open', label: '可报名' },
    { value: 'mine', label: '我报名的' },
    ...(organiser ? [{ value: 'organising' as const, label: '我组织的' }] : []),
  ];
  const [view, setView] = useState<ListView>('open');
  const { state, reload, refresh, loadMore } = usePaged(view, (page) => call('activities.list', { view, page }), (o) => o.items);
  useRefreshOnReturn(() => void refresh());
  const openCard = (c: Card) => void Taro.navigateTo({ url: `${PAGES.activity}?id=${c.id}` });

  return (
    <Page>
      {organiser && (
        <View className='pt-actions'>
          <View role='button' className='btn' hoverClass='btn--pressed' onClick={() => open('activityEdit')}>
            发布活动
          </View>
        </View>
      )}
      <Tabs options={tabs} value={view} onChange={setView} />
      {state.status === 'loading' ? (
        <StatusView kind='loading' />
      ) : state.status === 'error' ? (
        <StatusView kind='error' error={state.error} onRetry={() => void reload()} />
      ) : state.rows.length === 0 ? (
        <StatusView kind='empty' text={EMPTY[view].text} hint={EMPTY[view].hint} />
      ) : (
        <>
          <View className='card'>
            {state.rows.map((c) => (
              <ActivityCard key={c.id} card={c} onOpen={openCard} />
            ))}
          </View>
          <MoreButton hasMore={state.hasMore} loading={state.loadingMore} onMore={() => void loadMore()} />
        </>
      )}
    </Page>
  );
}

export default function Activities() {
  const { state, reload } = useAction('account.me', {});
  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={reload} />;
  const me = state.data;
  if (!me.bound) {
    return (
      <Page>
        <GetIn title='绑定身份后就能报名社区活动' nextStep={me.nextStep} />
      </Page>
    );
  }
  return <List me={me} />;
}

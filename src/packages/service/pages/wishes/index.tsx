/**
 * 心愿墙: the open wishes of the community (or only the caller's compound), newest first, the
 * beneficiary masked; a tap opens the wish, where party members and leaders claim it. Residents
 * with a home 「我要许愿」; grid workers and building heads also 「代人许愿」 for a resident they serve.
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import type { MeView } from '@core/contracts/account';
import Page from '../../../../components/Page';
import StatusView from '../../../../components/StatusView';
import GetIn from '../../../../components/GetIn';
import Tabs from '../../../../components/points/Tabs';
import { PAGE_SIZE, usePaged } from '../../../../components/points/usePaged';
import { useRefreshOnReturn } from '../../../../components/requests/useRefreshOnReturn';
import WishList from '../../../../components/wishes/WishList';
import { postsForResidents } from '../../../../components/wishes/roles';
import { call } from '../../../../services';
import { useAction } from '../../../../services/useAction';
import { openWith, PAGES } from '../../../../routes';
import '../../../../components/points/points.scss';

type Scope = 'community' | 'compound';

function Wall({ me }: { me: Extract<MeView, { bound: true }> }) {
  const compoundId = me.person.compoundId;
  const [scope, setScope] = useState<Scope>('community');
  const query = scope === 'compound' && compoundId ? { compoundId } : {};
  const { state, reload, refresh, loadMore } = usePaged(scope, (page) => call('wishes.wall', { ...query, page, pageSize: PAGE_SIZE }), (o) => o.items);
  useRefreshOnReturn(() => void refresh());
  const proxy = postsForResidents(me);
  return (
    <Page>
      {(me.person.householdId || proxy) && (
        <View className='pt-actions'>
          {me.person.householdId && (
            <View role='button' className='btn' hoverClass='btn--pressed' onClick={() => openWith('wishPost', {})}>
              我要许愿
            </View>
          )}
          {proxy && (
            <View role='button' className={me.person.householdId ? 'btn btn--ghost' : 'btn'} hoverClass='btn--pressed' onClick={() => openWith('wishPost', { proxy: '1' })}>
              代人许愿
            </View>
          )}
        </View>
      )}
      {compoundId && (
        <Tabs
          options={[
            { value: 'community', label: '全社区' },
            { value: 'compound', label: me.person.compoundName ?? '本小区' },
          ]}
          value={scope}
          onChange={setScope}
        />
      )}
      <WishList
        state={state}
        reload={reload}
        loadMore={loadMore}
        onOpen={(id) => void Taro.navigateTo({ url: `${PAGES.wish}?id=${id}` })}
        empty={{ text: '心愿墙上暂时没有待认领的心愿', hint: '有新的心愿会出现在这里' }}
      />
    </Page>
  );
}

export default function Wishes() {
  const { state, reload } = useAction('account.me', {});
  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={reload} />;
  if (!state.data.bound) {
    return (
      <Page>
        <GetIn title='绑定身份后就能查看心愿墙' nextStep={state.data.nextStep} />
      </Page>
    );
  }
  return <Wall me={state.data} />;
}

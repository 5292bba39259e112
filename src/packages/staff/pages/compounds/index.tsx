/** 各小区公示牌 (staff): the compounds the person looks after, 20 at a time; tapping one opens its board. */
import { useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { CompoundSummary } from '@core/contracts/org';
import Page from '../../../../components/Page';
import StatusView from '../../../../components/StatusView';
import { call } from '../../../../services';
import { useAction } from '../../../../services/useAction';
import { openDirectory } from '../../../../routes';

const PAGE_SIZE = 20;

interface Later {
  items: CompoundSummary[];
  page: number;
  hasMore: boolean;
  busy: boolean;
}

export default function Compounds() {
  const { state, reload } = useAction('org.compounds', { page: 1, pageSize: PAGE_SIZE });
  // pages after the first, appended by 「加载更多」; reset whenever the first page is (re)loaded
  const [later, setLater] = useState<Later>({ items: [], page: 1, hasMore: false, busy: false });
  useEffect(() => {
    if (state.status === 'ok') setLater({ items: [], page: 1, hasMore: state.data.hasMore, busy: false });
  }, [state]);

  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={reload} />;

  const compounds = [...state.data.compounds, ...later.items];
  if (compounds.length === 0) return <StatusView kind='empty' text='您负责的范围里还没有登记小区' />;

  async function loadMore() {
    setLater((l) => ({ ...l, busy: true }));
    const next = await call('org.compounds', { page: later.page + 1, pageSize: PAGE_SIZE });
    if (!next.ok) {
      setLater((l) => ({ ...l, busy: false }));
      void Taro.showToast({ title: next.error.message, icon: 'none' });
      return;
    }
    setLater((l) => ({ items: [...l.items, ...next.data.compounds], page: l.page + 1, hasMore: next.data.hasMore, busy: false }));
  }

  const communities = new Set(compounds.map((c) => c.communityName));
  return (
    <Page>
      {compounds.map((c) => (
        <View className='entry' role='button' hoverClass='entry--pressed' key={c.id} onClick={() => openDirectory(c.id)}>
          <View className='entry__body'>
            <Text className='entry__title'>{c.name}</Text>
            <View>
              <Text className='tag tag--solid'>{c.type}</Text>
              <Text className='tag'>{c.propertyMode}</Text>
              {c.sanwu && <Text className='tag tag--grey'>三无小区</Text>}
            </View>
            <View className='entry__desc'>
              {communities.size > 1 && `${c.communityName} · `}共 {c.buildingCount} 栋楼
            </View>
          </View>
          <Text className='entry__arrow' aria-hidden='true'>
            ›
          </Text>
        </View>
      ))}
      {later.hasMore && (
        <View role='button' className='btn btn--ghost more' hoverClass='btn--pressed' onClick={later.busy ? undefined : () => void loadMore()}>
          {later.busy ? '正在加载…' : '加载更多'}
        </View>
      )}
    </Page>
  );
}

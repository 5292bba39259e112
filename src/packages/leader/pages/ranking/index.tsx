/**
 * 排行榜: the live ranking of a period (month/quarter/year) in the branch or the community. Equal
 * points share a rank; names are masked unless the viewer may see them (the server decides).
 */
import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import type { PeriodType, RankScope, RankingRow } from '@core/contracts/points';
import Page from '../../../../components/Page';
import StatusView from '../../../../components/StatusView';
import Tabs from '../../../../components/points/Tabs';
import MoreButton from '../../../../components/points/MoreButton';
import { PERIOD_TABS, currentPeriod } from '../../../../components/points/format';
import { PAGE_SIZE, usePaged } from '../../../../components/points/usePaged';
import { call } from '../../../../services';
import '../../../../components/points/points.scss';

const SCOPES: { value: RankScope; label: string }[] = [
  { value: 'branch', label: '本支部' },
  { value: 'community', label: '全社区' },
];

export default function Ranking() {
  const [type, setType] = useState<PeriodType>('month');
  const [scope, setScope] = useState<RankScope>('branch');
  const period = currentPeriod(type);
  const { state, reload, loadMore } = usePaged(
    `${period}|${scope}`,
    (page) => call('points.ranking', { period, scope, page, pageSize: PAGE_SIZE }),
    (o) => o.rows,
  );

  return (
    <Page>
      <Tabs options={PERIOD_TABS.map((t) => ({ value: t.type, label: t.label }))} value={type} onChange={setType} />
      <Tabs options={SCOPES} value={scope} onChange={setScope} />
      {state.status === 'loading' && <StatusView kind='loading' />}
      {state.status === 'error' && <StatusView kind='error' error={state.error} onRetry={reload} />}
      {state.status === 'ok' && state.rows.length === 0 && (
        <StatusView kind='empty' text={`${state.first.period.label}还没有人获得积分`} hint='有了积分记录后，这里会按分数排名。' />
      )}
      {state.status === 'ok' && state.rows.length > 0 && (
        <>
          <View className='card'>
            <View className='muted'>{state.first.period.label} · 暂定排名，同分同名次</View>
            {state.rows.map((r: RankingRow) => (
              <View key={r.personId} className={`pt-rank${r.isMe ? ' pt-rank--me' : ''}`}>
                <Text className='pt-rank__no'>{r.rank}</Text>
                <Text className='pt-rank__name'>
                  {r.name}
                  {r.isMe && '（我）'}
                </Text>
                <Text className='pt-rank__points'>{r.points} 分</Text>
                <Text className='pt-rank__grade'>{r.grade}</Text>
              </View>
            ))}
          </View>
          <MoreButton hasMore={state.hasMore} loading={state.loadingMore} onMore={() => void loadMore()} />
        </>
      )}
    </Page>
  );
}

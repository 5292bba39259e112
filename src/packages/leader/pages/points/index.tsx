/** 我的积分: balance, this period's points, rank in branch and community, the grade so far. */
import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import type { PeriodType } from '@core/contracts/points';
import Page from '../../../../components/Page';
import Entry from '../../../../components/Entry';
import Section from '../../../../components/Section';
import StatusView from '../../../../components/StatusView';
import Tabs from '../../../../components/points/Tabs';
import { PERIOD_TABS, currentPeriod } from '../../../../components/points/format';
import { openPoints } from '../../../../components/points/routes';
import { useAction } from '../../../../services/useAction';
import '../../../../components/points/points.scss';

const rankText = (r: { rank: number; of: number } | null) => (r ? `第 ${r.rank} 名` : '暂无');
const ofText = (r: { rank: number; of: number } | null, where: string) => (r ? `${where}共 ${r.of} 人` : `${where}排名`);

export default function MyPoints() {
  const [type, setType] = useState<PeriodType>('month');
  const { state, reload } = useAction('points.balance', { period: currentPeriod(type) });

  return (
    <Page>
      <Tabs options={PERIOD_TABS.map((t) => ({ value: t.type, label: t.label }))} value={type} onChange={setType} />
      {state.status === 'loading' && <StatusView kind='loading' />}
      {state.status === 'error' && <StatusView kind='error' error={state.error} onRetry={reload} />}
      {state.status === 'ok' && (
        <Section title={state.data.person.name} extra={<Text className='tag tag--solid'>{state.data.grade}（暂定）</Text>} highlight>
          <View className='pt-stats'>
            <View className='pt-stat'>
              <Text className='pt-stat__value'>{state.data.balance}</Text>
              <Text className='pt-stat__label'>累计积分</Text>
            </View>
            <View className='pt-stat'>
              <Text className='pt-stat__value'>{state.data.period.points}</Text>
              <Text className='pt-stat__label'>{state.data.period.label}积分</Text>
            </View>
            <View className='pt-stat'>
              <Text className='pt-stat__value'>{rankText(state.data.rank.branch)}</Text>
              <Text className='pt-stat__label'>{ofText(state.data.rank.branch, '支部')}</Text>
            </View>
            <View className='pt-stat'>
              <Text className='pt-stat__value'>{rankText(state.data.rank.community)}</Text>
              <Text className='pt-stat__label'>{ofText(state.data.rank.community, '社区')}</Text>
            </View>
          </View>
          <View className='muted'>等次按社区公布的分数线暂定，以公示定稿为准。</View>
        </Section>
      )}
      <Entry title='积分明细' desc='每一笔积分的来历，最新的在前' onClick={() => openPoints('history')} />
      <Entry title='积分申报' desc='做了服务事项，上传照片申报积分' onClick={() => openPoints('claim')} />
      <Entry title='排行榜' desc='看看支部和社区的积分排名' onClick={() => openPoints('ranking')} />
    </Page>
  );
}

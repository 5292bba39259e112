/**
 * 积分 tab: for a Red Neighbor Leader, their summary and the ways to their points; for a branch
 * secretary or community staff, the management entries with the count waiting for review; for
 * everyone, the latest public notice (公示) of the community.
 */
import { View, Text } from '@tarojs/components';
import type { MeView } from '@core/contracts/account';
import Page from '../../components/Page';
import Entry from '../../components/Entry';
import Section from '../../components/Section';
import StatusView from '../../components/StatusView';
import GetIn from '../../components/GetIn';
import LatestPublication from '../../components/points/LatestPublication';
import { openPoints } from '../../components/points/routes';
import { useAction } from '../../services/useAction';
import '../../components/points/points.scss';

type BoundMe = Extract<MeView, { bound: true }>;
const has = (me: BoundMe, ...roles: string[]) => me.roles.some((r) => roles.includes(r.role));

function LeaderSummary() {
  const { state, reload } = useAction('points.balance', {});
  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={reload} />;
  const b = state.data;
  return (
    <Section title='我的积分' extra={<Text className='tag tag--solid'>{b.grade}（暂定）</Text>} highlight>
      <View className='pt-stats' role='button' aria-label={`我的积分：累计 ${b.balance} 分，查看详情`} onClick={() => openPoints('myPoints')}>
        <View className='pt-stat'>
          <Text className='pt-stat__value'>{b.balance}</Text>
          <Text className='pt-stat__label'>累计积分</Text>
        </View>
        <View className='pt-stat'>
          <Text className='pt-stat__value'>{b.period.points}</Text>
          <Text className='pt-stat__label'>{b.period.label}</Text>
        </View>
        <View className='pt-stat'>
          <Text className='pt-stat__value'>{b.rank.branch ? `第 ${b.rank.branch.rank} 名` : '暂无'}</Text>
          <Text className='pt-stat__label'>支部排名</Text>
        </View>
        <View className='pt-stat'>
          <Text className='pt-stat__value'>{b.rank.community ? `第 ${b.rank.community.rank} 名` : '暂无'}</Text>
          <Text className='pt-stat__label'>社区排名</Text>
        </View>
      </View>
    </Section>
  );
}

function ReviewEntry() {
  const { state } = useAction('points.claim.list', { box: 'pending', page: 1, pageSize: 20 });
  const count = state.status === 'ok' ? `${state.data.claims.length}${state.data.hasMore ? '+' : ''}` : null;
  return (
    <Entry
      title={count && count !== '0' ? `待审核（${count}）` : '待审核'}
      desc={count === '0' ? '没有待审核的积分申报' : '近邻长的积分申报，等您审核'}
      onClick={() => openPoints('review')}
    />
  );
}

export default function Points() {
  const { state, reload } = useAction('account.me', {});
  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={reload} />;
  const me = state.data;
  if (!me.bound) {
    return (
      <Page>
        <GetIn nextStep={me.nextStep} />
      </Page>
    );
  }

  const leader = has(me, 'leader');
  const reviewer = has(me, 'secretary', 'staff', 'admin');
  const staff = has(me, 'staff', 'admin');
  return (
    <Page>
      {leader && (
        <>
          <LeaderSummary />
          <Entry title='积分明细' desc='每一笔积分的来历' onClick={() => openPoints('history')} />
          <Entry title='积分申报' desc='做了服务事项，上传照片申报' onClick={() => openPoints('claim')} />
        </>
      )}
      <Entry title='排行榜' desc='支部和社区的积分排名' onClick={() => openPoints('ranking')} />
      {reviewer && <ReviewEntry />}
      {staff && (
        <>
          <Entry title='积分调整' desc='按事项集中加分、加减分调整、冲正' onClick={() => openPoints('award')} />
          <Entry title='积分规则' desc='积分事项、分值和上限' onClick={() => openPoints('rules')} />
          <Entry title='公示管理' desc='发布排名公示、答复异议、导出台账' onClick={() => openPoints('publications')} />
        </>
      )}
      <Section title='积分公示'>
        <LatestPublication />
      </Section>
    </Page>
  );
}

/**
 * 志愿服务队: the community's teams — their type, services, members and volunteer hours, the
 * caller's own teams and applications marked. A team opens its page, where residents apply to join.
 */
import { View, Text } from '@tarojs/components';
import type { TeamSummary } from '@core/contracts/teams';
import Page from '../../../../components/Page';
import StatusView from '../../../../components/StatusView';
import { useRefreshOnReturn } from '../../../../components/requests/useRefreshOnReturn';
import { standingOf } from '../../../../components/teams/standing';
import { useAction } from '../../../../services/useAction';
import { openWith } from '../../../../routes';

function TeamRow({ team }: { team: TeamSummary }) {
  const standing = standingOf(team.me);
  return (
    <View className='entry' role='button' hoverClass='entry--pressed' onClick={() => openWith('team', { id: team.id })}>
      <View className='entry__body'>
        <Text className='entry__title'>{team.name}</Text>
        <View>
          <Text className='tag'>{team.type}</Text>
          {standing && <Text className={standing.mine ? 'tag tag--solid' : 'tag tag--grey'}>{standing.label}</Text>}
        </View>
        <View className='entry__desc'>{`服务：${team.services.join('、') || '暂未填写'}`}</View>
        <View className='entry__desc'>{`${team.memberCount} 名队员 · 累计志愿服务 ${team.hours} 小时`}</View>
      </View>
      <Text className='entry__arrow' aria-hidden='true'>
        ›
      </Text>
    </View>
  );
}

export default function Teams() {
  const { state, reload } = useAction('teams.list', {});
  // back from a team page: an application or a new member shows here too
  useRefreshOnReturn(() => void reload());

  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={() => void reload()} />;
  if (state.data.items.length === 0) return <StatusView kind='empty' text='社区还没有志愿服务队' hint='社区组建服务队后，会在这里出现，可以申请加入。' />;
  return (
    <Page>
      <View className='muted'>点开一支服务队，看看他们做什么，也可以申请加入。</View>
      {state.data.items.map((team) => (
        <TeamRow key={team.id} team={team} />
      ))}
    </Page>
  );
}

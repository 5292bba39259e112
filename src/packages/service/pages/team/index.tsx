/**
 * 服务队 (?id=): what the team does, its leader, its members (names masked to the public by the
 * server) with their volunteer hours, and its recent activities; 申请加入 with a note and the state
 * of the caller's application; for the leader and staff, the pending applications to decide.
 */
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { TeamView } from '@core/contracts/teams';
import Page from '../../../../components/Page';
import Section from '../../../../components/Section';
import Entry from '../../../../components/Entry';
import StatusView from '../../../../components/StatusView';
import ApplyForm from '../../../../components/teams/ApplyForm';
import Applications from '../../../../components/teams/Applications';
import { standingOf } from '../../../../components/teams/standing';
import { dateTime } from '../../../../components/points/format';
import { queryValue } from '../../../../components/points/routes';
import { useAction } from '../../../../services/useAction';
import { openWith } from '../../../../routes';
import '../../../../components/points/points.scss';

type Activity = TeamView['recentActivities'][number];

function activityState(a: Activity): string {
  if (a.status === 'finished') return '已结束';
  return a.startAt > new Date().toISOString() ? '即将开始' : '进行中';
}

function Overview({ team }: { team: TeamView }) {
  const standing = standingOf(team.me);
  const hours = team.members.reduce((n, m) => n + m.hours, 0);
  return (
    <Section title={team.name}>
      <View>
        <Text className='tag'>{team.type}</Text>
        {standing && <Text className={standing.mine ? 'tag tag--solid' : 'tag tag--grey'}>{standing.label}</Text>}
      </View>
      <View>{`队长：${team.leader ?? '暂无'}`}</View>
      <View>{`${team.members.length} 名队员 · 累计志愿服务 ${Math.round(hours * 100) / 100} 小时`}</View>
      <View className='pt-field'>
        <Text className='pt-field__label'>服务内容</Text>
        {team.services.length ? team.services.map((s) => <View key={s}>{`· ${s}`}</View>) : <View className='muted'>暂未填写</View>}
      </View>
    </Section>
  );
}

function Members({ team }: { team: TeamView }) {
  return (
    <Section title='队员和志愿时长'>
      {team.members.length === 0 && <View className='muted'>还没有队员。</View>}
      {team.members.map((m, i) => (
        <View key={`${i}-${m.name}`} className='pt-entry'>
          <View className='pt-entry__main'>
            <Text className='pt-entry__title'>{m.name}</Text>
          </View>
          <Text className='pt-entry__points'>{`${m.hours} 小时`}</Text>
        </View>
      ))}
      <View className='muted'>志愿时长来自参加并签到的活动，活动结束后计入。</View>
    </Section>
  );
}

function RecentActivities({ team }: { team: TeamView }) {
  return (
    <Section title='最近的活动'>
      {team.recentActivities.length === 0 && <View className='muted'>还没有组织过活动。</View>}
      {team.recentActivities.map((a) => (
        <View key={a.id} className='entry' role='button' hoverClass='entry--pressed' onClick={() => openWith('activity', { id: a.id })}>
          <View className='entry__body'>
            <Text className='entry__title'>{a.title}</Text>
            <View>
              <Text className={a.status === 'finished' ? 'tag tag--grey' : 'tag'}>{activityState(a)}</Text>
            </View>
            <View className='entry__desc'>{`${dateTime(a.startAt)} · ${a.place}`}</View>
          </View>
          <Text className='entry__arrow' aria-hidden='true'>
            ›
          </Text>
        </View>
      ))}
    </Section>
  );
}

export default function Team() {
  const teamId = queryValue(Taro.getCurrentInstance().router?.params.id) ?? '';
  const { state, reload } = useAction('teams.get', { teamId });

  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={() => void reload()} />;
  const team = state.data;
  return (
    <Page>
      <Overview team={team} />
      {!team.me.member && <ApplyForm team={team} onApplied={() => void reload()} />}
      {team.me.reviews && <Applications teamId={team.id} onDecided={() => void reload()} />}
      {/* the leader (or staff) publishes the team's activities from here: activity-edit preselects the team */}
      {team.me.reviews && <Entry title='以本队名义发布活动' desc='报名、签到、志愿时长都记在本队' onClick={() => openWith('activityEdit', { teamId: team.id })} />}
      <Members team={team} />
      <RecentActivities team={team} />
    </Page>
  );
}

/** 服务: the services that exist today, by what the person is allowed to use: for residents, their own work, the community's management. */
import { Text } from '@tarojs/components';
import Page from '../../components/Page';
import Entry from '../../components/Entry';
import StatusView from '../../components/StatusView';
import GetIn from '../../components/GetIn';
import { useAction } from '../../services/useAction';
import { invitesPeople, isStaff, keepsWuyou, open, openDirectory, openWith, reportsForUnit, reviewsBinding, servesResidents } from '../../routes';
import './index.scss';

export default function Services() {
  const { state, reload } = useAction('account.me', {});

  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={reload} />;

  const me = state.data;
  if (!me.bound) {
    return (
      <Page>
        <GetIn title='绑定身份后就能使用各项服务' nextStep={me.nextStep} />
      </Page>
    );
  }
  const working = servesResidents(me) || reportsForUnit(me) || reviewsBinding(me) || keepsWuyou(me) || invitesPeople(me);
  return (
    <Page>
      <Text className='services__group'>居民服务</Text>
      {me.person.compoundId && <Entry title='我要报事' desc='小区里的问题，拍照告诉网格员和红色近邻长' onClick={() => open('report')} />}
      {me.person.compoundId && <Entry title='我的报事' desc='报过的事办到哪一步了，办完给个评价' onClick={() => open('myRequests')} />}
      {me.person.compoundId && <Entry title='我的小区 · 公示牌' desc='本小区的党支部、网格和联系人' onClick={() => openDirectory()} />}
      {me.person.communityId && <Entry title='微心愿' desc='帮身边有困难的邻居实现一个小心愿，也可以许下自己的心愿' onClick={() => open('wishes')} />}
      {me.person.communityId && <Entry title='社区活动' desc='报名参加社区、支部和服务队的活动，到场扫码签到' onClick={() => open('activities')} />}
      {me.person.communityId && <Entry title='志愿服务队' desc='社区的志愿服务队做什么、有多少志愿时长，可以申请加入' onClick={() => open('teams')} />}
      {!me.person.householdId && <Entry title='绑定房屋' desc='选择所住的房号，绑定后能查看本小区公示牌' onClick={() => open('bind')} />}
      <Entry title='输入邀请码' desc='收到邀请码或小程序码时在这里使用' onClick={() => open('join')} />
      {working && <Text className='services__group'>我的工作</Text>}
      {servesResidents(me) && <Entry title='我的服务范围' desc='我负责的楼栋、网格和小区' onClick={() => open('scope')} />}
      {servesResidents(me) && <Entry title='工单' desc='居民报的事：接单、办理、办结' onClick={() => open('work')} />}
      {reportsForUnit(me) && <Entry title='报到单位工单' desc='社区吹哨给你所在包联单位的事：接单、办理' onClick={() => openWith('work', { reporting: '1' })} />}
      {reviewsBinding(me) && <Entry title='绑定审核' desc='居民申请绑定房屋，由你核实' onClick={() => open('bindReviews')} />}
      {keepsWuyou(me) && <Entry title='本支部“五有”' desc='党组织、活动阵地、党员台账、联系群众机制、应急预案' onClick={() => open('wuyou')} />}
      {invitesPeople(me) && <Entry title='邀请码' desc='邀请网格员、红色近邻长等，生成邀请码和小程序码' onClick={() => open('invites')} />}
      {isStaff(me) && <Text className='services__group'>社区管理</Text>}
      {isStaff(me) && <Entry title='公告管理' desc='写公告、发布到小程序和公众号，查看已读人数' onClick={() => open('staffNotices')} />}
      {isStaff(me) && <Entry title='工单看板' desc='全社区未办结、超时和吹哨的工单，可改派、合并' onClick={() => open('requestBoard')} />}
      {isStaff(me) && <Entry title='三率统计' desc='响应率、解决率、满意率，导出报事台账' onClick={() => open('requestRates')} />}
      {isStaff(me) && <Entry title='回访' desc='评价 3 星及以下的报事，记录回访情况' onClick={() => open('requestVisits')} />}
      {isStaff(me) && <Entry title='微心愿管理' desc='全社区的微心愿：逾期未认领、催办、审核，导出台账' onClick={() => open('staffWishes')} />}
      {isStaff(me) && <Entry title='各小区公示牌' desc='社区里每个小区的公示牌' onClick={() => open('compounds')} />}
      {isStaff(me) && <Entry title='人员与角色' desc='社区里有角色的人，可撤销角色' onClick={() => open('people')} />}
      {isStaff(me) && <Entry title='名册导入导出' desc='用 Excel 导入楼栋房屋、住户、党员和包联单位，导出各类名单' onClick={() => open('import')} />}
      {isStaff(me) && <Entry title='组织架构' desc='小区、楼栋、支部、网格、服务队和包联单位的新建、修改和停用' onClick={() => open('org')} />}
      {isStaff(me) && <Entry title='组织架构变更记录' desc='谁在什么时候改了什么，可导出' onClick={() => open('audit')} />}
      {isStaff(me) && <Entry title='支部“五有”情况' desc='各支部五有建设的达标情况' onClick={() => open('wuyouCoverage')} />}
    </Page>
  );
}

/**
 * The volunteer team pages in jsdom against the real `teams` function on a seeded local cloud: the
 * team's recent activities open the activity; a resident browses the community's teams and applies
 * to one with a note; its leader approves on the team page and the resident shows as a member, on
 * the page and on the server; a rejection with a reason reaches the applicant, who may apply again;
 * the list's pull-down refresh.
 */
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { ActionInput, ActionName, ActionOutput } from '@core/contracts/index';
import Teams from '../../src/packages/service/pages/teams/index';
import Team from '../../src/packages/service/pages/team/index';
import Services from '../../src/pages/services/index';
import { PERSON_IDS } from '../../tools/seed/demo';
import { renderPage } from './render-page';
import { typeInto } from './controls';
import { seededH5Session } from './seeded-session';

jest.setTimeout(60_000);
const session = seededH5Session();
const { as } = session;

const TEAM = 'tm-hongguanjia';
const TEAM_PATH = '/packages/service/pages/team/index';
/** 赵丽娟 leads 和平红管家服务队 */
const LEADER = 'demo-p-007';

/** a call straight to the function, as `openid` */
async function direct<A extends Extract<ActionName, `teams.${string}`>>(action: A, data: ActionInput<A>, openid: string): Promise<ActionOutput<A>> {
  const res = (await session.cloud.invoke('teams', { action, data }, openid)) as { ok: boolean; data: ActionOutput<A> };
  if (!res.ok) throw new Error(`${action} failed: ${JSON.stringify(res)}`);
  return res.data;
}
const sent = (action: string) => session.gateway.sent.filter((s) => (s.body as { action: string }).action === action);

describe('the team page', () => {
  test('lists the team’s recent activities; one opens the activity', async () => {
    const at = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
    const made = (await session.cloud.invoke(
      'activities',
      {
        action: 'activities.create',
        data: {
          idempotencyKey: `h5-team-activity-${Date.now()}`,
          organiser: { kind: 'team', teamId: TEAM },
          title: '红管家探访独居老人',
          description: '分组上门探访和平小区的独居老人，了解需要。',
          startAt: at(48),
          endAt: at(50),
          place: '和平小区党群服务站',
          capacity: 10,
          signupDeadline: at(47),
          itemCode: 'ZY01',
          volunteerHours: 2,
        },
      },
      LEADER,
    )) as { ok: boolean; data: { id: string } };
    if (!made.ok) throw new Error(`activities.create failed: ${JSON.stringify(made)}`);
    as('demo-resident');
    const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
    renderPage(Team, TEAM_PATH, { id: TEAM });
    const row = await screen.findByRole('button', { name: /^红管家探访独居老人/ }, { timeout: 20_000 });
    expect(row.textContent).toContain('即将开始');
    expect(row.textContent).toContain('和平小区党群服务站');
    fireEvent.click(row);
    expect(navigate).toHaveBeenLastCalledWith({ url: `/packages/service/pages/activity/index?id=${made.data.id}` });
    navigate.mockRestore();
  });

  test('its leader publishes an activity in the team’s name from it; a member does not see that', async () => {
    const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
    as(LEADER);
    const leader = renderPage(Team, TEAM_PATH, { id: TEAM });
    fireEvent.click(await screen.findByRole('button', { name: /^以本队名义发布活动/ }, { timeout: 20_000 }));
    expect(navigate).toHaveBeenLastCalledWith({ url: `/packages/service/pages/activity-edit/index?teamId=${TEAM}` });
    leader.unmount();
    as('demo-resident');
    renderPage(Team, TEAM_PATH, { id: TEAM });
    await screen.findByText('队长：赵丽娟', {}, { timeout: 20_000 });
    expect(screen.queryByRole('button', { name: /^以本队名义发布活动/ })).toBeNull();
    navigate.mockRestore();
  });
});

describe('joining a team', () => {
  test('服务 leads to the teams; a team’s row opens its page; pull-down reads the list again', async () => {
    as('demo-resident');
    const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
    const services = renderPage(Services, '/pages/services/index');
    fireEvent.click(await screen.findByRole('button', { name: /^志愿服务队/ }, { timeout: 20_000 }));
    expect(navigate).toHaveBeenLastCalledWith({ url: '/packages/service/pages/teams/index' });
    services.unmount();

    const page = renderPage(Teams, '/packages/service/pages/teams/index');
    const row = await screen.findByRole('button', { name: /^和平红管家服务队/ }, { timeout: 20_000 });
    expect(row.textContent).toContain('红管家');
    expect(row.textContent).toContain('服务：独居老人探访、代买代办、政策宣传');
    expect(row.textContent).toContain('4 名队员 · 累计志愿服务 0 小时');
    expect(row.textContent).not.toContain('我的服务队');
    expect(Array.from(document.querySelectorAll('.entry__title')).map((t) => t.textContent)).toEqual(['和平红管家服务队', '幸福里技乐家维修队', '红星老街应急服务队']);
    fireEvent.click(row);
    expect(navigate).toHaveBeenLastCalledWith({ url: `${TEAM_PATH}?id=${TEAM}` });
    navigate.mockRestore();

    const before = sent('teams.list').length;
    act(() => page.pullDownRefresh());
    await waitFor(() => expect(sent('teams.list').length).toBe(before + 1));
  });

  test('a resident applies with a note; the leader approves on the team page; the resident is a member', async () => {
    as('demo-resident');
    const applicant = renderPage(Team, TEAM_PATH, { id: TEAM });
    await screen.findByText('队长：赵丽娟', {}, { timeout: 20_000 });
    // the public sees masked names of members who did not consent (郑永刚, 黄国平)
    expect(screen.getByText('郑**')).toBeTruthy();
    expect(screen.queryByText('郑永刚')).toBeNull();
    await typeInto('申请说明', '退休在家，想帮邻居老人代买代办');
    fireEvent.click(screen.getByRole('button', { name: '申请加入' }));
    await screen.findByText('队长或社区工作人员审核后，这里会显示结果。', {}, { timeout: 10_000 });
    expect(screen.getByText('申请待审核')).toBeTruthy();
    const pending = await direct('teams.applications', { teamId: TEAM }, LEADER);
    expect(pending.items).toEqual([expect.objectContaining({ personId: PERSON_IDS.resident, personName: '李秀兰', note: '退休在家，想帮邻居老人代买代办', status: 'pending' })]);
    applicant.unmount();

    as(LEADER);
    const leader = renderPage(Team, TEAM_PATH, { id: TEAM });
    await screen.findByText('申请说明：退休在家，想帮邻居老人代买代办', {}, { timeout: 20_000 });
    // the leader sees members in full
    expect(screen.getByText('郑永刚')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '通过' }));
    await screen.findByText('没有待审核的申请。', {}, { timeout: 15_000 });
    expect(screen.getByText('李秀兰')).toBeTruthy();
    expect(screen.getByText('5 名队员 · 累计志愿服务 0 小时')).toBeTruthy();
    leader.unmount();

    const team = await direct('teams.get', { teamId: TEAM }, 'demo-resident');
    expect(team.me).toEqual({ member: true, application: 'approved', reason: null, reviews: false });
    expect(team.members.map((m) => m.name)).toContain('李秀兰');
    expect((await direct('teams.list', {}, 'demo-resident')).items.find((i) => i.id === TEAM)).toMatchObject({ memberCount: 5, me: { member: true } });

    as('demo-resident');
    renderPage(Team, TEAM_PATH, { id: TEAM });
    await screen.findByText('我的服务队', {}, { timeout: 20_000 });
    expect(screen.queryByRole('button', { name: '申请加入' })).toBeNull();
  });

  test('the leader turns an application down with a reason the applicant reads; they may apply again', async () => {
    await direct('teams.apply', { teamId: TEAM, idempotencyKey: `h5-team-${Date.now()}`, note: '' }, 'demo-p-027');
    as(LEADER);
    const leader = renderPage(Team, TEAM_PATH, { id: TEAM });
    await screen.findByText('唐秀英', {}, { timeout: 20_000 });
    fireEvent.click(screen.getByRole('button', { name: '不通过' }));
    await typeInto('不通过的原因', '本队只服务和平小区3至5号楼，建议加入本楼的服务队');
    fireEvent.click(screen.getByRole('button', { name: '确认不通过' }));
    await screen.findByText('没有待审核的申请。', {}, { timeout: 15_000 });
    leader.unmount();
    expect((await direct('teams.get', { teamId: TEAM }, 'demo-p-027')).me).toMatchObject({ member: false, application: 'rejected' });

    as('demo-p-027');
    renderPage(Team, TEAM_PATH, { id: TEAM });
    await screen.findByText('原因：本队只服务和平小区3至5号楼，建议加入本楼的服务队', {}, { timeout: 20_000 });
    expect(screen.getByText('上次申请未通过')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '申请加入' }));
    await screen.findByText('队长或社区工作人员审核后，这里会显示结果。', {}, { timeout: 10_000 });
    expect((await direct('teams.applications', { teamId: TEAM }, LEADER)).items.map((a) => a.personName)).toEqual(['唐秀英']);
  });
});

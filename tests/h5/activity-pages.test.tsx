/**
 * The activity pages in jsdom against the real `activities` function on a seeded local cloud: staff
 * publish through the form (the server's messages at their fields, then the activity as typed), a
 * team leader for their team;
 * the list's tabs; a resident signs up, lands on the waiting list of a full one and cancels; the
 * organiser's on-site screen shows the server's current 6-digit code and the roster, and checks in
 * someone without a phone; typing the code on the check-in page checks the resident in and out (a
 * wrong code is refused in Chinese), and the page opened from the 小程序码's scene checks in at once.
 */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { ActionInput, ActionName, ActionOutput } from '@core/contracts/index';
import Activities from '../../src/packages/service/pages/activities/index';
import Activity from '../../src/packages/service/pages/activity/index';
import ActivityEdit from '../../src/packages/service/pages/activity-edit/index';
import ActivityRun from '../../src/packages/service/pages/activity-run/index';
import Checkin from '../../src/packages/service/pages/checkin/index';
import { PERSON_IDS } from '../../tools/seed/demo';
import { renderPage } from './render-page';
import { typeInto, confirmDialogs } from './controls';
import { seededH5Session } from './seeded-session';

jest.setTimeout(60_000);
const session = seededH5Session();
const { as } = session;

async function direct<A extends Extract<ActionName, `activities.${string}`>>(action: A, data: ActionInput<A>, openid: string): Promise<ActionOutput<A>> {
  const res = (await session.cloud.invoke('activities', { action, data }, openid)) as { ok: boolean; data: ActionOutput<A> };
  if (!res.ok) throw new Error(`${action} failed: ${JSON.stringify(res)}`);
  return res.data;
}

let seq = 0;
const key = () => `h5-ac-${++seq}-${Date.now()}`;
const HOUR = 3_600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();
/** an activity by staff for the whole community, two days out */
const createOne = (extra: Partial<ActionInput<'activities.create'>> = {}) =>
  direct(
    'activities.create',
    {
      idempotencyKey: key(),
      organiser: { kind: 'community' },
      title: '楼道清洁志愿行动',
      description: '一起清理楼道堆放的杂物，社区准备手套和垃圾袋。',
      startAt: at(48 * HOUR),
      endAt: at(50 * HOUR),
      place: '和平小区1号楼楼下',
      capacity: 10,
      signupDeadline: at(47 * HOUR),
      itemCode: 'ZY01',
      volunteerHours: 2,
      ...extra,
    },
    'demo-staff',
  );


describe('发布活动', () => {
  test('the server’s messages stand at their fields; then the activity is published as typed and opened', async () => {
    as('demo-staff');
    const redirect = jest.spyOn(Taro, 'redirectTo').mockResolvedValue({ errMsg: 'redirectTo:ok' });
    renderPage(ActivityEdit, '/packages/service/pages/activity-edit/index');
    const community = await screen.findByText(/^社区（/, {}, { timeout: 20_000 });
    // the catalogue's 志愿服务 item comes chosen
    expect(screen.getByRole('button', { name: /参加社区志愿服务活动/, pressed: true })).toBeTruthy();

    fireEvent.click(screen.getByText('发布活动', { selector: '.btn' }));
    expect((await screen.findByRole('alert')).textContent).toBe('请选择以谁的名义组织');
    fireEvent.click(community);
    fireEvent.click(screen.getByText('发布活动', { selector: '.btn' }));
    // empty title, description and place: each field says so in Chinese
    await screen.findByText('请填写活动名称', {}, { timeout: 10_000 });
    expect(screen.getByText('请填写活动介绍')).toBeTruthy();
    expect(screen.getByText('请填写活动地点')).toBeTruthy();
    expect(redirect).not.toHaveBeenCalled();

    await typeInto('活动名称', '重阳节包饺子');
    await typeInto('活动介绍', '和小区的老人一起包饺子过重阳，欢迎带上家里的小朋友。');
    await typeInto('活动地点', '和平小区活动室');
    await typeInto('名额', '12');
    fireEvent.click(screen.getByText('发布活动', { selector: '.btn' }));
    await waitFor(() => expect(redirect).toHaveBeenCalled(), { timeout: 10_000 });
    const url = new URL(redirect.mock.calls[0][0].url, 'https://x');
    redirect.mockRestore();
    expect(url.pathname).toBe('/packages/service/pages/activity/index');

    const made = await direct('activities.get', { activityId: url.searchParams.get('id')! }, 'demo-staff');
    expect(made).toMatchObject({ title: '重阳节包饺子', place: '和平小区活动室', capacity: 12, itemCode: 'ZY01', volunteerHours: 2, compoundIds: null, organiser: { kind: 'community' }, organising: true });
    // the form's default day: three days on, 09:00–11:00 Shanghai time, sign-up until 18:00 the day before last
    const shanghai = (iso: string) => new Date(Date.parse(iso) + 8 * HOUR).toISOString().slice(0, 16);
    const day = new Date(Date.now() + 8 * HOUR + 72 * HOUR).toISOString().slice(0, 10);
    expect(shanghai(made.startAt)).toBe(`${day}T09:00`);
    expect(shanghai(made.endAt)).toBe(`${day}T11:00`);
  });
  test('a team leader publishes for their team from the team’s page (?teamId=): the team comes chosen', async () => {
    as('demo-p-007');
    const redirect = jest.spyOn(Taro, 'redirectTo').mockResolvedValue({ errMsg: 'redirectTo:ok' });
    renderPage(ActivityEdit, '/packages/service/pages/activity-edit/index', { teamId: 'tm-hongguanjia' });
    expect(await screen.findByRole('button', { name: '和平红管家服务队', pressed: true }, { timeout: 20_000 })).toBeTruthy();
    // neither the community nor a branch is theirs to choose
    expect(screen.queryByText(/^社区（/)).toBeNull();
    await typeInto('活动名称', '探访独居老人');
    await typeInto('活动介绍', '红管家队员两人一组上门探访独居老人，帮忙打扫、陪聊。');
    await typeInto('活动地点', '和平小区各楼栋');
    fireEvent.click(screen.getByText('发布活动', { selector: '.btn' }));
    await waitFor(() => expect(redirect).toHaveBeenCalled(), { timeout: 10_000 });
    const id = new URL(redirect.mock.calls[0][0].url, 'https://x').searchParams.get('id')!;
    redirect.mockRestore();
    expect((await direct('activities.get', { activityId: id }, 'demo-p-007')).organiser).toMatchObject({ kind: 'team', id: 'tm-hongguanjia', name: '和平红管家服务队' });
  });
});

describe('社区活动 list', () => {
  test('residents see what they may join, and what they signed up for; staff may publish', async () => {
    const a = await createOne({ title: '社区健步走' });
    await direct('activities.signup', { activityId: a.id, idempotencyKey: key() }, 'demo-resident');
    as('demo-resident');
    const page = renderPage(Activities, '/packages/service/pages/activities/index');
    await screen.findByRole('button', { name: /^社区健步走，/ }, { timeout: 20_000 });
    expect(screen.queryByText('发布活动')).toBeNull();
    expect(screen.queryByText('我组织的')).toBeNull();
    fireEvent.click(screen.getByText('我报名的'));
    await waitFor(() => expect(screen.getByRole('button', { name: /^社区健步走，/ }).textContent).toContain('我已报名'), { timeout: 10_000 });
    page.unmount();

    as('demo-staff');
    renderPage(Activities, '/packages/service/pages/activities/index');
    fireEvent.click(await screen.findByText('我组织的', {}, { timeout: 20_000 }));
    await screen.findByRole('button', { name: /^社区健步走，/ }, { timeout: 10_000 });
    expect(screen.getByText('发布活动')).toBeTruthy();
  });
});

describe('活动详情', () => {
  test('a resident signs up and cancels after a confirm; the server holds each', async () => {
    const a = await createOne({ title: '垃圾分类宣传' });
    as('demo-resident');
    const confirm = confirmDialogs();
    renderPage(Activity, '/packages/service/pages/activity/index', { id: a.id });
    fireEvent.click(await screen.findByRole('button', { name: '报名' }, { timeout: 20_000 }));
    await screen.findByText('你已报名', {}, { timeout: 10_000 });
    expect((await direct('activities.get', { activityId: a.id }, 'demo-resident')).mine).toMatchObject({ status: 'confirmed' });
    expect(document.body.textContent).toContain('已报 1 人，共 10 个');

    fireEvent.click(screen.getByRole('button', { name: '取消报名' }));
    await screen.findByRole('button', { name: '报名' }, { timeout: 10_000 });
    expect(confirm).toHaveBeenCalledWith(expect.objectContaining({ title: '取消报名' }));
    confirm.mockRestore();
    expect((await direct('activities.get', { activityId: a.id }, 'demo-resident')).mine).toMatchObject({ status: 'cancelled' });
  });

  test('a full activity puts the resident on the waiting list, 候补第 1 位', async () => {
    const a = await createOne({ title: '手工编织课', capacity: 1 });
    await direct('activities.signup', { activityId: a.id, idempotencyKey: key() }, 'demo-leader');
    as('demo-resident');
    renderPage(Activity, '/packages/service/pages/activity/index', { id: a.id });
    await screen.findByText('名额已满，可候补', {}, { timeout: 20_000 });
    fireEvent.click(screen.getByRole('button', { name: '报名候补' }));
    await screen.findByText(/你在候补第 1 位/, {}, { timeout: 10_000 });
    expect((await direct('activities.get', { activityId: a.id }, 'demo-resident')).mine).toMatchObject({ status: 'waiting', waitingPosition: 1 });
  });
});

describe('现场签到 and 签到', () => {
  test('the organiser’s screen shows the server’s current code and the roster, and checks in someone without a phone', async () => {
    const a = await createOne({ title: '义务理发' });
    await direct('activities.signup', { activityId: a.id, idempotencyKey: key() }, 'demo-leader');
    as('demo-staff');
    const confirm = confirmDialogs();
    renderPage(ActivityRun, '/packages/service/pages/activity-run/index', { id: a.id });
    const digits = await waitFor(
      () => {
        const el = document.querySelector('.ac-code__digits');
        if (!el?.textContent) throw new Error('no code yet');
        return el.textContent;
      },
      { timeout: 20_000 },
    );
    expect(digits).toMatch(/^\d{6}$/);
    // the code the server accepts now: the one on screen, or (right after a change) the one before it
    const now = await direct('activities.code', { activityId: a.id }, 'demo-staff');
    if (digits !== now.code) expect(now.secondsLeft).toBeGreaterThan(25);
    expect(document.body.textContent).toMatch(/\d+ 秒后换新码/);

    await screen.findByText('王建国', {}, { timeout: 10_000 });
    fireEvent.click(screen.getByRole('button', { name: '替王建国代签到' }));
    await screen.findByText(/已签到 .*（代签）/, {}, { timeout: 10_000 });
    confirm.mockRestore();
    const roster = await direct('activities.roster', { activityId: a.id }, 'demo-staff');
    expect(roster.items.find((p) => p.personId === PERSON_IDS.leader)).toMatchObject({ by: 'proxy' });
    expect(roster.checkedIn).toBe(1);
  });

  test('typing the code on the screen checks the resident in; a wrong one is refused in Chinese', async () => {
    const a = await createOne({ title: '消防演练' });
    await direct('activities.signup', { activityId: a.id, idempotencyKey: key() }, 'demo-resident');
    as('demo-resident');
    renderPage(Checkin, '/packages/service/pages/checkin/index', { id: a.id });
    await screen.findByText('扫码签到', {}, { timeout: 20_000 });

    const right = (await direct('activities.code', { activityId: a.id }, 'demo-staff')).code;
    const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
    await typeInto('签到码', wrong);
    fireEvent.click(screen.getByText('确认签到'));
    expect((await screen.findByRole('alert', {}, { timeout: 10_000 })).textContent).toBe('签到码不对或已过期，请输入现场屏幕上最新的签到码');
    expect((await direct('activities.get', { activityId: a.id }, 'demo-resident')).mine?.checkedInAt).toBeNull();

    await typeInto('签到码', (await direct('activities.code', { activityId: a.id }, 'demo-staff')).code);
    fireEvent.click(screen.getByText('确认签到'));
    await screen.findByText('签到成功', {}, { timeout: 10_000 });
    const mine = (await direct('activities.get', { activityId: a.id }, 'demo-resident')).mine;
    expect(mine?.checkedInAt).toEqual(expect.any(String));
    expect(document.body.textContent).toContain('李秀兰 · 签到时间');
    // the same page now checks out, with the code on the screen then
    expect(screen.getByText('扫码签退')).toBeTruthy();
    await typeInto('签退码', (await direct('activities.code', { activityId: a.id }, 'demo-staff')).code);
    fireEvent.click(screen.getByText('确认签退'));
    await screen.findByText('签退成功', {}, { timeout: 10_000 });
    expect((await direct('activities.get', { activityId: a.id }, 'demo-resident')).mine?.checkedOutAt).toEqual(expect.any(String));
  });

  test('opened from the 小程序码 (?scene=): checks in at once; scanned again, 签退 is offered and done only on a tap', async () => {
    const a = await createOne({ title: '小区绿化补种' });
    await direct('activities.signup', { activityId: a.id, idempotencyKey: key() }, 'demo-resident');
    const { scene } = await direct('activities.code', { activityId: a.id }, 'demo-staff');
    as('demo-resident');
    const first = renderPage(Checkin, '/packages/service/pages/checkin/index', { scene: encodeURIComponent(scene) });
    await screen.findByText('签到成功', {}, { timeout: 20_000 });
    expect(document.body.textContent).toContain('小区绿化补种');
    const checkedIn = (await direct('activities.get', { activityId: a.id }, 'demo-resident')).mine;
    expect(checkedIn?.checkedInAt).toEqual(expect.any(String));
    first.unmount();

    renderPage(Checkin, '/packages/service/pages/checkin/index', { scene: encodeURIComponent(scene) });
    await screen.findByText('已签到过', {}, { timeout: 20_000 });
    fireEvent.click(screen.getByText('用刚才扫的码签退'));
    await screen.findByText('签退成功', {}, { timeout: 10_000 });
    const mine = (await direct('activities.get', { activityId: a.id }, 'demo-resident')).mine;
    expect(mine).toMatchObject({ checkedInAt: checkedIn?.checkedInAt, checkedOutAt: expect.any(String) });
  });
});

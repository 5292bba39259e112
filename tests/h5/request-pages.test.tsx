/**
 * The request (报事) pages in jsdom against the real `requests` function on a seeded local cloud:
 * the form's checks before anything is sent, its preselected building and unit and a retried submit
 * that files once; 我的报事 with its rows, refresh and empty state; the detail page's actions for the
 * reporter (撤回, 评价, 重新办理) and the handler (接单, 记录进展, 办结, 拨打); staff's board, 改派 and
 * 合并, the three rates and 回访.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { ActionInput, ActionName, ActionOutput } from '@core/contracts/index';
import Report from '../../src/packages/resident/pages/report/index';
import MyRequests from '../../src/packages/resident/pages/requests/index';
import MyRequest from '../../src/packages/resident/pages/request/index';
import WorkOrder from '../../src/packages/leader/pages/request/index';
import Work from '../../src/packages/leader/pages/work/index';
import Services from '../../src/pages/services/index';
import Board from '../../src/packages/staff/pages/request-board/index';
import Rates from '../../src/packages/staff/pages/request-rates/index';
import Visits from '../../src/packages/staff/pages/request-visits/index';
import { COMMUNITY_ID, PERSON_IDS } from '../../tools/seed/demo';
import { renderPage } from './render-page';
import { typeInto, pickFirst, picker } from './controls';
import { seededH5Session } from './seeded-session';

jest.setTimeout(60_000);
const session = seededH5Session();
const { as } = session;

/** a call straight to the function, as `openid` */
async function direct<A extends Extract<ActionName, `requests.${string}`>>(action: A, data: ActionInput<A>, openid: string): Promise<ActionOutput<A>> {
  const res = (await session.cloud.invoke('requests', { action, data }, openid)) as { ok: boolean; data: ActionOutput<A> };
  if (!res.ok) throw new Error(`${action} failed: ${JSON.stringify(res)}`);
  return res.data;
}

let seq = 0;
/** a fresh request by the resident about their own building */
const fileOne = (text = '楼道的灯坏了好几天，晚上看不见台阶') =>
  direct('requests.submit', { idempotencyKey: `h5-rq-${++seq}-${Date.now()}`, category: 'repair', text, location: { buildingId: 'bd-heping-1' } }, 'demo-resident');
const key = () => `h5-rq-k-${++seq}-${Date.now()}`;

const sent = (action: string) => session.gateway.sent.filter((s) => (s.body as { action: string }).action === action);

describe('我要报事', () => {
  test('checks the category, the words and the place before sending; the resident’s own building and unit come preselected', async () => {
    as('demo-resident');
    renderPage(Report, '/packages/resident/pages/report/index');
    await picker('楼栋：1号楼，点按选择', 20_000);
    await picker('单元：1单元，点按选择');

    fireEvent.click(screen.getByText('提交'));
    expect((await screen.findByRole('alert')).textContent).toBe('请选择问题类别');

    await pickFirst(/^问题类别/);
    await picker('问题类别：物业服务，点按选择');
    await typeInto('问题描述', '灯坏了');
    fireEvent.click(screen.getByText('提交'));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('请把问题写清楚，至少 5 个字'));

    // a common area needs words
    await typeInto('问题描述', '楼下的垃圾三天没人清运了');
    fireEvent.click(screen.getByText('小区公共区域'));
    fireEvent.click(screen.getByText('提交'));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('请选择楼栋单元，或写明小区里的位置'));
    expect(sent('requests.submit')).toHaveLength(0);
  });

  test('a dropped submit is retried with the same key and files one request at the chosen place, then opens it', async () => {
    as('demo-resident');
    const redirect = jest.spyOn(Taro, 'redirectTo').mockResolvedValue({ errMsg: 'redirectTo:ok' });
    renderPage(Report, '/packages/resident/pages/report/index');
    await picker('单元：1单元，点按选择', 20_000);
    await pickFirst(/^问题类别/);
    await typeInto('问题描述', '1单元门口的路灯不亮了，晚上回家很黑');
    fireEvent.click(screen.getByText('紧急'));

    session.gateway.failNext(1);
    fireEvent.click(screen.getByText('提交'));
    expect((await screen.findByRole('alert', {}, { timeout: 10_000 })).textContent).toBe('网络不太顺畅，请稍后再试');
    fireEvent.click(screen.getByText('提交'));
    await waitFor(() => expect(redirect).toHaveBeenCalled(), { timeout: 10_000 });
    const url = new URL(redirect.mock.calls[0][0].url, 'https://x');
    redirect.mockRestore();

    const submits = sent('requests.submit').map((s) => (s.body as { data: ActionInput<'requests.submit'> }).data);
    expect(submits).toHaveLength(2);
    expect(submits[0].idempotencyKey).toBe(submits[1].idempotencyKey);
    expect(submits[1]).toMatchObject({ category: 'property', urgency: 'urgent', location: { buildingId: 'bd-heping-1', unitId: 'un-heping-1-1' }, photos: [], notify: [] });

    expect(url.pathname).toBe('/packages/resident/pages/request/index');
    const filed = await direct('requests.get', { requestId: url.searchParams.get('id')! }, 'demo-resident');
    expect(filed.text).toBe('1单元门口的路灯不亮了，晚上回家很黑');
    expect(filed.location.label).toBe('和平小区 1号楼1单元');
    const mine = await direct('requests.mine', { pageSize: 20 }, 'demo-resident');
    expect(mine.rows.filter((r) => r.excerpt.startsWith('1单元门口的路灯不亮了'))).toHaveLength(1);
  });

  test('a Red Neighbor Leader files for a resident (代报): found by name, their building and unit preselected, the request theirs', async () => {
    as('demo-leader');
    const redirect = jest.spyOn(Taro, 'redirectTo').mockResolvedValue({ errMsg: 'redirectTo:ok' });
    renderPage(Report, '/packages/resident/pages/report/index');
    fireEvent.click(await screen.findByText('替居民报事（代报）', {}, { timeout: 20_000 }));
    await pickFirst(/^问题类别/);
    await typeInto('问题描述', '1号楼楼道的扶手松了，老人上下楼不安全');
    fireEvent.click(screen.getByText('提交'));
    expect((await screen.findByRole('alert')).textContent).toBe('请选择替哪位居民报事');

    await typeInto('按姓名查找居民', '秀兰');
    // the picker holds only the residents found by that name
    fireEvent.click(await picker(/^居民：/));
    const overlay = () => Array.from(document.querySelectorAll('.weui-picker__overlay')).find((o) => (o as HTMLElement).style.display !== 'none')!;
    await waitFor(() => expect(Array.from(overlay().querySelectorAll('.weui-picker__item'), (i) => i.textContent)).toEqual(['李秀兰（1号楼1单元101）']), { timeout: 10_000 });
    fireEvent.click(Array.from(overlay().querySelectorAll('.weui-picker__action')).find((b) => b.textContent === '确定')!);
    await picker('居民：李秀兰（1号楼1单元101），点按选择');
    await picker('楼栋：1号楼，点按选择');
    await picker('单元：1单元，点按选择');
    fireEvent.click(screen.getByText('提交'));
    await waitFor(() => expect(redirect).toHaveBeenCalled(), { timeout: 10_000 });
    const id = new URL(redirect.mock.calls[0][0].url, 'https://x').searchParams.get('id')!;
    redirect.mockRestore();

    const submits = sent('requests.submit').map((s) => (s.body as { data: ActionInput<'requests.submit'> }).data);
    expect(submits.at(-1)).toMatchObject({ forPersonId: PERSON_IDS.resident, location: { buildingId: 'bd-heping-1', unitId: 'un-heping-1-1' } });
    // in 李秀兰's 我的报事, hers
    const mine = await direct('requests.mine', { pageSize: 20 }, 'demo-resident');
    expect(mine.rows.map((r) => r.id)).toContain(id);
    expect(await direct('requests.get', { requestId: id }, 'demo-resident')).toMatchObject({ viewer: 'reporter', location: { label: '和平小区 1号楼1单元' } });
  });
});

describe('我的报事', () => {
  test('lists my requests newest first; a row opens its detail; pull-down reads it again', async () => {
    const one = await fileOne('小区南门的车棚顶漏雨，电动车都淋湿了');
    as('demo-resident');
    const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
    const page = renderPage(MyRequests, '/packages/resident/pages/requests/index');
    const row = await screen.findByRole('button', { name: `设施维修，待接单：${one.text}` }, { timeout: 20_000 });
    // newest first
    expect(document.querySelector('.rq-row')).toBe(row);
    fireEvent.click(row);
    expect(navigate).toHaveBeenCalledWith({ url: `/packages/resident/pages/request/index?id=${one.id}` });
    navigate.mockRestore();

    const before = sent('requests.mine').length;
    act(() => page.pullDownRefresh());
    await waitFor(() => expect(sent('requests.mine').length).toBe(before + 1));
  });

  test('someone who never filed sees the empty state and the way to file', async () => {
    const none = await direct('requests.mine', {}, 'demo-secretary');
    expect(none.rows).toHaveLength(0);
    as('demo-secretary');
    renderPage(MyRequests, '/packages/resident/pages/requests/index');
    await screen.findByText('还没有报过事', {}, { timeout: 20_000 });
    expect(screen.getByRole('button', { name: '我要报事' })).toBeTruthy();
  });
});

describe('报事详情', () => {
  test('the reporter withdraws a request nobody has accepted yet', async () => {
    const one = await fileOne('门口有人乱停车，挡住了消防通道');
    as('demo-resident');
    renderPage(MyRequest, '/packages/resident/pages/request/index', { id: one.id });
    fireEvent.click(await screen.findByRole('button', { name: '撤回' }, { timeout: 20_000 }));
    await typeInto('撤回原因（选填）', '车已经开走了');
    fireEvent.click(screen.getByText('确认撤回'));
    await screen.findByText('已撤回', { selector: '.tag' }, { timeout: 10_000 });
    expect(screen.queryByRole('button', { name: '撤回' }) === null).toBe(true);
    expect((await direct('requests.get', { requestId: one.id }, 'demo-resident')).status).toBe('withdrawn');
  });

  test('the leader accepts, notes progress, calls the reporter and resolves; the resident rates 2 stars', async () => {
    const one = await fileOne('2楼楼道的扶手松了，老人上下楼很危险');
    as('demo-leader');
    const dial = jest.spyOn(Taro, 'makePhoneCall').mockResolvedValue({ errMsg: 'makePhoneCall:ok' });
    const page = renderPage(WorkOrder, '/packages/leader/pages/request/index', { id: one.id });
    await screen.findByText('李秀兰', {}, { timeout: 20_000 });
    expect(document.body.textContent).toMatch(/1\d\d\*{4}\d{4}/); // masked until 拨打
    fireEvent.click(screen.getByRole('button', { name: '接单' }));
    await screen.findByText('已接单', { selector: '.tag' }, { timeout: 10_000 });

    fireEvent.click(screen.getByRole('button', { name: '拨打李秀兰的电话' }));
    await waitFor(() => expect(dial).toHaveBeenCalled(), { timeout: 10_000 });
    expect(dial.mock.calls[0][0].phoneNumber).toMatch(/^1\d{10}$/);
    dial.mockRestore();

    fireEvent.click(screen.getByRole('button', { name: '记录进展' }));
    await typeInto('进展说明', '已找物业，明天上午来加固');
    fireEvent.click(screen.getByText('保存进展'));
    await screen.findByText('已找物业，明天上午来加固', {}, { timeout: 10_000 });

    fireEvent.click(screen.getByRole('button', { name: '办结' }));
    fireEvent.click(screen.getByText('确认办结'));
    // the server's words for a summary too short
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('办理结果至少 2 个字'), { timeout: 10_000 });
    await typeInto('办理结果', '扶手已重新固定');
    fireEvent.click(screen.getByText('确认办结'));
    await screen.findByText('待评价', { selector: '.tag' }, { timeout: 10_000 });
    page.unmount();

    as('demo-resident');
    renderPage(MyRequest, '/packages/resident/pages/request/index', { id: one.id });
    fireEvent.click(await screen.findByRole('button', { name: '评价' }, { timeout: 20_000 }));
    fireEvent.click(screen.getByText('提交评价'));
    expect((await screen.findByRole('alert')).textContent).toBe('请点星星打分');
    fireEvent.click(screen.getByRole('button', { name: '2 星' }));
    await typeInto('评价（选填）', '修得有点慢');
    fireEvent.click(screen.getByText('提交评价'));
    await screen.findByText('已办结', { selector: '.tag' }, { timeout: 10_000 });
    expect(document.body.textContent).toContain('2 星，修得有点慢');
    const done = await direct('requests.get', { requestId: one.id }, 'demo-resident');
    expect(done.rating).toEqual({ score: 2, comment: '修得有点慢' });
  });

  test('a resolved request the reporter is not happy with goes back to the handler', async () => {
    const one = await fileOne('地下车库入口的积水一直没排掉');
    await direct('requests.accept', { idempotencyKey: key(), requestId: one.id }, 'demo-leader');
    await direct('requests.resolve', { idempotencyKey: key(), requestId: one.id, summary: '已联系物业疏通' }, 'demo-leader');
    as('demo-resident');
    renderPage(MyRequest, '/packages/resident/pages/request/index', { id: one.id });
    fireEvent.click(await screen.findByRole('button', { name: '不满意，重新办理' }, { timeout: 20_000 }));
    await typeInto('哪里还没解决', '下雨后还是积水');
    fireEvent.click(screen.getByText('重新办理'));
    await screen.findByText('重新办理中', { selector: '.tag' }, { timeout: 10_000 });
    expect((await direct('requests.get', { requestId: one.id }, 'demo-leader')).status).toBe('reopened');
  });
});

describe('吹哨 and 会商', () => {
  test('the grid worker calls in the compound’s partner unit, then records a consultation', async () => {
    const one = await fileOne('小区外墙瓷砖脱落，砸坏了一辆车');
    as('demo-grid-worker');
    renderPage(WorkOrder, '/packages/leader/pages/request/index', { id: one.id });
    fireEvent.click(await screen.findByRole('button', { name: '吹哨' }, { timeout: 20_000 }));
    fireEvent.click(await screen.findByText('确认吹哨', {}, { timeout: 10_000 }));
    expect((await screen.findByRole('alert')).textContent).toBe('请选择包联单位');
    await pickFirst(/^包联单位：/);
    await typeInto('吹哨原因', '外墙属于公共维修，需要住建部门协调');
    fireEvent.click(screen.getByText('确认吹哨'));
    await screen.findByText('已吹哨待报到单位接单', { selector: '.tag' }, { timeout: 10_000 });
    const escalated = await direct('requests.get', { requestId: one.id }, 'demo-grid-worker');
    expect(escalated.escalation).toMatchObject({ reason: '外墙属于公共维修，需要住建部门协调' });
    expect(document.body.textContent).toContain(`${escalated.escalation!.partnerName}：外墙属于公共维修，需要住建部门协调`);

    fireEvent.click(await screen.findByRole('button', { name: '记录会商' }, { timeout: 10_000 }));
    await typeInto('参会人', '张桂英，物业王经理 住建局李科长');
    await typeInto('会商结果', '物业先拉警戒线，住建局下周安排维修');
    fireEvent.click(screen.getByText('保存会商记录'));
    await screen.findByText('物业先拉警戒线，住建局下周安排维修', {}, { timeout: 10_000 });
    const consult = sent('requests.consult').map((x) => (x.body as { data: ActionInput<'requests.consult'> }).data);
    expect(consult.at(-1)?.attendees).toEqual(['张桂英', '物业王经理', '住建局李科长']);
  });
});

describe('工单 (handler)', () => {
  test('待接单 lists a new request of the leader’s building; 上岗 tells the server', async () => {
    const one = await fileOne('3单元的防盗门关不上了');
    as('demo-leader');
    renderPage(Work, '/packages/leader/pages/work/index');
    await screen.findByText(one.text, {}, { timeout: 20_000 });
    fireEvent.click(screen.getByRole('button', { name: '上岗，接收新工单提醒' }));
    await screen.findByText(/^还能收到 \d+ 条新工单提醒/, {}, { timeout: 10_000 });
    const duty = sent('requests.duty').map((s) => (s.body as { data: ActionInput<'requests.duty'> }).data);
    // H5 has no subscribe messages: nothing was allowed
    expect(duty).toEqual([expect.objectContaining({ granted: false })]);
  });
});

describe('报到 (a partner unit\'s reporting member)', () => {
  test('an in-service party member with no serving role finds 报到单位工单 on 服务, and there the request escalated to their unit', async () => {
    const one = await fileOne('小区围墙裂缝越来越大，担心倒塌');
    await direct('requests.escalate', { idempotencyKey: `esc-${one.id}`, requestId: one.id, partnerId: 'pt-zhujianju', reason: '围墙加固需要住建部门' }, 'demo-grid-worker');
    as('demo-p-033'); // 曹志勇, 在职党员, reports to 住建局机关党委
    const services = renderPage(Services, '/pages/services/index');
    const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
    fireEvent.click(await screen.findByRole('button', { name: /报到单位工单/ }, { timeout: 20_000 }));
    expect(navigate).toHaveBeenCalledWith({ url: '/packages/leader/pages/work/index?reporting=1' });
    navigate.mockRestore();
    expect(screen.queryByRole('button', { name: /^工单/ })).toBeNull();
    services.unmount();
    renderPage(Work, '/packages/leader/pages/work/index', { reporting: '1' });
    await screen.findByText(one.text, {}, { timeout: 20_000 });
    expect(screen.queryByRole('button', { name: '上岗，接收新工单提醒' })).toBeNull();
  });
});

describe('staff', () => {
  test('工单看板 lists the open requests and switches to 已超时 on the server', async () => {
    const one = await fileOne('6号楼后面的绿地有人私搭乱建');
    as('demo-staff');
    renderPage(Board, '/packages/staff/pages/request-board/index');
    await screen.findByText(one.text, {}, { timeout: 20_000 });
    fireEvent.click(screen.getByRole('button', { name: '已超时' }));
    await waitFor(() => expect(sent('requests.board').map((s) => (s.body as { data: { view: string } }).data.view)).toContain('overdue'));
    const overdue = await direct('requests.board', { communityId: COMMUNITY_ID, view: 'overdue' }, 'demo-staff');
    if (overdue.rows.length === 0) await screen.findByText('没有超时的工单', {}, { timeout: 10_000 });
    else await screen.findByText(overdue.rows[0].excerpt, {}, { timeout: 10_000 });
  });

  test('staff reassign a request to a grid and merge a duplicate into it from the detail page', async () => {
    const kept = await fileOne('4号楼门口的下水道堵了，污水漫出来');
    const dup = await fileOne('4号楼门口下水道堵了，味道很大');
    as('demo-staff');
    const page = renderPage(WorkOrder, '/packages/leader/pages/request/index', { id: dup.id });
    fireEvent.click(await screen.findByRole('button', { name: '合并重复' }, { timeout: 20_000 }));
    fireEvent.click(await screen.findByText('确认合并', {}, { timeout: 10_000 }));
    expect((await screen.findByRole('alert', {}, { timeout: 10_000 })).textContent).toBe('请选择要合并到的报事');
    // choose the kept one in the picker of open requests of the compound
    const rows = (await direct('requests.board', { communityId: COMMUNITY_ID, view: 'open', compoundId: 'cp-heping' }, 'demo-staff')).rows.filter((r) => r.id !== dup.id);
    const at = rows.findIndex((r) => r.id === kept.id);
    expect(at).toBeGreaterThanOrEqual(0);
    const chooser = (await picker(/^报事：/)).closest('taro-picker-core')!;
    fireEvent(chooser, new CustomEvent('change', { detail: { value: at } }));
    fireEvent.click(screen.getByText('确认合并'));
    await screen.findByText('已合并', { selector: '.tag' }, { timeout: 10_000 });
    expect((await direct('requests.get', { requestId: dup.id }, 'demo-staff')).mergedInto).toBe(kept.id);
    page.unmount();

    const routes = async () => (await direct('requests.get', { requestId: kept.id }, 'demo-staff')).timeline.filter((t) => t.type === 'route').length;
    const before = await routes();
    renderPage(WorkOrder, '/packages/leader/pages/request/index', { id: kept.id });
    fireEvent.click(await screen.findByRole('button', { name: '改派' }, { timeout: 20_000 }));
    await pickFirst(/^网格：/);
    fireEvent.click(screen.getByText('确认改派'));
    // the steps show one more 派单
    await waitFor(() => expect(screen.getAllByText('派单').length).toBe(before + 1), { timeout: 10_000 });
    expect(await routes()).toBe(before + 1);
  });

  test('三率统计 shows the month’s figures as the server counts them', async () => {
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const rates = await direct('requests.rates', { communityId: COMMUNITY_ID, month }, 'demo-staff');
    as('demo-staff');
    renderPage(Rates, '/packages/staff/pages/request-rates/index');
    await screen.findByText(`${rates.community.name} · 全社区`, {}, { timeout: 20_000 });
    const community = screen.getByText(`${rates.community.name} · 全社区`).closest('.section')!.textContent;
    expect(community).toContain(`按时接单 ${rates.community.respondedOnTime}/${rates.community.filed}`);
    expect(community).toContain(`办结 ${rates.community.closed}/${rates.community.filed}`);
    expect(community).toContain(`4—5 星 ${rates.community.satisfied}/${rates.community.rated}`);
    for (const g of rates.grids) expect(screen.getAllByText(g.name).length).toBeGreaterThan(0);

    // 台账: the span of months goes to the server, the workbook opens in the browser
    const opened = jest.spyOn(window, 'open').mockImplementation(() => null);
    fireEvent.click(screen.getByText('导出报事和回访台账（Excel）'));
    await waitFor(() => expect(opened).toHaveBeenCalled(), { timeout: 20_000 });
    expect((sent('requests.export')[0].body as { data: unknown }).data).toEqual({ communityId: COMMUNITY_ID, from: month, to: month });
    expect(String(opened.mock.calls[0][0])).toMatch(/^https?:\/\//);
    opened.mockRestore();
  });

  test('a 2-star rating waits on 回访; staff record the visit', async () => {
    const one = await fileOne('楼下烧烤店油烟很大，晚上开窗都是味');
    await direct('requests.accept', { idempotencyKey: key(), requestId: one.id }, 'demo-leader');
    await direct('requests.resolve', { idempotencyKey: key(), requestId: one.id, summary: '已劝导店家装油烟净化器' }, 'demo-leader');
    await direct('requests.rate', { idempotencyKey: key(), requestId: one.id, score: 2, comment: '还是有味' }, 'demo-resident');
    as('demo-staff');
    renderPage(Visits, '/packages/staff/pages/request-visits/index');
    const excerpt = await screen.findByText(one.text, {}, { timeout: 20_000 });
    const card = excerpt.closest('.rq-row') as HTMLElement;
    expect(card.textContent).toContain('居民评价：还是有味');
    fireEvent.click(within(card).getByText('记录回访'));
    await typeInto('回访情况', '电话回访，店家已装净化器，居民表示好多了');
    fireEvent.click(within(card).getByText('保存回访'));
    // (a boolean, not the element: a failed check would print the whole node, for seconds)
    await waitFor(() => expect(screen.queryByText(one.text) === null).toBe(true), { timeout: 10_000 });
    const done = await direct('requests.visits', { communityId: COMMUNITY_ID, status: 'done' }, 'demo-staff');
    expect(done.visits.find((v) => v.requestId === one.id)).toMatchObject({ outcome: '电话回访，店家已装净化器，居民表示好多了', visitorName: '陈美华' });
  });
});

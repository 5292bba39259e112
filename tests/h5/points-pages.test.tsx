/**
 * The points pages in jsdom with Testing Library, fed by the real `points` function: `src/services`
 * runs its own H5 transport, carried to a seeded local cloud (org + the demo points ledger) in its
 * own process by a node:http `fetch` (tests/h5/gateway-fetch.ts).
 */
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { ActionOutput } from '@core/contracts/index';
import MyPoints from '../../src/packages/leader/pages/points/index';
import Claim from '../../src/packages/leader/pages/claim/index';
import Publication from '../../src/packages/public/pages/publication/index';
import PointsTab from '../../src/pages/points/index';
import StaffPublications from '../../src/packages/staff/pages/publications/index';
import { BRANCH_IDS } from '../../tools/seed/demo';
import { renderPage } from './render-page';
import { seededH5Session } from './seeded-session';

jest.setTimeout(30_000);
const session = seededH5Session();
const { as } = session;

/** a call straight to the function, for the figures the page should show */
async function direct<
  A extends 'points.balance' | 'points.rules.list' | 'points.publication.list' | 'points.publication.get' | 'points.claim.list' | 'points.ranking',
>(
  action: A,
  data: unknown,
  openid: string,
): Promise<ActionOutput<A>> {
  const res = (await session.cloud.invoke('points', { action, data }, openid)) as { ok: boolean; data: ActionOutput<A> };
  if (!res.ok) throw new Error(`${action} failed: ${JSON.stringify(res)}`);
  return res.data;
}

const sentActions = () => session.gateway.sent.map((s) => (s.body as { action: string }).action);

describe('我的积分', () => {
  test('balance, this month, ranks and the provisional grade as the ledger has them', async () => {
    as('demo-leader');
    const b = await direct('points.balance', {}, 'demo-leader');
    renderPage(MyPoints, '/packages/leader/pages/points/index');
    await screen.findByText('王建国', {}, { timeout: 10_000 });

    expect(screen.getByText(String(b.balance))).toBeTruthy();
    expect(screen.getByText('累计积分')).toBeTruthy();
    expect(screen.getByText(`${b.period.label}积分`)).toBeTruthy();
    expect(screen.getByText(`${b.grade}（暂定）`)).toBeTruthy();
    expect(b.rank.community).not.toBeNull();
    expect(screen.getByText(`社区共 ${b.rank.community?.of} 人`)).toBeTruthy();
    expect(screen.getAllByText(`第 ${b.rank.community?.rank} 名`).length).toBeGreaterThan(0);
  });

  test('本年 switches the period; pull-down refresh reloads it', async () => {
    as('demo-leader');
    const page = renderPage(MyPoints, '/packages/leader/pages/points/index');
    await screen.findByText('王建国', {}, { timeout: 10_000 });
    fireEvent.click(screen.getByText('本年'));
    const year = await direct('points.balance', { period: String(new Date().getFullYear()) }, 'demo-leader');
    await screen.findByText(`${year.period.label}积分`, {}, { timeout: 10_000 });
    expect(screen.getAllByText(String(year.period.points)).length).toBeGreaterThan(0);

    const before = session.gateway.sent.length;
    act(() => page.pullDownRefresh());
    await waitFor(() => expect(session.gateway.sent.length).toBe(before + 1));
    expect((session.gateway.sent[before].body as { data: { period: string } }).data.period).toBe(year.period.key);
  });

  test('a visitor who has not bound sees the server\'s message and a retry', async () => {
    as('demo-visitor');
    renderPage(MyPoints, '/packages/leader/pages/points/index');
    await screen.findByText('重新加载', {}, { timeout: 10_000 });
    expect(document.body.textContent).toContain('绑定');
  });
});

describe('积分申报', () => {
  test('an item that needs photos is not sent without them', async () => {
    as('demo-leader');
    const rules = await direct('points.rules.list', {}, 'demo-leader');
    const withPhotos = rules.categories.flatMap((c) => c.items.map((i) => ({ c, i }))).find(({ i }) => i.evidenceRequired);
    expect(withPhotos).toBeDefined();
    renderPage(Claim, '/packages/leader/pages/claim/index');
    fireEvent.click(await screen.findByText(withPhotos!.c.name, {}, { timeout: 10_000 }));
    fireEvent.click(screen.getAllByText(withPhotos!.i.name)[0]);
    fireEvent.click(screen.getByText('提交申报'));

    expect((await screen.findByRole('alert')).textContent).toBe('这个事项需要上传照片作为凭证');
    expect(sentActions()).not.toContain('points.claim.submit');
  });

  test('a dropped submit is retried with the same idempotency key and files one claim, shown as 待审核', async () => {
    as('demo-leader');
    const rules = await direct('points.rules.list', {}, 'demo-leader');
    const pick = rules.categories.flatMap((c) => c.items.map((i) => ({ c, i }))).find(({ i }) => !i.evidenceRequired && !i.cap);
    expect(pick).toBeDefined();
    const before = await direct('points.claim.list', { box: 'mine', pageSize: 20 }, 'demo-leader');

    renderPage(Claim, '/packages/leader/pages/claim/index');
    fireEvent.click(await screen.findByText(pick!.c.name, {}, { timeout: 10_000 }));
    fireEvent.click(screen.getAllByText(pick!.i.name)[0]);
    await screen.findByText('我的申报');

    session.gateway.failNext(1);
    fireEvent.click(screen.getByText('提交申报'));
    expect((await screen.findByRole('alert')).textContent).toBe('网络不太顺畅，请稍后再试');

    fireEvent.click(screen.getByText('提交申报'));
    // on success the list under the form is read again
    const listReads = () => session.gateway.sent.filter((s) => (s.body as { action: string }).action === 'points.claim.list').length;
    await waitFor(() => expect(listReads()).toBe(2), { timeout: 10_000 });
    expect(screen.queryByRole('alert')).toBeNull();

    const submits = session.gateway.sent.filter((s) => (s.body as { action: string }).action === 'points.claim.submit');
    expect(submits).toHaveLength(2);
    const keys = submits.map((s) => (s.body as { data: { idempotencyKey: string } }).data.idempotencyKey);
    expect(keys[0]).toBe(keys[1]);
    expect((submits[1].body as { data: { itemCode: string } }).data.itemCode).toBe(pick!.i.code);

    const after = await direct('points.claim.list', { box: 'mine', pageSize: 20 }, 'demo-leader');
    const fresh = after.claims.filter((c) => !before.claims.some((b) => b.id === c.id));
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).toMatchObject({ status: 'pending', item: { code: pick!.i.code } });
    await waitFor(() => expect(screen.getAllByText('待审核').length).toBeGreaterThan(0));
  });
});

describe('积分公示 (public)', () => {
  test('the open publication: window, frozen list with masked or consented names, chain head, 我有异议', async () => {
    as('demo-leader');
    const { publications } = await direct('points.publication.list', {}, 'demo-leader');
    const open = publications.find((p) => p.status === 'open')!;
    renderPage(Publication, '/packages/public/pages/publication/index', { id: encodeURIComponent(open.id) });
    await screen.findByText(open.title, {}, { timeout: 10_000 });

    const text = document.body.textContent ?? '';
    expect(text).toContain('公示中');
    expect(text).toContain(`公示名单（共 ${open.rowCount} 人）`);
    expect(text).toContain(open.head.hash);
    expect(text).toContain(`第 ${open.head.seq} 号记录`);
    expect(text).toContain('王建国'); // consented
    expect(text).toMatch(/徐\*+/); // 徐立新 did not consent
    expect(text).not.toContain('徐立新');
    expect(text).not.toMatch(/1[3-9]\d{9}/); // never a phone
    // the seeded objection of 李秀兰, masked for everyone but her and staff
    expect(text).toContain('核实中');
    expect(text).toMatch(/李\*+ ·/);
    expect(text).not.toContain('秀兰');

    fireEvent.click(screen.getByText('我有异议'));
    fireEvent.click(screen.getByText('提交异议'));
    expect((await screen.findByRole('alert')).textContent).toBe('请把异议写清楚（至少 5 个字）');
  });

  test('a finalized publication has no objection form', async () => {
    as('demo-resident');
    const { publications } = await direct('points.publication.list', {}, 'demo-resident');
    const final = publications.find((p) => p.status === 'final')!;
    renderPage(Publication, '/packages/public/pages/publication/index', { id: final.id });
    await screen.findByText(final.title, {}, { timeout: 10_000 });
    expect(document.body.textContent).toContain('已定稿');
    expect(screen.queryByText('我有异议')).toBeNull();
  });
});

describe('积分 tab', () => {
  test('a leader sees their summary; the latest publication is there for everyone', async () => {
    as('demo-leader');
    const { publications } = await direct('points.publication.list', { pageSize: 1 }, 'demo-leader');
    renderPage(PointsTab, '/pages/points/index');
    await screen.findByText('我的积分', {}, { timeout: 10_000 });
    await screen.findByText(publications[0].title, {}, { timeout: 10_000 });
    expect(screen.getByText('积分申报')).toBeTruthy();
    expect(screen.queryByText('公示管理')).toBeNull();
  });

  test('the secretary sees 待审核 with the count waiting for them', async () => {
    as('demo-secretary');
    const pending = await direct('points.claim.list', { box: 'pending', pageSize: 20 }, 'demo-secretary');
    renderPage(PointsTab, '/pages/points/index');
    const title = pending.claims.length ? `待审核（${pending.claims.length}${pending.hasMore ? '+' : ''}）` : '待审核';
    await screen.findByText(title, {}, { timeout: 10_000 });
    expect(screen.queryByText('积分申报')).toBeNull();
  });
});

// last in this file: it adds a publication, which the tests above would otherwise pick up
describe('公示管理 (staff)', () => {
  test("publishes one party branch's ranking: the branch's leaders only, as the live branch ranking has them", async () => {
    as('demo-staff');
    // jsdom has no page stack: record where the page goes after publishing
    const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
    renderPage(StaffPublications, '/packages/staff/pages/publications/index');
    fireEvent.click(await screen.findByText('和平小区党支部', {}, { timeout: 10_000 }));
    fireEvent.click(screen.getByText(/^发布\d{4}年\d+月公示$/));
    await waitFor(() => expect(navigate).toHaveBeenCalled(), { timeout: 10_000 });
    const url = new URL(navigate.mock.calls[0][0].url, 'https://x');
    navigate.mockRestore();
    const create = session.gateway.sent.find((s) => (s.body as { action: string }).action === 'points.publication.create')!;
    expect((create.body as { data: unknown }).data).toMatchObject({ scope: 'branch', scopeId: BRANCH_IDS.heping });

    expect(url.pathname).toBe('/packages/staff/pages/publications/index');
    const { publications } = await direct('points.publication.list', {}, 'demo-staff');
    const branchPub = publications.find((p) => p.id === url.searchParams.get('id'))!;
    expect(branchPub.scope).toEqual({ type: 'branch', id: BRANCH_IDS.heping, name: '和平小区党支部' });
    const { rows } = await direct('points.publication.get', { publicationId: branchPub.id, pageSize: 20 }, 'demo-staff');
    const live = await direct('points.ranking', { scope: 'branch', scopeId: BRANCH_IDS.heping, period: branchPub.period.key, pageSize: 20 }, 'demo-staff');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => [r.personId, r.rank, r.points])).toEqual(live.rows.map((r) => [r.personId, r.rank, r.points]));
  });
});

// after the tests above: it adds objections to the open publication
describe('异议 (objections)', () => {
  test('staff page through them 10 at a time and release one the content check held (待审核)', async () => {
    const { publications } = await direct('points.publication.list', {}, 'demo-staff');
    const open = publications.find((p) => p.status === 'open' && p.scope.type === 'community')!;
    const object = async (openid: string, text: string) => {
      const res = (await session.cloud.invoke('points', { action: 'points.publication.object', data: { idempotencyKey: `h5-obj-${text.length}-${Math.random().toString(36).slice(2)}`, publicationId: open.id, text } }, openid)) as { ok: boolean; data: { id: string; status: string } };
      if (!res.ok) throw new Error(JSON.stringify(res));
      return res.data;
    };
    // the seeded one, 11 more, then one WeChat's content check holds (代开发票 in the stub's word list)
    for (const [i, openid] of ['demo-resident', 'demo-leader', 'demo-grid-worker'].flatMap((o) => [o, o, o, o]).slice(0, 11).entries()) {
      await object(openid, `第 ${i + 1} 条测试异议，请核实名单`);
    }
    const held = await object('demo-resident', '有人说可以代开发票，请核实名单');
    expect(held.status).toBe('held');

    as('demo-staff');
    renderPage(StaffPublications, '/packages/staff/pages/publications/index', { id: encodeURIComponent(open.id) });
    await screen.findByText('异议（待处理 13）', {}, { timeout: 10_000 });
    expect(screen.getAllByText(/第 \d+ 条测试异议/)).toHaveLength(9); // with the seeded one: 10 on the first page
    expect(screen.queryByText('有人说可以代开发票，请核实名单')).toBeNull();

    fireEvent.click(screen.getByText('加载更多'));
    await screen.findByText('有人说可以代开发票，请核实名单', {}, { timeout: 10_000 });
    expect(screen.getAllByText(/第 \d+ 条测试异议/)).toHaveLength(11);
    expect(screen.getByText('异议到此为止')).toBeTruthy();
    expect(screen.getByText('待审核')).toBeTruthy();

    // the public does not see it until staff release it
    const forResident = async () => (await direct('points.publication.get', { publicationId: open.id }, 'demo-resident')).moreObjections;
    const cursor = await forResident();
    const rest = (await session.cloud.invoke('points', { action: 'points.publication.objections', data: { publicationId: open.id, cursor } }, 'demo-resident')) as { data: { objections: { id: string }[] } };
    expect(rest.data.objections.map((o) => o.id)).not.toContain(held.id);

    fireEvent.click(screen.getByText('公开'));
    await waitFor(() => expect(sentActions()).toContain('points.publication.moderate'), { timeout: 10_000 });
    const moderate = session.gateway.sent.find((s) => (s.body as { action: string }).action === 'points.publication.moderate')!;
    expect((moderate.body as { data: unknown }).data).toMatchObject({ objectionId: held.id, decision: 'release' });
    // the page reloads: page 1 again, the released one now waits for an answer like the others
    await waitFor(() => expect(screen.queryByText('待审核')).toBeNull(), { timeout: 10_000 });
    const after = (await session.cloud.invoke('points', { action: 'points.publication.objections', data: { publicationId: open.id, cursor } }, 'demo-resident')) as { data: { objections: { id: string }[] } };
    expect(after.data.objections.map((o) => o.id)).toContain(held.id);
  });
});

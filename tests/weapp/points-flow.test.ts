/**
 * @jest-environment jsdom
 *
 * The points scheme on the compiled weapp pages (dist/) in miniprogram-simulate, served by the real
 * `points` function through a seeded local cloud: a leader files a claim, the branch secretary
 * approves it, the leader's balance and rank move, staff publish the month and open its Excel, and the public page
 * shows the frozen list with masked or consented names and shares as a card.
 */
import fs from 'node:fs';
import type { ActionOutput } from '../../core/contracts/index';
import { seededHarnesses, type Harness, type LoadedPage, type SimNode } from './harness';
import { LOCAL_SUBSCRIBE_TEMPLATES } from '../../tools/localcloud/wx/subscribe-message';

jest.setTimeout(60_000);
const seeded = seededHarnesses();
const { harnessAs } = seeded;

async function direct<A extends 'points.balance' | 'points.rules.list' | 'points.claim.list'>(action: A, data: unknown, openid: string) {
  const res = (await seeded.cloud.invoke('points', { action, data }, openid)) as { ok: boolean; data: ActionOutput<A> };
  if (!res.ok) throw new Error(`${action}: ${JSON.stringify(res)}`);
  return res.data;
}

/** the node matching `selector` whose text contains every one of `texts` (the innermost such node) */
function find(root: SimNode, selector: string, ...texts: string[]): SimNode {
  const all = root.querySelectorAll(selector).filter((n) => texts.every((t) => n.dom.textContent?.includes(t)));
  if (!all.length) throw new Error(`no ${selector} with ${texts.join(', ')}; the page shows: ${root.dom.textContent?.slice(0, 400)}`);
  return all[all.length - 1];
}

async function waitForCall(h: Harness, api: string, match: (options: Record<string, unknown>) => boolean) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const hit = h.wxCalls.find((c) => c.api === api && match(c.options));
    if (hit) return hit.options;
    if (Date.now() > deadline) throw new Error(`no ${api}; calls: ${JSON.stringify(h.wxCalls.map((c) => [c.api, c.options.title ?? c.options.url]))}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function until(ok: () => boolean, what = 'the page to update') {
  const deadline = Date.now() + 10_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function currentMonth(): { key: string; label: string } {
  const wall = new Date(Date.now() + 8 * 3600_000).toISOString();
  return { key: wall.slice(0, 7), label: `${Number(wall.slice(0, 4))}年${Number(wall.slice(5, 7))}月` };
}

test('claim → secretary approves → balance and rank move → staff publish → the public list', async () => {
  // an item the secretary approves, without photos, with room under its cap (the demo has 3–8 services
  // a month per leader over ~35 items), that 王建国 has no pending claim for
  const rules = await direct('points.rules.list', {}, 'demo-leader');
  const mine = await direct('points.claim.list', { box: 'mine', pageSize: 20 }, 'demo-leader');
  const pendingCodes = new Set(mine.claims.filter((c) => c.status === 'pending').map((c) => c.item.code));
  const pick = rules.categories
    .flatMap((c) => c.items.map((item) => ({ category: c, item })))
    .find(({ item }) => item.approver === 'secretary' && !item.evidenceRequired && (item.cap?.count ?? 99) >= 10 && !pendingCodes.has(item.code));
  if (!pick) throw new Error('the demo catalogue has no item to claim');
  const before = await direct('points.balance', {}, 'demo-leader');

  // 1. the leader files the claim
  const leader = harnessAs('demo-leader');
  let page: LoadedPage = await leader.loadPage('packages/leader/pages/claim/index');
  await page.waitForText(pick.category.name);
  find(page.root, '.pt-tabs__tab', pick.category.name).dispatchEvent('tap');
  await page.waitForText(pick.item.name);
  find(page.root, '.pt-choice', pick.item.name).dispatchEvent('tap');
  await until(() => page.root.querySelectorAll('.pt-choice--on').length === 1); // rendered as chosen
  find(page.root, '.btn', '提交申报').dispatchEvent('tap');
  await waitForCall(leader, 'showToast', (o) => o.title === '已提交，等待审核');
  // asked once, in the submitting tap, to allow the review-result notice
  const asked = leader.wxCalls.filter((c) => c.api === 'requestSubscribeMessage');
  expect(asked.map((c) => c.options.tmplIds)).toEqual([[LOCAL_SUBSCRIBE_TEMPLATES.claimResult]]);
  await page.waitForText('待审核');
  page.close();

  // 2. the branch secretary approves it
  const secretary = harnessAs('demo-secretary');
  page = await secretary.loadPage('packages/staff/pages/claims/index');
  await page.waitForText(`王建国 · ${pick.item.name}`);
  const claim = find(page.root, '.pt-claim', `王建国 · ${pick.item.name}`);
  const approve = page.root.querySelectorAll('.btn').find((b) => b.dom.textContent === '通过' && claim.dom.contains(b.dom));
  if (!approve) throw new Error('no 通过 button on the claim');
  approve.dispatchEvent('tap');
  await waitForCall(secretary, 'showToast', (o) => o.title === '已通过，积分已入账');
  page.close();

  // 3. the leader's balance and this month's points moved by the item's points; the page shows them
  const after = await direct('points.balance', {}, 'demo-leader');
  expect(after.balance).toBe(before.balance + pick.item.points);
  expect(after.period.points).toBe(before.period.points + pick.item.points);
  expect(after.rank.community!.rank).toBeLessThanOrEqual(before.rank.community?.rank ?? Infinity);
  const leader2 = harnessAs('demo-leader');
  page = await leader2.loadPage('packages/leader/pages/points/index');
  const text = await page.waitForText(String(after.balance));
  expect(text).toContain(`${after.period.label}积分`);
  expect(text).toContain(String(after.period.points));
  expect(text).toContain(`第 ${after.rank.community!.rank} 名`);
  expect(text).toContain(`社区共 ${after.rank.community!.of} 人`);
  page.close();

  // 4. staff publish this month's ranking
  const month = currentMonth();
  const staff = harnessAs('demo-staff');
  page = await staff.loadPage('packages/staff/pages/publications/index');
  await page.waitForText('发布积分公示');
  find(page.root, '.pt-tabs__tab', month.label).dispatchEvent('tap');
  await page.waitForText(`发布${month.label}公示`);
  find(page.root, '.btn', `发布${month.label}公示`).dispatchEvent('tap');
  const nav = await waitForCall(staff, 'navigateTo', (o) => String(o.url).includes('publications/index?id='));
  const id = decodeURIComponent(String(nav.url).split('id=')[1]);
  expect(id).toContain(month.key);
  page.close();

  // … and export it for the office's records: downloaded, then opened in WeChat's document viewer
  const staff2 = harnessAs('demo-staff');
  page = await staff2.loadPage('packages/staff/pages/publications/index', { id: encodeURIComponent(id) });
  await page.waitForText('导出 Excel');
  find(page.root, '.btn', '导出 Excel').dispatchEvent('tap');
  const opened = await waitForCall(staff2, 'openDocument', () => true);
  expect(opened).toMatchObject({ fileType: 'xlsx', showMenu: true });
  const download = staff2.wxCalls.find((c) => c.api === 'downloadFile')!;
  expect(String(download.options.url)).toContain(seeded.cloud.url);
  // the file opened is the downloaded .xlsx (a zip; its rows are checked in tests/functions/points-export.test.ts)
  const xlsx = fs.readFileSync(String(opened.filePath));
  fs.rmSync(String(opened.filePath));
  expect(xlsx.subarray(0, 2).toString()).toBe('PK');
  expect(xlsx.length).toBeGreaterThan(1000);
  page.close();

  // 5. a resident reads it: consented names in full, the others masked; it shares as a card
  const resident = harnessAs('demo-resident');
  page = await resident.loadPage('packages/public/pages/publication/index', { id: encodeURIComponent(id) });
  const board = await page.waitForText(`幸福里社区${month.label}红色近邻长积分排名公示`);
  expect(board).toContain('公示中');
  expect(board).toContain('王建国'); // consented
  expect(board).toMatch(/徐\*+/); // 徐立新 did not
  expect(board).not.toContain('徐立新');
  expect(board).toContain('我有异议');
  const onShare = page.page.onShareAppMessage as ((o: object) => { title: string; path: string }) | undefined;
  expect(onShare).toBeDefined();
  const card = onShare!.call(page.page, { from: 'menu' });
  expect(card.title).toContain(`${month.label}红色近邻长积分排名公示`);
  expect(card.path).toBe(`/packages/public/pages/publication/index?id=${encodeURIComponent(id)}`);
  page.close();
});

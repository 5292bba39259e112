/**
 * 关怀模式 in Chromium against the local cloud and the H5 build: every page of src/app.config.ts,
 * as a persona who can see it, at a 375×667 phone viewport, first in the normal mode and then in
 * care mode (switched on 我的 like a resident would). Each page and mode is screenshotted to
 * test-output/care-mode/ and checked:
 * - no text overflows its box, no box is cut by `overflow`, nothing is wider than the viewport,
 *   nothing is shortened with an ellipsis;
 * - every tappable element (a React onClick, a role, a form control, a tab bar item) is at least
 *   44×44 CSS px normally (WCAG 2.5.5's 44 px) and 48×48 in care mode;
 * - every tappable element has an interactive role and a non-empty accessible name, as Chromium's
 *   own accessibility tree computes them;
 * - in care mode every piece of text is at least 1.25× its size in the normal mode (the same
 *   element, matched by its place in the page and its text).
 * Needs `npm run build:h5` and Debian's chromium at /usr/bin/chromium.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { seededBrowser } from './browser';

const OUT = path.resolve(__dirname, '../../test-output/care-mode');
const VIEWPORT = { width: 375, height: 667 };
const MIN_TARGET = { normal: 44, care: 48 };
const MIN_TEXT_RATIO = 1.25;
const INTERACTIVE_ROLES = new Set(['button', 'switch', 'checkbox', 'textbox', 'spinbutton', 'link', 'tab', 'combobox', 'radio', 'menuitem', 'searchbox']);

type Mode = 'normal' | 'care';

interface PageVisit {
  name: string;
  /** the route without its query, as in app.config.ts */
  path: string;
  query?: () => string;
  openid: string;
  /** shown once the page has its data */
  ready: string;
  /** a tap that opens more of the page (a form, an editor) and the text it shows */
  then?: { tap: string; shows: string };
}

jest.setTimeout(600_000);
const session = seededBrowser();
let publicationId = '';
/** requests (报事) made in beforeAll: waiting to be accepted, accepted, resolved (to rate), and rated 2 (a 回访) */
const rq = { waiting: '', accepted: '', resolved: '' };

const VISITS: PageVisit[] = [
  { name: 'home-resident', path: 'pages/index/index', openid: P.resident, ready: '李秀兰，您好' },
  { name: 'home-visitor', path: 'pages/index/index', openid: P.visitor, ready: '还没有绑定身份' },
  { name: 'services-leader', path: 'pages/services/index', openid: P.leader, ready: '我的服务范围' },
  { name: 'services-visitor', path: 'pages/services/index', openid: P.visitor, ready: '绑定身份后就能使用各项服务' },
  { name: 'points-leader', path: 'pages/points/index', openid: P.leader, ready: '累计积分' },
  { name: 'points-staff', path: 'pages/points/index', openid: P.staff, ready: '公示管理' },
  { name: 'mine-resident', path: 'pages/mine/index', openid: P.resident, ready: '1号楼1单元101' },
  { name: 'mine-visitor', path: 'pages/mine/index', openid: P.visitor, ready: '未绑定' },
  { name: 'directory-resident', path: 'packages/resident/pages/directory/index', openid: P.resident, ready: '和平小区党支部' },
  { name: 'scope-leader', path: 'packages/leader/pages/scope/index', openid: P.leader, ready: '我负责的范围' },
  { name: 'my-points-leader', path: 'packages/leader/pages/points/index', openid: P.leader, ready: '累计积分' },
  { name: 'history-leader', path: 'packages/leader/pages/history/index', openid: P.leader, ready: '第1版规则' },
  { name: 'claim-leader', path: 'packages/leader/pages/claim/index', openid: P.leader, ready: '我的申报' },
  { name: 'ranking-leader', path: 'packages/leader/pages/ranking/index', openid: P.leader, ready: '暂定排名' },
  { name: 'compounds-staff', path: 'packages/staff/pages/compounds/index', openid: P.staff, ready: '和平小区' },
  { name: 'claims-secretary', path: 'packages/staff/pages/claims/index', openid: P.secretary, ready: '我审核过的' },
  { name: 'claims-reject-secretary', path: 'packages/staff/pages/claims/index', openid: P.secretary, ready: '我审核过的', then: { tap: '驳回', shows: '确认驳回' } },
  { name: 'award-staff', path: 'packages/staff/pages/award/index', openid: P.staff, ready: '全选本小区' },
  { name: 'award-adjustment-staff', path: 'packages/staff/pages/award/index', openid: P.staff, ready: '全选本小区', then: { tap: '加减分调整', shows: '调整原因（必填）' } },
  { name: 'rules-staff', path: 'packages/staff/pages/rules/index', openid: P.staff, ready: '月度等次分数线' },
  { name: 'import-staff', path: 'packages/staff/pages/import/index', openid: P.staff, ready: '导出名单' },
  { name: 'rules-editor-staff', path: 'packages/staff/pages/rules/index', openid: P.staff, ready: '月度等次分数线', then: { tap: '入户宣传政策法规', shows: '保存为新版本' } },
  { name: 'publications-staff', path: 'packages/staff/pages/publications/index', openid: P.staff, ready: '共 ' },
  { name: 'publication-manage-staff', path: 'packages/staff/pages/publications/index', query: () => `id=${publicationId}`, openid: P.staff, ready: '查看公示名单' },
  { name: 'publication-resident', path: 'packages/public/pages/publication/index', query: () => `id=${publicationId}`, openid: P.resident, ready: '核验信息' },
  {
    name: 'publication-objection-resident',
    path: 'packages/public/pages/publication/index',
    query: () => `id=${publicationId}`,
    openid: P.resident,
    ready: '核验信息',
    then: { tap: '我有异议', shows: '提交异议' },
  },
  { name: 'join-visitor', path: 'packages/public/pages/join/index', openid: P.visitor, ready: '没有邀请码？' },
  { name: 'bind-visitor', path: 'packages/resident/pages/bind/index', openid: P.visitor, ready: '选择你住的房屋' },
  { name: 'account-resident', path: 'packages/resident/pages/account/index', openid: P.resident, ready: '解除绑定（搬家）' },
  { name: 'bind-reviews-grid-worker', path: 'packages/leader/pages/bind-reviews/index', openid: P.gridWorker, ready: '欧阳晓梅', then: { tap: '不通过', shows: '确认不通过' } },
  { name: 'invites-staff', path: 'packages/staff/pages/invites/index', openid: P.staff, ready: '司马文华' },
  { name: 'people-staff', path: 'packages/staff/pages/people/index', openid: P.staff, ready: '有角色的人员' },
  { name: 'org-staff', path: 'packages/staff/pages/org/index', openid: P.staff, ready: '楼栋和网格' },
  { name: 'org-compound-staff', path: 'packages/staff/pages/org/index', query: () => 'compoundId=cp-heping&communityId=cm-xingfuli', openid: P.staff, ready: '单元和住户' },
  { name: 'org-building-staff', path: 'packages/staff/pages/org/index', query: () => 'buildingId=bd-heping-1&compoundId=cp-heping&communityId=cm-xingfuli', openid: P.staff, ready: '1号楼1单元101' },
  { name: 'org-node-compound-staff', path: 'packages/staff/pages/org-node/index', query: () => 'kind=compound&communityId=cm-xingfuli', openid: P.staff, ready: '物业管理方式' },
  { name: 'org-node-grid-staff', path: 'packages/staff/pages/org-node/index', query: () => 'kind=grid&communityId=cm-xingfuli&compoundId=cp-heping', openid: P.staff, ready: '6号楼' },
  { name: 'audit-staff', path: 'packages/staff/pages/audit/index', openid: P.staff, ready: '导出 Excel' },
  { name: 'wuyou-coverage-staff', path: 'packages/staff/pages/wuyou/index', openid: P.staff, ready: '个支部已具备' },
  { name: 'wuyou-secretary', path: 'packages/leader/pages/wuyou/index', openid: P.secretary, ready: '有应急动员预案', then: { tap: '修改', shows: '照片佐证（选填）' } },
  { name: 'report-resident', path: 'packages/resident/pages/report/index', openid: P.resident, ready: '1单元 ▾' },
  { name: 'my-requests-resident', path: 'packages/resident/pages/requests/index', openid: P.resident, ready: '楼道的灯坏了，晚上看不见台阶' },
  { name: 'request-withdraw-resident', path: 'packages/resident/pages/request/index', query: () => `id=${rq.waiting}`, openid: P.resident, ready: '办理进度', then: { tap: '撤回', shows: '确认撤回' } },
  { name: 'request-rate-resident', path: 'packages/resident/pages/request/index', query: () => `id=${rq.resolved}`, openid: P.resident, ready: '办理进度', then: { tap: '评价', shows: '提交评价' } },
  { name: 'work-leader', path: 'packages/leader/pages/work/index', openid: P.leader, ready: '楼道的灯坏了，晚上看不见台阶' },
  { name: 'work-order-leader', path: 'packages/leader/pages/request/index', query: () => `id=${rq.accepted}`, openid: P.leader, ready: '报事人', then: { tap: '办结', shows: '确认办结' } },
  { name: 'work-order-escalate-grid-worker', path: 'packages/leader/pages/request/index', query: () => `id=${rq.waiting}`, openid: P.gridWorker, ready: '报事人', then: { tap: '吹哨', shows: '确认吹哨' } },
  { name: 'work-order-reassign-staff', path: 'packages/leader/pages/request/index', query: () => `id=${rq.waiting}`, openid: P.staff, ready: '报事人', then: { tap: '改派', shows: '确认改派' } },
  { name: 'request-board-staff', path: 'packages/staff/pages/request-board/index', openid: P.staff, ready: '楼道的灯坏了，晚上看不见台阶' },
  { name: 'request-rates-staff', path: 'packages/staff/pages/request-rates/index', openid: P.staff, ready: '· 全社区' },
  { name: 'request-visits-staff', path: 'packages/staff/pages/request-visits/index', openid: P.staff, ready: '居民评价：修得太慢', then: { tap: '记录回访', shows: '保存回访' } },
  // notices: residents
  { name: 'notices-resident', path: 'packages/resident/pages/notices/index', openid: P.resident, ready: '关怀模式里的停水通知' },
  { name: 'notices-subscribe-resident', path: 'packages/resident/pages/notices/index', openid: P.resident, ready: '关怀模式里的停水通知', then: { tap: '订阅公告提醒', shows: '提醒哪一类公告' } },
  { name: 'notice-resident', path: 'packages/resident/pages/notice/index', query: () => `id=${noticeId}`, openid: P.resident, ready: '请提前储水' },
  { name: 'article-resident', path: 'packages/public/pages/article/index', query: () => `url=${encodeURIComponent('https://mp.weixin.qq.com/s/care-mode_1')}`, openid: P.resident, ready: '公众号文章要在微信里打开' },
  // notices: staff
  { name: 'staff-notices-staff', path: 'packages/staff/pages/notices/index', openid: P.staff, ready: '关怀模式里的社区义诊公告' },
  { name: 'notice-edit-staff', path: 'packages/staff/pages/notice-edit/index', openid: P.staff, ready: '发给谁', then: { tap: '＋列表', shows: '每行一项' } },
  { name: 'notice-status-staff', path: 'packages/staff/pages/notice-edit/index', query: () => `id=${staffNoticeId}`, openid: P.staff, ready: '状态：已发布' },
  // activities
  { name: 'activities-resident', path: 'packages/service/pages/activities/index', openid: P.resident, ready: '关怀模式里的健康讲座' },
  { name: 'activity-resident', path: 'packages/service/pages/activity/index', query: () => `id=${activityId}`, openid: P.resident, ready: '我的报名' },
  { name: 'activity-organiser-staff', path: 'packages/service/pages/activity/index', query: () => `id=${activityId}`, openid: P.staff, ready: '现场签到' },
  { name: 'activity-edit-staff', path: 'packages/service/pages/activity-edit/index', openid: P.staff, ready: '以谁的名义组织' },
  { name: 'activity-run-staff', path: 'packages/service/pages/activity-run/index', query: () => `id=${activityId}`, openid: P.staff, ready: '秒后换新码' },
  { name: 'checkin-leader', path: 'packages/service/pages/checkin/index', query: () => `id=${activityId}`, openid: P.leader, ready: '扫码签到' },
  // wishes
  { name: 'wishes-leader', path: 'packages/service/pages/wishes/index', openid: P.leader, ready: '关怀模式里的心愿：想要一个电热水袋过冬' },
  { name: 'wishes-grid-worker', path: 'packages/service/pages/wishes/index', openid: P.gridWorker, ready: '代人许愿' },
  { name: 'wish-leader', path: 'packages/service/pages/wish/index', query: () => `id=${wishIds.open}`, openid: P.leader, ready: '我来认领' },
  { name: 'wish-claimer', path: 'packages/service/pages/wish/index', query: () => `id=${wishIds.claimed}`, openid: P.leader, ready: '冯建平（独居老人）', then: { tap: '登记完成', shows: '确认登记' } },
  { name: 'wish-held-staff', path: 'packages/service/pages/wish/index', query: () => `id=${wishIds.held}`, openid: P.staff, ready: '审核通过', then: { tap: '不通过', shows: '确认不通过' } },
  { name: 'wish-post-resident', path: 'packages/service/pages/wish-post/index', openid: P.resident, ready: '心愿是什么' },
  { name: 'wish-post-proxy-grid-worker', path: 'packages/service/pages/wish-post/index', query: () => 'proxy=1', openid: P.gridWorker, ready: '受助人情况' },
  { name: 'staff-wishes-staff', path: 'packages/staff/pages/wishes/index', openid: P.staff, ready: '导出心愿台账' },
  // teams
  { name: 'teams-resident', path: 'packages/service/pages/teams/index', openid: P.resident, ready: '和平红管家服务队' },
  { name: 'team-resident', path: 'packages/service/pages/team/index', query: () => 'id=tm-hongguanjia', openid: P.resident, ready: '队长：赵丽娟' },
  {
    name: 'team-leader-reviews',
    path: 'packages/service/pages/team/index',
    query: () => 'id=tm-hongguanjia',
    // 赵丽娟, the leader of 和平红管家服务队
    openid: 'demo-p-007',
    ready: '申请说明：会做饭，可以给独居老人送餐',
    then: { tap: '不通过', shows: '确认不通过' },
  },
];

/** every page path of src/app.config.ts, main package and subpackages */
function allPagePaths(): string[] {
  // the config calls the global the Taro build provides
  (globalThis as { defineAppConfig?: unknown }).defineAppConfig = (config: unknown) => config;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const config = (require('../../src/app.config') as { default: { pages: string[]; subPackages?: { root: string; pages: string[] }[] } }).default;
  return [...config.pages, ...(config.subPackages ?? []).flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];
}

async function open(page: Page, visit: PageVisit): Promise<void> {
  await page.goto(`${session.cloud.url}/`);
  await page.evaluate((id) => window.localStorage.setItem('hongling.devOpenid', id), visit.openid);
  await page.setViewportSize(VIEWPORT);
  await page.goto(`${session.cloud.url}/app/#/${visit.path}${visit.query ? `?${visit.query()}` : ''}`);
  await page.getByText(visit.ready).first().waitFor();
  // parts that load quietly (the latest 公示 card) are in too
  await page.waitForLoadState('networkidle');
  if (visit.then) {
    // a DOM click: Taro's pull-to-refresh layer sits over a page scrolled by Playwright
    await page.getByText(visit.then.tap, { exact: true }).first().dispatchEvent('click');
    await page.getByText(visit.then.shows).first().waitFor();
  }
  // nested loaders (a picker's people, a latest 公示 card) finish too
  await page.waitForFunction(() => !document.querySelector('.status__spinner'));
  await page.evaluate(() => document.fonts.ready);
}

/** the page, grown to its content's height so the screenshot holds all of it */
async function screenshot(page: Page, file: string): Promise<void> {
  const height = await page.evaluate(() => Math.max(...Array.from(document.querySelectorAll('*'), (el) => el.scrollHeight)));
  await page.setViewportSize({ width: VIEWPORT.width, height: Math.min(Math.max(height, VIEWPORT.height), 8000) });
  fs.mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: path.join(OUT, file), fullPage: true });
  await page.setViewportSize(VIEWPORT);
}

interface Target {
  index: number;
  what: string;
  width: number;
  height: number;
}

interface Measured {
  overflow: string[];
  targets: Target[];
  /** font size in px of each visible piece of text, by its place in the page and its text */
  fonts: Record<string, number>;
}

/** Runs in the page: marks the tappable elements with data-care-check and measures everything. */
function measure(): Measured {
  const visible = (el: Element) => {
    const s = getComputedStyle(el);
    return s.display !== 'none' && s.visibility !== 'hidden' && el.getClientRects().length > 0;
  };
  const describe = (el: Element) =>
    `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
  const reactProps = (el: Element): Record<string, unknown> | null => {
    const key = Object.keys(el).find((k) => k.startsWith('__reactProps$'));
    return key ? ((el as unknown as Record<string, Record<string, unknown>>)[key] ?? null) : null;
  };
  const pathOf = (el: Element) => {
    const parts: string[] = [];
    for (let e: Element | null = el; e && e !== document.body; e = e.parentElement) {
      parts.unshift(`${e.tagName.toLowerCase()}:${e.parentElement ? Array.prototype.indexOf.call(e.parentElement.children, e) : 0}`);
    }
    return parts.join('/');
  };

  const elements = Array.from(document.body.querySelectorAll('*')).filter(visible);
  const overflow: string[] = [];
  const fonts: Record<string, number> = {};
  for (const el of elements) {
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > window.innerWidth + 0.5 || r.left < -0.5)) overflow.push(`wider than the viewport (${Math.round(r.left)}–${Math.round(r.right)} px): ${describe(el)}`);
    if (s.textOverflow === 'ellipsis') overflow.push(`shortened with an ellipsis: ${describe(el)}`);
    const clips = ['hidden', 'clip', 'auto', 'scroll'].includes(s.overflowX);
    const ownText = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
    if ((clips || (ownText && s.display !== 'inline')) && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) {
      overflow.push(`content ${el.scrollWidth} px wide in a ${el.clientWidth} px box: ${describe(el)}`);
    }
    // cut at the bottom (a scrolling box may be taller inside: that is what it is for)
    if (['hidden', 'clip'].includes(s.overflowY) && el.scrollHeight > el.clientHeight + 1 && el.clientHeight > 0) {
      overflow.push(`content ${el.scrollHeight} px high cut to ${el.clientHeight} px: ${describe(el)}`);
    }
    if (ownText) fonts[`${pathOf(el)} ${(el.textContent ?? '').trim().slice(0, 40)}`] = parseFloat(s.fontSize);
  }

  const tappable = elements.filter(
    (el) =>
      typeof reactProps(el)?.onClick === 'function' ||
      el.matches('a[href], button, input:not([type=hidden]), textarea, select, [role=button], [role=switch], [role=checkbox], [role=link], [role=tab]'),
  );
  const targets = tappable.map((el, index) => {
    el.setAttribute('data-care-check', String(index));
    const r = el.getBoundingClientRect();
    return { index, what: describe(el), width: r.width, height: r.height };
  });
  return { overflow, targets, fonts };
}

/** role and accessible name of each marked element, as Chromium's accessibility tree has them */
async function accessibleNames(page: Page): Promise<Map<number, { role: string; name: string }>> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('Accessibility.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: '[data-care-check]' });
    const names = new Map<number, { role: string; name: string }>();
    for (const nodeId of nodeIds) {
      const { attributes } = await cdp.send('DOM.getAttributes', { nodeId });
      const index = Number(attributes[attributes.indexOf('data-care-check') + 1]);
      const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false });
      const node = nodes[0];
      names.set(index, { role: String(node?.role?.value ?? ''), name: String(node?.name?.value ?? '').trim() });
    }
    return names;
  } finally {
    await cdp.detach();
  }
}

/** how many tappable elements of each role the checks saw, over all pages and modes */
const rolesSeen = new Map<string, number>();

async function checkPage(page: Page, visit: PageVisit, mode: Mode): Promise<{ problems: string[]; fonts: Record<string, number>; targets: number }> {
  await open(page, visit);
  await screenshot(page, `${visit.name}-${mode}.png`);
  const m = await page.evaluate(measure);
  const names = await accessibleNames(page);
  const problems = [...m.overflow];
  for (const t of m.targets) {
    if (t.width < MIN_TARGET[mode] - 0.01 || t.height < MIN_TARGET[mode] - 0.01) {
      problems.push(`target ${t.width.toFixed(1)}×${t.height.toFixed(1)} px < ${MIN_TARGET[mode]} px: ${t.what}`);
    }
    const a11y = names.get(t.index);
    if (a11y) rolesSeen.set(a11y.role, (rolesSeen.get(a11y.role) ?? 0) + 1);
    if (!a11y || !INTERACTIVE_ROLES.has(a11y.role)) problems.push(`tappable without an interactive role (${a11y?.role ?? 'none'}): ${t.what}`);
    else if (!a11y.name) problems.push(`${a11y.role} without an accessible name: ${t.what}`);
  }
  return { problems: problems.map((p) => `${visit.name} (${mode}): ${p}`), fonts: m.fonts, targets: m.targets.length };
}

/** 我的 → 关怀模式 switch, as a resident taps it; the page in front changes at once */
async function switchCareMode(page: Page, on: boolean): Promise<void> {
  await open(page, VISITS.find((v) => v.name === 'mine-resident')!);
  const name = page.locator('.mine__person .title');
  const before = await name.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  const toggle = page.getByRole('switch', { name: '关怀模式' });
  expect(await toggle.isChecked()).toBe(!on);
  await toggle.click();
  await page.waitForFunction((want) => document.documentElement.classList.contains('hl-care') === want, on);
  expect(await toggle.isChecked()).toBe(on);
  const after = await name.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  if (on) expect(after / before).toBeGreaterThanOrEqual(MIN_TEXT_RATIO);
  else expect(before / after).toBeGreaterThanOrEqual(MIN_TEXT_RATIO);
  expect(await page.evaluate(() => document.documentElement.classList.contains('hl-care'))).toBe(on);
}

beforeAll(async () => {
  const res = (await session.cloud.invoke('points', { action: 'points.publication.list', data: { page: 1, pageSize: 1 } }, P.staff)) as {
    ok: boolean;
    data: { publications: { id: string }[] };
  };
  publicationId = res.ok ? (res.data.publications[0]?.id ?? '') : '';
  if (!publicationId) throw new Error(`the demo data has no 积分公示: ${JSON.stringify(res)}`);
  // a bind request waiting for the grid worker and an open invite, so those lists have a row
  const made = await Promise.all([
    session.cloud.invoke('account', { action: 'account.bind.apply', data: { idempotencyKey: 'care-mode-bind-1', compoundId: 'cp-heping', householdId: 'hh-heping-2-2-302', name: '欧阳晓梅', phone: '13911110009' } }, 'o-care-mode-applicant'),
    session.cloud.invoke('org', { action: 'org.invite.create', data: { idempotencyKey: 'care-mode-invite-1', role: 'staff', target: { communityId: 'cm-xingfuli' }, name: '司马文华' } }, P.staff),
  ]);
  if (!made.every((r) => (r as { ok: boolean }).ok)) throw new Error(`could not prepare the getting-in pages: ${JSON.stringify(made)}`);
  // requests in each state the detail page's forms need, one of them rated 2 (a 回访 for staff)
  let n = 0;
  const act = async (action: string, data: object, openid: string) => {
    const r = (await session.cloud.invoke('requests', { action, data: { idempotencyKey: `care-mode-rq-${++n}`, ...data } }, openid)) as { ok: boolean; data: { id: string } };
    if (!r.ok) throw new Error(`could not prepare the request pages: ${action} ${JSON.stringify(r)}`);
    return r.data.id;
  };
  const file = (text: string) => act('requests.submit', { category: 'repair', text, location: { buildingId: 'bd-heping-1' } }, P.resident);
  rq.waiting = await file('楼道的灯坏了，晚上看不见台阶');
  rq.accepted = await file('单元门的闭门器坏了，门一直关不上');
  rq.resolved = await file('楼下的井盖松动了，踩上去会响');
  const rated = await file('二楼的水管漏水，墙都湿了');
  for (const id of [rq.accepted, rq.resolved, rated]) await act('requests.accept', { requestId: id }, P.leader);
  for (const id of [rq.resolved, rated]) await act('requests.resolve', { requestId: id, summary: '已请物业修好' }, P.leader);
  await act('requests.rate', { requestId: rated, score: 2, comment: '修得太慢' }, P.resident);
});

// activities: one published by staff two days on, the leader signed up (a roster row with 代签到)
let activityId = '';
beforeAll(async () => {
  const at = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
  const call = async (action: string, data: object, openid: string) => {
    const r = (await session.cloud.invoke('activities', { action, data: { idempotencyKey: `care-mode-${action.replace('.', '-')}`, ...data } }, openid)) as { ok: boolean; data: { id: string } };
    if (!r.ok) throw new Error(`could not prepare the activity pages: ${action} ${JSON.stringify(r)}`);
    return r.data;
  };
  const made = await call(
    'activities.create',
    {
      organiser: { kind: 'community' },
      title: '关怀模式里的健康讲座',
      description: '社区医生讲冬季怎样防跌倒、控血压，讲完答疑。',
      startAt: at(48),
      endAt: at(50),
      place: '和平小区活动室',
      capacity: 20,
      signupDeadline: at(47),
      itemCode: 'ZY01',
      volunteerHours: 2,
    },
    P.staff,
  );
  activityId = made.id;
  await call('activities.signup', { activityId }, P.leader);
});

// notices (residents): one published by staff to the whole community, so 首页's feed, the list and the notice have it
let noticeId = '';
beforeAll(async () => {
  const call = async (action: string, data: object) => {
    const r = (await session.cloud.invoke('notices', { action, data }, P.staff)) as { ok: boolean; data: { id: string } };
    if (!r.ok) throw new Error(`could not prepare the notice pages: ${action} ${JSON.stringify(r)}`);
    return r.data;
  };
  const saved = await call('notices.save', {
    idempotencyKey: 'care-mode-notice-1',
    category: 'emergency',
    title: '关怀模式里的停水通知',
    blocks: [
      { type: 'heading', text: '停水时间' },
      { type: 'paragraph', runs: [{ text: '12月5日 8:00–17:00 和平小区停水，' }, { text: '请提前储水', bold: true }, { text: '。' }] },
      { type: 'list', ordered: true, items: [[{ text: '关好家中的水龙头' }], [{ text: '来水后先放水三分钟再使用' }]] },
    ],
    scope: { kind: 'community' },
    pinned: true,
  });
  noticeId = (await call('notices.publish', { id: saved.id })).id;
});

// teams: 唐秀英's application waiting for 赵丽娟, the leader of 和平红管家服务队
beforeAll(async () => {
  const applied = (await session.cloud.invoke(
    'teams',
    { action: 'teams.apply', data: { teamId: 'tm-hongguanjia', idempotencyKey: 'care-mode-team-1', note: '会做饭，可以给独居老人送餐' } },
    'demo-p-027',
  )) as { ok: boolean };
  if (!applied.ok) throw new Error(`could not prepare the team pages: ${JSON.stringify(applied)}`);
});

// notices (staff): one published to the 红色近邻长 only, for 公告管理 and a published notice's status
let staffNoticeId = '';
beforeAll(async () => {
  const call = async (action: string, data: object) => {
    const r = (await session.cloud.invoke('notices', { action, data }, P.staff)) as { ok: boolean; data: { id: string } };
    if (!r.ok) throw new Error(`could not prepare the staff notice pages: ${action} ${JSON.stringify(r)}`);
    return r.data;
  };
  const saved = await call('notices.save', {
    idempotencyKey: 'care-mode-staff-notice-1',
    category: 'activity',
    title: '关怀模式里的社区义诊公告',
    blocks: [{ type: 'paragraph', runs: [{ text: '本周六上午九点，社区卫生服务站在广场义诊，量血压、测血糖。' }] }],
    scope: { kind: 'roles', roles: ['leader'] },
  });
  staffNoticeId = (await call('notices.publish', { id: saved.id })).id;
});

// wishes: an open one on the wall, one posted for 冯建平 by the grid worker and claimed by the leader, one held for review
const wishIds = { open: '', claimed: '', held: '' };
beforeAll(async () => {
  let n = 0;
  const call = async (action: string, data: object, openid: string) => {
    const r = (await session.cloud.invoke('wishes', { action, data: { idempotencyKey: `care-mode-wish-${++n}`, ...data } }, openid)) as { ok: boolean; data: { id: string; moderation: string } };
    if (!r.ok) throw new Error(`could not prepare the wish pages: ${action} ${JSON.stringify(r)}`);
    return r.data;
  };
  const neededBy = new Date(Date.now() + 8 * 3_600_000 + 7 * 86_400_000).toISOString().slice(0, 10);
  wishIds.open = (await call('wishes.post', { category: '生活物品', text: '关怀模式里的心愿：想要一个电热水袋过冬', neededBy }, P.resident)).id;
  wishIds.claimed = (await call('wishes.post', { category: '助老服务', text: '希望有人陪我去医院复查', neededBy, onBehalfOf: { name: '冯建平', householdId: 'hh-heping-2-2-301', kind: '独居老人' } }, P.gridWorker)).id;
  await call('wishes.claim', { wishId: wishIds.claimed }, P.leader);
  const held = await call('wishes.post', { category: '其他', text: '需要人帮忙代开发票', neededBy }, P.resident);
  if (held.moderation !== 'review') throw new Error(`the held wish was not held: ${JSON.stringify(held)}`);
  wishIds.held = held.id;
});

test('the visits cover every page of app.config.ts', () => {
  expect(new Set(VISITS.map((v) => v.path))).toEqual(new Set(allPagePaths()));
});

test('every page in the normal mode and in 关怀模式: no overflow, big named targets, text ≥ 1.25×', async () => {
  const page = await session.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  const problems: string[] = [];
  const normalFonts = new Map<string, Record<string, number>>();
  let targets = 0;

  for (const visit of VISITS) {
    const r = await checkPage(page, visit, 'normal');
    problems.push(...r.problems);
    normalFonts.set(visit.name, r.fonts);
    targets += r.targets;
  }

  await switchCareMode(page, true);
  // remembered: a fresh load of another page is in care mode too
  await open(page, VISITS[0]);
  expect(await page.locator('.page.care').count()).toBe(1);

  for (const visit of VISITS) {
    const r = await checkPage(page, visit, 'care');
    problems.push(...r.problems);
    const normal = normalFonts.get(visit.name)!;
    const shared = Object.keys(r.fonts).filter((k) => k in normal);
    // the same page, the same data: nearly all of its text is found again
    expect(shared.length).toBeGreaterThanOrEqual(Math.min(5, Object.keys(normal).length));
    for (const k of shared) {
      const ratio = r.fonts[k] / normal[k];
      if (ratio < MIN_TEXT_RATIO - 0.005) problems.push(`${visit.name} (care): text only ${ratio.toFixed(2)}× (${normal[k]} → ${r.fonts[k]} px): ${k.split(' ').slice(1).join(' ')}`);
    }
  }

  await switchCareMode(page, false);
  // the checks saw the pages' buttons, fields, switches and tab bars (not a blank page each time)
  expect(targets).toBeGreaterThan(100);
  const expectedRoles = ['button', 'link', 'switch', 'textbox', 'spinbutton'];
  expect(Object.fromEntries(expectedRoles.map((r) => [r, (rolesSeen.get(r) ?? 0) > 0]))).toEqual(Object.fromEntries(expectedRoles.map((r) => [r, true])));
  expect(problems).toEqual([]);
  expect(errors).toEqual([]);
});

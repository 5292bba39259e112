/**
 * Staff's view of requests through the real local cloud (queries without an index fail): the board
 * (views, filters, paging, one round trip), the monthly rates against counts worked out here from
 * the fixtures' own description, the Excel 台账 parsed back with exceljs, and return visits (list,
 * record once, idempotent retry). The fixtures are requests built by core's machine
 * (tools/seed/requests-demo.ts `buildRequest`) and written straight into the database.
 */
import ExcelJS from 'exceljs';
import type { ReturnVisitView, RequestRates, RequestRow } from '../../core/contracts/requests';
import type { ExportFile } from '../../core/contracts/points-export';
import type { PersonDoc } from '../../core/domain/org-model';
import { monthOf } from '../../core/domain/points/periods';
import { actorOf } from '../../core/domain/requests/actor';
import type { RequestCategoryCode } from '../../core/domain/requests/categories';
import type { RequestEvent } from '../../core/domain/requests/lifecycle';
import type { RequestDoc } from '../../core/domain/requests/model';
import type { ReturnVisitDoc } from '../../core/domain/requests/return-visit';
import { BRANCH_IDS, COMMUNITY_ID, demoData, PERSON_IDS } from '../../tools/seed/demo';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { buildRequest, seedRequests, type RequestFiling, type RequestStep } from '../../tools/seed/requests-demo';
import { resetStats, setLatency, stats } from '../helpers/localcloud';
import { seededTestCloud } from '../helpers/seeded';
import { addPerson, fail, key, ok } from './points-fixture';

const t = seededTestCloud();
const persons = new Map(demoData().snapshot.persons.map((p) => [p._id, p]));
const person = (id: string): PersonDoc => persons.get(id)!;

/** Shanghai wall time → Date */
const at = (s: string) => new Date(`${s}:00+08:00`);
const as = (id: string, when: string, event: RequestEvent): RequestStep => ({ event, actor: actorOf(person(id)), actorName: person(id).name, at: at(when) });
const sweep = (when: Date, level: 1 | 2): RequestStep => ({ event: { type: 'supervise', level }, actor: { kind: 'system' }, actorName: null, at: when });

const PLACES = {
  heping1: { compoundId: 'cp-heping', branchId: BRANCH_IDS.heping, gridId: 'gd-heping-1', b: 'heping', reporter: PERSON_IDS.resident, worker: PERSON_IDS.gridWorker },
  heping2: { compoundId: 'cp-heping', branchId: BRANCH_IDS.heping, gridId: 'gd-heping-2', b: 'heping', reporter: 'p-027', worker: 'p-015' },
  hongxing: { compoundId: 'cp-hongxing', branchId: BRANCH_IDS.hongxingLaojie, gridId: 'gd-hongxing-1', b: 'hongxing', reporter: 'p-029', worker: 'p-016' },
  laojie: { compoundId: 'cp-laojie', branchId: BRANCH_IDS.hongxingLaojie, gridId: 'gd-laojie-1', b: 'laojie', reporter: 'p-031', worker: 'p-017' },
} as const;
type Place = keyof typeof PLACES;

function filing(id: string, place: Place, building: number, when: string, category: RequestCategoryCode = 'repair'): RequestFiling {
  const p = PLACES[place];
  const reporter = person(p.reporter);
  return {
    id,
    communityId: COMMUNITY_ID,
    compoundId: p.compoundId,
    gridId: p.gridId,
    branchId: p.branchId,
    buildingId: `bd-${p.b}-${building}`,
    unitId: `un-${p.b}-${building}-1`,
    area: null,
    locationLabel: `${place} ${building}号楼1单元`,
    category,
    urgency: 'normal',
    text: `测试报事 ${id}：楼道里的灯坏了，晚上看不见路`,
    reporter: { id: reporter._id, name: reporter.name, phone: reporter.phone },
    at: at(when),
  };
}

/**
 * The fixtures of October 2026 (and one of September), with what the rates must make of them:
 * counted (not withdrawn), accepted in time, closed, rated, satisfied (4–5). Worked out by hand
 * from the steps below; the expectations are computed from these flags, not from the documents.
 */
interface Fixture {
  id: string;
  place: Place;
  month: string;
  counted: boolean;
  onTime: boolean;
  closed: boolean;
  score: number | null;
}
const FIXTURES: Fixture[] = [];
const built: { request: RequestDoc; visits: ReturnVisitDoc[] }[] = [];
function fixture(f: Omit<Fixture, 'place' | 'month'>, file: RequestFiling, steps: (w: string, r: string) => RequestStep[]) {
  const place = (Object.keys(PLACES) as Place[]).find((k) => PLACES[k].gridId === file.gridId && PLACES[k].compoundId === file.compoundId)!;
  FIXTURES.push({ ...f, place, month: monthOf(file.at) });
  built.push(buildRequest(file, steps(PLACES[place].worker, file.reporter.id)));
}
const resolve = (w: string, when: string): RequestStep => as(w, when, { type: 'resolve', summary: '已经修好了', photos: [] });
const rate = (r: string, when: string, score: number): RequestStep => as(r, when, { type: 'rate', score, comment: score >= 4 ? '满意' : '还是有问题' });

// A: on time, rated 5
fixture({ id: 'rq-t-a', counted: true, onTime: true, closed: true, score: 5 }, filing('rq-t-a', 'heping1', 1, '2026-10-12T10:00'), (w, r) => [
  as(w, '2026-10-12T14:00', { type: 'accept' }), resolve(w, '2026-10-13T10:00'), rate(r, '2026-10-14T10:00', 5),
]);
// B: accepted three days late, rated 4
fixture({ id: 'rq-t-b', counted: true, onTime: false, closed: true, score: 4 }, filing('rq-t-b', 'heping1', 2, '2026-10-12T10:05'), (w, r) => [
  as(w, '2026-10-16T09:00', { type: 'accept' }), resolve(w, '2026-10-19T10:00'), rate(r, '2026-10-20T10:00', 4),
]);
// C: rated 2 → a return visit
fixture({ id: 'rq-t-c', counted: true, onTime: true, closed: true, score: 2 }, filing('rq-t-c', 'heping2', 4, '2026-10-14T09:00'), (w, r) => [
  as(w, '2026-10-14T11:00', { type: 'accept' }), resolve(w, '2026-10-15T10:00'), rate(r, '2026-10-16T10:00', 2),
]);
// D: never rated, closed by itself after 7 days (未评价): closed, not rated, not satisfied
fixture({ id: 'rq-t-d', counted: true, onTime: true, closed: true, score: null }, filing('rq-t-d', 'heping2', 5, '2026-10-14T09:10'), (w) => [
  as(w, '2026-10-14T11:00', { type: 'accept' }), resolve(w, '2026-10-15T09:00'), { event: { type: 'autoClose' }, actor: { kind: 'system' }, actorName: null, at: at('2026-10-22T10:00') },
]);
// E: never accepted; the sweep supervised it twice (督办, raised to staff)
fixture({ id: 'rq-t-e', counted: true, onTime: false, closed: false, score: null }, filing('rq-t-e', 'hongxing', 1, '2026-10-20T10:00'), () => [
  sweep(at('2026-10-22T00:05'), 1), sweep(at('2026-10-23T00:05'), 2),
]);
// F: withdrawn: not counted
fixture({ id: 'rq-t-f', counted: false, onTime: false, closed: false, score: null }, filing('rq-t-f', 'hongxing', 2, '2026-10-21T10:00'), (_w, r) => [
  as(r, '2026-10-21T11:00', { type: 'withdraw', reason: '自己修好了' }),
]);
// G: rated 3 → a return visit
fixture({ id: 'rq-t-g', counted: true, onTime: true, closed: true, score: 3 }, filing('rq-t-g', 'laojie', 1, '2026-10-22T10:00'), (w, r) => [
  as(w, '2026-10-22T15:00', { type: 'accept' }), resolve(w, '2026-10-23T10:00'), rate(r, '2026-10-24T10:00', 3),
]);
// H: being worked on
fixture({ id: 'rq-t-h', counted: true, onTime: true, closed: false, score: null }, filing('rq-t-h', 'laojie', 2, '2026-10-26T10:00', 'sanitation'), (w) => [
  as(w, '2026-10-26T11:00', { type: 'accept' }), as(w, '2026-10-27T11:00', { type: 'progress', note: '已联系保洁', photos: [] }),
]);
// I: September: not in October's rates
fixture({ id: 'rq-t-i', counted: true, onTime: true, closed: true, score: 5 }, filing('rq-t-i', 'hongxing', 3, '2026-09-15T10:00'), (w, r) => [
  as(w, '2026-09-15T11:00', { type: 'accept' }), resolve(w, '2026-09-16T10:00'), rate(r, '2026-09-17T10:00', 5),
]);
// J: rated 5, then reopened: no longer closed nor rated
fixture({ id: 'rq-t-j', counted: true, onTime: true, closed: false, score: null }, filing('rq-t-j', 'heping1', 3, '2026-10-28T10:00'), (w, r) => [
  as(w, '2026-10-28T11:00', { type: 'accept' }), resolve(w, '2026-10-29T10:00'), rate(r, '2026-10-30T10:00', 5), as(r, '2026-10-31T10:00', { type: 'reopen', reason: '灯又坏了' }),
]);
// K: escalated (吹哨) to the partner unit
fixture({ id: 'rq-t-k', counted: true, onTime: false, closed: false, score: null }, filing('rq-t-k', 'heping2', 6, '2026-11-02T10:00', 'parking'), (w) => [
  as(w, '2026-11-02T11:00', { type: 'escalate', partnerId: 'pt-zhujianju', reason: '占道停车需要住建局协调' }),
]);
// M: escalated, then staff handed it to the grid worker: open with an escalation
fixture({ id: 'rq-t-m', counted: true, onTime: false, closed: false, score: null }, filing('rq-t-m', 'heping2', 5, '2026-11-03T10:00', 'safety_hazard'), (w) => [
  as(w, '2026-11-03T11:00', { type: 'escalate', partnerId: 'pt-zhujianju', reason: '需要专业单位排查' }),
  as(PERSON_IDS.staff, '2026-11-03T15:00', { type: 'route', to: { kind: 'person', personId: w } }),
]);
/** 23 more open ones in 和平小区 for paging, one an hour on 10 November */
const BULK = Array.from({ length: 23 }, (_, i) => buildRequest(filing(`rq-t-bulk-${String(i).padStart(2, '0')}`, 'heping1', 1 + (i % 3), `2026-11-10T${String(i).padStart(2, '0')}:00`, 'other'), []).request);

const OPEN_IDS = ['rq-t-e', 'rq-t-h', 'rq-t-j', 'rq-t-k', 'rq-t-m', ...BULK.map((b) => b._id)];
const allRequests = () => [...built.map((b) => b.request), ...BULK];
const submittedOf = (id: string) => allRequests().find((r) => r._id === id)!.submittedAt;
const newestFirst = (ids: string[]) => [...ids].sort((a, b) => submittedOf(b).localeCompare(submittedOf(a)));

const OTHER_STAFF = 'o-staff-elsewhere';

beforeAll(async () => {
  const db = t.app.database();
  await db.collection('requests').add(allRequests());
  await db.collection('request_visits').add(built.flatMap((b) => b.visits));
  await addPerson(t, { id: 'p-staff-elsewhere', name: '钱多多', openid: OTHER_STAFF, communityId: 'cm-other', roles: [{ role: 'staff', scope: { communityId: 'cm-other' }, scopeLabel: '其他社区' }] });
}, 60_000);

type Page = { rows: RequestRow[]; page: number; hasMore: boolean };
const board = (data: Record<string, unknown>, openid: string = P.staff) => ok<Page>(t, 'requests.board', { communityId: COMMUNITY_ID, ...data }, openid);
const idsOf = (p: Page) => p.rows.map((r) => r.id);

describe('requests.board', () => {
  it('lists the open requests newest first, 20 a page', async () => {
    const first = await board({});
    const second = await board({ page: 2 });
    expect(first).toMatchObject({ page: 1, hasMore: true });
    expect(second).toMatchObject({ page: 2, hasMore: false });
    expect([...idsOf(first), ...idsOf(second)]).toEqual(newestFirst(OPEN_IDS));
    expect(first.rows).toHaveLength(20);
    expect(first.rows.find((r) => r.id === 'rq-t-bulk-22')).toMatchObject({ category: '其他', status: 'assigned', statusLabel: '待接单', location: 'heping1 2号楼1单元', overdueLevel: 0, handlerName: null });
  });

  it('shows the overdue and the escalated ones', async () => {
    const overdue = await board({ view: 'overdue' });
    expect(idsOf(overdue)).toEqual(['rq-t-e']);
    expect(overdue.rows[0]).toMatchObject({ overdueLevel: 2, status: 'assigned' });
    // escalated (吹哨待接单), and escalated then reassigned by staff: both still open with an escalation
    const escalated = await board({ view: 'escalated' });
    expect(idsOf(escalated)).toEqual(['rq-t-m', 'rq-t-k']);
    expect(escalated.rows.map((r) => r.status)).toEqual(['assigned', 'escalated']);
  });

  it('filters by compound, grid, branch, category and handler, also together', async () => {
    expect(idsOf(await board({ compoundId: 'cp-laojie' }))).toEqual(['rq-t-h']);
    expect(idsOf(await board({ gridId: 'gd-hongxing-1' }))).toEqual(['rq-t-e']);
    expect(idsOf(await board({ branchId: BRANCH_IDS.hongxingLaojie }))).toEqual(['rq-t-h', 'rq-t-e']);
    expect(idsOf(await board({ category: 'parking' }))).toEqual(['rq-t-k']);
    expect(idsOf(await board({ handlerId: 'p-017' }))).toEqual(['rq-t-h']);
    expect(idsOf(await board({ compoundId: 'cp-heping', category: 'sanitation' }))).toEqual([]);
    expect(idsOf(await board({ gridId: 'gd-heping-1', category: 'repair' }))).toEqual(['rq-t-j']);
    expect(idsOf(await board({ view: 'overdue', branchId: BRANCH_IDS.heping }))).toEqual([]);
    expect(idsOf(await board({ view: 'escalated', gridId: 'gd-heping-2', category: 'parking' }))).toEqual(['rq-t-k']);
    const bulk = await board({ compoundId: 'cp-heping', category: 'other', page: 2 });
    expect(bulk).toMatchObject({ page: 2, hasMore: false });
    expect(idsOf(bulk)).toEqual(newestFirst(BULK.map((b) => b._id)).slice(20));
  });

  it('answers in one round trip: the caller and the page, read together through an index', async () => {
    await setLatency(t, 10);
    try {
      for (const data of [{}, { view: 'overdue' }, { view: 'escalated' }, { gridId: 'gd-heping-2', view: 'escalated' }, { handlerId: 'p-017', category: 'sanitation' }]) {
        await resetStats(t);
        await board(data);
        const s = await stats(t);
        expect([s['database.getDocument'], s.sequentialRoundTrips, s['plan.scan'] ?? 0]).toEqual([2, 1, 0]);
      }
    } finally {
      await setLatency(t, 0);
    }
  });

  it('is for the community\'s staff only', async () => {
    expect(await fail(t, 'requests.board', { communityId: COMMUNITY_ID }, P.gridWorker)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fail(t, 'requests.board', { communityId: COMMUNITY_ID }, P.resident)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fail(t, 'requests.board', { communityId: COMMUNITY_ID }, OTHER_STAFF)).toMatchObject({ code: 'FORBIDDEN' });
    expect(idsOf(await board({ view: 'overdue' }, P.admin))).toEqual(['rq-t-e']);
  });
});

/** The rates as they should be, from the fixtures' flags. */
function expectedRates(id: string, name: string, pick: (f: Fixture) => boolean): RequestRates {
  const cohort = FIXTURES.filter((f) => f.month === '2026-10' && f.counted && pick(f));
  const n = (p: (f: Fixture) => boolean) => cohort.filter(p).length;
  const filed = cohort.length;
  const respondedOnTime = n((f) => f.onTime);
  const closed = n((f) => f.closed);
  const rated = n((f) => f.score !== null);
  const satisfied = n((f) => f.score !== null && f.score >= 4);
  const rate = (a: number, b: number) => (b === 0 ? null : Number(((a / b) * 100).toFixed(1)));
  return { id, name, filed, respondedOnTime, closed, rated, satisfied, responseRate: rate(respondedOnTime, filed), resolutionRate: rate(closed, filed), satisfactionRate: rate(satisfied, rated) };
}

describe('requests.rates', () => {
  type Rates = { month: string; community: RequestRates; branches: RequestRates[]; grids: RequestRates[] };

  it('counts the month\'s requests for the community, each branch and each grid', async () => {
    const rates = await ok<Rates>(t, 'requests.rates', { communityId: COMMUNITY_ID, month: '2026-10' }, P.staff);
    expect(rates.community).toEqual(expectedRates(COMMUNITY_ID, '幸福里社区', () => true));
    // worked out by hand as well: 8 counted (F withdrawn, I in September), 6 in time, 5 closed, 4 rated, 2 satisfied
    expect(rates.community).toMatchObject({ filed: 8, respondedOnTime: 6, closed: 5, rated: 4, satisfied: 2, responseRate: 75, resolutionRate: 62.5, satisfactionRate: 50 });
    const inBranch = (b: string) => (f: Fixture) => PLACES[f.place].branchId === b;
    expect(rates.branches).toEqual(
      expect.arrayContaining([
        expectedRates(BRANCH_IDS.heping, '和平小区党支部', inBranch(BRANCH_IDS.heping)),
        expectedRates(BRANCH_IDS.hongxingLaojie, '红星老街联合党支部', inBranch(BRANCH_IDS.hongxingLaojie)),
      ]),
    );
    expect(rates.branches).toHaveLength(2);
    expect(rates.branches.find((b) => b.id === BRANCH_IDS.heping)).toMatchObject({ satisfactionRate: 66.7 });
    const grids = new Map(rates.grids.map((g) => [g.id, g]));
    for (const place of Object.keys(PLACES) as Place[]) {
      const gridId = PLACES[place].gridId;
      expect(grids.get(gridId)).toEqual(expectedRates(gridId, grids.get(gridId)!.name, (f) => f.place === place));
    }
    // every live grid is listed; one with nothing filed has no rates
    expect(rates.grids).toHaveLength(7);
    expect(grids.get('gd-heping')).toMatchObject({ name: '和平小区网格', filed: 0, responseRate: null, resolutionRate: null, satisfactionRate: null });
  });

  it('does not count a request closed without a rating (未评价) as satisfied', async () => {
    const rates = await ok<Rates>(t, 'requests.rates', { communityId: COMMUNITY_ID, month: '2026-10' }, P.staff);
    // 和平第二微网格: C rated 2, D closed by itself unrated
    expect(rates.grids.find((g) => g.id === 'gd-heping-2')).toMatchObject({ filed: 2, closed: 2, rated: 1, satisfied: 0, resolutionRate: 100, satisfactionRate: 0 });
  });

  it('answers a month with nothing filed with zeros and no rates', async () => {
    const rates = await ok<Rates>(t, 'requests.rates', { communityId: COMMUNITY_ID, month: '2026-08' }, P.staff);
    expect(rates.community).toMatchObject({ filed: 0, responseRate: null, resolutionRate: null, satisfactionRate: null });
  });

  it('answers in one round trip (caller, the month\'s counts, the community\'s grids and branches)', async () => {
    await setLatency(t, 10);
    try {
      await resetStats(t);
      await ok(t, 'requests.rates', { communityId: COMMUNITY_ID, month: '2026-10' }, P.staff);
      const s = await stats(t);
      expect([s['database.getDocument'], s['database.aggregateDocuments'], s.sequentialRoundTrips, s['plan.scan'] ?? 0]).toEqual([1, 2, 1, 0]);
    } finally {
      await setLatency(t, 0);
    }
  });

  it('counts every grid of a community with more than 20 (CloudBase answers an aggregation 20 records unless it has a limit)', async () => {
    const db = t.app.database();
    const gridIds = Array.from({ length: 25 }, (_, i) => `gd-other-${String(i).padStart(2, '0')}`);
    await db.collection('communities').add({ _id: 'cm-other', name: '其他社区', district: '测试区' });
    await db.collection('grids').add(gridIds.map((id, i) => ({ _id: id, communityId: 'cm-other', compoundId: 'cp-other', name: `第${i + 1}网格`, level: 'micro', parentId: null, buildingIds: [], rev: 0, retiredAt: null })));
    const file = (gridId: string, i: number) => ({ ...filing(`rq-t-other-${i}`, 'heping1', 1, '2026-06-10T09:00'), communityId: 'cm-other', compoundId: 'cp-other', gridId, branchId: null });
    await db.collection('requests').add(gridIds.map((gridId, i) => buildRequest(file(gridId, i), []).request));
    const rates = await ok<Rates>(t, 'requests.rates', { communityId: 'cm-other', month: '2026-06' }, OTHER_STAFF);
    expect(rates.community.filed).toBe(25);
    expect(rates.grids.map((g) => [g.id, g.filed]).sort()).toEqual(gridIds.map((id) => [id, 1]));
  });

  it('is for the community\'s staff only', async () => {
    expect(await fail(t, 'requests.rates', { communityId: COMMUNITY_ID, month: '2026-10' }, P.secretary)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fail(t, 'requests.rates', { communityId: COMMUNITY_ID, month: '2026-10' }, OTHER_STAFF)).toMatchObject({ code: 'FORBIDDEN' });
  });
});

/** The workbook's sheets: each sheet's heading lines and its rows below the header row. */
async function download(file: ExportFile): Promise<Map<string, { heading: string[]; header: unknown[]; rows: unknown[][] }>> {
  const res = await fetch(file.url);
  expect(res.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await res.arrayBuffer());
  const out = new Map<string, { heading: string[]; header: unknown[]; rows: unknown[][] }>();
  for (const sheet of book.worksheets) {
    const all: unknown[][] = [];
    sheet.eachRow((row) => all.push((row.values as unknown[]).slice(1)));
    const h = all.findIndex((r) => r[0] === '工单编号');
    out.set(sheet.name, { heading: all.slice(0, h).map((r) => String(r[0])), header: all[h], rows: all.slice(h + 1) });
  }
  return out;
}

describe('requests.export', () => {
  it('writes the month\'s requests and their return visits to two sheets, phones masked', async () => {
    const file = await ok<ExportFile>(t, 'requests.export', { communityId: COMMUNITY_ID, from: '2026-10', to: '2026-10' }, P.staff);
    const october = FIXTURES.filter((f) => f.month === '2026-10').map((f) => f.id);
    expect(file).toMatchObject({ fileName: '幸福里社区报事台账（2026-10）.xlsx', rows: october.length });
    expect(file.fileID).toMatch(new RegExp(`/exports/${COMMUNITY_ID}/requests-2026-10-2026-10-\\d{8}-\\d{6}\\.xlsx$`));
    const sheets = await download(file);
    expect([...sheets.keys()]).toEqual(['报事台账', '回访记录']);

    const requests = sheets.get('报事台账')!;
    expect(requests.heading[1]).toContain(`共 ${october.length} 件`);
    expect(requests.rows.map((r) => r[0])).toEqual(october); // in filing order, the withdrawn one too
    const col = (name: string) => requests.header.indexOf(name);
    const a = requests.rows.find((r) => r[0] === 'rq-t-a')!;
    const reporter = person(PERSON_IDS.resident);
    expect(a[col('报事人')]).toBe(reporter.name);
    expect(a[col('联系电话')]).toBe(`${reporter.phone!.slice(0, 3)}****${reporter.phone!.slice(-4)}`);
    expect(JSON.stringify(requests.rows)).not.toContain(reporter.phone!); // no full number anywhere
    expect([a[col('提交时间')], a[col('网格')], a[col('支部')], a[col('状态')], a[col('接单人')], a[col('按时接单')], a[col('评分')]]).toEqual([
      '2026-10-12 10:00', '和平小区第一微网格', '和平小区党支部', '已办结', '张桂英', '是', 5,
    ]);
    const d = requests.rows.find((r) => r[0] === 'rq-t-d')!;
    expect([d[col('状态')], d[col('评分')] ?? null]).toEqual(['已办结（未评价）', null]);
    expect(requests.rows.find((r) => r[0] === 'rq-t-b')![col('按时接单')]).toBe('否');
    expect(requests.rows.find((r) => r[0] === 'rq-t-e')![col('督办')]).toBe('已升级督办');

    const visits = sheets.get('回访记录')!;
    expect(visits.rows.map((r) => [r[0], r[2]])).toEqual([
      ['rq-t-c', 2],
      ['rq-t-g', 3],
    ]);
  });

  it('covers a span of months and refuses a backwards or too long one', async () => {
    const file = await ok<ExportFile>(t, 'requests.export', { communityId: COMMUNITY_ID, from: '2026-09', to: '2026-11' }, P.staff);
    expect(file.rows).toBe(FIXTURES.length + BULK.length);
    expect(await fail(t, 'requests.export', { communityId: COMMUNITY_ID, from: '2026-11', to: '2026-10' }, P.staff)).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(await fail(t, 'requests.export', { communityId: COMMUNITY_ID, from: '2025-01', to: '2026-10' }, P.staff)).toMatchObject({ code: 'VALIDATION_ERROR', message: '一次最多导出 12 个月' });
  });

  it('is for the community\'s staff only', async () => {
    expect(await fail(t, 'requests.export', { communityId: COMMUNITY_ID, from: '2026-10', to: '2026-10' }, P.leader)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fail(t, 'requests.export', { communityId: COMMUNITY_ID, from: '2026-10', to: '2026-10' }, OTHER_STAFF)).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('return visits', () => {
  type Visits = { visits: ReturnVisitView[]; page: number; hasMore: boolean };
  const visits = (status: 'open' | 'done', openid: string = P.staff) => ok<Visits>(t, 'requests.visits', { communityId: COMMUNITY_ID, status }, openid);

  it('lists the open ones by due time with what the request was about, records one once', async () => {
    const open = await visits('open');
    expect(open.visits.map((v) => [v.requestId, v.score, v.status, v.overdue])).toEqual([
      ['rq-t-c', 2, 'open', true],
      ['rq-t-g', 3, 'open', true],
    ]);
    expect(open.visits[0]).toMatchObject({ excerpt: '测试报事 rq-t-c：楼道里的灯坏了，晚上看不见路', location: 'heping2 4号楼1单元', comment: '还是有问题', outcome: null });

    const visitId = open.visits[0].id;
    const k = key('visit');
    const recorded = await ok<ReturnVisitView>(t, 'requests.visitRecord', { idempotencyKey: k, visitId, outcome: '电话回访，居民说楼上已经注意了' }, P.staff);
    expect(recorded).toMatchObject({ id: visitId, status: 'done', overdue: false, outcome: '电话回访，居民说楼上已经注意了', visitorName: '陈美华' });
    // the same call again answers the same; another record is refused; the same key with other words is a conflict
    expect(await ok(t, 'requests.visitRecord', { idempotencyKey: k, visitId, outcome: '电话回访，居民说楼上已经注意了' }, P.staff)).toEqual(recorded);
    expect(await fail(t, 'requests.visitRecord', { idempotencyKey: key('visit'), visitId, outcome: '再记一次' }, P.admin)).toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: '这条回访已由陈美华记录过了，不能重复记录',
    });
    expect(await fail(t, 'requests.visitRecord', { idempotencyKey: k, visitId, outcome: '换了内容' }, P.staff)).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });

    expect((await visits('open')).visits.map((v) => v.requestId)).toEqual(['rq-t-g']);
    expect((await visits('done')).visits).toEqual([recorded]);
  });

  it('records two at once only once', async () => {
    const [visit] = (await visits('open')).visits;
    const results = await Promise.all([P.staff, P.admin].map((openid) => t.call<ReturnVisitView>('requests.visitRecord', { idempotencyKey: key('race'), visitId: visit.id, outcome: `${openid} 回访了` }, openid)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: 'PRECONDITION_FAILED' } });
  });

  it('answers the list in one round trip', async () => {
    await setLatency(t, 10);
    try {
      await resetStats(t);
      await visits('done');
      const s = await stats(t);
      expect([s.sequentialRoundTrips, s['plan.scan'] ?? 0]).toEqual([1, 0]);
    } finally {
      await setLatency(t, 0);
    }
  });

  it('is for the community\'s staff only', async () => {
    expect(await fail(t, 'requests.visits', { communityId: COMMUNITY_ID }, P.gridWorker)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fail(t, 'requests.visits', { communityId: COMMUNITY_ID }, OTHER_STAFF)).toMatchObject({ code: 'FORBIDDEN' });
    const visitId = built.find((b) => b.request._id === 'rq-t-c')!.visits[0]._id;
    expect(await fail(t, 'requests.visitRecord', { idempotencyKey: key('x'), visitId, outcome: '不是本社区的' }, OTHER_STAFF)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fail(t, 'requests.visitRecord', { idempotencyKey: key('x'), visitId: 'rv_nothing', outcome: '没有这条' }, P.staff)).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('the demo requests (tools/seed)', () => {
  it('are valid requests that show on the board and in the return visits', async () => {
    expect(await seedRequests(t.app)).toBe(true);
    expect(await seedRequests(t.app)).toBe(false);
    expect(idsOf(await board({ view: 'overdue', compoundId: 'cp-heping' }))).toEqual(['rq-demo-overdue']);
    const open = (await ok<{ visits: ReturnVisitView[] }>(t, 'requests.visits', { communityId: COMMUNITY_ID }, P.staff)).visits;
    expect(open.map((v) => v.requestId)).toContain('rq-demo-rated-2');
    // recording costs two round trips: the caller with the visit, then the write with the request's words
    await setLatency(t, 10);
    try {
      await resetStats(t);
      await ok(t, 'requests.visitRecord', { idempotencyKey: key('demo'), visitId: 'rv_rq-demo-rated-2_1', outcome: '上门回访，已约楼上住户一起协商' }, P.staff);
      expect((await stats(t)).sequentialRoundTrips).toBe(2);
    } finally {
      await setLatency(t, 0);
    }
    const get = (id: string, openid: string) => ok<{ status: string; rating: unknown }>(t, 'requests.get', { requestId: id }, openid);
    expect(await get('rq-demo-rated-5', P.resident)).toMatchObject({ status: 'closed', rating: { score: 5, comment: '处理很及时，谢谢网格员' } });
    expect(await get('rq-demo-accepted', P.leader)).toMatchObject({ status: 'accepted' });
    // 我的报事 of the resident persona lists theirs
    const mine = await ok<Page>(t, 'requests.mine', {}, P.resident);
    expect(idsOf(mine)).toEqual(expect.arrayContaining(['rq-demo-assigned', 'rq-demo-overdue', 'rq-demo-rated-5', 'rq-demo-rated-2']));
  });
});

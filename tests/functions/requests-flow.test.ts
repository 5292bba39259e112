/**
 * The `requests` function's transitions through the real local cloud, node-sdk and the dev gateway,
 * on the demo org: 办理 and 办结, 评单 with points and return visits, reopening with a restarted
 * clock, withdrawing, merging, 吹哨 to a partner unit whose reporting members accept, 会商, 改派,
 * revealing the reporter's phone, and the lists (我的报事, a handler's queue). Every query the
 * functions make must be served by an index (unindexedQueryThreshold 0).
 */
import type { RequestRow, RequestView } from '../../core/contracts/requests';
import { DEFAULT_CATEGORIES } from '../../core/domain/requests/categories';
import { requestDoc, type RequestDoc } from '../../core/domain/requests/model';
import { returnVisitId } from '../../core/domain/requests/return-visit';
import { deadlinesFrom } from '../../core/domain/requests/schedule';
import { PERSON_IDS } from '../../tools/seed/demo';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { seedPoints } from '../../tools/seed/points-demo';
import { seedOrg } from '../../tools/seed/seed';
import { lazyCloud, resetStats, setLatency, startTestCloud, stats, type TestCloud, setClock as setClockOf } from '../helpers/localcloud';
import { fail, key, ok, thisMonth, uploadAs } from './points-fixture';

// the demo org and its points catalogue (a leader's award needs it), no demo requests: each test files its own
let running: TestCloud | undefined;
beforeAll(async () => {
  running = await startTestCloud({ unindexedQueryThreshold: 0 });
  await seedOrg(running.app, new Date());
  await seedPoints(running.app, new Date());
}, 60_000);
afterAll(() => running?.close());
const t = lazyCloud(() => running!);

/** people of the demo org besides the personas */
const O = {
  /** 欧阳娜娜, the other Red Neighbor Leader of 和平小区 1号楼 */
  leader2: 'demo-p-013',
  /** 赵丽娟, leader of 和平 3–4号楼 */
  otherLeader: 'demo-p-007',
  /** 朱红霞, grid worker of 和平第二微网格 (4–6号楼) */
  otherWorker: 'demo-p-015',
  /** 唐秀英, a resident of 和平 5号楼 */
  neighbour: 'demo-p-027',
  /** 曹志勇 and 林晓燕, reporting members (报到) of the partner unit pt-zhujianju */
  partnerMember: 'demo-p-033',
  partnerMember2: 'demo-p-019',
  /** 高建军, building head of 和平 1号楼 and member of the team tm-jilejia */
  teamMember: 'demo-p-020',
  /** 于海波, a resident of 红星小区 */
  stranger: 'demo-p-029',
};
const PARTNER = { id: 'pt-zhujianju', name: '滨江区住房和城乡建设局机关党委' };
const HOME = { buildingId: 'bd-heping-1', unitId: 'un-heping-1-1' };

const act = (action: string, requestId: string, openid: string, extra: Record<string, unknown> = {}) => ok<RequestView>(t, action, { idempotencyKey: key(action.replace('.', '-')), requestId, ...extra }, openid);
const refused = async (action: string, requestId: string, openid: string, extra: Record<string, unknown> = {}) =>
  (await fail(t, action, { idempotencyKey: key(action.replace('.', '-')), requestId, ...extra }, openid)) as { code: string; message: string };

const filed = (extra: Record<string, unknown> = {}, openid: string = P.resident) =>
  ok<RequestView>(t, 'requests.submit', { idempotencyKey: key('rq'), category: 'repair', text: '1号楼1单元楼道的灯坏了一个星期', location: HOME, ...extra }, openid);

/** Filed by the resident and accepted by 王建国 (leader of 1号楼). */
async function accepted(by: string = P.leader): Promise<string> {
  const { id } = await filed();
  await act('requests.accept', id, by);
  return id;
}
/** ... and resolved by them. */
async function resolved(by: string = P.leader): Promise<string> {
  const id = await accepted(by);
  await act('requests.resolve', id, by, { summary: '已更换灯泡，楼道恢复照明' });
  return id;
}

async function stored(id: string): Promise<RequestDoc> {
  const { data } = await t.app.database().collection('requests').doc(id).get();
  return requestDoc.parse((data as unknown[])[0]);
}
/** Waits for the verdicts of the request's photos, which WeChat pushes a moment after the check starts. */
async function photosChecked(id: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await stored(id)).mediaChecks.some((c) => c.verdict === 'pending')) {
    if (Date.now() > deadline) throw new Error('no media-check verdict within 10 s');
    await new Promise((r) => setTimeout(r, 100));
  }
}
/** The ledger's entries for the request, of anyone. */
async function pointEntriesFor(requestId: string, personId: string): Promise<unknown[]> {
  const { data } = await t.app.database().collection('pointEntries').where({ personId }).limit(1000).get();
  return (data as { source?: { type: string; id: string } | null }[]).filter((e) => e.source?.type === 'request' && e.source.id === requestId);
}
async function visit(id: string): Promise<Record<string, unknown> | undefined> {
  const { data } = await t.app.database().collection('request_visits').doc(id).get();
  return (data as Record<string, unknown>[])[0];
}
/** Fires the requests function's timer (every minute in the cloud), as the local cloud's timers are manual in tests. */
async function sweep(): Promise<void> {
  const res = await fetch(`${t.cloud.url}/__localcloud/functions/requests/timers/sweep`, { method: 'POST' });
  expect(res.status).toBe(200);
}
const setClock = (offsetMs: number) => setClockOf(t, offsetMs);
const queue = (openid: string, tab: 'todo' | 'doing' | 'done', page = 1) => ok<{ rows: RequestRow[]; hasMore: boolean }>(t, 'requests.queue', { tab, page, pageSize: 20 }, openid);
const inQueue = async (openid: string, tab: 'todo' | 'doing' | 'done', id: string) => (await queue(openid, tab)).rows.some((r) => r.id === id);

describe('办理 and 办结', () => {
  it('records the handler\'s progress with their own photos, then the resolution, on the timeline', async () => {
    const id = await accepted();
    const photo = await uploadAs(t, P.leader, `requests/${PERSON_IDS.leader}/${thisMonth()}/ladder.png`);
    const progressed = await act('requests.progress', id, P.leader, { note: '已联系物业，明天上午来换灯泡', photos: [photo] });
    expect(progressed).toMatchObject({ status: 'in_progress', statusLabel: '办理中', viewer: 'handler', can: expect.arrayContaining(['progress', 'resolve']) });
    expect(progressed.timeline.at(-1)).toMatchObject({ type: 'progress', label: '记录办理进展', by: '王建国', text: '已联系物业，明天上午来换灯泡', photos: [photo] });

    const done = await act('requests.resolve', id, P.leader, { summary: '已更换灯泡，楼道恢复照明' });
    expect(done).toMatchObject({ status: 'resolved', statusLabel: '待评价' });
    // the reporter sees the work and may now rate or reopen
    // others see the handler's photo once WeChat's media check passed it (the stub pushes the verdict)
    await photosChecked(id);
    const seen = await ok<RequestView>(t, 'requests.get', { requestId: id }, P.resident);
    expect(seen.timeline.map((e) => e.type)).toEqual(['submit', 'route', 'accept', 'progress', 'resolve']);
    expect(seen.timeline[3].photos).toEqual([photo]);
    expect(seen.can).toEqual(['rate', 'reopen']);
  });

  it('refuses photos that are not the handler\'s own, risky notes, and anyone but the handler', async () => {
    const id = await accepted();
    const theirs = await uploadAs(t, P.resident, `requests/${PERSON_IDS.resident}/${thisMonth()}/theirs.png`);
    expect(await refused('requests.progress', id, P.leader, { note: '附上照片', photos: [theirs] })).toMatchObject({
      code: 'VALIDATION_ERROR',
      issues: [{ path: 'data.photos.0', message: '第 1 张照片不是你本人在小程序里上传的，请删除后重新上传' }],
    });
    expect(await refused('requests.resolve', id, P.leader, { summary: '楼下有人聚众赌博已劝离' })).toMatchObject({ code: 'CONTENT_REJECTED', issues: [{ path: 'data.summary' }] });
    // in scope, but not the one who accepted it
    expect(await refused('requests.progress', id, O.leader2, { note: '我也来看看' })).toMatchObject({ code: 'FORBIDDEN', message: '只有接单人可以记录办理进展' });
    expect(await refused('requests.resolve', id, P.resident, { summary: '自己修好了' })).toMatchObject({ code: 'FORBIDDEN' });
    expect((await stored(id)).timeline.map((e) => e.type)).toEqual(['submit', 'route', 'accept']);
  });

  it('answers a retried key with the first result and one timeline entry; the key for another action is a conflict', async () => {
    const id = await accepted();
    const input = { idempotencyKey: key('pg'), requestId: id, note: '已联系物业' };
    const first = await ok<RequestView>(t, 'requests.progress', input, P.leader);
    expect(await ok<RequestView>(t, 'requests.progress', input, P.leader)).toEqual(first);
    expect((await stored(id)).timeline.filter((e) => e.type === 'progress')).toHaveLength(1);
    expect(await fail(t, 'requests.resolve', { idempotencyKey: input.idempotencyKey, requestId: id, summary: '已修好' }, P.leader)).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
    expect((await stored(id)).status).toBe('in_progress');
  });
});

describe('评单, reopening and points', () => {
  it('closes with the rating and books the leader\'s points once; a reopen restarts the clock and a second rating books nothing', async () => {
    const id = await resolved();
    const rated = await act('requests.rate', id, P.resident, { score: 5, comment: '修得很快，谢谢' });
    expect(rated).toMatchObject({ status: 'closed', statusLabel: '已办结', rating: { score: 5, comment: '修得很快，谢谢' }, can: ['reopen'] });
    // points wait in the request's outbox for the sweep (every minute), which books them once
    expect((await stored(id)).pendingEffects).toEqual([{ kind: 'award', personId: PERSON_IDS.leader }]);
    expect(await pointEntriesFor(id, PERSON_IDS.leader)).toEqual([]);
    await sweep();
    await sweep(); // a second run finds nothing left to do
    expect(await pointEntriesFor(id, PERSON_IDS.leader)).toHaveLength(1);
    expect((await stored(id)).pendingEffects).toEqual([]);
    expect(await visit(returnVisitId(id, 1))).toBeUndefined(); // 5 is satisfied: no return visit

    const before = await stored(id);
    // four days later (within the 7 days a closed request may be reopened)
    const later = Date.now() + 4 * 86_400_000;
    await setClock(4 * 86_400_000);
    const reopened = await act('requests.reopen', id, P.resident, { reason: '灯又不亮了' }).finally(() => setClock(0));
    expect(reopened).toMatchObject({ status: 'reopened', statusLabel: '重新办理中', handler: { id: PERSON_IDS.leader, name: '王建国' }, rating: null });
    const doc = await stored(id);
    expect(Math.abs(Date.parse(doc.clockStartedAt) - later)).toBeLessThan(5_000);
    const { assumedYears: _years, ...expected } = deadlinesFrom(DEFAULT_CATEGORIES, 'repair', 'normal', new Date(doc.clockStartedAt));
    expect(doc).toMatchObject(expected);
    expect(doc.respondBy > before.respondBy && doc.resolveBy > before.resolveBy).toBe(true);
    expect(reopened).toMatchObject({ respondBy: expected.respondBy, resolveBy: expected.resolveBy });
    expect(doc).toMatchObject({ open: true, nextCheckAt: expected.resolveBy });
    // back with its handler: they work it again, and nobody else can take it
    expect(await inQueue(P.leader, 'doing', id)).toBe(true);
    expect(await refused('requests.accept', id, O.leader2)).toMatchObject({ code: 'PRECONDITION_FAILED' });
    await act('requests.resolve', id, P.leader, { summary: '更换了线路，彻底修好' });

    const again = await act('requests.rate', id, P.resident, { score: 2, comment: '拖得太久' });
    expect(again).toMatchObject({ status: 'closed', rating: { score: 2 } });
    // a rating of 3 or less: a return visit for staff at once, the second rating's
    expect(await visit(returnVisitId(id, 2))).toMatchObject({ requestId: id, ratingNo: 2, score: 2, comment: '拖得太久', status: 'open', communityId: 'cm-xingfuli' });
    await sweep();
    expect(await pointEntriesFor(id, PERSON_IDS.leader)).toHaveLength(1);
    expect((await stored(id)).pendingEffects).toEqual([]);
  });

  it('books no points for a grid worker who handled it', async () => {
    const id = await resolved(P.gridWorker);
    await act('requests.rate', id, P.resident, { score: 5 });
    await sweep();
    expect(await pointEntriesFor(id, PERSON_IDS.gridWorker)).toEqual([]);
    expect((await stored(id)).pendingEffects).toEqual([]);
  });

  it('lets only the reporter rate, once resolved, with a clean comment', async () => {
    const id = await accepted();
    expect(await refused('requests.rate', id, P.resident, { score: 4 })).toMatchObject({ code: 'PRECONDITION_FAILED' });
    await act('requests.resolve', id, P.leader, { summary: '已修好' });
    expect(await refused('requests.rate', id, P.leader, { score: 5 })).toMatchObject({ code: 'FORBIDDEN', message: '只有报事人可以评价' });
    expect(await refused('requests.rate', id, P.resident, { score: 6 })).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(await refused('requests.rate', id, P.resident, { score: 1, comment: '这是诈骗' })).toMatchObject({ code: 'CONTENT_REJECTED', issues: [{ path: 'data.comment' }] });
    expect((await stored(id)).status).toBe('resolved');
  });
});

describe('privacy: a handler of another grid and a neighbour', () => {
  it('are told there is no such request, whatever they try', async () => {
    const id = await accepted();
    const nothing = { code: 'NOT_FOUND', message: '没有找到这条报事' };
    for (const outsider of [O.otherWorker, O.neighbour]) {
      expect(await fail(t, 'requests.get', { requestId: id }, outsider)).toEqual(nothing);
      expect(await refused('requests.progress', id, outsider, { note: '路过看看' })).toEqual(nothing);
      expect(await refused('requests.escalate', id, outsider, { partnerId: PARTNER.id, reason: '需要协调' })).toEqual(nothing);
      expect(await refused('requests.withdraw', id, outsider)).toEqual(nothing);
      expect(await fail(t, 'requests.revealPhone', { requestId: id }, outsider)).toEqual(nothing);
      expect(await inQueue(outsider, 'todo', id)).toBe(false);
    }
    expect((await stored(id)).timeline).toHaveLength(3);
  });
});

describe('requests.withdraw', () => {
  it('lets the reporter withdraw before acceptance only', async () => {
    const { id } = await filed();
    expect(await refused('requests.withdraw', id, P.leader)).toMatchObject({ code: 'FORBIDDEN', message: '只有报事人可以撤回' });
    const gone = await act('requests.withdraw', id, P.resident, { reason: '已经自己修好了' });
    expect(gone).toMatchObject({ status: 'withdrawn', statusLabel: '已撤回', can: [] });
    expect(await inQueue(P.leader, 'todo', id)).toBe(false);

    const taken = await accepted();
    expect(await refused('requests.withdraw', taken, P.resident)).toMatchObject({ code: 'PRECONDITION_FAILED', message: '工单已接单，不能撤回' });
  });
});

describe('requests.merge', () => {
  it('merges a duplicate into another open request; its reporter follows that one, reading only', async () => {
    const { id: dup } = await filed();
    const { id: into } = await filed({ text: '1号楼楼道灯不亮好几天了，晚上很黑' }, O.neighbour);
    expect(await fail(t, 'requests.get', { requestId: into }, P.resident)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refused('requests.merge', dup, P.leader, { intoId: into })).toMatchObject({ code: 'FORBIDDEN', message: '只有社区工作人员可以合并工单' });

    const merged = await act('requests.merge', dup, P.staff, { intoId: into });
    expect(merged).toMatchObject({ status: 'merged', statusLabel: '已合并', mergedInto: into, viewer: 'staff' });
    expect(await ok<RequestView>(t, 'requests.get', { requestId: dup }, P.resident)).toMatchObject({ mergedInto: into, viewer: 'reporter' });
    const followed = await ok<RequestView>(t, 'requests.get', { requestId: into }, P.resident);
    expect(followed).toMatchObject({ id: into, viewer: 'reporter', reporter: null, can: [], mergedInto: null });
    expect(followed.timeline[0]).toMatchObject({ type: 'submit', by: '报事居民' }); // not the other reporter's name
    // following is reading: acting on it is still none of their business
    expect(await refused('requests.withdraw', into, P.resident)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refused('requests.rate', into, P.resident, { score: 5 })).toMatchObject({ code: 'NOT_FOUND' });
    // a resident who merged nothing into it still sees nothing
    expect(await fail(t, 'requests.get', { requestId: into }, O.stranger)).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a target that does not exist, is not open, or is the request itself', async () => {
    const { id } = await filed();
    const closed = await resolved();
    await act('requests.rate', closed, P.resident, { score: 4 });
    const message = '只能合并到本社区另一张未办结的工单';
    for (const intoId of ['rq_nothing', closed]) {
      expect(await refused('requests.merge', id, P.staff, { intoId })).toEqual({ code: 'VALIDATION_ERROR', message, issues: [{ path: 'data.intoId', message }] });
    }
    expect(await refused('requests.merge', id, P.staff, { intoId: id })).toMatchObject({ code: 'VALIDATION_ERROR', message: '不能把工单合并到它自己' });
    expect((await stored(id)).status).toBe('assigned');
  });
});

describe('吹哨 to a partner unit, and 会商', () => {
  it('lets the grid worker call in the partner unit; its reporting members see it, one accepts and works it', async () => {
    const id = await accepted();
    expect(await refused('requests.escalate', id, P.leader, { partnerId: PARTNER.id, reason: '需要住建部门协调' })).toMatchObject({
      code: 'FORBIDDEN',
      message: '只有本网格的网格员或社区工作人员可以吹哨',
    });
    expect(await refused('requests.escalate', id, P.gridWorker, { partnerId: 'pt-nowhere', reason: '需要协调' })).toEqual({
      code: 'VALIDATION_ERROR',
      message: '请选择本社区在用的包联单位',
      issues: [{ path: 'data.partnerId', message: '请选择本社区在用的包联单位' }],
    });
    expect(await inQueue(O.partnerMember, 'todo', id)).toBe(false);

    const escalated = await act('requests.escalate', id, P.gridWorker, { partnerId: PARTNER.id, reason: '楼道线路老化，需要住建部门协调改造' });
    expect(escalated).toMatchObject({ status: 'escalated', handler: null, escalation: { partnerId: PARTNER.id, partnerName: PARTNER.name, reason: '楼道线路老化，需要住建部门协调改造' } });
    // the leader who had it no longer does; the unit's members see it and may take it
    expect(await inQueue(P.leader, 'doing', id)).toBe(false);
    expect(await refused('requests.accept', id, P.leader)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await inQueue(O.partnerMember, 'todo', id)).toBe(true);
    expect(await inQueue(O.partnerMember2, 'todo', id)).toBe(true);
    expect(await ok<RequestView>(t, 'requests.get', { requestId: id }, O.partnerMember)).toMatchObject({ viewer: 'handler', can: expect.arrayContaining(['accept']), escalation: { partnerName: PARTNER.name } });

    const taken = await act('requests.accept', id, O.partnerMember);
    expect(taken).toMatchObject({ status: 'accepted', handler: { id: 'p-033', name: '曹志勇' } });
    expect(await inQueue(O.partnerMember, 'doing', id)).toBe(true);
    expect(await inQueue(O.partnerMember2, 'todo', id)).toBe(false);

    const consulted = await act('requests.consult', id, O.partnerMember, { attendees: ['曹志勇', '张桂英', '物业李经理'], outcome: '下周更换整栋楼道线路' });
    expect(consulted.timeline.at(-1)).toMatchObject({ type: 'consult', label: '记录会商', text: '下周更换整栋楼道线路', by: '曹志勇' });
    expect(consulted.status).toBe('accepted');
    expect(await refused('requests.consult', id, P.resident, { attendees: ['李秀兰'], outcome: '我也参加' })).toMatchObject({ code: 'FORBIDDEN' });
    await act('requests.resolve', id, O.partnerMember, { summary: '整栋楼道线路已更换' });
    expect(await inQueue(O.partnerMember, 'done', id)).toBe(true);
  });
});

describe('requests.reassign', () => {
  it('lets staff send it to a live handler of the community: a person, a team, another grid', async () => {
    const { id } = await filed();
    expect(await refused('requests.reassign', id, P.gridWorker, { to: { kind: 'person', personId: 'p-007' } })).toMatchObject({ code: 'FORBIDDEN' });

    const toPerson = await act('requests.reassign', id, P.staff, { to: { kind: 'person', personId: 'p-007' } });
    expect(toPerson).toMatchObject({ status: 'assigned', viewer: 'staff' });
    expect(await inQueue(O.otherLeader, 'todo', id)).toBe(true);
    expect(await inQueue(P.leader, 'todo', id)).toBe(false);
    await act('requests.accept', id, O.otherLeader);

    // taken back from 赵丽娟 and given to a volunteer team: a member accepts
    await act('requests.reassign', id, P.staff, { to: { kind: 'team', teamId: 'tm-jilejia' } });
    expect(await stored(id)).toMatchObject({ status: 'assigned', handlerId: null, handlerName: null, assignment: { kind: 'team', teamId: 'tm-jilejia' } });
    expect(await inQueue(O.otherLeader, 'doing', id)).toBe(false);
    expect(await inQueue(O.teamMember, 'todo', id)).toBe(true);
    expect(await act('requests.accept', id, O.teamMember)).toMatchObject({ handler: { name: '高建军' } });

    // another grid that does not cover the building: its grid worker, not 1号楼's leaders
    await act('requests.reassign', id, P.staff, { to: { kind: 'grid', gridId: 'gd-heping-2' } });
    expect((await stored(id)).assignment).toEqual({ kind: 'grid', gridId: 'gd-heping-2', buildingId: null });
    expect(await inQueue(O.otherWorker, 'todo', id)).toBe(true);
    expect(await inQueue(P.leader, 'todo', id)).toBe(false);
    // back to the grid of the building: its leaders too
    await act('requests.reassign', id, P.staff, { to: { kind: 'grid', gridId: 'gd-heping-1' } });
    expect((await stored(id)).assignment).toEqual({ kind: 'grid', gridId: 'gd-heping-1', buildingId: 'bd-heping-1' });
    expect(await inQueue(P.leader, 'todo', id)).toBe(true);
  });

  it('refuses targets that do not exist or cannot handle requests here', async () => {
    const { id } = await filed();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ kind: 'grid', gridId: 'gd-nowhere' }, 'data.to.gridId', '请选择本社区在用的网格'],
      [{ kind: 'person', personId: 'p-027' }, 'data.to.personId', '只能改派给本社区的工作人员、网格员或红邻长'], // a plain resident
      [{ kind: 'person', personId: 'p-nobody' }, 'data.to.personId', '只能改派给本社区的工作人员、网格员或红邻长'],
      [{ kind: 'team', teamId: 'tm-nowhere' }, 'data.to.teamId', '请选择本社区在用的服务队'],
      [{ kind: 'partner', partnerId: 'pt-nowhere' }, 'data.to.partnerId', '请选择本社区在用的包联单位'],
    ];
    for (const [to, path, message] of cases) {
      expect([to, await refused('requests.reassign', id, P.staff, { to })]).toEqual([to, { code: 'VALIDATION_ERROR', message, issues: [{ path, message }] }]);
    }
    expect((await stored(id)).timeline).toHaveLength(2);
  });
});

describe('requests.revealPhone', () => {
  it('shows handlers the number masked and reveals it on tap; the reporter and outsiders get nothing', async () => {
    const { id } = await filed();
    const phone = (await stored(id)).reporterPhone!;
    expect(phone).toMatch(/^\d{11}$/);
    const view = await ok<RequestView>(t, 'requests.get', { requestId: id }, P.leader);
    expect(view.reporter?.phone).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    expect(view.can).toContain('revealPhone');
    expect(await ok(t, 'requests.revealPhone', { requestId: id }, P.leader)).toEqual({ phone });
    expect(await ok(t, 'requests.revealPhone', { requestId: id }, P.staff)).toEqual({ phone });
    expect(await fail(t, 'requests.revealPhone', { requestId: id }, P.resident)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fail(t, 'requests.revealPhone', { requestId: id }, O.neighbour)).toMatchObject({ code: 'NOT_FOUND' });
    expect((await stored(id)).timeline).toHaveLength(2); // nothing on the timeline
  });

  it('is limited per person (20 an hour)', async () => {
    const { id } = await filed();
    for (let i = 0; i < 20; i += 1) await ok(t, 'requests.revealPhone', { requestId: id }, O.leader2);
    expect(await fail(t, 'requests.revealPhone', { requestId: id }, O.leader2)).toMatchObject({ code: 'RATE_LIMITED' });
  }, 30_000);
});

describe('requests.mine and requests.queue', () => {
  it('lists the reporter\'s own requests newest first, a page at a time', async () => {
    const { id } = await filed({ text: '小区北门的路灯不亮了' });
    const all = await ok<{ rows: RequestRow[]; hasMore: boolean }>(t, 'requests.mine', {}, P.resident);
    expect(all.rows.length).toBeGreaterThan(10); // filed by the tests above
    expect(all.rows.length).toBeLessThanOrEqual(20);
    const first = await ok<{ rows: RequestRow[]; page: number; hasMore: boolean }>(t, 'requests.mine', { pageSize: 5 }, P.resident);
    expect(first.rows).toHaveLength(5);
    expect(first.hasMore).toBe(true);
    expect(first.rows[0]).toEqual({
      id,
      category: '设施维修',
      urgency: 'normal',
      excerpt: '小区北门的路灯不亮了',
      location: '和平小区 1号楼1单元',
      status: 'assigned',
      statusLabel: '待接单',
      submittedAt: expect.any(String),
      overdueLevel: 0,
      handlerName: null,
    });
    const times = first.rows.map((r) => r.submittedAt);
    expect(times).toEqual([...times].sort().reverse());
    const second = await ok<{ rows: RequestRow[] }>(t, 'requests.mine', { page: 2, pageSize: 5 }, P.resident);
    expect(second.rows).toEqual(all.rows.slice(5, 10));
    expect(second.rows.some((r) => first.rows.some((f) => f.id === r.id))).toBe(false);
    // someone else's are not among them
    const theirs = await ok<{ rows: RequestRow[] }>(t, 'requests.mine', {}, O.neighbour);
    expect(theirs.rows.length).toBeGreaterThan(0);
    expect(theirs.rows.some((r) => r.id === id)).toBe(false);
  });

  it('gives a handler what they may accept, what they are working on, and what they finished', async () => {
    const { id } = await filed();
    for (const handler of [P.leader, O.leader2, P.gridWorker]) expect([handler, await inQueue(handler, 'todo', id)]).toEqual([handler, true]);
    expect(await inQueue(O.otherLeader, 'todo', id)).toBe(false);
    await act('requests.accept', id, O.leader2);
    expect(await inQueue(P.leader, 'todo', id)).toBe(false);
    expect(await inQueue(O.leader2, 'doing', id)).toBe(true);
    expect((await queue(O.leader2, 'doing')).rows.find((r) => r.id === id)).toMatchObject({ status: 'accepted', handlerName: '欧阳娜娜' });
    await act('requests.resolve', id, O.leader2, { summary: '已修好' });
    expect(await inQueue(O.leader2, 'doing', id)).toBe(false);
    expect(await inQueue(O.leader2, 'done', id)).toBe(true);
    expect((await queue(P.resident, 'todo')).rows).toEqual([]);
  });
});

describe('round trips', () => {
  /** how many database round trips `run` waited for one after another */
  async function sequential(run: () => Promise<unknown>): Promise<number> {
    await setLatency(t, 30); // keeps requests sent together overlapping (tools/localcloud/round-trips.ts)
    try {
      await resetStats(t);
      await run();
      return (await stats(t)).sequentialRoundTrips;
    } finally {
      await setLatency(t, 0);
    }
  }

  it('a transition waits on the caller with the request, then the write (评单 with a low rating: and the return visit); the lists on at most three', async () => {
    const id = await accepted();
    expect(await sequential(() => act('requests.progress', id, P.leader, { note: '已联系物业' }))).toBe(2);
    expect(await sequential(() => act('requests.resolve', id, P.leader, { summary: '已修好' }))).toBe(2);
    // the caller with the request, the write, then the return visit a low rating asks for
    expect(await sequential(() => act('requests.rate', id, P.resident, { score: 2, comment: '太慢了' }))).toBe(3);
    expect(await sequential(() => ok(t, 'requests.mine', {}, P.resident))).toBe(2);
    expect(await sequential(() => queue(P.leader, 'done'))).toBe(2);
    // the caller, their teams and partner units, the requests
    expect(await sequential(() => queue(P.leader, 'todo'))).toBe(3);
  });
});

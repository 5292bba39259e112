/**
 * The `requests` function through the real local cloud, node-sdk and the dev gateway, on the demo
 * org: filing (content check, own photos, location, routing to the grid, deadlines, idempotent
 * retries), accepting (scope, and the first of two simultaneous accepts wins) and reading (only the
 * reporter, the handlers in scope and staff).
 */
import type { RequestView } from '../../core/contracts/requests';
import { DEFAULT_CATEGORIES, limitsOf } from '../../core/domain/requests/categories';
import { dueAt } from '../../core/domain/requests/deadlines';
import { requestDoc, type RequestDoc } from '../../core/domain/requests/model';
import { PERSON_IDS } from '../../tools/seed/demo';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { resetStats, setLatency, stats } from '../helpers/localcloud';
import { seededTestCloud } from '../helpers/seeded';
import { wxControl } from '../helpers/wx';
import { fail, key, ok, thisMonth, uploadAs } from './points-fixture';

const t = seededTestCloud();

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
};

const HOME = { buildingId: 'bd-heping-1', unitId: 'un-heping-1-1' };
const MSG_SEC_CHECK = '/wxa/msg_sec_check';

const submitInput = (extra: Record<string, unknown> = {}) => ({ idempotencyKey: key('rq'), category: 'repair', text: '1号楼1单元楼道的灯坏了一个星期', location: HOME, ...extra });
const submit = (extra: Record<string, unknown> = {}, openid: string = P.resident) => t.call<RequestView>('requests.submit', submitInput(extra), openid);
const filed = async (extra: Record<string, unknown> = {}) => ok<RequestView>(t, 'requests.submit', submitInput(extra), P.resident);

async function stored(id: string): Promise<RequestDoc | null> {
  const { data } = await t.app.database().collection('requests').doc(id).get();
  const doc = (data as unknown[])[0];
  return doc ? requestDoc.parse(doc) : null;
}
async function count(): Promise<number> {
  return (await t.app.database().collection('requests').count()).total ?? 0;
}

describe('requests.submit', () => {
  it('files a request, routes it to the grid of the building and sets its deadlines', async () => {
    const photo = await uploadAs(t, P.resident, `requests/${PERSON_IDS.resident}/${thisMonth()}/lamp.png`);
    const view = await filed({ photos: [photo], urgency: 'normal' });
    expect(view).toMatchObject({
      category: { code: 'repair', name: '设施维修' },
      status: 'assigned',
      statusLabel: '待接单',
      photos: [photo],
      location: { compoundId: 'cp-heping', buildingId: 'bd-heping-1', unitId: 'un-heping-1-1', area: null, label: '和平小区 1号楼1单元' },
      reporter: null, // the reporter is not shown their own contact
      handler: null,
      viewer: 'reporter',
    });
    expect(view.timeline.map((e) => [e.type, e.to])).toEqual([
      ['submit', 'submitted'],
      ['route', 'assigned'],
    ]);
    const doc = (await stored(view.id))!;
    // the micro grid of 1号楼, not its big grid
    expect(doc).toMatchObject({ gridId: 'gd-heping-1', assignment: { kind: 'grid', gridId: 'gd-heping-1', buildingId: 'bd-heping-1' }, reporterId: PERSON_IDS.resident, moderation: 'pass' });
    const limits = limitsOf(DEFAULT_CATEGORIES, 'repair', 'normal');
    const at = new Date(doc.submittedAt);
    expect([view.respondBy, view.resolveBy]).toEqual([dueAt(at, limits.response).at.toISOString(), dueAt(at, limits.resolution).at.toISOString()]);
  }, 30_000);

  it('counts working days on the local cloud\'s shifted clock: 国庆 is skipped, the make-up Saturday counts', async () => {
    const setClock = (offsetMs: number) => fetch(`${t.cloud.url}/__localcloud/clock`, { method: 'POST', body: JSON.stringify({ offsetMs }) });
    // Wednesday 30 September 2026, 10:00 in Shanghai
    expect((await setClock(Date.parse('2026-09-30T02:00:00Z') - Date.now())).status).toBe(200);
    try {
      const view = await filed();
      expect(Math.abs(Date.parse(view.submittedAt) - Date.parse('2026-09-30T02:00:00Z'))).toBeLessThan(5_000);
      // respond: 1 working day → Thursday 8 October; resolve: 5 → 8, 9, Saturday 10 (调休), 12, 13 October
      expect([view.respondBy, view.resolveBy]).toEqual(['2026-10-08T16:00:00.000Z', '2026-10-13T16:00:00.000Z']);
    } finally {
      await setClock(0);
    }
  });

  it('counts an urgent request in hours', async () => {
    const view = await filed({ urgency: 'urgent', category: 'safety_hazard', text: '楼道里有人飞线给电动车充电' });
    const submitted = Date.parse(view.submittedAt);
    expect([Date.parse(view.respondBy) - submitted, Date.parse(view.resolveBy) - submitted]).toEqual([2 * 3_600_000, 24 * 3_600_000]);
  });

  it('routes a common area of the compound to its big grid', async () => {
    const view = await filed({ location: { area: '北门停车场' }, category: 'parking', text: '北门停车场有车长期占用消防通道' });
    expect(view.location).toMatchObject({ buildingId: null, area: '北门停车场', label: '和平小区 北门停车场' });
    expect((await stored(view.id))?.gridId).toBe('gd-heping');
  });

  it('answers a retry with the same key with the same request, and refuses the key for other input', async () => {
    const input = submitInput();
    const first = await ok<RequestView>(t, 'requests.submit', input, P.resident);
    const before = await count();
    const again = await ok<RequestView>(t, 'requests.submit', input, P.resident);
    expect(again).toEqual(first);
    expect(await count()).toBe(before);
    expect(await fail(t, 'requests.submit', { ...input, text: '换了内容但用了同一个请求编号' }, P.resident)).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
  });

  it('lets a leader file for a resident of a building they serve (代报): the resident\'s request, followed by both', async () => {
    const view = await ok<RequestView>(t, 'requests.submit', submitInput({ forPersonId: PERSON_IDS.resident, text: '替住户报：1号楼1单元楼道灯坏了' }), P.leader);
    // the leader serves 1号楼, so they see it as its handler, and may take it themselves
    expect(view).toMatchObject({ viewer: 'handler', status: 'assigned', location: { buildingId: 'bd-heping-1' }, can: expect.arrayContaining(['accept']) });
    expect(await stored(view.id)).toMatchObject({ reporterId: PERSON_IDS.resident, proxyId: PERSON_IDS.leader, followerIds: [PERSON_IDS.resident, PERSON_IDS.leader], reporterName: '李秀兰' });
    expect((await stored(view.id))!.timeline[0]).toMatchObject({ type: 'submit', actorId: PERSON_IDS.leader, actorName: '王建国', detail: { proxy: true } });
    for (const openid of [P.resident, P.leader]) {
      const mine = await ok<{ rows: { id: string }[] }>(t, 'requests.mine', {}, openid);
      expect(mine.rows.map((r) => r.id)).toContain(view.id);
    }
  }, 30_000);

  it('refuses 代报 for a resident of a building the caller does not serve, and for a stranger', async () => {
    const before = await count();
    // 王建国 leads 和平 1号楼; 唐秀英 lives in 5号楼
    expect(await fail(t, 'requests.submit', submitInput({ forPersonId: 'p-027', location: { buildingId: 'bd-heping-5' } }), P.leader)).toMatchObject({ code: 'FORBIDDEN' });
    // a resident cannot file for a neighbour
    expect(await fail(t, 'requests.submit', submitInput({ forPersonId: 'p-027', location: { buildingId: 'bd-heping-5' } }), P.resident)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fail(t, 'requests.submit', submitInput({ forPersonId: 'no-such-person' }), P.leader)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await count()).toBe(before);
  }, 30_000);

  describe('content security', () => {
    const wx = () => wxControl(t.cloud.url);
    beforeEach(() => wx().clearOutbox());

    it('refuses risky text and stores nothing', async () => {
      const before = await count();
      const res = await submit({ text: '有人在楼下聚众赌博到半夜' });
      expect(res).toEqual({
        ok: false,
        error: { code: 'CONTENT_REJECTED', message: '反映的内容含有不适宜公开的内容，请修改后再提交', issues: [{ path: 'data.text', message: '反映的内容含有不适宜公开的内容，请修改后再提交' }] },
      });
      expect(await count()).toBe(before);
      expect((await wx().outbox(MSG_SEC_CHECK))[0].request).toMatchObject({ version: 2, openid: P.resident });
    });

    it('files text WeChat wants reviewed, marked for staff', async () => {
      const view = await filed({ text: '门口有人贴小广告说可以代开发票' });
      expect((await stored(view.id))?.moderation).toBe('review');
    });

    it('never takes a failed check as a pass', async () => {
      const before = await count();
      await wx().fail({ api: MSG_SEC_CHECK, errcode: -1, errmsg: 'system error' });
      expect(await submit()).toEqual({ ok: false, error: { code: 'INTERNAL', message: '内容安全检查暂时无法完成，请稍后再提交' } });
      expect(await count()).toBe(before);
    });
  });

  it("refuses someone else's upload and a photo that was never uploaded", async () => {
    const theirs = await uploadAs(t, O.neighbour, `requests/${PERSON_IDS.plainResident}/${thisMonth()}/theirs.png`);
    expect(await fail(t, 'requests.submit', submitInput({ photos: [theirs] }), P.resident)).toMatchObject({
      code: 'VALIDATION_ERROR',
      issues: [{ path: 'data.photos.0', message: '第 1 张照片不是你本人在小程序里上传的，请删除后重新上传' }],
    });
    const own = await uploadAs(t, P.resident, `requests/${PERSON_IDS.resident}/${thisMonth()}/a.png`);
    expect(await fail(t, 'requests.submit', submitInput({ photos: [own, own.replace('/a.png', '/never.png')] }), P.resident)).toMatchObject({
      code: 'VALIDATION_ERROR',
      issues: [{ path: 'data.photos.1' }],
    });
  });

  it('refuses a building of another compound, a unit the building lacks, and a person with no home', async () => {
    expect(await fail(t, 'requests.submit', submitInput({ location: { buildingId: 'bd-laojie-1' } }), P.resident)).toMatchObject({ code: 'VALIDATION_ERROR', issues: [{ path: 'data.location.buildingId' }] });
    expect(await fail(t, 'requests.submit', submitInput({ location: { buildingId: 'bd-heping-1', unitId: 'un-heping-2-1' } }), P.resident)).toMatchObject({ code: 'VALIDATION_ERROR', issues: [{ path: 'data.location.unitId' }] });
    expect(await fail(t, 'requests.submit', submitInput(), P.staff)).toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect(await fail(t, 'requests.submit', { ...submitInput(), reporterId: PERSON_IDS.leader }, P.resident)).toMatchObject({ code: 'VALIDATION_ERROR' });
  });

  it('waits on 3 sequential database round trips: the caller, the place, the write', async () => {
    await setLatency(t, 30); // keeps requests sent together overlapping (tools/localcloud/round-trips.ts)
    try {
      await resetStats(t);
      await filed();
      expect((await stats(t)).sequentialRoundTrips).toBe(3);
    } finally {
      await setLatency(t, 0);
    }
  });
});

describe('requests.accept', () => {
  it('lets a handler in scope accept, and nobody else', async () => {
    const { id } = await filed();
    for (const outsider of [O.otherLeader, O.otherWorker, O.neighbour, P.resident, P.staff]) {
      expect([outsider, (await fail(t, 'requests.accept', { idempotencyKey: key('acc'), requestId: id }, outsider)).code]).toEqual([outsider, 'FORBIDDEN']);
    }
    const accepted = await ok<RequestView>(t, 'requests.accept', { idempotencyKey: key('acc'), requestId: id }, P.gridWorker);
    expect(accepted).toMatchObject({ status: 'accepted', handler: { id: PERSON_IDS.gridWorker, name: '张桂英' }, viewer: 'handler', reporter: { name: '李秀兰' } });
    expect(accepted.reporter?.phone ?? '').not.toMatch(/^\d{11}$/);
  });

  it('lets the first of two simultaneous accepts win, every time', async () => {
    await setLatency(t, 30); // both reads are answered before either write
    try {
      for (let round = 0; round < 5; round += 1) {
        const { id } = await filed();
        const [a, b] = await Promise.all([
          t.call<RequestView>('requests.accept', { idempotencyKey: key('a'), requestId: id }, P.leader),
          t.call<RequestView>('requests.accept', { idempotencyKey: key('b'), requestId: id }, O.leader2),
        ]);
        const wins = [a, b].filter((r) => r.ok);
        expect(wins).toHaveLength(1);
        const lost = [a, b].find((r) => !r.ok);
        expect(lost).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
        const doc = (await stored(id))!;
        expect(doc.timeline.filter((e) => e.type === 'accept')).toHaveLength(1);
        expect(doc.handlerId).toBe(wins[0].ok ? wins[0].data.handler?.id : null);
        expect(doc.rev).toBe(1);
      }
    } finally {
      await setLatency(t, 0);
    }
  }, 60_000);

  it('answers a retry of the winning accept with the same result, without a second entry', async () => {
    const { id } = await filed();
    const input = { idempotencyKey: key('acc'), requestId: id };
    const first = await ok<RequestView>(t, 'requests.accept', input, P.leader);
    expect(await ok<RequestView>(t, 'requests.accept', input, P.leader)).toEqual(first);
    expect((await stored(id))!.timeline.filter((e) => e.type === 'accept')).toHaveLength(1);
    expect(await fail(t, 'requests.accept', { idempotencyKey: key('acc'), requestId: id }, O.leader2)).toMatchObject({ code: 'CONFLICT', message: '这张工单已由王建国接单' });
  });

  it('answers NOT_FOUND for a request that does not exist', async () => {
    expect(await fail(t, 'requests.accept', { idempotencyKey: key('acc'), requestId: 'rq_nothing' }, P.leader)).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('requests.get: the reporter, the handlers in scope and staff only', () => {
  it('shows each their view and tells everyone else there is no such request', async () => {
    const { id } = await filed();
    const get = (openid: string) => t.call<RequestView>('requests.get', { requestId: id }, openid);

    expect(await get(P.resident)).toMatchObject({ ok: true, data: { viewer: 'reporter', reporter: null, text: '1号楼1单元楼道的灯坏了一个星期' } });
    for (const handler of [P.gridWorker, P.leader, O.leader2]) {
      const res = await get(handler);
      expect(res).toMatchObject({ ok: true, data: { viewer: 'handler', reporter: { name: '李秀兰' } } });
      if (res.ok) expect(res.data.reporter?.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    }
    expect(await get(P.staff)).toMatchObject({ ok: true, data: { viewer: 'staff' } });

    const nothing = (await fail(t, 'requests.get', { requestId: 'rq_nothing' }, P.staff)) as { code: string; message: string };
    expect(nothing).toEqual({ code: 'NOT_FOUND', message: '没有找到这条报事' });
    for (const outsider of [O.neighbour, O.otherWorker, O.otherLeader, P.secretary]) {
      expect([outsider, await fail(t, 'requests.get', { requestId: id }, outsider)]).toEqual([outsider, nothing]);
    }
  });

  it('keeps showing the handler who accepted it, and reads in one round trip', async () => {
    const { id } = await filed();
    await ok(t, 'requests.accept', { idempotencyKey: key('acc'), requestId: id }, O.leader2);
    await setLatency(t, 30);
    await resetStats(t);
    const seen = await ok<RequestView>(t, 'requests.get', { requestId: id }, O.leader2).finally(() => setLatency(t, 0));
    expect((await stats(t)).sequentialRoundTrips).toBe(1);
    expect(seen).toMatchObject({ viewer: 'handler', status: 'accepted', handler: { name: '欧阳娜娜' } });
    expect(seen.timeline.map((e) => e.label)).toEqual(['提交', '派单', '接单']);
  });
});

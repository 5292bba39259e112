/**
 * Binding to a household through the real local cloud: the cascade of places, instant binding when
 * the roster lists the name and phone (typed, or from WeChat's phone button), a request to the
 * building's reviewers otherwise, their decision with a reason the resident sees, one household at a
 * time, moving out, the limit on attempts, and what each action costs in round trips.
 */
import type { BindApplyResult, BindRequestView, MeView } from '../../core/contracts/account';
import { rosterId, type RosterDoc } from '../../core/domain/org-model';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { COMMUNITY_ID, COMPOUND_IDS, PERSON_IDS, buildingId } from '../../tools/seed/demo';
import { demoCloudWithEnv } from '../helpers/function-env';
import { resetStats, setLatency, stats } from '../helpers/localcloud';
import { wxControl } from '../helpers/wx';

jest.setTimeout(60_000);

const demo = demoCloudWithEnv({ RATE_LIMIT_BIND_APPLY: '4/1d' });
const t = demo.cloud;

const db = () => t.app.database();
let n = 0;
const key = () => `bind-test-${++n}-${Date.now()}`;
const HH = 'hh-heping-2-2-302'; // nobody of the demo lives here
const HH_LABEL = '2号楼2单元302';

async function roster(householdId: string, name: string, phone: string): Promise<void> {
  const doc: RosterDoc = {
    _id: rosterId(householdId, name, phone),
    communityId: COMMUNITY_ID,
    compoundId: COMPOUND_IDS.heping,
    buildingId: buildingId('heping', 2),
    unitId: 'un-heping-2-2',
    householdId,
    name,
    phone,
    importId: 'test-import',
    rev: 0,
  };
  const { _id, ...rest } = doc;
  await db().collection('rosters').add({ _id, ...rest });
}

const apply = (openid: string, data: Record<string, unknown>) =>
  t.call<BindApplyResult>('account.bind.apply', { idempotencyKey: key(), compoundId: COMPOUND_IDS.heping, householdId: HH, ...data }, openid);
const me = async (openid: string) => {
  const res = await t.call<MeView>('account.me', {}, openid);
  if (!res.ok) throw new Error(JSON.stringify(res));
  return res.data;
};

describe('account.bind.options', () => {
  it('walks 社区 → 小区 → 楼栋 → 单元 → 房号 for an unbound visitor, leaving out retired nodes', async () => {
    const level = async (lvl: string, parentId?: string) => {
      const res = await t.call<{ options: { id: string; name: string }[]; hasMore: boolean }>('account.bind.options', { level: lvl, parentId }, 'o-new-visitor');
      if (!res.ok) throw new Error(JSON.stringify(res));
      return res.data;
    };
    expect((await level('community')).options).toEqual([{ id: COMMUNITY_ID, name: '幸福里社区' }]);
    expect((await level('compound', COMMUNITY_ID)).options.map((o) => o.name).sort()).toEqual(['和平小区', '红星小区', '老街小区'].sort());
    await db().collection('buildings').doc(buildingId('heping', 6)).update({ retiredAt: '2026-11-01T00:00:00.000Z' });
    const buildings = await level('building', COMPOUND_IDS.heping);
    expect(buildings.options.map((o) => o.name)).toEqual(['1号楼', '2号楼', '3号楼', '4号楼', '5号楼']);
    expect((await level('unit', buildingId('heping', 2))).options).toEqual([
      { id: 'un-heping-2-1', name: '1单元' },
      { id: 'un-heping-2-2', name: '2单元' },
    ]);
    const rooms = await level('household', 'un-heping-2-2');
    expect(rooms).toEqual({ options: ['101', '102', '201', '202', '301', '302'].map((r) => ({ id: `hh-heping-2-2-${r}`, name: r })), hasMore: false });
    // a level below the community needs its parent
    expect(await t.call('account.bind.options', { level: 'building' }, 'o-new-visitor')).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
  });

  it('answers in two sequential round trips: the caller, the level', async () => {
    await setLatency(t, 10);
    try {
      await resetStats(t);
      await t.call('account.bind.options', { level: 'household', parentId: 'un-heping-2-2' }, 'o-new-visitor');
      const s = await stats(t);
      expect(s.sequentialRoundTrips).toBe(2);
      expect(s['plan.scan'] ?? 0).toBe(0);
    } finally {
      await setLatency(t, 0);
    }
  });
});

describe('account.bind.apply', () => {
  it('binds at once when the roster lists the name and the typed phone, with the resident role labelled', async () => {
    await roster(HH, '钱小梅', '13911110001');
    const res = await apply('o-qian', { name: '钱小梅', phone: '13911110001' });
    expect(res).toEqual({ ok: true, data: { outcome: 'bound', householdLabel: HH_LABEL, compoundName: '和平小区' } });
    const view = await me('o-qian');
    if (!view.bound) throw new Error('not bound');
    expect(view.person).toMatchObject({ name: '钱小梅', maskedPhone: '139****0001', communityName: '幸福里社区', compoundName: '和平小区', householdLabel: HH_LABEL });
    expect(view.roles).toEqual([
      { role: 'resident', label: '居民', scope: { communityId: COMMUNITY_ID, compoundId: COMPOUND_IDS.heping, householdId: HH }, scopeLabel: `幸福里社区 · 和平小区 · ${HH_LABEL}` },
    ]);
  });

  it('binds at once with the number behind WeChat’s phone button', async () => {
    await roster(HH, '孙大伟', '13911110002');
    const code = await wxControl(t.cloud.url).phoneCode('13911110002', { openid: 'o-sun' });
    expect(await apply('o-sun', { name: '孙大伟', phoneCode: code })).toMatchObject({ ok: true, data: { outcome: 'bound' } });
    // a code stands for one use only
    expect(await apply('o-sun-2', { name: '孙大伟', phoneCode: code })).toMatchObject({ ok: false, error: { message: '获取手机号失败，请手动填写' } });
  });

  it('sends anyone the roster does not list to review, answering a wrong guess exactly like a stranger', async () => {
    await roster(HH, '周芳', '13911110003');
    const wrongPhone = await apply('o-guess-1', { name: '周芳', phone: '13911119999' });
    const stranger = await apply('o-guess-2', { name: '吴明', phone: '13911118888' });
    for (const res of [wrongPhone, stranger]) {
      if (!res.ok || res.data.outcome !== 'pending') throw new Error(JSON.stringify(res));
      expect(Object.keys(res.data).sort()).toEqual(['outcome', 'request']);
      expect(res.data.request).toMatchObject({ status: 'pending', reason: null, householdLabel: HH_LABEL, compoundName: '和平小区' });
    }
    // the stored request keeps the number in full only while it waits, and names its reviewers
    const stored = (await db().collection('bindRequests').where({ openid: 'o-guess-2' }).get()).data[0] as Record<string, unknown>;
    expect(stored).toMatchObject({ phone: '13911118888', maskedPhone: '139****8888', status: 'pending' });
    expect((stored.reviewerKeys as string[]).sort()).toEqual(['b:bd-heping-2', 'c:cm-xingfuli', 'g:gd-heping', 'g:gd-heping-1'].sort());
  });

  it('keeps one request open at a time, and answers a retry with the same request', async () => {
    const k = key();
    const first = await t.call<BindApplyResult>('account.bind.apply', { idempotencyKey: k, compoundId: COMPOUND_IDS.heping, householdId: HH, name: '郑好', phone: '13911117777' }, 'o-zheng');
    const again = await t.call<BindApplyResult>('account.bind.apply', { idempotencyKey: k, compoundId: COMPOUND_IDS.heping, householdId: HH, name: '郑好', phone: '13911117777' }, 'o-zheng');
    expect(again).toEqual(first);
    expect(await apply('o-zheng', { name: '郑好', phone: '13911117777' })).toMatchObject({ ok: false, error: { code: 'PRECONDITION_FAILED', message: expect.stringContaining('正在等待') } });
  });

  it('refuses a second household while bound to one', async () => {
    const res = await t.call('account.bind.apply', { idempotencyKey: key(), compoundId: COMPOUND_IDS.heping, householdId: 'hh-heping-3-1-101', name: '李秀兰', phone: '13800000001' }, P.resident);
    expect(res).toMatchObject({ ok: false, error: { code: 'PRECONDITION_FAILED', message: expect.stringContaining('请先在「我的」里解除绑定') } });
  });

  it('refuses a household of another compound, identity in the payload, and a missing phone', async () => {
    expect(await apply('o-x', { householdId: 'hh-laojie-1-1-101', name: '王五', phone: '13911116666' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR', message: '没有找到这个房号，请重新选择' } });
    expect(await apply('o-x', { name: '王五', phone: '13911116666', openid: 'o-someone-else' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR', issues: [{ path: 'data.openid' }] } });
    expect(await apply('o-x', { name: '王五' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
  });

  it('limits attempts per WeChat user, so the roster cannot be probed', async () => {
    // 4 a day here; the earlier tests used none of o-prober's
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await apply('o-prober', { name: '钱小梅', phone: `1391111${String(2000 + i)}` }));
    // the first went to review; the next three are refused as a second request; the fifth is over the limit
    expect(results.slice(0, 4).every((r) => r.ok || r.error.code === 'PRECONDITION_FAILED')).toBe(true);
    expect(results[4]).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', message: expect.stringMatching(/^操作太频繁：申请绑定房屋每天最多 4 次/) } });
  });
});

describe('review by the building’s grid worker, building head or staff', () => {
  let requestId: string;
  beforeAll(async () => {
    const res = await apply('o-review-me', { name: '冯丽', phone: '13911115555' });
    if (!res.ok || res.data.outcome !== 'pending') throw new Error(JSON.stringify(res));
    requestId = res.data.request.id;
  });

  it('lists the request to the grid worker of a grid covering the building, and not to one of another grid', async () => {
    const mine = await t.call<{ requests: BindRequestView[] }>('account.bind.pending', {}, P.gridWorker);
    if (!mine.ok) throw new Error(JSON.stringify(mine));
    expect(mine.data.requests.map((r) => r.id)).toContain(requestId);
    expect(mine.data.requests.find((r) => r.id === requestId)).toMatchObject({ name: '冯丽', maskedPhone: '139****5555' });
    // 朱红霞 works 第二微网格 (4—6号楼)
    const other = await t.call<{ requests: BindRequestView[] }>('account.bind.pending', {}, 'demo-p-015');
    expect(other.ok && other.data.requests.map((r) => r.id)).not.toContain(requestId);
    expect(await t.call('account.bind.review', { idempotencyKey: key(), requestId, decision: 'approve' }, 'demo-p-015')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // a resident reviews nothing
    expect(await t.call('account.bind.pending', {}, P.resident)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('needs a reason to reject; the resident sees it, and may apply again', async () => {
    expect(await t.call('account.bind.review', { idempotencyKey: key(), requestId, decision: 'reject' }, P.gridWorker)).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR', issues: [{ path: 'data.reason' }] } });
    const res = await t.call<{ request: BindRequestView }>('account.bind.review', { idempotencyKey: key(), requestId, decision: 'reject', reason: '房主登记的住户里没有这个名字，请带身份证到社区核实' }, P.gridWorker);
    expect(res).toMatchObject({ ok: true, data: { request: { status: 'rejected' } } });
    const mine = await t.call<{ requests: BindRequestView[] }>('account.bind.mine', {}, 'o-review-me');
    expect(mine).toMatchObject({ ok: true, data: { requests: [{ id: requestId, status: 'rejected', reason: '房主登记的住户里没有这个名字，请带身份证到社区核实', reviewedAt: expect.any(String) }] } });
    // decided: the full number is gone
    expect((await db().collection('bindRequests').doc(requestId).get()).data[0]).toMatchObject({ phone: null, maskedPhone: '139****5555' });
    // a decided request is not decided again
    expect(await t.call('account.bind.review', { idempotencyKey: key(), requestId, decision: 'approve' }, P.staff)).toMatchObject({ ok: false, error: { code: 'PRECONDITION_FAILED', message: expect.stringContaining('张桂英') } });
  });

  it('binds the resident on approval, once, even when two reviewers approve at the same moment', async () => {
    const res = await apply('o-review-me', { name: '冯丽', phone: '13911115555' });
    if (!res.ok || res.data.outcome !== 'pending') throw new Error(JSON.stringify(res));
    const id = res.data.request.id;
    const [a, b] = await Promise.all([
      t.call<{ request: BindRequestView }>('account.bind.review', { idempotencyKey: key(), requestId: id, decision: 'approve' }, P.gridWorker),
      t.call<{ request: BindRequestView }>('account.bind.review', { idempotencyKey: key(), requestId: id, decision: 'approve' }, P.staff),
    ]);
    expect([a, b].filter((r) => r.ok)).toHaveLength(1);
    expect([a, b].filter((r) => !r.ok)).toMatchObject([{ error: { code: 'PRECONDITION_FAILED' } }]);
    const view = await me('o-review-me');
    expect(view).toMatchObject({ bound: true, person: { name: '冯丽', householdLabel: HH_LABEL, maskedPhone: '139****5555' } });
    const people = (await db().collection('persons').where({ openid: 'o-review-me' }).get()).data;
    expect(people).toHaveLength(1);
    expect(people[0]).toMatchObject({ phone: '13911115555' });
  });

  it('costs an approval 5 sequential round trips: caller with the request; transaction; request, household, compound and person; writes; commit', async () => {
    const res = await apply('o-approve-me', { name: '蒋平', phone: '13911112221' });
    if (!res.ok || res.data.outcome !== 'pending') throw new Error(JSON.stringify(res));
    await setLatency(t, 10);
    try {
      await resetStats(t);
      expect(await t.call('account.bind.review', { idempotencyKey: key(), requestId: res.data.request.id, decision: 'approve' }, P.staff)).toMatchObject({ ok: true });
      const s = await stats(t);
      expect(s.sequentialRoundTrips).toBe(5);
      expect(s['plan.scan'] ?? 0).toBe(0);
    } finally {
      await setLatency(t, 0);
    }
  });

  it('costs the reviewer’s list two sequential round trips', async () => {
    await setLatency(t, 10);
    try {
      await resetStats(t);
      expect(await t.call('account.bind.pending', {}, P.staff)).toMatchObject({ ok: true });
      const s = await stats(t);
      expect(s.sequentialRoundTrips).toBe(2);
      expect(s['plan.scan'] ?? 0).toBe(0);
    } finally {
      await setLatency(t, 0);
    }
  });
});

describe('account.household.leave', () => {
  it('clears the household and the resident role; every other role stays', async () => {
    const before = await me(P.leader);
    if (!before.bound) throw new Error('not bound');
    expect(before.roles.map((r) => r.role)).toEqual(['resident', 'leader']);
    expect(await t.call('account.household.leave', { idempotencyKey: key() }, P.leader)).toEqual({ ok: true, data: { left: true } });
    const after = await me(P.leader);
    if (!after.bound) throw new Error('not bound');
    expect(after.person).toMatchObject({ householdId: null, householdLabel: null, compoundId: null, communityName: '幸福里社区' });
    expect(after.roles.map((r) => r.role)).toEqual(['leader']);
    // the write bumped the person's revision (optimistic concurrency with org changes)
    expect((await db().collection('persons').doc(PERSON_IDS.leader).get()).data[0]).toMatchObject({ rev: 1 });
    // nothing more to leave
    expect(await t.call('account.household.leave', { idempotencyKey: key() }, P.leader)).toEqual({ ok: true, data: { left: false } });
  });

  it('costs a write action at most 5 sequential round trips (apply to review, instant bind)', async () => {
    await roster(HH, '卫东', '13911114444');
    await setLatency(t, 10);
    try {
      await resetStats(t);
      expect(await apply('o-weidong', { name: '卫东', phone: '13911114444' })).toMatchObject({ ok: true, data: { outcome: 'bound' } });
      const bound = await stats(t);
      await resetStats(t);
      expect(await apply('o-weidong-2', { name: '卫东', phone: '13911113333' })).toMatchObject({ ok: true, data: { outcome: 'pending' } });
      const pending = await stats(t);
      // caller; counter insert (a window's first call); place, grids, open request; roster; write
      expect(bound.sequentialRoundTrips).toBeLessThanOrEqual(5);
      expect(pending.sequentialRoundTrips).toBeLessThanOrEqual(5);
      expect((bound['plan.scan'] ?? 0) + (pending['plan.scan'] ?? 0)).toBe(0);
    } finally {
      await setLatency(t, 0);
    }
  });
});

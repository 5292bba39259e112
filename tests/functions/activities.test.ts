/**
 * The `activities` function through the real local cloud and node-sdk on the demo org and points
 * data: creating (who may organise, item, times, content check), signing up with a waiting list
 * that moves up, capacity under 200 simultaneous sign-ups, the rotating check-in code (on the
 * local cloud's shifted clock), one check-in per person, the rate limit on codes, proxy check-in,
 * and finishing (points once per attendee, volunteer hours).
 */
import ExcelJS from 'exceljs';
import type { ActivityView } from '../../core/contracts/activities';
import type { ExportFile } from '../../core/contracts/points-export';
import type { EntryView } from '../../core/contracts/points';
import type { PersonDoc } from '../../core/domain/org-model';
import { ACTIVITY_COLLECTION, SIGNUP_COLLECTION, activityDoc, signupDoc, signupId, type ActivityDoc, type SignupDoc } from '../../core/domain/service/activities';
import { cancelSignup, signUp } from '../../cloudfunctions/activities/src/signup';
import { BRANCH_IDS, COMMUNITY_ID, PERSON_IDS } from '../../tools/seed/demo';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { resetStats, setLatency, stats, type TestCloud, setClock as setClockOf } from '../helpers/localcloud';
import { hepingPerson } from '../helpers/people';
import { fail, key, ok, pointsCloud, thisMonth, uploadAs } from './points-fixture';

let t: TestCloud;
beforeAll(async () => {
  t = await pointsCloud();
}, 120_000);
afterAll(() => t?.close());
afterEach(() => setClock(0));

type Tally = { status: 'confirmed' | 'waiting' | 'cancelled'; waitingPosition: number | null; taken: number; capacity: number };
type Checkin = { personName: string; checkedInAt: string; by: 'self' | 'proxy'; already: boolean };

const HOUR = 3_600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();
const setClock = (offsetMs: number) => setClockOf(t, offsetMs);
/** A clock offset that puts the local cloud's time `ms` ahead, 5 s into a 30-second code window. */
const windowAligned = (ms: number) => {
  const target = Math.ceil((Date.now() + ms) / 30_000) * 30_000 + 5_000;
  return target - Date.now();
};

const createInput = (extra: Record<string, unknown> = {}) => ({
  idempotencyKey: key('ac'),
  organiser: { kind: 'community' },
  title: '冬季义诊进小区',
  description: '社区卫生服务中心的医生到小区活动室量血压、测血糖，欢迎居民参加，志愿者协助登记。',
  startAt: at(48 * HOUR),
  endAt: at(50 * HOUR),
  place: '和平小区活动室',
  capacity: 10,
  signupDeadline: at(47 * HOUR),
  itemCode: 'ZY01',
  volunteerHours: 2,
  ...extra,
});
const create = (extra: Record<string, unknown> = {}, openid: string = P.staff) => ok<ActivityView>(t, 'activities.create', createInput(extra), openid);
const signup = (activityId: string, openid: string) => t.call<Tally>('activities.signup', { activityId, idempotencyKey: key('su') }, openid);
const cancel = (activityId: string, openid: string) => ok<Tally>(t, 'activities.cancel', { activityId, idempotencyKey: key('cc') }, openid);
const code = (activityId: string, openid: string = P.staff) => ok<{ code: string; secondsLeft: number; validUntil: string }>(t, 'activities.code', { activityId }, openid);
const checkin = (activityId: string, c: string, openid: string) => t.call<Checkin>('activities.checkin', { activityId, code: c }, openid);

async function stored(id: string): Promise<ActivityDoc> {
  const { data } = await t.app.database().collection(ACTIVITY_COLLECTION).doc(id).get();
  return activityDoc.parse((data as unknown[])[0]);
}
async function signupOf(activityId: string, personId: string): Promise<SignupDoc | null> {
  const { data } = await t.app.database().collection(SIGNUP_COLLECTION).doc(signupId(activityId, personId)).get();
  const doc = (data as unknown[])[0];
  return doc ? signupDoc.parse(doc) : null;
}
async function signupsOf(activityId: string): Promise<SignupDoc[]> {
  const out: SignupDoc[] = [];
  for (const status of ['confirmed', 'waiting', 'cancelled']) {
    const { data } = await t.app.database().collection(SIGNUP_COLLECTION).where({ activityId, status }).orderBy('seq', 'asc').limit(1000).get();
    out.push(...(data as unknown[]).map((d) => signupDoc.parse(d)));
  }
  return out;
}

describe('activities.create', () => {
  it('lets staff create one for the community; the check-in secret stays on the server', async () => {
    const input = createInput();
    const view = await ok<ActivityView>(t, 'activities.create', input, P.staff);
    expect(view).toMatchObject({ organiser: { kind: 'community', id: COMMUNITY_ID }, capacity: 10, taken: 0, status: 'open', itemCode: 'ZY01', volunteerHours: 2, organising: true, mine: null });
    const doc = await stored(view.id);
    expect(doc.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(view)).not.toContain(doc.secret);
    expect(await ok<ActivityView>(t, 'activities.create', input, P.staff)).toEqual(view);
    expect(await fail(t, 'activities.create', { ...input, title: '换了名字' }, P.staff)).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
  });

  it('lets a branch secretary organise for their branch and a team leader for their team, nobody else', async () => {
    expect((await create({ organiser: { kind: 'branch', branchId: BRANCH_IDS.heping } }, P.secretary)).organiser).toMatchObject({ kind: 'branch', name: '和平小区党支部' });
    expect(await fail(t, 'activities.create', createInput({ organiser: { kind: 'branch', branchId: BRANCH_IDS.hongxingLaojie } }), P.secretary)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fail(t, 'activities.create', createInput(), P.secretary)).toMatchObject({ code: 'FORBIDDEN' });
    expect((await create({ organiser: { kind: 'team', teamId: 'tm-hongguanjia' } }, 'demo-p-007')).organiser).toMatchObject({ kind: 'team', name: '和平红管家服务队' });
    expect(await fail(t, 'activities.create', createInput({ organiser: { kind: 'team', teamId: 'tm-hongguanjia' } }), P.leader)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fail(t, 'activities.create', createInput(), P.resident)).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses an unknown item, times out of order, and risky text', async () => {
    expect(await fail(t, 'activities.create', createInput({ itemCode: 'ZY99' }), P.staff)).toMatchObject({ code: 'VALIDATION_ERROR', issues: [{ path: 'data.itemCode' }] });
    expect(await fail(t, 'activities.create', createInput({ signupDeadline: at(49 * HOUR) }), P.staff)).toMatchObject({ code: 'VALIDATION_ERROR', issues: [{ path: 'data.signupDeadline' }] });
    expect(await fail(t, 'activities.create', createInput({ startAt: at(-HOUR) }), P.staff)).toMatchObject({ code: 'VALIDATION_ERROR', issues: [{ path: 'data.startAt' }] });
    expect(await fail(t, 'activities.create', createInput({ description: '活动现场有赌博游戏' }), P.staff)).toMatchObject({ code: 'CONTENT_REJECTED' });
  });
});

describe('sign-up and the waiting list', () => {
  it('fills the places, then a waiting list that moves up when someone cancels', async () => {
    const a = await create({ capacity: 2 });
    expect(await signup(a.id, P.resident)).toMatchObject({ ok: true, data: { status: 'confirmed', taken: 1 } });
    expect(await signup(a.id, P.leader)).toMatchObject({ ok: true, data: { status: 'confirmed', taken: 2 } });
    expect(await signup(a.id, P.gridWorker)).toMatchObject({ ok: true, data: { status: 'waiting', waitingPosition: 1, taken: 2 } });
    expect(await signup(a.id, P.secretary)).toMatchObject({ ok: true, data: { status: 'waiting', waitingPosition: 2 } });
    // signing up again answers where one stands
    expect(await signup(a.id, P.leader)).toMatchObject({ ok: true, data: { status: 'confirmed', taken: 2 } });

    expect(await cancel(a.id, P.resident)).toMatchObject({ status: 'cancelled', taken: 2 });
    expect((await ok<ActivityView>(t, 'activities.get', { activityId: a.id }, P.gridWorker)).mine).toMatchObject({ status: 'confirmed', waitingPosition: null });
    expect((await ok<ActivityView>(t, 'activities.get', { activityId: a.id }, P.secretary)).mine).toMatchObject({ status: 'waiting', waitingPosition: 1 });
    // coming back puts them at the end of the list
    expect(await signup(a.id, P.resident)).toMatchObject({ ok: true, data: { status: 'waiting', waitingPosition: 2 } });
    // a waiter who cancels frees no place
    expect(await cancel(a.id, P.secretary)).toMatchObject({ taken: 2 });
    expect((await ok<ActivityView>(t, 'activities.get', { activityId: a.id }, P.resident)).mine).toMatchObject({ status: 'waiting', waitingPosition: 1 });
    expect((await stored(a.id)).taken).toBe(2);
  });

  it('waits on 4 sequential round trips for a seat, 5 for the waiting list (10 ms per database request)', async () => {
    const a = await create({ capacity: 1 });
    await setLatency(t, 10);
    try {
      await resetStats(t);
      expect(await signup(a.id, P.resident)).toMatchObject({ ok: true, data: { status: 'confirmed', taken: 1 } });
      // caller ‖ activity, sign-up written (seating), seat, confirmed
      expect((await stats(t)).sequentialRoundTrips).toBe(4);
      await resetStats(t);
      expect(await signup(a.id, P.leader)).toMatchObject({ ok: true, data: { status: 'waiting', waitingPosition: 1, taken: 1 } });
      // caller ‖ activity, sign-up written (seating), seat (full), waiting, activity (still full) ‖ position
      expect((await stats(t)).sequentialRoundTrips).toBe(5);
    } finally {
      await setLatency(t, 0);
    }
  });

  it('keeps to the audience and the deadline', async () => {
    const a = await create({ compoundIds: ['cp-hongxing'] });
    expect(await signup(a.id, P.resident)).toMatchObject({ ok: false, error: { code: 'PRECONDITION_FAILED', message: '这个活动只面向指定小区的居民' } });
    const b = await create();
    await setClock(47 * HOUR + 60_000);
    expect(await signup(b.id, P.resident)).toMatchObject({ ok: false, error: { code: 'PRECONDITION_FAILED', message: '报名已经截止了' } });
  });

  it('never exceeds the capacity: 12 people through the function at once for 4 places', async () => {
    const a = await create({ capacity: 4 });
    const openids = [P.resident, P.leader, P.gridWorker, P.secretary, P.staff, ...[7, 8, 9, 10, 13, 19, 23].map((n) => `demo-p-${String(n).padStart(3, '0')}`)];
    const results = await Promise.all(openids.map((o) => signup(a.id, o)));
    const statuses = results.map((r) => (r.ok ? r.data.status : r.error.code));
    expect(statuses.filter((s) => s === 'confirmed')).toHaveLength(4);
    expect(statuses.filter((s) => s === 'waiting')).toHaveLength(8);
    expect((await stored(a.id)).taken).toBe(4);
  }, 60_000);
});

describe('200 sign-ups at the same moment for 50 places (the function\'s sign-up code against the local cloud)', () => {
  const N = 200;
  const people: PersonDoc[] = Array.from({ length: N }, (_, i) => hepingPerson(`p-bulk-${i}`, `bulk-${i}`, `报名人${i}`));

  it('seats exactly 50, lists the other 150 in order, and moves the first waiters up when 10 cancel at once', async () => {
    const db = t.app.database();
    for (let i = 0; i < N; i += 50) await Promise.all(people.slice(i, i + 50).map((p) => db.collection('persons').add(p)));
    const view = await create({ capacity: 50 });
    const a = await stored(view.id);
    const answers = await Promise.all(people.map((p) => signUp(db, a, p, key('bulk'))));
    expect(answers.filter((x) => x.status === 'confirmed')).toHaveLength(50);
    expect(answers.filter((x) => x.status === 'waiting')).toHaveLength(150);
    expect((await stored(a._id)).taken).toBe(50);
    const all = await signupsOf(a._id);
    expect(all.filter((s) => s.status === 'confirmed')).toHaveLength(50);
    const waiting = all.filter((s) => s.status === 'waiting');
    expect(new Set(waiting.map((s) => s.personId)).size).toBe(150);

    const leaving = all.filter((s) => s.status === 'confirmed').slice(0, 10);
    await Promise.all(leaving.map((s) => cancelSignup(db, a, people.find((p) => p._id === s.personId)!, key('bulk-cancel'))));
    const after = await signupsOf(a._id);
    expect(after.filter((s) => s.status === 'confirmed')).toHaveLength(50);
    expect((await stored(a._id)).taken).toBe(50);
    const promoted = after.filter((s) => s.status === 'confirmed' && waiting.some((w) => w._id === s._id)).map((s) => s.personId).sort();
    expect(promoted).toEqual(waiting.slice(0, 10).map((s) => s.personId).sort());
  }, 120_000);
});

describe('on site: the rotating code, check-in, proxy', () => {
  let a: ActivityView;
  beforeAll(async () => {
    a = await create({ capacity: 10 });
    for (const o of [P.resident, P.leader, P.gridWorker, P.secretary, 'demo-p-007', 'demo-p-008']) expect((await signup(a.id, o)).ok).toBe(true);
  }, 60_000);

  it('shows a 6-digit code with its countdown to the organiser only', async () => {
    await setClock(windowAligned(48 * HOUR + 10 * 60_000));
    const c = await code(a.id);
    expect(c.code).toMatch(/^\d{6}$/);
    expect(c.secondsLeft).toBeGreaterThan(20);
    expect(c.secondsLeft).toBeLessThanOrEqual(25);
    expect(await fail(t, 'activities.code', { activityId: a.id }, P.resident)).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('checks in once per person, also when the same person checks in twice at once', async () => {
    await setClock(windowAligned(48 * HOUR + 10 * 60_000));
    const c = (await code(a.id)).code;
    expect(await checkin(a.id, c, P.resident)).toMatchObject({ ok: true, data: { personName: '李秀兰', by: 'self', already: false } });
    expect(await checkin(a.id, c, P.resident)).toMatchObject({ ok: true, data: { already: true } });
    const both = await Promise.all([checkin(a.id, c, P.leader), checkin(a.id, c, P.leader)]);
    expect(both.map((r) => (r.ok ? r.data.already : null)).sort()).toEqual([false, true]);
    const s = (await signupOf(a.id, PERSON_IDS.leader))!;
    // written seating (0), confirmed (1), checked in once (2)
    expect(s).toMatchObject({ attended: true, checkin: { by: 'self' }, rev: 2 });
  });

  it('rotates every 30 seconds: the previous code still works, an older one does not', async () => {
    const base = windowAligned(48 * HOUR + 20 * 60_000);
    await setClock(base);
    const first = (await code(a.id)).code;
    await setClock(base + 30_000);
    const second = (await code(a.id)).code;
    expect(second).not.toBe(first);
    expect(await checkin(a.id, first, P.gridWorker)).toMatchObject({ ok: true, data: { already: false } });
    await setClock(base + 60_000);
    const third = (await code(a.id)).code;
    if (first !== third && first !== second) {
      expect(await checkin(a.id, first, P.secretary)).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR', issues: [{ path: 'data.code' }] } });
    }
    expect(await checkin(a.id, third, P.secretary)).toMatchObject({ ok: true, data: { already: false } });
  });

  it('refuses someone not signed up, and limits wrong codes', async () => {
    await setClock(windowAligned(48 * HOUR + 30 * 60_000));
    const c = (await code(a.id)).code;
    expect(await checkin(a.id, c, 'demo-p-027')).toMatchObject({ ok: false, error: { code: 'PRECONDITION_FAILED', message: '你没有报名这个活动' } });
    const wrong = c === '000000' ? '000001' : '000000';
    for (let i = 0; i < 10; i++) expect(await checkin(a.id, wrong, 'demo-p-007')).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
    expect(await checkin(a.id, c, 'demo-p-007')).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    expect((await signupOf(a.id, 'p-007'))?.checkedInAt).toBeNull();
  });

  it('lets the organiser check in someone without a phone, recorded as proxy', async () => {
    await setClock(48 * HOUR + 40 * 60_000);
    // 冯建平 has no WeChat and could not sign up
    const res = await ok<Checkin>(t, 'activities.checkin.proxy', { activityId: a.id, personId: 'p-028', idempotencyKey: key('px') }, P.staff);
    expect(res).toMatchObject({ personName: '冯建平', by: 'proxy', already: false });
    expect(await signupOf(a.id, 'p-028')).toMatchObject({ status: 'confirmed', attended: true, checkin: { by: 'proxy', proxyId: PERSON_IDS.staff, proxyName: '陈美华' } });
    expect(await fail(t, 'activities.checkin.proxy', { activityId: a.id, personId: 'p-028', idempotencyKey: key('px') }, P.leader)).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('finishes with photos and a summary: each attendee is awarded once and credited the hours', async () => {
    const history = async (openid: string) =>
      (await ok<{ entries: EntryView[] }>(t, 'points.history', { pageSize: 20 }, openid)).entries.filter((e) => e.source.type === 'activity' && e.source.id === a.id);
    expect(await history(P.leader)).toEqual([]);
    await setClock(50 * HOUR + 60_000);
    const photo = await uploadAs(t, P.staff, `activities/${PERSON_IDS.staff}/${thisMonth()}/1.png`);
    const input = { activityId: a.id, idempotencyKey: key('fin'), summary: '为 40 位居民测了血压血糖', photos: [photo] };
    // 李秀兰, 王建国, 张桂英, 刘志强 and 冯建平 (proxy) attended; 赵丽娟 and 黄国平 did not
    expect(await ok(t, 'activities.finish', input, P.staff)).toEqual({ attendees: 5, awarded: 5, pending: 0 });
    expect(await ok(t, 'activities.finish', input, P.staff)).toEqual({ attendees: 5, awarded: 5, pending: 0 });
    const entries = await history(P.leader);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ points: 5, item: { code: 'ZY01' } });
    // booked on the functions' clock (50 h ahead here), not the machine's
    expect(Date.parse(entries[0].createdAt)).toBeGreaterThan(Date.now() + 49 * HOUR);
    expect(await history('demo-p-007')).toEqual([]);
    expect(await signupOf(a.id, PERSON_IDS.leader)).toMatchObject({ awarded: true, hours: 2 });
    expect(await signupOf(a.id, 'p-007')).toMatchObject({ awarded: false, hours: 0 });
    expect(await stored(a.id)).toMatchObject({ status: 'finished', summary: input.summary, photos: [photo] });
    expect(await checkin(a.id, '123456', P.gridWorker)).toMatchObject({ ok: false, error: { code: 'PRECONDITION_FAILED' } });
  }, 60_000);

  it('exports the roster and attendance to Excel for the organiser', async () => {
    const file = await ok<ExportFile>(t, 'activities.export', { activityId: a.id }, P.staff);
    expect(file).toMatchObject({ fileName: '冬季义诊进小区报名签到名单.xlsx', rows: 7 });
    const res = await fetch(file.url);
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const all: unknown[][] = [];
    book.worksheets[0].eachRow((row) => all.push((row.values as unknown[]).slice(1)));
    const header = all.findIndex((r) => r[0] === '序号');
    expect(String(all[2][0])).toContain('已报名 7，签到 5 人');
    const rows = all.slice(header + 1);
    const byName = new Map(rows.map((r) => [r[1], r]));
    expect(byName.get('王建国')).toEqual([expect.any(Number), '王建国', '已报名', expect.any(String), expect.any(String), '本人输入签到码', '', 2, '已计入']);
    expect(byName.get('冯建平')?.slice(5)).toEqual(['代签：陈美华', '', 2, '已计入']);
    expect(byName.get('赵丽娟')?.slice(2, 3)).toEqual(['已报名']);
    expect(byName.get('赵丽娟')?.[4] ?? '').toBe('');
    expect(await fail(t, 'activities.export', { activityId: a.id }, P.resident)).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('cannot finish before it starts', async () => {
    const b = await create();
    const photo = await uploadAs(t, P.staff, `activities/${PERSON_IDS.staff}/${thisMonth()}/2.png`);
    expect(await fail(t, 'activities.finish', { activityId: b.id, idempotencyKey: key('fin'), summary: '提前结束', photos: [photo] }, P.staff)).toMatchObject({ code: 'PRECONDITION_FAILED' });
  });
});

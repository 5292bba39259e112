/**
 * The `activities` function's lists and on-site pieces through the real local cloud and node-sdk
 * (indexed queries only: the local cloud refuses any query no declared index serves): the list's
 * three views with the audience, paging and where the caller stands; the organiser's roster; the
 * 小程序码 (its scene, the image through the WeChat stub) and checking in by scanning it; check-out
 * with the same code and the hours it credits at finish; round trips of check-in and check-out.
 */
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { ActivityCard, ActivityView, RosterEntry } from '../../core/contracts/activities';
import type { PersonDoc } from '../../core/domain/org-model';
import { ACTIVITY_COLLECTION, SIGNUP_COLLECTION, activityDoc, signupDoc, signupId, type SignupDoc } from '../../core/domain/service/activities';
import { signUp } from '../../cloudfunctions/activities/src/signup';
import { PERSON_IDS } from '../../tools/seed/demo';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { resetStats, setLatency, stats, type TestCloud, setClock as setClockOf } from '../helpers/localcloud';
import { hepingPerson } from '../helpers/people';
import { localMiniProgram, wxControl } from '../helpers/wx';
import { fail, key, ok, pointsCloud, thisMonth, uploadAs } from './points-fixture';

let t: TestCloud;
beforeAll(async () => {
  t = await pointsCloud();
}, 120_000);
afterAll(() => t?.close());
afterEach(() => setClock(0));

type Code = { code: string; secondsLeft: number; validUntil: string; scene: string; image?: string };
type List = { items: ActivityCard[]; hasMore: boolean };
type Roster = { items: RosterEntry[]; hasMore: boolean; confirmed: number; waiting: number; checkedIn: number };

const HOUR = 3_600_000;
const MINUTE = 60_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();
const setClock = (offsetMs: number) => setClockOf(t, offsetMs);
/** A clock offset that puts the local cloud's time `ms` ahead, 5 s into a 30-second code window. */
const windowAligned = (ms: number) => Math.ceil((Date.now() + ms) / 30_000) * 30_000 + 5_000 - Date.now();

const create = (extra: Record<string, unknown> = {}, openid: string = P.staff) =>
  ok<ActivityView>(
    t,
    'activities.create',
    {
      idempotencyKey: key('ac'),
      organiser: { kind: 'community' },
      title: '楼道清洁志愿服务',
      description: '清理楼道堆放杂物，擦拭扶手，欢迎居民和党员参加。',
      startAt: at(48 * HOUR),
      endAt: at(51 * HOUR),
      place: '和平小区3号楼',
      capacity: 10,
      signupDeadline: at(47 * HOUR),
      itemCode: 'ZY01',
      volunteerHours: 2,
      ...extra,
    },
    openid,
  );
const signup = (activityId: string, openid: string) => ok<{ status: string }>(t, 'activities.signup', { activityId, idempotencyKey: key('su') }, openid);
const list = (openid: string, view: string, page = 1) => ok<List>(t, 'activities.list', { view, page }, openid);
const code = (activityId: string, image = false) => ok<Code>(t, 'activities.code', { activityId, ...(image ? { image } : {}) }, P.staff);
const db = () => t.app.database();

async function addPeople(prefix: string, n: number, compoundId = 'cp-heping'): Promise<PersonDoc[]> {
  const people = Array.from({ length: n }, (_, i) => ({ ...hepingPerson(`p-${prefix}-${i}`, `${prefix}-${i}`, `${prefix}${i}`), compoundId }));
  await Promise.all(people.map((p) => db().collection('persons').add(p)));
  return people;
}
async function signupOf(activityId: string, personId: string): Promise<SignupDoc> {
  const { data } = await db().collection(SIGNUP_COLLECTION).doc(signupId(activityId, personId)).get();
  return signupDoc.parse((data as unknown[])[0]);
}
const ids = (l: List) => l.items.map((c) => c.id);

describe('activities.list', () => {
  it('open: the activities not finished whose audience includes the caller, soonest first, with where they stand', async () => {
    const [heping] = await addPeople('list-hp', 1);
    const [hongxing] = await addPeople('list-hx', 1, 'cp-hongxing');
    const everyone = await create({ startAt: at(48 * HOUR), endAt: at(49 * HOUR) });
    const hongxingOnly = await create({ compoundIds: ['cp-hongxing'], startAt: at(30 * HOUR), endAt: at(31 * HOUR), signupDeadline: at(29 * HOUR) });
    const later = await create({ compoundIds: ['cp-heping', 'cp-laojie'], startAt: at(72 * HOUR), endAt: at(73 * HOUR) });
    const finished = await create({ startAt: at(20 * HOUR), endAt: at(21 * HOUR), signupDeadline: at(19 * HOUR) });
    await db().collection(ACTIVITY_COLLECTION).doc(finished.id).update({ status: 'finished' });
    expect(await fail(t, 'activities.signup', { activityId: later.id, idempotencyKey: key('su') }, hongxing.openid!)).toMatchObject({ code: 'PRECONDITION_FAILED' });
    await signup(later.id, heping.openid!);

    const mine = new Set([everyone.id, hongxingOnly.id, later.id, finished.id]);
    const forHeping = (await list(heping.openid!, 'open')).items.filter((c) => mine.has(c.id));
    expect(forHeping.map((c) => c.id)).toEqual([everyone.id, later.id]);
    expect(forHeping[1]).toMatchObject({ title: '楼道清洁志愿服务', place: '和平小区3号楼', capacity: 10, taken: 1, status: 'open', organiserName: '幸福里社区', mine: 'confirmed' });
    expect(forHeping[0].mine).toBeNull();
    const forHongxing = (await list(hongxing.openid!, 'open')).items.filter((c) => mine.has(c.id));
    expect(forHongxing.map((c) => c.id)).toEqual([hongxingOnly.id, everyone.id]);
    // the default view is `open`
    expect(ids(await ok<List>(t, 'activities.list', {}, heping.openid!))).toEqual(ids(await list(heping.openid!, 'open')));
    expect(await fail(t, 'activities.list', { view: 'all' }, heping.openid!)).toMatchObject({ code: 'VALIDATION_ERROR' });
  });

  it('mine: signed up or waiting, latest sign-up first; cancelled ones drop out', async () => {
    const [p] = await addPeople('list-mine', 1);
    const full = await create({ capacity: 1 });
    await signup(full.id, P.leader);
    const first = await create();
    const second = await create();
    await signup(first.id, p.openid!);
    await signup(full.id, p.openid!);
    await signup(second.id, p.openid!);
    const l = await list(p.openid!, 'mine');
    expect(l.items.map((c) => [c.id, c.mine])).toEqual([
      [second.id, 'confirmed'],
      [full.id, 'waiting'],
      [first.id, 'confirmed'],
    ]);
    expect(l.hasMore).toBe(false);
    await ok(t, 'activities.cancel', { activityId: first.id, idempotencyKey: key('cc') }, p.openid!);
    expect(ids(await list(p.openid!, 'mine'))).toEqual([second.id, full.id]);
  });

  it('organising: what the caller runs, staff all of the community; 20 a page', async () => {
    const branch = await create({ organiser: { kind: 'branch', branchId: 'br-heping' } }, P.secretary);
    const secretary = await list(P.secretary, 'organising');
    expect(ids(secretary)).toEqual([branch.id]);
    expect(secretary.items[0].organiserName).toBe('和平小区党支部');
    expect(ids(await list(P.staff, 'organising'))).toContain(branch.id);
    expect((await list(P.resident, 'organising')).items).toEqual([]);

    // a team leader's 21 activities, latest start first, over two pages
    const made: string[] = [];
    for (let i = 0; i < 21; i++) made.push((await create({ organiser: { kind: 'team', teamId: 'tm-hongguanjia' }, startAt: at((48 + i) * HOUR), endAt: at((49 + i) * HOUR) }, 'demo-p-007')).id);
    const page1 = await list('demo-p-007', 'organising');
    const page2 = await list('demo-p-007', 'organising', 2);
    expect(page1.items).toHaveLength(20);
    expect(page1.hasMore).toBe(true);
    expect(page2).toMatchObject({ hasMore: false });
    expect([...ids(page1), ...ids(page2)]).toEqual([...made].reverse());
  }, 60_000);
});

describe('activities.roster', () => {
  it('lists the confirmed then the waiting list with positions, check-in and check-out, for the organiser only', async () => {
    const a = await create({ capacity: 2 });
    for (const o of [P.resident, P.leader, P.gridWorker, P.secretary]) await signup(a.id, o);
    await setClock(windowAligned(48 * HOUR + 5 * MINUTE));
    const c = (await code(a.id)).code;
    await ok(t, 'activities.checkin', { activityId: a.id, code: c }, P.resident);
    await ok(t, 'activities.checkout', { activityId: a.id, code: c }, P.resident);
    const r = await ok<Roster>(t, 'activities.roster', { activityId: a.id }, P.staff);
    expect(r).toMatchObject({ confirmed: 2, waiting: 2, checkedIn: 1, hasMore: false });
    expect(r.items).toEqual([
      { personId: PERSON_IDS.resident, name: '李秀兰', status: 'confirmed', waitingPosition: null, checkedInAt: expect.any(String), checkedOutAt: expect.any(String), by: 'self' },
      { personId: PERSON_IDS.leader, name: '王建国', status: 'confirmed', waitingPosition: null, checkedInAt: null, checkedOutAt: null, by: null },
      { personId: PERSON_IDS.gridWorker, name: '张桂英', status: 'waiting', waitingPosition: 1, checkedInAt: null, checkedOutAt: null, by: null },
      { personId: PERSON_IDS.secretary, name: '刘志强', status: 'waiting', waitingPosition: 2, checkedInAt: null, checkedOutAt: null, by: null },
    ]);
    expect(await fail(t, 'activities.roster', { activityId: a.id }, P.leader)).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('pages by 20 across the confirmed and the waiting list', async () => {
    const people = await addPeople('roster', 30);
    const view = await create({ capacity: 25 });
    const { data } = await db().collection(ACTIVITY_COLLECTION).doc(view.id).get();
    const a = activityDoc.parse((data as unknown[])[0]);
    for (const p of people) await signUp(db(), a, p, key('ro'));
    const page1 = await ok<Roster>(t, 'activities.roster', { activityId: a._id }, P.staff);
    const page2 = await ok<Roster>(t, 'activities.roster', { activityId: a._id, page: 2 }, P.staff);
    expect(page1).toMatchObject({ confirmed: 25, waiting: 5, hasMore: true });
    expect(page1.items.map((e) => e.name)).toEqual(people.slice(0, 20).map((p) => p.name));
    expect(page2.hasMore).toBe(false);
    expect(page2.items.map((e) => [e.name, e.status, e.waitingPosition])).toEqual([
      ...people.slice(20, 25).map((p) => [p.name, 'confirmed', null]),
      ...people.slice(25).map((p, i) => [p.name, 'waiting', i + 1]),
    ]);
  }, 60_000);
});

describe('the 小程序码 and checking in by scanning it', () => {
  it('carries the activity and the code in a scene of 16 characters; the image opens the check-in page with it', async () => {
    const wx = wxControl(t.cloud.url);
    const a = await create();
    await setClock(windowAligned(48 * HOUR));
    const c = await code(a.id, true);
    expect(c.scene).toMatch(new RegExp(`^[0-9A-Za-z]{10}${c.code}$`));
    expect(c.image).toMatch(/^data:image\/png;base64,/);
    const png = PNG.sync.read(Buffer.from(c.image!.slice('data:image/png;base64,'.length), 'base64'));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(
      `localcloud-wxacode://${localMiniProgram.appid}/packages/service/pages/checkin/index?scene=${c.scene}&env_version=develop`,
    );
    // not asked: no image, no call to WeChat
    await wx.clearOutbox();
    expect((await code(a.id)).image).toBeUndefined();
    expect(await wx.outbox('/wxa/getwxacodeunlimit')).toEqual([]);
    // WeChat refusing the image leaves the digits working
    await wx.fail({ api: '/wxa/getwxacodeunlimit', errcode: 45009 });
    const without = await code(a.id, true);
    expect(without.image).toBeUndefined();
    expect(without.code).toBe(c.code);
  });

  it('checks in with the scanned scene; an old, garbled or unknown scene is refused', async () => {
    const a = await create();
    await signup(a.id, P.leader);
    await signup(a.id, P.gridWorker);
    const base = windowAligned(48 * HOUR + 10 * MINUTE);
    await setClock(base);
    const { scene } = await code(a.id);
    const res = await ok<{ activityId: string; title: string; already: boolean; by: string }>(t, 'activities.checkin', { scene }, P.leader);
    expect(res).toMatchObject({ activityId: a.id, title: '楼道清洁志愿服务', already: false, by: 'self' });
    expect(await ok(t, 'activities.checkin', { scene }, P.leader)).toMatchObject({ already: true });
    // two windows later the scanned code has expired
    await setClock(base + 60_000);
    expect(await fail(t, 'activities.checkin', { scene }, P.gridWorker)).toMatchObject({ code: 'VALIDATION_ERROR', issues: [{ path: 'data.scene' }] });
    expect(await fail(t, 'activities.checkin', { scene: 'not-a-scene' }, P.gridWorker)).toMatchObject({ code: 'VALIDATION_ERROR', issues: [{ path: 'data.scene' }] });
    expect(await fail(t, 'activities.checkin', { scene: `zzzzzzzzzz${scene.slice(10)}` }, P.gridWorker)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await fail(t, 'activities.checkin', { scene, code: '123456' }, P.gridWorker)).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(await fail(t, 'activities.checkin', { activityId: a.id }, P.gridWorker)).toMatchObject({ code: 'VALIDATION_ERROR', issues: [{ path: 'data.code' }] });
  });
});

describe('check-out', () => {
  it('checks out once with the current code; finishing credits the half hours stayed, at most the activity\'s hours', async () => {
    const a = await create({ volunteerHours: 2 });
    for (const o of [P.resident, P.leader, P.gridWorker, P.secretary]) await signup(a.id, o);
    const start = windowAligned(48 * HOUR + 5 * MINUTE);
    await setClock(start);
    let c = (await code(a.id)).code;
    for (const o of [P.resident, P.leader, P.gridWorker]) await ok(t, 'activities.checkin', { activityId: a.id, code: c }, o);
    expect(await fail(t, 'activities.checkout', { activityId: a.id, code: c }, P.secretary)).toMatchObject({ code: 'PRECONDITION_FAILED', message: '你还没有签到，不能签退' });

    // 李秀兰 leaves after 70 minutes: two whole half hours
    await setClock(start + 70 * MINUTE);
    c = (await code(a.id)).code;
    const out = await ok<{ checkedOutAt: string; hours: number; already: boolean }>(t, 'activities.checkout', { activityId: a.id, code: c }, P.resident);
    expect(out).toMatchObject({ hours: 1, already: false });
    expect(await ok(t, 'activities.checkout', { activityId: a.id, code: c }, P.resident)).toEqual({ activityId: a.id, title: '楼道清洁志愿服务', checkedOutAt: out.checkedOutAt, hours: 1, already: true });
    expect(await ok(t, 'activities.get', { activityId: a.id }, P.resident)).toMatchObject({ mine: { checkedOutAt: out.checkedOutAt } });
    // 王建国 stays three hours: the activity's 2; 张桂英 never checks out: the activity's 2
    await setClock(start + 180 * MINUTE);
    const scanned = await code(a.id);
    expect(await ok(t, 'activities.checkout', { scene: scanned.scene }, P.leader)).toMatchObject({ hours: 2 });

    const photo = await uploadAs(t, P.staff, `activities/${PERSON_IDS.staff}/${thisMonth()}/out.png`);
    expect(await ok(t, 'activities.finish', { activityId: a.id, idempotencyKey: key('fin'), summary: '清理了三个楼道', photos: [photo] }, P.staff)).toEqual({ attendees: 3, awarded: 3, pending: 0 });
    expect((await signupOf(a.id, PERSON_IDS.resident)).hours).toBe(1);
    expect((await signupOf(a.id, PERSON_IDS.leader)).hours).toBe(2);
    expect((await signupOf(a.id, PERSON_IDS.gridWorker)).hours).toBe(2);
    expect(await fail(t, 'activities.checkout', { activityId: a.id, code: c }, P.gridWorker)).toMatchObject({ code: 'PRECONDITION_FAILED', message: '这个活动已经结束了' });
  }, 60_000);

  it('counts wrong codes against the same limit as check-in', async () => {
    const a = await create();
    await signup(a.id, 'demo-p-008');
    await setClock(windowAligned(48 * HOUR + 5 * MINUTE));
    const c = (await code(a.id)).code;
    await ok(t, 'activities.checkin', { activityId: a.id, code: c }, 'demo-p-008');
    const wrong = c === '000000' ? '000001' : '000000';
    for (let i = 0; i < 9; i++) expect(await fail(t, 'activities.checkout', { activityId: a.id, code: wrong }, 'demo-p-008')).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(await fail(t, 'activities.checkout', { activityId: a.id, code: c }, 'demo-p-008')).toMatchObject({ code: 'RATE_LIMITED' });
  });
});

describe('round trips (10 ms per database request)', () => {
  it('check-in 3 and check-out 3, by code or by scene', async () => {
    const a = await create();
    for (const o of [P.resident, P.leader]) await signup(a.id, o);
    await setClock(windowAligned(48 * HOUR + 5 * MINUTE));
    const c = await code(a.id);
    // the rate-limit counters of this window exist, as after anyone's first try (creating one costs a round trip more)
    const wrong = c.code === '000000' ? '000001' : '000000';
    for (const o of [P.resident, P.leader]) expect(await fail(t, 'activities.checkin', { activityId: a.id, code: wrong }, o)).toMatchObject({ code: 'VALIDATION_ERROR' });
    await setLatency(t, 10);
    try {
      const measure = async (action: string, data: unknown, openid: string) => {
        await resetStats(t);
        await ok(t, action, data, openid);
        return (await stats(t)).sequentialRoundTrips;
      };
      // caller ‖ activity; rate-limit counter ‖ own sign-up; the write
      expect(await measure('activities.checkin', { activityId: a.id, code: c.code }, P.resident)).toBe(3);
      expect(await measure('activities.checkin', { scene: c.scene }, P.leader)).toBe(3);
      expect(await measure('activities.checkout', { activityId: a.id, code: c.code }, P.resident)).toBe(3);
      expect(await measure('activities.checkout', { scene: c.scene }, P.leader)).toBe(3);
    } finally {
      await setLatency(t, 0);
    }
  });
});

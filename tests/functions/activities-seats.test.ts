/**
 * Seats and the `sweep` timer of the `activities` function through the real local cloud and
 * node-sdk: a freed seat goes to the head of the waiting list before any newcomer; a retried old
 * sign-up or cancellation never acts on a newer one; a crash between a sign-up's write and the
 * seat counter's (the state it leaves written as it would be) is healed by the sweep or the
 * person's next call, also while others sign up and cancel; and the day-before reminder, sent once
 * to each confirmed sign-up that asked for it, resumed after a crash without repeating anyone.
 */
import type { ActivityView } from '../../core/contracts/activities';
import type { PersonDoc } from '../../core/domain/org-model';
import { ACTIVITY_COLLECTION, SIGNUP_COLLECTION, activityDoc, signupDoc, signupId, type ActivityDoc, type SignupDoc } from '../../core/domain/service/activities';
import { cancelSignup, signUp } from '../../cloudfunctions/activities/src/signup';
import { PERSON_IDS } from '../../tools/seed/demo';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { LOCAL_SUBSCRIBE_TEMPLATES } from '../../tools/localcloud/wx/subscribe-message';
import { setLatency, type TestCloud, setClock as setClockOf } from '../helpers/localcloud';
import { hepingPerson } from '../helpers/people';
import { wxControl, type WxControl } from '../helpers/wx';
import { fail, key, ok, pointsCloud } from './points-fixture';

let t: TestCloud;
let wx: WxControl;
beforeAll(async () => {
  t = await pointsCloud();
  wx = wxControl(t.cloud.url);
}, 120_000);
afterAll(() => t?.close());
afterEach(() => setClock(0));

const HOUR = 3_600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();
const setClock = (offsetMs: number) => setClockOf(t, offsetMs);
const db = () => t.app.database();
const SEND = '/cgi-bin/message/subscribe/send';

async function sweep(): Promise<{ reminded: number }> {
  const res = await fetch(`${t.cloud.url}/__localcloud/functions/activities/timers/sweep`, { method: 'POST' });
  const body = (await res.json()) as { ok: boolean; data: { reminded: number } };
  if (!body.ok) throw new Error(JSON.stringify(body));
  return body.data;
}

async function create(extra: Record<string, unknown> = {}): Promise<ActivityDoc> {
  const view = await ok<ActivityView>(
    t,
    'activities.create',
    {
      idempotencyKey: key('ac'),
      organiser: { kind: 'community' },
      title: '重阳节敬老慰问志愿服务活动暨邻里互助茶话会交流',
      description: '走访小区独居老人，送去重阳糕和慰问品，陪老人聊聊天。',
      startAt: at(48 * HOUR),
      endAt: at(50 * HOUR),
      place: '和平小区党群服务站（3号楼一层东侧活动室内）',
      capacity: 2,
      signupDeadline: at(47 * HOUR),
      itemCode: 'ZY01',
      volunteerHours: 2,
      ...extra,
    },
    P.staff,
  );
  return stored(view.id);
}
async function stored(id: string): Promise<ActivityDoc> {
  const { data } = await db().collection(ACTIVITY_COLLECTION).doc(id).get();
  return activityDoc.parse((data as unknown[])[0]);
}
async function signupOf(activityId: string, personId: string): Promise<SignupDoc> {
  const { data } = await db().collection(SIGNUP_COLLECTION).doc(signupId(activityId, personId)).get();
  return signupDoc.parse((data as unknown[])[0]);
}
async function countOf(activityId: string, status: string): Promise<number> {
  return (await db().collection(SIGNUP_COLLECTION).where({ activityId, status }).count()).total ?? 0;
}
async function addPeople(prefix: string, n: number): Promise<PersonDoc[]> {
  const people = Array.from({ length: n }, (_, i) => hepingPerson(`p-${prefix}-${i}`, `${prefix}-${i}`, `${prefix}${i}`));
  await Promise.all(people.map((p) => db().collection('persons').add(p)));
  return people;
}
const signup = (activityId: string, openid: string, extra: Record<string, unknown> = {}, idempotencyKey = key('su')) =>
  ok<{ status: string; waitingPosition: number | null }>(t, 'activities.signup', { activityId, idempotencyKey, ...extra }, openid);
const cancel = (activityId: string, openid: string, idempotencyKey = key('cc')) => ok<{ status: string }>(t, 'activities.cancel', { activityId, idempotencyKey }, openid);

/** What a crash leaves: the sign-up written in a passing state a while ago, the counter moved or not. */
async function crashLeft(a: ActivityDoc, person: PersonDoc, status: 'seating' | 'releasing', seatTaken: boolean, seq = Date.now()): Promise<void> {
  const old = new Date(Date.now() - 5 * 60_000).toISOString();
  const id = signupId(a._id, person._id);
  const doc: SignupDoc = {
    _id: id,
    activityId: a._id,
    communityId: a.communityId,
    personId: person._id,
    personName: person.name,
    status,
    stateAt: old,
    seq,
    signedUpAt: old,
    attended: false,
    checkedInAt: null,
    checkin: null,
    checkedOutAt: null,
    reminder: 'none',
    remindAt: null,
    awarded: false,
    awardNote: null,
    hours: 0,
    key: 'crashed',
    keys: ['crashed'],
    rev: 1,
  };
  const existing = (await db().collection(SIGNUP_COLLECTION).doc(id).get()).data as unknown[];
  const { _id: _ignored, ...fields } = doc;
  if (existing.length) await db().collection(SIGNUP_COLLECTION).doc(id).set(fields);
  else await db().collection(SIGNUP_COLLECTION).add(doc);
  if (seatTaken) await db().collection(ACTIVITY_COLLECTION).doc(a._id).update({ taken: db().command.inc(1), seatOps: db().command.inc(1) });
}

describe('the waiting list comes first', () => {
  it('a cancelled seat goes to the head of the waiting list, also when a newcomer signs up during the cancellation', async () => {
    const delays = [0, 10, 20, 30, 40, 50, 60];
    const people = await addPeople('head', 3 * delays.length);
    // 10 ms per database request: the newcomer's seat attempt lands at each step of the cancellation
    await setLatency(t, 10);
    try {
      for (const [round, delay] of delays.entries()) {
        const [holder, waiter, newcomer] = people.slice(round * 3, round * 3 + 3);
        const a = await create({ capacity: 1 });
        await signUp(db(), a, holder, key('h'));
        expect((await signUp(db(), a, waiter, key('w'))).status).toBe('waiting');
        const later = new Promise((resolve) => setTimeout(resolve, delay)).then(() => signUp(db(), a, newcomer, key('n')));
        const [, late] = await Promise.all([cancelSignup(db(), a, holder, key('c')), later]);
        expect([delay, (await signupOf(a._id, waiter._id)).status, late.status]).toEqual([delay, 'confirmed', 'waiting']);
        expect((await stored(a._id)).taken).toBe(1);
      }
    } finally {
      await setLatency(t, 0);
    }
  }, 60_000);
});

describe('retried keys never act on a newer sign-up', () => {
  it('an old cancellation retried after signing up again leaves the new sign-up; an old sign-up retried after cancelling again leaves it cancelled', async () => {
    const a = await create({ capacity: 5 });
    const first = key('su1');
    const firstCancel = key('cc1');
    await signup(a._id, P.leader, {}, first);
    await cancel(a._id, P.leader, firstCancel);
    await signup(a._id, P.leader);
    expect(await cancel(a._id, P.leader, firstCancel)).toMatchObject({ status: 'confirmed' });
    expect((await signupOf(a._id, PERSON_IDS.leader)).status).toBe('confirmed');
    await cancel(a._id, P.leader);
    expect(await signup(a._id, P.leader, {}, first)).toMatchObject({ status: 'cancelled' });
    expect((await signupOf(a._id, PERSON_IDS.leader)).status).toBe('cancelled');
    expect((await stored(a._id)).taken).toBe(0);
  });
});

describe('a crash between the sign-up and the seat counter leaks no seat', () => {
  it('after a seat was taken for a sign-up left `seating`: the sweep settles it, recounts and seats the waiting list in order', async () => {
    const [crashed, other, waiter] = await addPeople('leak1', 3);
    const a = await create({ capacity: 2 });
    await crashLeft(a, crashed, 'seating', true, Date.now() - 60_000);
    await signUp(db(), a, other, key('o'));
    // the leaked seat makes it look full
    expect((await signUp(db(), a, waiter, key('w'))).status).toBe('waiting');
    expect((await stored(a._id)).taken).toBe(2);
    await sweep();
    // the crashed sign-up (first in line) gets the seat back, the counter matches the confirmed
    expect((await signupOf(a._id, crashed._id)).status).toBe('confirmed');
    expect((await signupOf(a._id, waiter._id)).status).toBe('waiting');
    expect((await stored(a._id)).taken).toBe(2);
    expect(await countOf(a._id, 'confirmed')).toBe(2);
  });

  it('before the seat was taken: the free seat goes to the waiting list after the sweep', async () => {
    const [crashed, other] = await addPeople('leak2', 2);
    const a = await create({ capacity: 1 });
    await crashLeft(a, crashed, 'seating', false);
    await sweep();
    expect((await signupOf(a._id, crashed._id)).status).toBe('confirmed');
    expect((await signUp(db(), a, other, key('o'))).status).toBe('waiting');
    expect((await stored(a._id)).taken).toBe(1);
  });

  it('a cancellation cut short (`releasing`, seat not given back): the sweep cancels it and the seat goes to the head of the list', async () => {
    const [holder, waiter] = await addPeople('leak3', 2);
    const a = await create({ capacity: 1 });
    await signUp(db(), a, holder, key('h'));
    await signUp(db(), a, waiter, key('w'));
    await crashLeft(a, holder, 'releasing', false);
    await sweep();
    expect((await signupOf(a._id, holder._id)).status).toBe('cancelled');
    expect((await signupOf(a._id, waiter._id)).status).toBe('confirmed');
    expect((await stored(a._id)).taken).toBe(1);
  });

  it("the person's next call heals their own stale sign-up; a fresh one in flight is answered with a conflict", async () => {
    const a = await create({ capacity: 1 });
    const person = hepingPerson(PERSON_IDS.gridWorker, P.gridWorker, '张桂英');
    await crashLeft(a, person, 'seating', true);
    expect(await signup(a._id, P.gridWorker)).toMatchObject({ status: 'confirmed' });
    expect((await stored(a._id)).taken).toBe(1);

    const b = await create({ capacity: 1 });
    await crashLeft(b, person, 'seating', false);
    await db().collection(SIGNUP_COLLECTION).doc(signupId(b._id, PERSON_IDS.gridWorker)).update({ stateAt: new Date().toISOString() });
    expect(await fail(t, 'activities.signup', { activityId: b._id, idempotencyKey: key('su') }, P.gridWorker)).toMatchObject({ code: 'CONFLICT' });
  });

  it('recounts safely while 40 people sign up and 8 cancel at the same time', async () => {
    const people = await addPeople('storm', 44);
    const a = await create({ capacity: 10 });
    const early = people.slice(0, 8);
    for (const p of early) await signUp(db(), a, p, key('e'));
    // two leaked seats: 10 taken, 8 held
    await crashLeft(a, people[40], 'seating', true, Date.now() - 120_000);
    await crashLeft(a, people[41], 'releasing', false, Date.now() - 120_000);
    await db().collection(ACTIVITY_COLLECTION).doc(a._id).update({ taken: db().command.inc(1), seatOps: db().command.inc(1) });
    const fresh = await stored(a._id);
    expect(fresh.taken).toBe(10);
    await Promise.all([
      ...people.slice(8, 40).map((p) => signUp(db(), fresh, p, key('s'))),
      ...early.map((p) => cancelSignup(db(), fresh, p, key('c'))),
      sweep(),
      sweep(),
      sweep(),
    ]);
    await sweep();
    const after = await stored(a._id);
    const confirmed = await countOf(a._id, 'confirmed');
    expect(after.taken).toBe(confirmed);
    expect(confirmed).toBe(10);
    expect(await countOf(a._id, 'seating')).toBe(0);
    expect(await countOf(a._id, 'releasing')).toBe(0);
  }, 120_000);
});

describe('the day-before reminder', () => {
  beforeEach(() => wx.clearOutbox());
  const sendsFor = async (a: ActivityDoc) => (await wx.outbox(SEND)).filter((c) => (c.request as { page?: string }).page === `packages/service/pages/activity/index?id=${a._id}`);
  const recipients = async (a: ActivityDoc) => (await sendsFor(a)).map((c) => (c.request as { touser: string }).touser).sort();

  it('offers the template, then reminds once each confirmed sign-up that asked, once the activity is less than a day away', async () => {
    const a = await create({ capacity: 2 });
    expect((await ok<ActivityView>(t, 'activities.get', { activityId: a._id }, P.resident)).reminderTemplateId).toBe(LOCAL_SUBSCRIBE_TEMPLATES.activityReminder);
    await signup(a._id, P.resident, { remind: true });
    await signup(a._id, P.leader);
    await signup(a._id, P.gridWorker, { remind: true }); // waiting
    await signup(a._id, P.secretary, { remind: true });
    await cancel(a._id, P.secretary); // was waiting too
    await sweep();
    expect(await sendsFor(a)).toEqual([]);

    await setClock(25 * HOUR);
    expect((await sweep()).reminded).toBe(1);
    const [sent] = await sendsFor(a);
    expect(sent.request).toMatchObject({
      touser: P.resident,
      template_id: LOCAL_SUBSCRIBE_TEMPLATES.activityReminder,
      data: { thing1: { value: '重阳节敬老慰问志愿服务活动暨邻里互助茶…' }, time2: { value: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/) }, thing3: { value: '和平小区党群服务站（3号楼一层东侧活动…' } },
    });
    expect(sent.response).toMatchObject({ errcode: 0 });
    expect((await signupOf(a._id, PERSON_IDS.resident)).reminder).toBe('sent');
    await sweep();
    expect(await recipients(a)).toEqual([P.resident]);

    // 王建国 cancels: 张桂英 moves up and is reminded at the next run
    await cancel(a._id, P.leader);
    await sweep();
    expect(await recipients(a)).toEqual([P.gridWorker, P.resident].sort());
  });

  it('keeps a refusal (43101: the grant was gone) without retrying, and misses those whose activity already began', async () => {
    const a = await create({ capacity: 5 });
    await signup(a._id, P.resident, { remind: true });
    await setClock(25 * HOUR);
    await wx.fail({ api: SEND, errcode: 43101 });
    expect((await sweep()).reminded).toBe(0);
    expect((await signupOf(a._id, PERSON_IDS.resident)).reminder).toBe('refused');
    await sweep();
    expect(await sendsFor(a)).toHaveLength(1);

    const b = await create({ capacity: 5 });
    await setClock(0);
    await signup(b._id, P.leader, { remind: true });
    await setClock(48 * HOUR + 60_000);
    await sweep();
    expect(await sendsFor(b)).toEqual([]);
    expect((await signupOf(b._id, PERSON_IDS.leader)).reminder).toBe('missed');
  });

  it('resumes after a crash: one claimed before it is not messaged again, the rest are', async () => {
    const a = await create({ capacity: 5 });
    for (const o of [P.resident, P.leader, P.gridWorker]) await signup(a._id, o, { remind: true });
    // the run that crashed had claimed 王建国's reminder
    await db().collection(SIGNUP_COLLECTION).doc(signupId(a._id, PERSON_IDS.leader)).update({ reminder: 'sending' });
    await setClock(25 * HOUR);
    expect((await sweep()).reminded).toBe(2);
    expect(await recipients(a)).toEqual([P.gridWorker, P.resident].sort());
    expect((await signupOf(a._id, PERSON_IDS.leader)).reminder).toBe('sending');
  });
});

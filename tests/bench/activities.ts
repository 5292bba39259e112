/**
 * Activities benchmark (`npm run bench:activities`, after `npm run build:functions`), on a local
 * cloud seeded with the demo org and points data plus 1,200 residents:
 *   1. 200 sign-ups for 50 places at the same moment: once with the `activities` function's own
 *      sign-up code started 200 times at once in this process against the local cloud (the database
 *      sees all 200 at once), once through the real function with `--concurrency N` calls in flight
 *      (default 25: every call in flight is a function process of ~70 MB on this machine);
 *      capacity must hold (50 seated, 150 waiting, the seat counter at 50);
 *   2. 1,000 check-ins by code through the real function (`--concurrency` in flight), the code read
 *      from `activities.code` as the screen on site would, plus 100 repeats that must record nothing;
 *      must finish within 5 minutes, every attendee checked in once;
 *   3. sequential round trips of one sign-up (a seat, then the waiting list), one check-in and one
 *      check-out with 10 ms added per database request.
 * Reports latency p50 / p95 / max, database requests per call and wall time.
 */
import type { PersonDoc } from '../../core/domain/org-model';
import { ACTIVITY_COLLECTION, SIGNUP_COLLECTION, activityDoc, type ActivityDoc } from '../../core/domain/service/activities';
import { signUp } from '../../cloudfunctions/activities/src/signup';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { seedDemo } from '../../tools/seed/seed';
import { resetStats, roundTrips, setLatency, startTestCloud, stats, type TestCloud } from '../helpers/localcloud';
import { hepingPerson } from '../helpers/people';
import { pct } from './percentile';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const CONCURRENCY = Number(arg('concurrency') ?? 25);
const SIGNUPS = 200;
const PLACES = 50;
const CHECKINS = 1_000;
const HOUR = 3_600_000;

let keyN = 0;
const key = (label: string) => `${label}-${Date.now().toString(36)}-${(keyN++).toString(36)}`;

const person = (i: number): PersonDoc => hepingPerson(`p-bench-${i}`, `bench-${i}`, `居民${i}`);

async function call<T>(t: TestCloud, action: string, data: unknown, openid: string): Promise<T> {
  const res = await t.call<T>(action, data, openid);
  if (!res.ok) throw new Error(`${action}: ${JSON.stringify(res.error)}`);
  return res.data;
}

/** Runs `work` for every item with at most `limit` in flight; answers each one's latency (ms). */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      const started = performance.now();
      await work(item);
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return latencies;
}

const ms = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(0)} / p95 ${pct(xs, 95).toFixed(0)} / max ${Math.max(...xs).toFixed(0)} ms`;

async function createActivity(t: TestCloud, capacity: number): Promise<ActivityDoc> {
  const view = await call<{ id: string }>(
    t,
    'activities.create',
    {
      idempotencyKey: key('bench-ac'),
      organiser: { kind: 'community' },
      title: '社区运动会',
      description: '幸福里社区冬季运动会，拔河、跳绳、趣味接力。',
      startAt: new Date(Date.now() + 48 * HOUR).toISOString(),
      endAt: new Date(Date.now() + 52 * HOUR).toISOString(),
      place: '幸福里社区广场',
      capacity,
      signupDeadline: new Date(Date.now() + 47 * HOUR).toISOString(),
      itemCode: 'ZY01',
      volunteerHours: 2,
    },
    P.staff,
  );
  const { data } = await t.app.database().collection(ACTIVITY_COLLECTION).doc(view.id).get();
  return activityDoc.parse((data as unknown[])[0]);
}

async function counts(t: TestCloud, activityId: string) {
  const db = t.app.database();
  const c = async (where: object) => (await db.collection(SIGNUP_COLLECTION).where({ activityId, ...where }).count()).total ?? 0;
  const [confirmed, waiting, attended] = await Promise.all([c({ status: 'confirmed' }), c({ status: 'waiting' }), c({ attended: true })]);
  const { data } = await db.collection(ACTIVITY_COLLECTION).doc(activityId).get();
  return { confirmed, waiting, attended, taken: activityDoc.parse((data as unknown[])[0]).taken };
}

function expectCapacity(label: string, c: { confirmed: number; waiting: number; taken: number }) {
  const ok = c.confirmed === PLACES && c.waiting === SIGNUPS - PLACES && c.taken === PLACES;
  console.log(`  ${label}: ${c.confirmed} seated, ${c.waiting} waiting, seat counter ${c.taken} — ${ok ? 'capacity held' : 'CAPACITY BROKEN'}`);
  if (!ok) process.exitCode = 1;
}

async function main() {
  const t = await startTestCloud();
  try {
    await seedDemo(t.app);
    const people = Array.from({ length: CHECKINS + 2 * SIGNUPS }, (_, i) => person(i));
    for (let i = 0; i < people.length; i += 100) await t.app.database().collection('persons').add(people.slice(i, i + 100));
    console.log(`activities benchmark: ${people.length} residents added; function calls: ${CONCURRENCY} in flight`);

    console.log(`\n1. ${SIGNUPS} sign-ups for ${PLACES} places`);
    const inProcess = await createActivity(t, PLACES);
    await resetStats(t);
    let started = performance.now();
    const direct = await Promise.all(
      people.slice(0, SIGNUPS).map(async (p) => {
        const s = performance.now();
        await signUp(t.app.database(), inProcess, p, key('su'));
        return performance.now() - s;
      }),
    );
    let s = await stats(t);
    console.log(`  all ${SIGNUPS} at once (the function's sign-up code in this process): ${(performance.now() - started).toFixed(0)} ms wall, ${ms(direct)}, ${(roundTrips(s) / SIGNUPS).toFixed(1)} database requests each`);
    expectCapacity('result', await counts(t, inProcess._id));

    const viaFunction = await createActivity(t, PLACES);
    await resetStats(t);
    started = performance.now();
    const lat = await pool(people.slice(SIGNUPS, 2 * SIGNUPS), CONCURRENCY, (p) => call(t, 'activities.signup', { activityId: viaFunction._id, idempotencyKey: key('su') }, p.openid!));
    s = await stats(t);
    console.log(`  through the function, ${CONCURRENCY} in flight: ${(performance.now() - started).toFixed(0)} ms wall, ${ms(lat)}, ${(roundTrips(s) / SIGNUPS).toFixed(1)} database requests each (caller's read included)`);
    expectCapacity('result', await counts(t, viaFunction._id));

    console.log(`\n2. ${CHECKINS} check-ins by code`);
    const big = await createActivity(t, CHECKINS);
    const attendees = people.slice(2 * SIGNUPS, 2 * SIGNUPS + CHECKINS);
    await pool(attendees, 50, (p) => signUp(t.app.database(), big, p, key('su')));
    await fetch(`${t.cloud.url}/__localcloud/clock`, { method: 'POST', body: JSON.stringify({ offsetMs: 48 * HOUR + 5 * 60_000 }) });
    let code = { code: '', at: 0 };
    const currentCode = async () => {
      if (Date.now() - code.at > 10_000) code = { code: (await call<{ code: string }>(t, 'activities.code', { activityId: big._id }, P.staff)).code, at: Date.now() };
      return code.code;
    };
    await resetStats(t);
    started = performance.now();
    const checkins = await pool(attendees, CONCURRENCY, async (p) => call(t, 'activities.checkin', { activityId: big._id, code: await currentCode() }, p.openid!));
    const wall = performance.now() - started;
    s = await stats(t);
    const repeats = await pool(attendees.slice(0, 100), CONCURRENCY, async (p) => {
      const r = await call<{ already: boolean }>(t, 'activities.checkin', { activityId: big._id, code: await currentCode() }, p.openid!);
      if (!r.already) throw new Error('a repeat check-in was recorded again');
    });
    const c = await counts(t, big._id);
    const once = c.attended === CHECKINS;
    console.log(`  ${CHECKINS} check-ins: ${(wall / 1000).toFixed(1)} s wall (${wall <= 300_000 ? 'within' : 'NOT within'} 5 minutes), ${ms(checkins)}, ${(roundTrips(s) / CHECKINS).toFixed(1)} database requests each (incl. the code reads and the rate-limit counters)`);
    console.log(`  100 repeats: ${ms(repeats)}, all answered 已签到; ${c.attended} attendees recorded — ${once ? 'once each' : 'WRONG'}`);
    if (!once || wall > 300_000) process.exitCode = 1;

    console.log('\n3. sequential round trips, 10 ms per database request');
    await fetch(`${t.cloud.url}/__localcloud/clock`, { method: 'POST', body: JSON.stringify({ offsetMs: 0 }) });
    const small = await createActivity(t, 1);
    const one = people[2 * SIGNUPS + CHECKINS - 1];
    const second = people[2 * SIGNUPS + CHECKINS - 2];
    await setLatency(t, 10);
    await resetStats(t);
    await call(t, 'activities.signup', { activityId: small._id, idempotencyKey: key('su') }, one.openid!);
    const signupStats = await stats(t);
    await resetStats(t);
    await call(t, 'activities.signup', { activityId: small._id, idempotencyKey: key('su') }, second.openid!);
    const waitingStats = await stats(t);
    await fetch(`${t.cloud.url}/__localcloud/clock`, { method: 'POST', body: JSON.stringify({ offsetMs: 48 * HOUR + 60_000 }) });
    const smallCode = (await call<{ code: string }>(t, 'activities.code', { activityId: small._id }, P.staff)).code;
    await resetStats(t);
    await call(t, 'activities.checkin', { activityId: small._id, code: smallCode }, one.openid!);
    const checkinStats = await stats(t);
    await resetStats(t);
    await call(t, 'activities.checkout', { activityId: small._id, code: smallCode }, one.openid!);
    const checkoutStats = await stats(t);
    await setLatency(t, 0);
    console.log(`  sign-up (a free seat): ${signupStats.sequentialRoundTrips} sequential, ${roundTrips(signupStats)} requests`);
    console.log(`  sign-up (the waiting list): ${waitingStats.sequentialRoundTrips} sequential, ${roundTrips(waitingStats)} requests`);
    console.log(`  check-in (counter of the window existing): ${checkinStats.sequentialRoundTrips} sequential, ${roundTrips(checkinStats)} requests`);
    console.log(`  check-out: ${checkoutStats.sequentialRoundTrips} sequential, ${roundTrips(checkoutStats)} requests`);
  } finally {
    await t.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

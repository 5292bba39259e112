/**
 * In-process booking under contention, through the real node-sdk and local cloud: the code a
 * function that completes work runs (`awardForSource`), 50 bookings for one person started at once.
 * Every booking writes the community's book, so they conflict with each other; the one retry
 * policy (LEDGER_RETRY) must land each exactly once within its stated attempts.
 */
import { awardForSource, LEDGER_RETRY } from '../../cloudfunctions/lib/ledger';
import { AppError } from '../../cloudfunctions/lib/errors';
import { POINT_COLLECTIONS as C } from '../../core/domain/points/model';
import type { AwardSource } from '../../core/domain/points/sources';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import type { TestCloud } from '../helpers/localcloud';
import type { BalanceOut, VerifyOut } from './points-types';
import { addPerson, ok, pointsCloud } from './points-fixture';

const CID = 'cm-xingfuli';
const PERSON = 'p-crowd';
const N = 50;
let t: TestCloud;

beforeAll(async () => {
  process.env.LOG_LEVEL = 'warn'; // the ledger's info lines would flood jest's console
  t = await pointsCloud();
  await addPerson(t, { id: PERSON, name: '众人', openid: 'crowd', communityId: CID, roles: [{ role: 'leader', scope: { communityId: CID, branchId: 'br-heping' }, scopeLabel: '和平小区党支部' }] });
}, 120_000);
afterAll(() => t?.close());

const balance = async () => (await ok<BalanceOut>(t, 'points.balance', { personId: PERSON }, P.staff)).balance;
const wish = (i: number): AwardSource => ({ type: 'wish', id: `w-crowd-${i}` });

describe('bookings of one community at once', () => {
  it(`${N} parallel awards to one person all land exactly once, within LEDGER_RETRY's ${LEDGER_RETRY.maxAttempts} attempts`, async () => {
    const db = t.app.database();
    const before = await balance();
    // 50 wishes fulfilled at once (BF02, 10 points, no cap)
    const results = await Promise.all(Array.from({ length: N }, (_, i) => awardForSource(db, { source: wish(i), communityId: CID, personId: PERSON, itemCode: 'BF02' })));

    expect(results.filter((r) => !r.replayed)).toHaveLength(N);
    expect(new Set(results.map((r) => r.entry._id)).size).toBe(N);
    expect(new Set(results.map((r) => r.entry.seq)).size).toBe(N); // one chain, no two entries at one position
    expect(results.every((r) => r.entry.idempotencyKey === `wish:${r.entry.source.id}:fulfilled`)).toBe(true);

    const { data } = await db.collection(C.entries).where({ personId: PERSON }).limit(1000).get();
    expect(data).toHaveLength(N);
    expect(await balance()).toBe(before + N * 10);
    expect((await ok<VerifyOut>(t, 'points.verify', {}, P.staff)).problems).toEqual([]);

    const attempts = results.map((r) => r.attempts);
    // they did contend (one transaction each would mean the test proved nothing), and stayed in bound
    expect(Math.max(...attempts)).toBeGreaterThan(1);
    expect(Math.max(...attempts)).toBeLessThanOrEqual(LEDGER_RETRY.maxAttempts);
    console.info(`attempts for ${N} bookings: max ${Math.max(...attempts)}, mean ${(attempts.reduce((a, b) => a + b, 0) / N).toFixed(1)}`);
  }, 120_000);

  it('the same work completed twice at once is booked once', async () => {
    const db = t.app.database();
    const before = await balance();
    const sources = [0, 1, 2, 3, 4].map((i) => wish(100 + i));
    const results = await Promise.all([...sources, ...sources].map((source) => awardForSource(db, { source, communityId: CID, personId: PERSON, itemCode: 'BF02' })));
    sources.forEach((_, i) => expect(results[i + sources.length].entry._id).toBe(results[i].entry._id));
    expect(results.filter((r) => r.replayed)).toHaveLength(sources.length);
    expect(await balance()).toBe(before + sources.length * 10);
  }, 60_000);

  it('a source awarded once answers its first entry; the same source for other points is refused', async () => {
    const db = t.app.database();
    const source: AwardSource = { type: 'request', id: 'rq-crowd-1' };
    const first = await awardForSource(db, { source, communityId: CID, personId: PERSON, itemCode: 'ZY03' });
    expect(first).toMatchObject({ replayed: false, entry: { idempotencyKey: 'request:rq-crowd-1:closed', source: { type: 'request', id: 'rq-crowd-1' }, actorId: null } });
    const again = await awardForSource(db, { source, communityId: CID, personId: PERSON, itemCode: 'ZY03' });
    expect(again).toMatchObject({ replayed: true, entry: { _id: first.entry._id } });
    const other = awardForSource(db, { source, communityId: CID, personId: PERSON, itemCode: 'BF02' });
    await expect(other).rejects.toBeInstanceOf(AppError);
    await expect(other).rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
    await expect(awardForSource(db, { source: wish(999), communityId: 'cm-other', personId: PERSON, itemCode: 'BF02' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

/**
 * The supervision sweep (督办) of the `requests` function, fired as CloudBase fires its timer
 * trigger, on the local cloud's shifted clock: supervision steps at the first and second limits,
 * each once; the automatic close of a resolved request nobody rated (未评价, never rated); effects a
 * crash left pending finished once; and only index-served reads of the due requests.
 */
import type { RequestView } from '../../core/contracts/requests';
import { requestDoc, type RequestDoc } from '../../core/domain/requests/model';
import { projectionsOf } from '../../core/domain/requests/schedule';
import { PERSON_IDS } from '../../tools/seed/demo';
import { seedPoints } from '../../tools/seed/points-demo';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { resetStats, stats } from '../helpers/localcloud';
import { seededTestCloud } from '../helpers/seeded';
import { fail, key, ok } from './points-fixture';

const t = seededTestCloud();
// the points catalogue: a leader's award (a pending effect) needs it
beforeAll(() => seedPoints(t.app, new Date()), 60_000);

const DAY_MS = 86_400_000;
const HOME = { buildingId: 'bd-heping-1', unitId: 'un-heping-1-1' };

interface SweepResult {
  examined: number;
  supervised: number;
  closed: number;
  effectsDone: number;
  failed: number;
  more: boolean;
  ms: number;
}

const filed = () => ok<RequestView>(t, 'requests.submit', { idempotencyKey: key('rq'), category: 'repair', text: '1号楼1单元楼道的灯坏了一个星期', location: HOME }, P.resident);

async function stored(id: string): Promise<RequestDoc> {
  const { data } = await t.app.database().collection('requests').doc(id).get();
  return requestDoc.parse((data as unknown[])[0]);
}

async function setClockTo(at: string | number): Promise<void> {
  const res = await fetch(`${t.cloud.url}/__localcloud/clock`, { method: 'POST', body: JSON.stringify({ offsetMs: new Date(at).getTime() - Date.now() }) });
  expect(res.status).toBe(200);
}

/** fires the `sweep` timer trigger of config.json, as CloudBase does (source wx_trigger) */
async function sweep(): Promise<SweepResult> {
  const res = await fetch(`${t.cloud.url}/__localcloud/functions/requests/timers/sweep`, { method: 'POST' });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { ok: boolean; data: SweepResult; error?: unknown };
  expect(body).toMatchObject({ ok: true });
  return body.data;
}

const supervisions = (doc: RequestDoc) => doc.timeline.filter((e) => e.type === 'supervise').map((e) => [e.detail.stage, e.detail.level]);

afterEach(async () => {
  await fetch(`${t.cloud.url}/__localcloud/clock`, { method: 'POST', body: JSON.stringify({ offsetMs: 0 }) });
});

describe('the sweep (督办)', () => {
  it('supervises a request past its response limit once, raises it past the second limit once, and repeats nothing', async () => {
    const { id } = await filed();
    const before = await stored(id);
    expect(before).toMatchObject({ overdueLevel: 0, nextCheckAt: before.respondBy });

    // just before the limit: nothing is due
    await setClockTo(Date.parse(before.respondBy) - 60_000);
    await sweep();
    expect(supervisions(await stored(id))).toEqual([]);

    await setClockTo(Date.parse(before.respondBy) + 60_000);
    const first = await sweep();
    expect(first.supervised).toBeGreaterThanOrEqual(1);
    const level1 = await stored(id);
    expect(supervisions(level1)).toEqual([['response', 1]]);
    expect(level1).toMatchObject({ overdueLevel: 1, nextCheckAt: before.respondEscalateBy, status: 'assigned' });
    expect(level1.timeline.at(-1)).toMatchObject({ type: 'supervise', actorId: null, key: null, actorName: null });

    // the same run again: nothing more is due
    const again = await sweep();
    expect(again.supervised).toBe(0);
    expect((await stored(id)).timeline).toHaveLength(level1.timeline.length);

    await setClockTo(Date.parse(before.respondEscalateBy) + 60_000);
    await sweep();
    const level2 = await stored(id);
    expect(supervisions(level2)).toEqual([
      ['response', 1],
      ['response', 2],
    ]);
    expect(level2).toMatchObject({ overdueLevel: 2, nextCheckAt: null });
    expect((await sweep()).supervised).toBe(0);
    expect(await ok<RequestView>(t, 'requests.get', { requestId: id }, P.staff)).toMatchObject({ overdueLevel: 2 });
    expect((await ok<RequestView>(t, 'requests.get', { requestId: id }, P.staff)).timeline.filter((e) => e.type === 'supervise').map((e) => e.by)).toEqual([null, null]);
  }, 60_000);

  it('jumps straight to the second step when a run comes after both limits, and the first accept stops the response clock', async () => {
    const a = await filed();
    const b = await filed();
    const docA = await stored(a.id);
    await ok(t, 'requests.accept', { idempotencyKey: key('acc'), requestId: b.id }, P.leader);
    await setClockTo(Date.parse(docA.respondEscalateBy) + 60_000);
    await sweep();
    expect(supervisions(await stored(a.id))).toEqual([['response', 2]]);
    // accepted in time: the resolution limit runs, not yet passed
    const docB = await stored(b.id);
    expect(supervisions(docB)).toEqual([]);
    expect(docB.nextCheckAt).toBe(docB.resolveBy);
  }, 60_000);

  it('closes a request resolved and not rated for 7 days as 未评价, with no rating and no points', async () => {
    const { id } = await filed();
    await ok(t, 'requests.accept', { idempotencyKey: key('acc'), requestId: id }, P.leader);
    await ok(t, 'requests.resolve', { idempotencyKey: key('res'), requestId: id, summary: '已更换楼道灯泡' }, P.leader);
    const resolved = await stored(id);
    expect(resolved.status).toBe('resolved');
    const closesAt = Date.parse(resolved.resolvedAt!) + 7 * DAY_MS;
    expect(resolved.nextCheckAt).toBe(new Date(closesAt).toISOString());

    await setClockTo(closesAt - 60_000);
    await sweep();
    expect((await stored(id)).status).toBe('resolved');

    await setClockTo(closesAt + 60_000);
    const run = await sweep();
    expect(run.closed).toBeGreaterThanOrEqual(1);
    const closed = await stored(id);
    expect(closed).toMatchObject({ status: 'closed', closure: 'unrated', rating: null, open: false, nextCheckAt: null, pendingEffects: [] });
    expect(closed.timeline.at(-1)).toMatchObject({ type: 'autoClose', actorId: null });
    const view = await ok<RequestView>(t, 'requests.get', { requestId: id }, P.resident);
    expect(view).toMatchObject({ status: 'closed', statusLabel: '已办结（未评价）', rating: null });
    // the reporter can no longer rate it, and no points were booked for the leader
    expect(view.can).not.toContain('rate');
    expect(await fail(t, 'requests.rate', { idempotencyKey: key('rate'), requestId: id, score: 5 }, P.resident)).toMatchObject({ code: expect.stringMatching(/PRECONDITION_FAILED|CONFLICT|FORBIDDEN/) });
    const { data: entries } = await t.app.database().collection('pointEntries').where({ personId: PERSON_IDS.leader }).limit(1000).get();
    expect((entries as { source?: { id?: string } }[]).filter((e) => JSON.stringify(e.source ?? {}).includes(id))).toEqual([]);
  }, 60_000);

  it('finishes the effects a crash left pending, once', async () => {
    const { id } = await filed();
    await ok(t, 'requests.accept', { idempotencyKey: key('acc'), requestId: id }, P.leader);
    // a commit that wrote its transition and its effects, then died before doing them
    const crashed = await stored(id);
    const withEffects = { ...crashed, pendingEffects: [{ kind: 'award' as const, personId: PERSON_IDS.leader }] };
    await t.app
      .database()
      .collection('requests')
      .doc(id)
      .update({ pendingEffects: withEffects.pendingEffects, nextCheckAt: projectionsOf(withEffects).nextCheckAt });

    const run = await sweep();
    expect(run.effectsDone).toBeGreaterThanOrEqual(1);
    const done = await stored(id);
    expect(done.pendingEffects).toEqual([]);
    // the response limit runs again as the next check (accepted: the resolution limit)
    expect(done.nextCheckAt).toBe(done.resolveBy);
    const awarded = async () => {
      const { data } = await t.app.database().collection('pointEntries').where({ personId: PERSON_IDS.leader }).limit(1000).get();
      return (data as { source?: unknown }[]).filter((e) => JSON.stringify(e.source ?? {}).includes(id));
    };
    expect(await awarded()).toHaveLength(1);

    // the same effect left pending again (a second crash after the ledger booked it): no second award
    await t.app.database().collection('requests').doc(id).update({ pendingEffects: withEffects.pendingEffects, nextCheckAt: crashed.timeline.at(-1)!.at });
    await sweep();
    expect((await stored(id)).pendingEffects).toEqual([]);
    expect(await awarded()).toHaveLength(1);
  }, 60_000);

  it('reads only due requests, through the nextCheckAt index, in batches', async () => {
    await filed();
    await filed();
    await sweep(); // nothing due now (earlier tests' requests are done or wait for later limits)
    await resetStats(t);
    const idle = await sweep();
    const s = await stats(t);
    expect(idle).toMatchObject({ examined: 0, supervised: 0, closed: 0, failed: 0, more: false });
    expect(s['plan.scan']).toBe(0);
    expect(s['plan.index']).toBeGreaterThanOrEqual(1);
    expect(s.docsExamined).toBe(0);

    // far ahead: every open request of this file is due; each is read once
    await setClockTo(Date.now() + 400 * DAY_MS);
    await resetStats(t);
    const run = await sweep();
    const after = await stats(t);
    expect(run.examined).toBeGreaterThanOrEqual(2);
    expect(run.failed).toBe(0);
    expect(after['plan.scan']).toBe(0);
    expect(after['database.getDocument']).toBeGreaterThanOrEqual(1);
    expect((await sweep()).examined).toBe(0);
  }, 60_000);

  it('works through more due requests than a batch holds, each once, and reports what it did', async () => {
    const { id } = await filed();
    const model = await stored(id);
    const N = 250;
    const clones: RequestDoc[] = Array.from({ length: N }, (_, i) => ({ ...model, _id: `${model._id.slice(0, 20)}bulk${String(i).padStart(4, '0')}`, idempotencyKey: `bulk-${i}` }));
    await t.app.database().collection('requests').add(clones);
    await setClockTo(Date.parse(model.respondEscalateBy) + 60_000);
    await resetStats(t);
    const run = await sweep();
    const s = await stats(t);
    expect(run.examined).toBeGreaterThanOrEqual(N + 1);
    expect(run.supervised).toBeGreaterThanOrEqual(N + 1);
    expect(run).toMatchObject({ failed: 0, more: false });
    expect(s['plan.scan']).toBe(0);
    expect(supervisions(await stored(clones[7]._id))).toEqual([['response', 2]]);
    expect(supervisions(await stored(clones[N - 1]._id))).toEqual([['response', 2]]);
    console.log(`sweep of ${run.examined} due requests: ${run.ms} ms, ${s['database.getDocument']} reads, ${s['database.modifyDocument'] ?? 0} writes`);
    expect((await sweep()).examined).toBe(0);
  }, 120_000);

  it('cannot be run by a client', async () => {
    expect(await fail(t, 'requests.sweep', {}, P.staff)).toMatchObject({ code: 'FORBIDDEN' });
    // nor by sending the timer's own event
    const { body } = await t.invokeRaw('requests', { Type: 'Timer', TriggerName: 'sweep', Time: new Date().toISOString(), Message: '' }, P.staff);
    expect(body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

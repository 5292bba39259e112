/**
 * Demo requests (报事) so the resident's, the handlers' and the staff's pages show something: a
 * handful in several states, each built by core's machine exactly as the function would write it —
 * fileRequest, then transition() event by event, deadlines from deadlinesFrom() (again at a
 * reopen), projections from projectionsOf(), the return visit a low rating asks for from
 * returnVisitOf(). `buildRequest` is also what tests and the benchmark use to lay down requests.
 *
 * Closed requests are handled by the grid worker, who is not paid in points, so the demo ledger
 * (points-demo.ts) owes nothing for them.
 */
import type tcb from '@cloudbase/node-sdk';
import type { PersonDoc } from '../../core/domain/org-model';
import { hashOf } from '../../core/domain/points/canonical';
import { monthOf } from '../../core/domain/points/periods';
import { actorOf } from '../../core/domain/requests/actor';
import { DEFAULT_CATEGORIES, type RequestCategoryCode, type Urgency } from '../../core/domain/requests/categories';
import { fileRequest, transition, type Actor, type RequestEvent } from '../../core/domain/requests/lifecycle';
import { REQUEST_COLLECTION, requestDoc, type RequestDoc } from '../../core/domain/requests/model';
import { RETURN_VISIT_COLLECTION, returnVisitOf, type ReturnVisitDoc } from '../../core/domain/requests/return-visit';
import { deadlinesFrom, dueEventsOf, projectionsOf, type Deadlines } from '../../core/domain/requests/schedule';
import { BRANCH_IDS, COMMUNITY_ID, COMPOUND_IDS, PERSON_IDS, demoData } from './demo';

type App = ReturnType<typeof tcb.init>;

export interface RequestFiling {
  id: string;
  communityId: string;
  compoundId: string;
  gridId: string | null;
  branchId: string | null;
  buildingId: string | null;
  unitId: string | null;
  area: string | null;
  locationLabel: string;
  category: RequestCategoryCode;
  urgency: Urgency;
  text: string;
  reporter: { id: string; name: string; phone: string | null };
  at: Date;
}

export interface RequestStep {
  event: RequestEvent;
  actor: Actor;
  /** as the timeline shows the actor (null: the system) */
  actorName: string | null;
  at: Date;
}

/** A request's four deadlines from `start` (schedule.ts deadlinesFrom, without the assumed years) */
export type DeadlinesOf = (category: RequestCategoryCode, urgency: Urgency, start: Date) => Omit<Deadlines, 'assumedYears'>;

export const deadlinesOf: DeadlinesOf = (category, urgency, start) => {
  const { assumedYears: _assumed, ...d } = deadlinesFrom(DEFAULT_CATEGORIES, category, urgency, start);
  return d;
};

export interface BuildOptions {
  /** a faster equivalent of deadlinesOf (the benchmark's, memoised by day) */
  deadlines?: DeadlinesOf;
  /**
   * Leave the request as the sweep would have by then: each supervision step (督办) at its limit and
   * the automatic close (未评价) that fell due up to this moment, as the system (schedule.ts dueEventsOf).
   */
  sweptAt?: Date;
}

/** The request after filing and `steps`, with the return visits its low ratings created. Throws if the machine refuses a step. */
export function buildRequest(f: RequestFiling, steps: readonly RequestStep[], { deadlines = deadlinesOf, sweptAt }: BuildOptions = {}): { request: RequestDoc; visits: ReturnVisitDoc[] } {
  const filed = fileRequest(
    { _id: f.id, communityId: f.communityId, compoundId: f.compoundId, gridId: f.gridId, buildingId: f.buildingId, category: f.category, urgency: f.urgency, reporterId: f.reporter.id, proxyId: null },
    f.gridId ? { kind: 'grid', gridId: f.gridId, buildingId: f.buildingId } : null,
    f.at,
  );
  const stored: Omit<RequestDoc, 'open' | 'overdueLevel' | 'nextCheckAt'> = {
    ...filed,
    branchId: f.branchId,
    filedMonth: monthOf(f.at),
    unitId: f.unitId,
    area: f.area,
    locationLabel: f.locationLabel,
    text: f.text,
    photos: [],
    moderation: 'pass',
    reporterName: f.reporter.name,
    reporterPhone: f.reporter.phone,
    followerIds: [f.reporter.id],
    handlerName: null,
    ...deadlines(f.category, f.urgency, f.at),
    respondedOnTime: null,
    grants: [],
    mediaChecks: [],
    pendingEffects: [],
    timeline: filed.timeline.map((e) => ({ ...e, key: `seed:${f.id}`, actorName: e.type === 'submit' ? f.reporter.name : null })),
    idempotencyKey: `seed:${f.id}`,
    requestHash: hashOf({ seed: f.id }),
    rev: 0,
  };
  let doc: RequestDoc = { ...stored, ...projectionsOf(stored) };
  const visits: ReturnVisitDoc[] = [];
  const apply = (s: RequestStep, i: number) => {
    const result = transition(doc, s.event, s.actor, s.at);
    if (!result.ok) throw new Error(`${f.id} step ${i + 1} (${s.event.type}): ${result.message}`);
    const entry = { ...result.entry, key: s.actor.kind === 'system' ? null : `seed:${f.id}:${i + 1}`, actorName: s.actorName };
    let next: RequestDoc = { ...doc, ...result.request, timeline: [...doc.timeline, entry] };
    // what the routes patch besides the machine (accept.ts, feedback.ts)
    if (s.event.type === 'accept') next = { ...next, handlerName: s.actorName, respondedOnTime: doc.respondedOnTime ?? next.acceptedAt! <= doc.respondBy };
    if (s.event.type === 'reopen') next = { ...next, ...deadlines(next.category, next.urgency, new Date(next.clockStartedAt)) };
    if (result.effects.some((e) => e.kind === 'returnVisit')) visits.push(returnVisitOf(next)!);
    doc = { ...next, ...projectionsOf(next), rev: doc.rev + 1 };
  };
  steps.forEach(apply);
  const swept = sweptAt?.toISOString();
  for (let i = steps.length; swept && doc.nextCheckAt !== null && doc.nextCheckAt <= swept && doc.pendingEffects.length === 0; i++) {
    const [event] = dueEventsOf(doc, new Date(doc.nextCheckAt));
    if (!event) break;
    const at = new Date(Math.min(Date.parse(doc.nextCheckAt) + 60_000, sweptAt!.getTime()));
    apply({ event, actor: { kind: 'system' }, actorName: null, at }, i);
  }
  return { request: requestDoc.parse(doc), visits };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The demo's requests, relative to `now`: 待接单, 已接单, 办理中 past its limit (督办), 待评价, 已办结 5 分, 已办结 2 分 with its open 回访. */
export function demoRequests(now: Date): { requests: RequestDoc[]; visits: ReturnVisitDoc[] } {
  const persons = new Map(demoData().snapshot.persons.map((p) => [p._id, p]));
  const person = (id: string): PersonDoc => persons.get(id)!;
  const as = (p: PersonDoc, at: Date, event: RequestEvent): RequestStep => ({ event, actor: actorOf(p), actorName: p.name, at });
  const resident = person(PERSON_IDS.resident);
  const neighbour = person('p-027');
  const worker = person(PERSON_IDS.gridWorker);
  const leader = person(PERSON_IDS.leader);
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const heping = (id: string, b: number, u: number, reporter: PersonDoc, category: RequestCategoryCode, text: string, hoursAgo: number, gridId = 'gd-heping-1'): RequestFiling => ({
    id,
    communityId: COMMUNITY_ID,
    compoundId: COMPOUND_IDS.heping,
    gridId,
    branchId: BRANCH_IDS.heping,
    buildingId: `bd-heping-${b}`,
    unitId: `un-heping-${b}-${u}`,
    area: null,
    locationLabel: `和平小区 ${b}号楼${u}单元`,
    category,
    urgency: 'normal',
    text,
    reporter: { id: reporter._id, name: reporter.name, phone: reporter.phone },
    at: ago(hoursAgo * HOUR),
  });

  const built = [
    buildRequest(heping('rq-demo-assigned', 1, 1, resident, 'sanitation', '1号楼1单元门口的垃圾桶满了两天没人清运，味道很大', 3), []),
    buildRequest(heping('rq-demo-accepted', 2, 1, resident, 'repair', '2号楼1单元三楼楼道的声控灯不亮了，晚上上楼看不见', 20), [as(leader, ago(18 * HOUR), { type: 'accept' })]),
    // filed 20 days ago (5 working days have passed even across 春节) and accepted, then not finished: past its resolution limit (督办)
    buildRequest(
      heping('rq-demo-overdue', 3, 1, resident, 'parking', '3号楼前消防通道长期停着一辆没有牌照的面包车', 20 * 24),
      [as(worker, ago(20 * DAY - 2 * HOUR), { type: 'accept' }), as(worker, ago(19 * DAY), { type: 'progress', note: '已联系物业贴告知单，等车主挪车', photos: [] })],
      { sweptAt: now },
    ),
    buildRequest(heping('rq-demo-resolved', 1, 2, neighbour, 'property', '1号楼2单元电梯按钮失灵，按了没反应', 50), [
      as(worker, ago(48 * HOUR), { type: 'accept' }),
      as(worker, ago(26 * HOUR), { type: 'resolve', summary: '物业已更换电梯按钮面板，试运行正常', photos: [] }),
    ]),
    buildRequest(heping('rq-demo-rated-5', 1, 1, resident, 'sanitation', '1号楼北侧绿化带里堆了很多装修垃圾', 9 * 24), [
      as(worker, ago(9 * DAY - 3 * HOUR), { type: 'accept' }),
      as(worker, ago(8 * DAY), { type: 'resolve', summary: '联系物业清运了装修垃圾，并提醒装修户按规定堆放', photos: [] }),
      as(resident, ago(7 * DAY), { type: 'rate', score: 5, comment: '处理很及时，谢谢网格员' }),
    ]),
    buildRequest(heping('rq-demo-rated-2', 2, 1, resident, 'neighbour_dispute', '楼上住户每天夜里十二点以后还在拖动家具，影响休息', 6 * 24), [
      as(worker, ago(6 * DAY - 5 * HOUR), { type: 'accept' }),
      as(worker, ago(3 * DAY), { type: 'resolve', summary: '上门和楼上住户沟通，对方答应夜间注意', photos: [] }),
      as(resident, ago(2 * DAY), { type: 'rate', score: 2, comment: '沟通后还是老样子，希望再协调一下' }),
    ]),
  ];
  return { requests: built.map((b) => b.request), visits: built.flatMap((b) => b.visits) };
}

/** Writes the demo requests and return visits; nothing when the first one is already there. */
export async function seedRequests(app: App, now = new Date()): Promise<boolean> {
  const { requests, visits } = demoRequests(now);
  const { data } = await app.database().collection(REQUEST_COLLECTION).doc(requests[0]._id).get();
  if (data.length) return false;
  if (visits.length) await app.database().collection(RETURN_VISIT_COLLECTION).add(visits);
  await app.database().collection(REQUEST_COLLECTION).add(requests);
  return true;
}

/**
 * A request's lifecycle (点单 → 派单 → 接单 → 办理 → 反馈 → 评单) as a pure state machine.
 *
 * `transition(request, event, actor, now)` answers the request after the event and the timeline
 * entry that records it, or a refusal with a Chinese reason. The timeline is only ever appended to;
 * the other fields are projections of it kept for reads (state, who handles it, when it closed).
 *
 * - filing routes it (派单) to its grid: submitted → assigned; staff may reassign any open request;
 * - a handler in scope accepts (接单): assigned → accepted; progress notes: → in_progress; resolve → resolved;
 * - the reporter rates (→ closed, rated) or reopens (→ reopened, back to the handler, limits restart);
 *   an unrated request closes itself after 7 days (→ closed, unrated, 未评价);
 * - the grid worker or staff escalate (吹哨) to a partner unit: → escalated, whose members accept;
 * - before acceptance the reporter may withdraw; staff may merge a duplicate into another request.
 */
import type { RequestCategoryCode, Urgency } from './categories';

export const REQUEST_STATES = [
  'submitted',
  'assigned',
  'escalated',
  'accepted',
  'in_progress',
  'resolved',
  'reopened',
  'closed',
  'withdrawn',
  'merged',
] as const;
export type RequestStatus = (typeof REQUEST_STATES)[number];

export const STATE_LABELS: Record<RequestStatus, string> = {
  submitted: '待派单',
  assigned: '待接单',
  escalated: '已吹哨待报到单位接单',
  accepted: '已接单',
  in_progress: '办理中',
  resolved: '待评价',
  reopened: '重新办理中',
  closed: '已办结',
  withdrawn: '已撤回',
  merged: '已合并',
};

/** States in which the request still needs work (the board's open requests). */
export const OPEN_STATES: readonly RequestStatus[] = ['submitted', 'assigned', 'escalated', 'accepted', 'in_progress', 'reopened'];

/** How long the reporter may still reopen a closed request, and after which an unrated one closes itself. */
export const REOPEN_WINDOW_DAYS = 7;
export const AUTO_CLOSE_DAYS = 7;
/** 满意: a rating of 4–5; 3 or less creates a return visit (回访). */
export const RETURN_VISIT_MAX_SCORE = 3;

/** Who is to accept the request. */
export type Assignment =
  | { kind: 'grid'; gridId: string; buildingId: string | null }
  | { kind: 'person'; personId: string }
  | { kind: 'team'; teamId: string }
  | { kind: 'partner'; partnerId: string };

export type RequestEvent =
  | { type: 'route'; to: Assignment }
  | { type: 'accept' }
  | { type: 'progress'; note: string; photos: string[] }
  | { type: 'resolve'; summary: string; photos: string[] }
  | { type: 'rate'; score: number; comment: string }
  | { type: 'reopen'; reason: string }
  | { type: 'withdraw'; reason: string }
  | { type: 'merge'; into: string }
  | { type: 'escalate'; partnerId: string; reason: string }
  | { type: 'consult'; attendees: string[]; outcome: string }
  | { type: 'supervise'; level: 1 | 2 }
  | { type: 'autoClose' };
export type RequestEventType = RequestEvent['type'];

/** What a timeline entry can record: the filing, then events. */
export const TIMELINE_TYPES = [
  'submit',
  'route',
  'accept',
  'progress',
  'resolve',
  'rate',
  'reopen',
  'withdraw',
  'merge',
  'escalate',
  'consult',
  'supervise',
  'autoClose',
] as const satisfies readonly (RequestEventType | 'submit')[];

export const EVENT_LABELS: Record<RequestEventType, string> = {
  route: '派单',
  accept: '接单',
  progress: '记录办理进展',
  resolve: '办结',
  rate: '评价',
  reopen: '重新办理',
  withdraw: '撤回',
  merge: '合并',
  escalate: '吹哨',
  consult: '记录会商',
  supervise: '督办',
  autoClose: '自动办结',
};

/** The role bindings of whoever acts, as their person document and org records give them. */
export interface PersonActor {
  kind: 'person';
  personId: string;
  /** communities they are staff (or administrator) of */
  staffOf: string[];
  /** grids they are the grid worker of */
  gridWorkerOf: string[];
  /** buildings they serve as Red Neighbor Leader */
  leaderOf: string[];
  teamOf: string[];
  /** partner units (包联单位) they report to (报到) */
  partnerOf: string[];
}
/** the timer sweep and automatic routing */
export type Actor = PersonActor | { kind: 'system' };

export type Closure = 'rated' | 'unrated';

export interface TimelineEntry {
  at: string;
  /** `submit`: the first entry, the filing itself */
  type: (typeof TIMELINE_TYPES)[number];
  /** null: the system */
  actorId: string | null;
  from: RequestStatus;
  to: RequestStatus;
  /** the event's own fields (note, photos, reason, score, assignment, …) */
  detail: Record<string, unknown>;
}

export interface Request {
  _id: string;
  communityId: string;
  compoundId: string;
  gridId: string | null;
  buildingId: string | null;
  category: RequestCategoryCode;
  urgency: Urgency;
  reporterId: string;
  /** the building head or grid worker who filed it for the reporter */
  proxyId: string | null;
  status: RequestStatus;
  assignment: Assignment | null;
  /** who accepted it (接单人) */
  handlerId: string | null;
  /** the latest escalation (吹哨) */
  escalation: { partnerId: string; reason: string; at: string } | null;
  submittedAt: string;
  /** when the current response and resolution limits started: filing, or the latest reopen */
  clockStartedAt: string;
  acceptedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  closure: Closure | null;
  rating: { score: number; comment: string } | null;
  mergedInto: string | null;
  timeline: TimelineEntry[];
}

/** What else the transition asks the caller to do, in the same write. */
export type Effect =
  /** a rating of 3 or less: a return visit (回访) task for staff */
  | { kind: 'returnVisit' }
  /** closed with a rating: the handler's points, once (`request:<id>:closed`) — if the handler is a leader */
  | { kind: 'award'; personId: string };

export type Refusal = { ok: false; code: 'FORBIDDEN' | 'PRECONDITION_FAILED' | 'VALIDATION_ERROR'; message: string };
export type Transition = { ok: true; request: Request; entry: TimelineEntry; effects: Effect[] } | Refusal;

const DAY_MS = 86_400_000;

type Relation = 'reporter' | 'staff' | 'gridWorker' | 'inScope' | 'handler' | 'partnerMember' | 'system';

interface Rule {
  from: readonly RequestStatus[];
  /** any one of these relations to the request suffices */
  who: readonly Relation[];
  /** refusal when no relation holds */
  forbidden: string;
}

const UNACCEPTED: readonly RequestStatus[] = ['submitted', 'assigned'];
const WORKING: readonly RequestStatus[] = ['accepted', 'in_progress', 'reopened'];

const RULES: Record<RequestEventType, Rule> = {
  route: { from: OPEN_STATES, who: ['staff', 'system'], forbidden: '只有社区工作人员可以派单或改派' },
  accept: { from: ['assigned', 'escalated'], who: ['inScope'], forbidden: '这张工单不在你的接单范围内' },
  progress: { from: WORKING, who: ['handler'], forbidden: '只有接单人可以记录办理进展' },
  resolve: { from: WORKING, who: ['handler'], forbidden: '只有接单人可以办结' },
  rate: { from: ['resolved'], who: ['reporter'], forbidden: '只有报事人可以评价' },
  reopen: { from: ['resolved', 'closed'], who: ['reporter'], forbidden: '只有报事人可以要求重新办理' },
  withdraw: { from: UNACCEPTED, who: ['reporter'], forbidden: '只有报事人可以撤回' },
  merge: { from: OPEN_STATES, who: ['staff'], forbidden: '只有社区工作人员可以合并工单' },
  escalate: { from: OPEN_STATES, who: ['gridWorker', 'staff'], forbidden: '只有本网格的网格员或社区工作人员可以吹哨' },
  consult: { from: ['escalated', ...WORKING], who: ['staff', 'gridWorker', 'handler', 'partnerMember'], forbidden: '只有参与办理的人可以记录会商' },
  supervise: { from: OPEN_STATES, who: ['system'], forbidden: '督办由系统按时限发起' },
  autoClose: { from: ['resolved'], who: ['system'], forbidden: '自动办结由系统发起' },
};

/** Which relations the actor has to the request. */
export function relationsOf(request: Request, actor: Actor): Set<Relation> {
  const r = new Set<Relation>();
  if (actor.kind === 'system') return r.add('system');
  const me = actor.personId;
  if (request.reporterId === me || request.proxyId === me) r.add('reporter');
  if (actor.staffOf.includes(request.communityId)) r.add('staff');
  if (request.gridId && actor.gridWorkerOf.includes(request.gridId)) r.add('gridWorker');
  if (request.handlerId === me) r.add('handler');
  if (request.escalation && actor.partnerOf.includes(request.escalation.partnerId)) r.add('partnerMember');
  const a = request.assignment;
  const inScope =
    a !== null &&
    ((a.kind === 'grid' && (actor.gridWorkerOf.includes(a.gridId) || (a.buildingId !== null && actor.leaderOf.includes(a.buildingId)))) ||
      (a.kind === 'person' && a.personId === me) ||
      (a.kind === 'team' && actor.teamOf.includes(a.teamId)) ||
      (a.kind === 'partner' && actor.partnerOf.includes(a.partnerId)));
  if (inScope) r.add('inScope');
  return r;
}

function refuse(code: Refusal['code'], message: string): Refusal {
  return { ok: false, code, message };
}

/** Checks that need more than the state and the actor; null when the event may go ahead. */
function precondition(request: Request, event: RequestEvent, actor: Actor, now: Date): Refusal | null {
  switch (event.type) {
    case 'route':
      // the automatic routing happens once, at filing; later changes are staff's reassignments
      if (actor.kind === 'system' && request.status !== 'submitted') return refuse('FORBIDDEN', '只有社区工作人员可以改派');
      return null;
    case 'rate':
      if (!Number.isInteger(event.score) || event.score < 1 || event.score > 5) return refuse('VALIDATION_ERROR', '评分须为 1 到 5 分');
      return null;
    case 'reopen':
      if (request.status === 'closed' && request.closedAt && now.getTime() - Date.parse(request.closedAt) > REOPEN_WINDOW_DAYS * DAY_MS) {
        return refuse('PRECONDITION_FAILED', `工单办结已超过 ${REOPEN_WINDOW_DAYS} 天，不能再要求重新办理，请重新报事`);
      }
      return null;
    case 'merge':
      if (event.into === request._id) return refuse('VALIDATION_ERROR', '不能把工单合并到它自己');
      return null;
    case 'supervise': {
      const stage = stageOf(request.status);
      const already = request.timeline.some(
        (e) => e.type === 'supervise' && e.at >= request.clockStartedAt && e.detail.stage === stage && e.detail.level === event.level,
      );
      return already ? refuse('PRECONDITION_FAILED', '这张工单已按此时限督办过') : null;
    }
    case 'autoClose':
      if (!request.resolvedAt || now.getTime() - Date.parse(request.resolvedAt) < AUTO_CLOSE_DAYS * DAY_MS) {
        return refuse('PRECONDITION_FAILED', `办结未满 ${AUTO_CLOSE_DAYS} 天，居民还可以评价`);
      }
      return null;
    default:
      return null;
  }
}

/** Which limit a supervision is about: acceptance until someone accepts, resolution after. */
export function stageOf(status: RequestStatus): 'response' | 'resolution' {
  return status === 'submitted' || status === 'assigned' || status === 'escalated' ? 'response' : 'resolution';
}

/** The request after the event (timeline aside), the entry's detail and the effects. */
function apply(request: Request, event: RequestEvent, actor: Actor, at: string): { next: Request; detail: Record<string, unknown>; effects: Effect[] } {
  const actorId = actor.kind === 'person' ? actor.personId : null;
  switch (event.type) {
    case 'route':
      return { next: { ...request, status: 'assigned', assignment: event.to, handlerId: null }, detail: { to: event.to }, effects: [] };
    case 'accept':
      return {
        next: { ...request, status: 'accepted', handlerId: actorId, acceptedAt: request.acceptedAt ?? at },
        detail: { via: request.assignment },
        effects: [],
      };
    case 'progress':
      return { next: { ...request, status: 'in_progress' }, detail: { note: event.note, photos: event.photos }, effects: [] };
    case 'resolve':
      return { next: { ...request, status: 'resolved', resolvedAt: at }, detail: { summary: event.summary, photos: event.photos }, effects: [] };
    case 'rate': {
      const effects: Effect[] = [];
      if (event.score <= RETURN_VISIT_MAX_SCORE) effects.push({ kind: 'returnVisit' });
      if (request.handlerId) effects.push({ kind: 'award', personId: request.handlerId });
      return {
        next: { ...request, status: 'closed', closedAt: at, closure: 'rated', rating: { score: event.score, comment: event.comment } },
        detail: { score: event.score, comment: event.comment },
        effects,
      };
    }
    case 'reopen':
      // back to whoever handled it, with the limits counting again from now
      return {
        next: { ...request, status: 'reopened', clockStartedAt: at, resolvedAt: null, closedAt: null, closure: null, rating: null },
        detail: { reason: event.reason },
        effects: [],
      };
    case 'withdraw':
      return { next: { ...request, status: 'withdrawn', closedAt: at }, detail: { reason: event.reason }, effects: [] };
    case 'merge':
      return { next: { ...request, status: 'merged', mergedInto: event.into, closedAt: at }, detail: { into: event.into }, effects: [] };
    case 'escalate':
      return {
        next: {
          ...request,
          status: 'escalated',
          assignment: { kind: 'partner', partnerId: event.partnerId },
          handlerId: null,
          escalation: { partnerId: event.partnerId, reason: event.reason, at },
        },
        detail: { partnerId: event.partnerId, reason: event.reason },
        effects: [],
      };
    case 'consult':
      return { next: request, detail: { attendees: event.attendees, outcome: event.outcome }, effects: [] };
    case 'supervise':
      return { next: request, detail: { stage: stageOf(request.status), level: event.level }, effects: [] };
    case 'autoClose':
      return { next: { ...request, status: 'closed', closedAt: at, closure: 'unrated' }, detail: {}, effects: [] };
  }
}

/** The fields a new request starts with, besides its state and timeline. */
export type Filing = Omit<Request, 'status' | 'assignment' | 'handlerId' | 'escalation' | 'submittedAt' | 'clockStartedAt' | 'acceptedAt' | 'resolvedAt' | 'closedAt' | 'closure' | 'rating' | 'mergedInto' | 'timeline'>;

/**
 * A new request (点单), filed by its reporter or their proxy, with its first timeline entry; then
 * routed (派单) to `routeTo` when its location has a grid, else left for staff to route (待派单).
 */
export function fileRequest(filing: Filing, routeTo: Assignment | null, now: Date): Request {
  const at = now.toISOString();
  const filed: Request = {
    ...filing,
    status: 'submitted',
    assignment: null,
    handlerId: null,
    escalation: null,
    submittedAt: at,
    clockStartedAt: at,
    acceptedAt: null,
    resolvedAt: null,
    closedAt: null,
    closure: null,
    rating: null,
    mergedInto: null,
    timeline: [{ at, type: 'submit', actorId: filing.proxyId ?? filing.reporterId, from: 'submitted', to: 'submitted', detail: { proxy: filing.proxyId !== null } }],
  };
  if (!routeTo) return filed;
  const routed = transition(filed, { type: 'route', to: routeTo }, { kind: 'system' }, now);
  if (!routed.ok) throw new Error(`routing a new request was refused: ${routed.message}`);
  return routed.request;
}

export function transition(request: Request, event: RequestEvent, actor: Actor, now: Date): Transition {
  const rule = RULES[event.type];
  if (!rule.from.includes(request.status)) {
    return refuse('PRECONDITION_FAILED', `工单${STATE_LABELS[request.status]}，不能${EVENT_LABELS[event.type]}`);
  }
  const relations = relationsOf(request, actor);
  if (!rule.who.some((w) => relations.has(w))) return refuse('FORBIDDEN', rule.forbidden);
  const blocked = precondition(request, event, actor, now);
  if (blocked) return blocked;

  const at = now.toISOString();
  const { next, detail, effects } = apply(request, event, actor, at);
  const entry: TimelineEntry = {
    at,
    type: event.type,
    actorId: actor.kind === 'person' ? actor.personId : null,
    from: request.status,
    to: next.status,
    detail,
  };
  return { ok: true, request: { ...next, timeline: [...request.timeline, entry] }, entry, effects };
}

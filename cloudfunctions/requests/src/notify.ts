/**
 * Subscribe messages (订阅消息) of requests, sent after the change they tell of has been written
 * (core/domain/requests/notices.ts says which and what). WeChat's grants are one-time: each message
 * spends one. The reporter's 受理/办结 grants live on the request (`grants`) and are removed with a
 * version-free pull; handlers' and staff's on-duty grants (requests.duty) are counted in
 * `request_duty`. A message is a courtesy: nothing here ever fails the action (lib/subscribe.ts logs).
 */
import { actorOf } from '../../../core/domain/requests/actor';
import { DEFAULT_CATEGORIES } from '../../../core/domain/requests/categories';
import type { TimelineEntry } from '../../../core/domain/requests/lifecycle';
import { REQUEST_COLLECTION, type ReporterNotice, type RequestDoc } from '../../../core/domain/requests/model';
import {
  acceptedFacts,
  HANDLER_PAGE,
  keywordData,
  newRequestFacts,
  overdueFacts,
  pageFor,
  REPORTER_PAGE,
  resolvedFacts,
  type NoticeRequest,
  type RequestNotice,
} from '../../../core/domain/requests/notices';
import type { PersonDoc } from '../../../core/domain/org-model';
import { check, config, log, sendSubscribeMessage, type CloudApp, type Database } from '../../lib';
import { getPersons } from '../../lib/ledger';
import { DUTY_COLLECTION, dutyDoc, type DutyDoc } from './duty';

type Ctx = { app: CloudApp; db: Database };
type OnDuty = { duty: DutyDoc; person: PersonDoc }[];

const noticeRequest = (r: RequestDoc): NoticeRequest => ({
  categoryName: DEFAULT_CATEGORIES.find((c) => c.code === r.category)?.name ?? r.category,
  text: r.text,
  locationLabel: r.locationLabel,
  urgency: r.urgency,
});

/** Sends one message if its template is configured and the person is bound; answers WeChat's code (null: not sent). */
async function send(app: CloudApp, notice: RequestNotice, person: PersonDoc, page: string, facts: Record<string, string>): Promise<number | null> {
  const template = config().requestTemplates[notice];
  if (!template || !person.openid) return null;
  return sendSubscribeMessage(app, { touser: person.openid, templateId: template.id, page, data: keywordData(template.keywords, facts) });
}

/** The reporter's one-time grant: the message goes once, the grant is pulled whatever WeChat answers. */
async function toReporter(ctx: Ctx, request: RequestDoc, grant: ReporterNotice, facts: () => Record<string, string>): Promise<void> {
  const notice = grant === 'accepted' ? 'accepted' : 'resolved';
  if (!request.grants.includes(grant) || !config().requestTemplates[notice]) return;
  // a request filed for someone goes to whoever filed it: their tap granted the message
  const whoFiled = request.proxyId ?? request.reporterId;
  const reporter = (await getPersons(ctx.db, [whoFiled])).get(whoFiled);
  if (!reporter) return;
  const _ = ctx.db.command;
  await Promise.all([
    send(ctx.app, notice, reporter, pageFor(REPORTER_PAGE, request._id), facts()),
    ctx.db.collection(REQUEST_COLLECTION).doc(request._id).update({ grants: _.pull(grant) }).then(check),
  ]);
}

/** Who in the community holds on-duty grants (for `notice`), with their person documents: two reads. */
async function onDuty(db: Database, communityId: string, notice: 'newRequest' | 'overdue'): Promise<OnDuty> {
  const _ = db.command;
  const counter = notice === 'newRequest' ? 'grants' : 'overdueGrants';
  const { data } = await db
    .collection(DUTY_COLLECTION)
    .where({ communityId, [counter]: _.gt(0) })
    .limit(1000)
    .get();
  const duties = (data as unknown[]).map((d) => dutyDoc.parse(d));
  if (!duties.length) return [];
  const persons = await getPersons(
    db,
    duties.map((d) => d._id),
  );
  return duties.flatMap((duty) => {
    const person = persons.get(duty._id);
    return person ? [{ duty, person }] : [];
  });
}

/** Spends one of the person's on-duty grants and sends; a grant already spent elsewhere sends nothing. */
async function spendAndSend(ctx: Ctx, notice: 'newRequest' | 'overdue', person: PersonDoc, page: string, facts: Record<string, string>): Promise<void> {
  const _ = ctx.db.command;
  const counter = notice === 'newRequest' ? 'grants' : 'overdueGrants';
  const res = check(
    await ctx.db
      .collection(DUTY_COLLECTION)
      .where({ _id: person._id, [counter]: _.gt(0) })
      .update({ [counter]: _.inc(-1) }),
  ) as { updated?: number };
  if (res.updated === 1) await send(ctx.app, notice, person, page, facts);
}

/** Whether the request waits on this person now: the one who took it, the person it was routed to, or the grid worker of its grid and the leaders of its building. */
function handlersOf(request: RequestDoc, person: PersonDoc): boolean {
  if (person._id === request.reporterId) return false;
  if (request.handlerId) return person._id === request.handlerId;
  const to = request.assignment;
  if (to?.kind === 'person') return person._id === to.personId;
  if (to?.kind !== 'grid') return false; // a team or partner unit: their members are not on this duty roster
  const actor = actorOf(person);
  return actor.gridWorkerOf.includes(to.gridId) || (to.buildingId !== null && actor.leaderOf.includes(to.buildingId));
}

const isStaffOf = (person: PersonDoc, communityId: string) => actorOf(person).staffOf.includes(communityId);

/** Who is on duty for 新工单 in the community, read ahead (submit.ts reads it along with the place); never rejects. */
export function onDutyForNew(db: Database, communityId: string): Promise<OnDuty> {
  if (!config().requestTemplates.newRequest) return Promise.resolve([]);
  return onDuty(db, communityId, 'newRequest').catch((err: unknown) => {
    log.warn('on-duty read failed: no 新工单 message', { error: err instanceof Error ? err.message : String(err) });
    return [];
  });
}

/** 新工单: to the handlers on duty for a request just filed (`duty` read ahead) or routed to them. */
export async function notifyNewRequest(ctx: Ctx, request: RequestDoc, duty?: Promise<OnDuty>): Promise<void> {
  if (!config().requestTemplates.newRequest) return;
  try {
    const candidates = await (duty ?? onDuty(ctx.db, request.communityId, 'newRequest'));
    const facts = newRequestFacts(noticeRequest(request), request.submittedAt);
    await Promise.all(candidates.filter(({ person }) => handlersOf(request, person)).map(({ person }) => spendAndSend(ctx, 'newRequest', person, pageFor(HANDLER_PAGE, request._id), facts)));
  } catch (err) {
    log.warn('新工单 message failed', { requestId: request._id, error: err instanceof Error ? err.message : String(err) });
  }
}

/**
 * Who is on duty for 督办, per community, read once for a sweep's many requests rather than once
 * each: a list a little old is safe, as every message spends its grant by a conditional write first.
 */
const OVERDUE_DUTY_TTL_MS = 10_000;
const overdueDuty = new Map<string, { at: number; list: Promise<OnDuty> }>();
function onDutyForOverdue(db: Database, communityId: string): Promise<OnDuty> {
  const cached = overdueDuty.get(communityId);
  if (cached && Date.now() - cached.at < OVERDUE_DUTY_TTL_MS) return cached.list;
  const list = onDuty(db, communityId, 'overdue');
  overdueDuty.set(communityId, { at: Date.now(), list });
  list.catch(() => overdueDuty.delete(communityId));
  return list;
}

/** 督办: level 1 to the handlers it waits on, level 2 to the community's staff; each on duty. */
async function notifyOverdue(ctx: Ctx, request: RequestDoc, level: 1 | 2, stage: unknown): Promise<void> {
  if (!config().requestTemplates.overdue) return;
  const candidates = await onDutyForOverdue(ctx.db, request.communityId);
  const deadline = stage === 'resolution' ? (level === 2 ? request.resolveEscalateBy : request.resolveBy) : level === 2 ? request.respondEscalateBy : request.respondBy;
  const facts = overdueFacts(noticeRequest(request), level, deadline);
  const to = candidates.filter(({ person }) => (level === 1 ? handlersOf(request, person) : isStaffOf(person, request.communityId)));
  await Promise.all(to.map(({ person }) => spendAndSend(ctx, 'overdue', person, pageFor(HANDLER_PAGE, request._id), facts)));
}

/**
 * The messages a transition just written calls for (commit.ts, after the write). Never throws:
 * the transition has landed whatever happens here.
 */
export async function notifyAfterCommit(ctx: Ctx, request: RequestDoc, entry: TimelineEntry): Promise<void> {
  try {
    const r = noticeRequest(request);
    switch (entry.type) {
      case 'accept':
        return await toReporter(ctx, request, 'accepted', () => acceptedFacts(r, request.handlerName, entry.at));
      case 'resolve':
        return await toReporter(ctx, request, 'resolved', () => resolvedFacts(r, String(entry.detail.summary ?? ''), entry.at));
      case 'supervise':
        return await notifyOverdue(ctx, request, entry.detail.level === 2 ? 2 : 1, entry.detail.stage);
      case 'route':
        return await notifyNewRequest(ctx, request);
      default:
        return;
    }
  } catch (err) {
    log.warn('request notice failed', { requestId: request._id, event: entry.type, error: err instanceof Error ? err.message : String(err) });
  }
}

/** Reading requests and showing them to a viewer. */
import type { z } from 'zod';
import type { RequestRow, RequestView } from '../../../core/contracts/requests';
import { maskPhone } from '../../../core/domain/masking';
import { partnerDoc } from '../../../core/domain/org-model';
import { viewerOf } from '../../../core/domain/requests/actor';
import { DEFAULT_CATEGORIES } from '../../../core/domain/requests/categories';
import { EVENT_LABELS, STATE_LABELS, transition, type PersonActor, type RequestEvent } from '../../../core/domain/requests/lifecycle';
import { REQUEST_COLLECTION, requestDoc, type RequestDoc } from '../../../core/domain/requests/model';
import { AppError, COLLECTIONS, type Database } from '../../lib';
import { now } from '../../lib/clock';
import { getDoc } from '../../lib/ledger';

/** The same answer for a request that does not exist and one the caller may not see. */
export const NOT_FOUND_MESSAGE = '没有找到这条报事';

export const findRequest = (db: Database, id: string): Promise<RequestDoc | null> => getDoc(db, REQUEST_COLLECTION, id, requestDoc);

export async function loadRequest(db: Database, id: string): Promise<RequestDoc> {
  const found = await findRequest(db, id);
  if (!found) throw new AppError('NOT_FOUND', NOT_FOUND_MESSAGE);
  return found;
}

/** A photo is shown once WeChat passed it, and to its uploader while it is still being checked; a risky one to nobody else. */
function visiblePhotos(doc: RequestDoc, viewerId: string) {
  const checks = new Map(doc.mediaChecks.map((c) => [c.fileId, c]));
  const shown = (fileId: string) => {
    const c = checks.get(fileId);
    return !c || c.verdict === 'pass' || c.uploaderId === viewerId;
  };
  const pending = (fileId: string) => {
    const c = checks.get(fileId);
    return c !== undefined && (c.verdict === 'pending' || c.verdict === 'review') && c.uploaderId !== viewerId;
  };
  return { shown, pending };
}

/** Sample events: which the machine lets this actor do now (payloads only need to be valid). */
const PROBES: [RequestView['can'][number], RequestEvent][] = [
  ['accept', { type: 'accept' }],
  ['progress', { type: 'progress', note: '-', photos: [] }],
  ['resolve', { type: 'resolve', summary: '-', photos: [] }],
  ['rate', { type: 'rate', score: 5, comment: '' }],
  ['reopen', { type: 'reopen', reason: '-' }],
  ['withdraw', { type: 'withdraw', reason: '' }],
  ['merge', { type: 'merge', into: '-' }],
  ['escalate', { type: 'escalate', partnerId: '-', reason: '-' }],
  ['consult', { type: 'consult', attendees: ['-'], outcome: '-' }],
  ['reassign', { type: 'route', to: { kind: 'person', personId: '-' } }],
];

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);

const statusLabelOf = (doc: Pick<RequestDoc, 'status' | 'closure'>) => (doc.closure === 'unrated' ? '已办结（未评价）' : STATE_LABELS[doc.status]);

export interface ViewExtra {
  /** the name of the partner unit it is escalated to */
  partnerName?: string;
  /** the caller reported a duplicate merged into this request (followsMerged): they read it as a reporter */
  follower?: boolean;
}

/**
 * The request as `actor` may see it, or NOT_FOUND when they may not know it exists: a neighbour, a
 * handler of another grid. The reporter's contact goes to handlers and staff only, the phone masked;
 * the reporter of a merged duplicate reads it as a reporter, without its reporter's name.
 */
export function requestView(doc: RequestDoc, actor: PersonActor, extra: ViewExtra = {}): RequestView {
  const viewer = viewerOf(doc, actor) ?? (extra.follower ? 'reporter' : null);
  if (!viewer) throw new AppError('NOT_FOUND', NOT_FOUND_MESSAGE);
  const following = viewer === 'reporter' && doc.reporterId !== actor.personId && doc.proxyId !== actor.personId;
  const byReporter = (actorId: string | null) => actorId !== null && (actorId === doc.reporterId || actorId === doc.proxyId);
  const category = DEFAULT_CATEGORIES.find((c) => c.code === doc.category)!;
  const { shown, pending } = visiblePhotos(doc, actor.personId);
  const at = now();
  const can = PROBES.filter(([, event]) => transition(doc, event, actor, at).ok).map(([name]) => name);
  if (viewer !== 'reporter' && doc.reporterPhone && doc.status !== 'withdrawn' && doc.status !== 'merged') can.push('revealPhone');
  return {
    id: doc._id,
    category: { code: category.code, name: category.name },
    urgency: doc.urgency,
    text: doc.text,
    photos: doc.photos.filter(shown),
    photosUnderReview: doc.photos.filter(pending).length,
    location: { compoundId: doc.compoundId, buildingId: doc.buildingId, unitId: doc.unitId, area: doc.area, label: doc.locationLabel },
    status: doc.status,
    statusLabel: statusLabelOf(doc),
    submittedAt: doc.submittedAt,
    respondBy: doc.respondBy,
    resolveBy: doc.resolveBy,
    reporter: viewer === 'reporter' ? null : { name: doc.reporterName, phone: maskPhone(doc.reporterPhone) },
    handler: doc.handlerId ? { id: doc.handlerId, name: doc.handlerName ?? '' } : null,
    timeline: doc.timeline.map((e) => {
      const photos = Array.isArray(e.detail.photos) ? (e.detail.photos as string[]) : [];
      return {
        at: e.at,
        type: e.type,
        label: e.type === 'submit' ? '提交' : EVENT_LABELS[e.type],
        from: e.from,
        to: e.to,
        by: following && byReporter(e.actorId) ? '报事居民' : e.actorName,
        text: str(e.detail.note) ?? str(e.detail.summary) ?? str(e.detail.reason) ?? str(e.detail.comment) ?? str(e.detail.outcome),
        photos: photos.filter(shown),
        score: typeof e.detail.score === 'number' ? e.detail.score : null,
      };
    }),
    rating: doc.rating,
    overdueLevel: doc.overdueLevel,
    escalation: doc.escalation ? { partnerId: doc.escalation.partnerId, partnerName: extra.partnerName ?? '', reason: doc.escalation.reason } : null,
    mergedInto: doc.mergedInto,
    can,
    viewer,
  };
}

/** The name of the partner unit an escalated request went to (one read; none when not escalated). */
async function partnerNameOf(db: Database, doc: RequestDoc): Promise<string | undefined> {
  if (!doc.escalation) return undefined;
  return (await getDoc(db, COLLECTIONS.partners, doc.escalation.partnerId, partnerDoc))?.name;
}

/** The request as the caller sees it: who they are to it and the partner unit's name, read together. */
export async function showRequest(db: Database, doc: RequestDoc, actorFor: (r: RequestDoc) => Promise<PersonActor>, follower = false): Promise<RequestView> {
  const [actor, partnerName] = await Promise.all([actorFor(doc), partnerNameOf(db, doc)]);
  return requestView(doc, actor, { partnerName, follower });
}

/**
 * Whether the person reported a duplicate that staff merged into request `id`: they may follow it
 * there (requests.get). Index mergedInto_1_reporterId_1.
 */
export async function followsMerged(db: Database, id: string, personId: string): Promise<boolean> {
  const { data } = await db.collection(REQUEST_COLLECTION).where({ mergedInto: id, reporterId: personId }).limit(1).get();
  return data.length > 0;
}

const rowDoc = requestDoc.pick({
  _id: true,
  category: true,
  urgency: true,
  text: true,
  locationLabel: true,
  status: true,
  closure: true,
  submittedAt: true,
  overdueLevel: true,
  handlerName: true,
});
export type RowDoc = z.infer<typeof rowDoc>;

/** The fields a list line needs: read lists with `.field(ROW_FIELDS)` (no timeline) and map them with `requestRow`. */
export const ROW_FIELDS: Record<keyof RowDoc, true> = Object.fromEntries(Object.keys(rowDoc.shape).map((k) => [k, true])) as Record<keyof RowDoc, true>;

/** One line of a list of requests, from the stored request (or its ROW_FIELDS). */
export function requestRow(raw: unknown): RequestRow {
  const doc = rowDoc.parse(raw);
  return {
    id: doc._id,
    category: DEFAULT_CATEGORIES.find((c) => c.code === doc.category)!.name,
    urgency: doc.urgency,
    excerpt: [...doc.text].slice(0, 40).join(''),
    location: doc.locationLabel,
    status: doc.status,
    statusLabel: statusLabelOf(doc),
    submittedAt: doc.submittedAt,
    overdueLevel: doc.overdueLevel,
    handlerName: doc.handlerName,
  };
}

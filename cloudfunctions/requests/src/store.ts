/** Reading requests and showing them to a viewer. */
import type { RequestView } from '../../../core/contracts/requests';
import { maskPhone } from '../../../core/domain/masking';
import { viewerOf } from '../../../core/domain/requests/actor';
import { DEFAULT_CATEGORIES } from '../../../core/domain/requests/categories';
import { EVENT_LABELS, STATE_LABELS, transition, type PersonActor, type RequestEvent } from '../../../core/domain/requests/lifecycle';
import { REQUEST_COLLECTION, requestDoc, type RequestDoc } from '../../../core/domain/requests/model';
import { AppError, type Database } from '../../lib';
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

/**
 * The request as `actor` may see it, or NOT_FOUND when they may not know it exists: a neighbour, a
 * handler of another grid. The reporter's contact goes to handlers and staff only, the phone masked.
 */
export function requestView(doc: RequestDoc, actor: PersonActor, partnerName?: string): RequestView {
  const viewer = viewerOf(doc, actor);
  if (!viewer) throw new AppError('NOT_FOUND', NOT_FOUND_MESSAGE);
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
    statusLabel: doc.closure === 'unrated' ? '已办结（未评价）' : STATE_LABELS[doc.status],
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
        by: e.actorName,
        text: str(e.detail.note) ?? str(e.detail.summary) ?? str(e.detail.reason) ?? str(e.detail.comment) ?? str(e.detail.outcome),
        photos: photos.filter(shown),
        score: typeof e.detail.score === 'number' ? e.detail.score : null,
      };
    }),
    rating: doc.rating,
    overdueLevel: doc.overdueLevel,
    escalation: doc.escalation ? { partnerId: doc.escalation.partnerId, partnerName: partnerName ?? '', reason: doc.escalation.reason } : null,
    can,
    viewer,
  };
}

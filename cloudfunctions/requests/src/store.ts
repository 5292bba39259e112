/** Reading requests and showing them to a viewer. */
import type { RequestView } from '../../../core/contracts/requests';
import { maskPhone } from '../../../core/domain/masking';
import { DEFAULT_CATEGORIES } from '../../../core/domain/requests/categories';
import { EVENT_LABELS, STATE_LABELS } from '../../../core/domain/requests/lifecycle';
import { REQUEST_COLLECTION, requestDoc, type RequestDoc } from '../../../core/domain/requests/model';
import { AppError, type Database } from '../../lib';
import { getDoc } from '../../lib/ledger';

/** The same answer for a request that does not exist and one the caller may not see. */
export const NOT_FOUND_MESSAGE = '没有找到这条报事';

export const findRequest = (db: Database, id: string): Promise<RequestDoc | null> => getDoc(db, REQUEST_COLLECTION, id, requestDoc);

export async function loadRequest(db: Database, id: string): Promise<RequestDoc> {
  const found = await findRequest(db, id);
  if (!found) throw new AppError('NOT_FOUND', NOT_FOUND_MESSAGE);
  return found;
}

export function requestView(doc: RequestDoc, viewer: RequestView['viewer']): RequestView {
  const category = DEFAULT_CATEGORIES.find((c) => c.code === doc.category)!;
  return {
    id: doc._id,
    category: { code: category.code, name: category.name },
    urgency: doc.urgency,
    text: doc.text,
    photos: doc.photos,
    location: { compoundId: doc.compoundId, buildingId: doc.buildingId, unitId: doc.unitId, area: doc.area, label: doc.locationLabel },
    status: doc.status,
    statusLabel: doc.closure === 'unrated' ? '已办结（未评价）' : STATE_LABELS[doc.status],
    submittedAt: doc.submittedAt,
    respondBy: doc.respondBy,
    resolveBy: doc.resolveBy,
    reporter: viewer === 'reporter' ? null : { name: doc.reporterName, phone: maskPhone(doc.reporterPhone) },
    handler: doc.handlerId ? { id: doc.handlerId, name: doc.handlerName ?? '' } : null,
    timeline: doc.timeline.map((e) => ({ at: e.at, type: e.type, label: e.type === 'submit' ? '提交' : EVENT_LABELS[e.type], from: e.from, to: e.to })),
    viewer,
  };
}

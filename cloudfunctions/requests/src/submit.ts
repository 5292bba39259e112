/**
 * requests.submit (点单): a resident files a request about their compound, or a leader or grid worker
 * files it for a resident who cannot use a phone (代报); it is routed (派单) to the grid of its location.
 */
import { requestsSubmit } from '../../../core/contracts/requests';
import { branchDoc, buildingDoc, gridDoc, type GridDoc, type PersonDoc } from '../../../core/domain/org-model';
import { hashOf, type Canonical } from '../../../core/domain/points/canonical';
import { monthOf } from '../../../core/domain/points/periods';
import { DEFAULT_CATEGORIES } from '../../../core/domain/requests/categories';
import { fileRequest, type Assignment } from '../../../core/domain/requests/lifecycle';
import { REQUEST_COLLECTION, requestDoc, requestId, type RequestDoc } from '../../../core/domain/requests/model';
import { isOwnRequestPhoto } from '../../../core/domain/requests/photos';
import { deadlinesFrom, projectionsOf } from '../../../core/domain/requests/schedule';
import { AppError, check, checkText, COLLECTIONS, refuseRisky, route, withinLimit, type Database, type Log } from '../../lib';
import { now } from '../../lib/clock';
import { isDuplicate } from '../../lib/db-errors';
import { getDoc, getPersons } from '../../lib/ledger';
import { checkOwnPhotos } from '../../lib/own-photos';
import { startMediaChecks } from './media';
import { notifyNewRequest, onDutyForNew } from './notify';
import { requestView } from './store';
import { actorOf } from '../../../core/domain/requests/actor';
import type { z } from 'zod';

type Location = z.output<typeof requestsSubmit.input>['location'];

interface Place {
  /** the compound's grids, as read */
  grids: GridDoc[];
  gridId: string | null;
  branchId: string | null;
  buildingId: string | null;
  unitId: string | null;
  area: string | null;
  label: string;
}

/** The most specific live grid covering the building (a micro grid before its big grid); for a common area, the compound's only big grid. */
function gridFor(grids: GridDoc[], buildingId: string | null): string | null {
  const live = grids.filter((g) => g.retiredAt === null);
  if (buildingId) {
    const covering = live.filter((g) => g.buildingIds.includes(buildingId));
    return (covering.find((g) => g.level === 'micro') ?? covering[0])?._id ?? null;
  }
  const big = live.filter((g) => g.level === 'big' && g.parentId === null);
  return big.length === 1 ? big[0]._id : null;
}

/** Where in the reporter's compound the request is, and its grid: the building and the compound's grids, read together. */
async function placeOf(db: Database, person: PersonDoc & { compoundId: string; communityId: string }, location: Location): Promise<Place> {
  const compoundName = person.compoundName ?? '';
  const [building, gridRows, branchRows] = await Promise.all([
    'buildingId' in location ? getDoc(db, COLLECTIONS.buildings, location.buildingId, buildingDoc) : Promise.resolve(null),
    db.collection(COLLECTIONS.grids).where({ compoundId: person.compoundId }).limit(1000).get(),
    db.collection(COLLECTIONS.branches).where({ communityId: person.communityId, compoundIds: person.compoundId }).limit(100).get(),
  ]);
  const grids = (gridRows.data as unknown[]).map((g) => gridDoc.parse(g));
  // the live branch serving the compound, the first by id when several do
  const branchId =
    (branchRows.data as unknown[])
      .map((b) => branchDoc.parse(b))
      .filter((b) => b.retiredAt === null)
      .map((b) => b._id)
      .sort()[0] ?? null;
  if (!('buildingId' in location)) {
    return { grids, gridId: gridFor(grids, null), branchId, buildingId: null, unitId: null, area: location.area, label: `${compoundName} ${location.area}` };
  }
  if (!building || building.compoundId !== person.compoundId || building.retiredAt !== null) {
    throw new AppError('VALIDATION_ERROR', '只能反映你所在小区的楼栋', [{ path: 'data.location.buildingId', message: '只能选择你所在小区的楼栋' }]);
  }
  const unit = location.unitId ? building.units.find((u) => u.id === location.unitId && u.retiredAt === null) : null;
  if (location.unitId && !unit) throw new AppError('VALIDATION_ERROR', '这个楼栋没有这个单元', [{ path: 'data.location.unitId', message: '这个楼栋没有这个单元' }]);
  return { grids, gridId: gridFor(grids, building._id), branchId, buildingId: building._id, unitId: unit?.id ?? null, area: null, label: `${compoundName} ${building.name}${unit?.name ?? ''}` };
}

export function warnIfAssumed(log: Log, assumedYears: number[]): void {
  if (assumedYears.length) log.warn('holiday data missing: deadline counts plain weekdays, bump chinese-days (README, Working days)', { years: assumedYears });
}

/**
 * 代报: whom the request is for — the caller, or with `forPersonId` a resident of the community with
 * a home (read with the caller, by the route's prefetch). Whether the caller serves that resident's
 * building is checked once the compound's grids are read (servesBuilding).
 */
function reporterFor(caller: PersonDoc, forPersonId: string | undefined, prefetched: Map<string, PersonDoc> | null): PersonDoc {
  if (forPersonId === undefined || forPersonId === caller._id) return caller;
  const subject = prefetched?.get(forPersonId);
  if (!subject || subject.communityId !== caller.communityId || !subject.buildingId) throw notServed();
  return subject;
}

const notServed = () => new AppError('FORBIDDEN', '只能替你服务的楼栋里的居民报事', [{ path: 'data.forPersonId', message: '请选择你服务的楼栋里的居民' }]);

/** The Red Neighbor Leader of the building, or the grid worker of a live grid covering it. */
function servesBuilding(caller: PersonDoc, buildingId: string, grids: GridDoc[]): boolean {
  return caller.roles.some(
    ({ role, scope }) =>
      (role === 'leader' && (scope.buildingIds ?? []).includes(buildingId)) ||
      (role === 'grid_worker' && grids.some((g) => g._id === scope.gridId && g.retiredAt === null && g.buildingIds.includes(buildingId))),
  );
}

export const submitRoute = route(
  requestsSubmit,
  { access: 'bound', prefetch: (input, db) => (input.forPersonId ? getPersons(db, [input.forPersonId]) : Promise.resolve(null)) },
  async (input, { app, db, person: caller, openid, log, prefetched }) => {
    const person = reporterFor(caller, input.forPersonId, prefetched);
    const proxy = person === caller ? null : caller;
    const compoundId = person.compoundId;
    const communityId = person.communityId;
    if (!compoundId || !communityId) throw new AppError('PRECONDITION_FAILED', '请先在「我的」里绑定你家的住址，再来报事');
    const at = now();
    // the key is the caller's: a retry of the same tap finds the same request
    const id = requestId(caller._id, input.idempotencyKey);
    const hash = hashOf({ forPersonId: person._id, category: input.category, text: input.text, photos: input.photos, location: input.location, urgency: input.urgency } as Canonical);

    // who is on duty for the 新工单 message is read along with the place (notify.ts)
    const duty = onDutyForNew(db, communityId);
    // the content check, the photos and the place are independent: one wait for all three
    const [verdict, , place] = await withinLimit(
      db,
      'requestSubmit',
      caller._id,
      Promise.all([
        checkText(app, { openid, scene: 'comment', content: input.text }),
        checkOwnPhotos(app, input.photos, (fileId) => isOwnRequestPhoto(fileId, caller._id)),
        placeOf(db, { ...person, compoundId, communityId }, input.location),
      ]),
    );
    if (proxy && !servesBuilding(proxy, person.buildingId!, place.grids)) throw notServed();
    refuseRisky(verdict, '反映的内容', 'data.text');
    // WeChat checks the photos while others see them as 审核中 (media.ts)
    const mediaChecks = await startMediaChecks(app, openid, caller._id, input.photos);

    const { assumedYears, ...deadlines } = deadlinesFrom(DEFAULT_CATEGORIES, input.category, input.urgency, at);
    warnIfAssumed(log, assumedYears);

    const routeTo: Assignment | null = place.gridId ? { kind: 'grid', gridId: place.gridId, buildingId: place.buildingId } : null;
    const filed = fileRequest(
      { _id: id, communityId, compoundId, gridId: place.gridId, buildingId: place.buildingId, category: input.category, urgency: input.urgency, reporterId: person._id, proxyId: proxy?._id ?? null },
      routeTo,
      at,
    );
    const stored: Omit<RequestDoc, 'open' | 'overdueLevel' | 'nextCheckAt'> = {
      ...filed,
      branchId: place.branchId,
      filedMonth: monthOf(at),
      unitId: place.unitId,
      area: place.area,
      locationLabel: place.label,
      text: input.text,
      photos: input.photos,
      moderation: verdict.suggest === 'review' ? 'review' : 'pass',
      reporterName: person.name,
      reporterPhone: person.phone,
      followerIds: proxy ? [person._id, proxy._id] : [person._id],
      handlerName: null,
      ...deadlines,
      respondedOnTime: null,
      grants: input.notify,
      mediaChecks,
      pendingEffects: [],
      timeline: filed.timeline.map((e) => ({ ...e, key: input.idempotencyKey, actorName: e.type === 'submit' ? caller.name : null })),
      idempotencyKey: input.idempotencyKey,
      requestHash: hash,
      rev: 0,
    };
    const doc: RequestDoc = { ...stored, ...projectionsOf(stored) };
    try {
      check(await db.collection(REQUEST_COLLECTION).add(requestDoc.parse(doc)));
      await notifyNewRequest({ app, db }, doc, duty);
      return requestView(doc, actorOf(caller));
    } catch (err) {
      if (!isDuplicate(err)) throw err;
      const existing = await getDoc(db, REQUEST_COLLECTION, id, requestDoc);
      if (!existing) throw err;
      if (existing.requestHash !== hash) throw new AppError('IDEMPOTENCY_CONFLICT', '这个请求编号已用于另一次不同的报事，请刷新后重试');
      return requestView(existing, actorOf(caller));
    }
  },
);

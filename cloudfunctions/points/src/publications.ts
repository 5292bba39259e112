/** points.publication.create / list / get / object / objections / moderate / resolve / finalize */
import {
  pointsPublicationCreate,
  pointsPublicationFinalize,
  pointsPublicationGet,
  pointsPublicationList,
  pointsPublicationModerate,
  pointsPublicationObject,
  pointsPublicationObjections,
  pointsPublicationResolve,
  OBJECTION_PAGE_SIZE,
  type ObjectionView,
  type PublicationRow,
  type PublicationSummary,
} from '../../../core/contracts/points';
import { entryView, PointsError } from '../../../core/domain/points/ledger';
import {
  POINT_COLLECTIONS as C,
  objectionDoc,
  objectionId,
  publicationDoc,
  publicationDocId,
  type ObjectionDoc,
  type PublicationDoc,
} from '../../../core/domain/points/model';
import { describePeriod, hasStarted, monthOf, monthsOf, periodLabel, periodType } from '../../../core/domain/points/periods';
import {
  assertCanFinalize,
  assertCanObject,
  assertCanResolve,
  canObject,
  freezeRows,
  PUBLIC_OBJECTION_STATUSES,
  rowsHash,
  TEXT_CAPS,
  windowEnd,
} from '../../../core/domain/points/publication';
import { clip } from '../../../core/domain/points/claim-notice';
import { maskName } from '../../../core/domain/masking';
import { administers } from '../../../core/domain/org';
import { branchDoc, type PersonDoc } from '../../../core/domain/org-model';
import { AppError, check, checkText, COLLECTIONS, countCall, homeCommunity, refuseRisky, type Database } from '../../lib';
import { branchOf, isMember, requireMember, requireStaff } from './access';
import { pointsRoute } from './guarded';
import { book, recipientOf, requestHash } from '../../lib/ledger';
import { consistently, tallies } from './snapshot';
import { getByIds, getDoc, getEntries, getPersons, inTransaction } from '../../lib/ledger';
import { now as clockNow } from '../../lib/clock';

// Every text a publication response carries is cut to a cap (TEXT_CAPS), whatever was stored, so a
// response stays within the 64 KB budget: ≤ 20 rows and ≤ 10 objections a page.

function summary(p: PublicationDoc): PublicationSummary {
  return {
    id: p._id,
    communityId: p.communityId,
    title: clip(p.title, TEXT_CAPS.title),
    period: describePeriod(p.periodKey),
    scope: { ...p.scope, name: clip(p.scope.name, TEXT_CAPS.name) },
    status: p.status,
    createdAt: p.createdAt,
    windowEndsAt: p.windowEndsAt,
    finalizedAt: p.finalizedAt,
    head: p.head,
    revision: p.revision,
    rowCount: p.rowCount,
    rowsHash: p.rowsHash,
    openObjections: p.openObjections,
  };
}

function objectionView(o: ObjectionDoc, viewer: PersonDoc): ObjectionView {
  const named = o.personId === viewer._id || administers(viewer, o.communityId);
  return {
    id: o._id,
    publicationId: o.publicationId,
    by: { id: o.personId, name: clip(named ? o.personName : maskName(o.personName), TEXT_CAPS.name) },
    text: clip(o.text, TEXT_CAPS.text),
    status: o.status,
    answer: o.answer === null ? null : clip(o.answer, TEXT_CAPS.text),
    correctionEntryIds: o.correctionEntryIds,
    createdAt: o.createdAt,
    resolvedAt: o.resolvedAt,
  };
}

async function loadPublication(db: Database, id: string): Promise<PublicationDoc> {
  return found(await getDoc(db, C.publications, id, publicationDoc));
}

function found(pub: PublicationDoc | null): PublicationDoc {
  if (!pub) throw new AppError('NOT_FOUND', '没有找到这份公示');
  return pub;
}

const rowView = (r: PublicationRow): PublicationRow => ({ ...r, name: clip(r.name, TEXT_CAPS.name) });

/**
 * One page of a publication's objections, oldest first (ties by id), after `cursor`: staff of its
 * community see all of them, everyone else those shown to the public. Served by the
 * (publicationId, createdAt, _id) index.
 */
async function objectionsPage(db: Database, pub: PublicationDoc, viewer: PersonDoc, cursor?: string) {
  const _ = db.command;
  const filter: Record<string, unknown> = { publicationId: pub._id };
  if (!administers(viewer, pub.communityId)) filter.status = _.in([...PUBLIC_OBJECTION_STATUSES]);
  let query: unknown = filter;
  if (cursor) {
    const [at, id] = cursor.split('|');
    query = _.and([{ ...filter, createdAt: _.gte(at) }, _.or([{ createdAt: _.gt(at) }, { _id: _.gt(id) }])]);
  }
  const { data } = await db
    .collection(C.objections)
    .where(query as Record<string, unknown>)
    .orderBy('createdAt', 'asc')
    .orderBy('_id', 'asc')
    .limit(OBJECTION_PAGE_SIZE + 1)
    .get();
  const list = (data as unknown[]).map((d) => objectionDoc.parse(d));
  const shown = list.slice(0, OBJECTION_PAGE_SIZE);
  const last = shown.at(-1);
  return {
    objections: shown.map((o) => objectionView(o, viewer)),
    nextCursor: list.length > OBJECTION_PAGE_SIZE && last ? `${last.createdAt}|${last._id}` : null,
  };
}

/** The publication, read together with the caller (access is checked before it is used). */
const prefetchPublication = ({ publicationId }: { publicationId: string }, db: Database) => getDoc(db, C.publications, publicationId, publicationDoc);

/** The ranking of a scope and period as the ledger has it now, with the head it reflects. */
async function freeze(db: Database, communityId: string, scope: PublicationDoc['scope'], periodKey: string) {
  const filter = scope.type === 'branch' ? { branchId: scope.id, periodKey } : { communityId, periodKey };
  const { book: b, value: rows } = await consistently(db, communityId, () => tallies(db, filter));
  const persons: PersonDoc[] = [];
  const ids = rows.map((r) => r.personId);
  for (let i = 0; i < ids.length; i += 1000) persons.push(...(await getPersons(db, ids.slice(i, i + 1000))).values());
  const names = new Map(persons.map((p) => [p._id, { name: p.name, consent: p.publicNameConsent }]));
  for (const r of rows) if (!names.has(r.personId)) names.set(r.personId, { name: r.name, consent: false });
  const grading = b.grading[periodType(periodKey)];
  const frozen = freezeRows(rows.map((r) => ({ personId: r.personId, points: r.points })), grading, names);
  return { head: b.head, grading, rows: frozen, rowsHash: rowsHash(frozen) };
}

/** Same key, same payload: the first answer; same key, other payload: a conflict. */
function replayed(ops: Record<string, string>, key: string, hash: string): boolean {
  if (!(key in ops)) return false;
  if (ops[key] !== hash) throw new AppError('IDEMPOTENCY_CONFLICT', '这个请求编号已用于另一次不同的操作，请刷新后重试');
  return true;
}

export const publicationRoutes = [
  pointsRoute(pointsPublicationCreate, { access: 'bound', roles: ['staff', 'admin'] }, async (input, { db, person }) => {
    let scope: PublicationDoc['scope'];
    let communityId: string;
    if (input.scope === 'branch') {
      const branchId = input.scopeId ?? branchOf(person);
      if (!branchId) throw new AppError('VALIDATION_ERROR', '请选择要公示的支部', [{ path: 'data.scopeId', message: '请选择支部' }]);
      const [branch] = await getByIds(db, COLLECTIONS.branches, [branchId], branchDoc);
      if (!branch) throw new AppError('NOT_FOUND', '没有找到这个支部');
      communityId = branch.communityId;
      scope = { type: 'branch', id: branch._id, name: branch.name };
    } else {
      communityId = input.scopeId ?? homeCommunity(person);
      const name = (communityId === person.communityId && person.communityName) || communityId;
      scope = { type: 'community', id: communityId, name };
    }
    requireStaff(person, communityId);
    const now = clockNow();
    if (!hasStarted(input.period, now)) throw new AppError('PRECONDITION_FAILED', `${periodLabel(input.period)}尚未开始，不能公示`);
    const id = publicationDocId(scope.type, scope.id, input.period);
    const hash = requestHash({ action: 'publication.create', id, noticeDays: input.noticeDays });
    const again = async () => {
      const existing = await getDoc(db, C.publications, id, publicationDoc);
      if (!existing) return null;
      if (!(input.idempotencyKey in existing.ops)) throw new AppError('CONFLICT', `${scope.name}${periodLabel(input.period)}的积分排名已经公示过了`);
      replayed(existing.ops, input.idempotencyKey, hash);
      return summary(existing);
    };
    const existing = await again();
    if (existing) return existing;

    const frozen = await freeze(db, communityId, scope, input.period);
    const doc: PublicationDoc = {
      _id: id,
      communityId,
      title: `${scope.name}${periodLabel(input.period)}红色近邻长积分排名公示`,
      periodKey: input.period,
      scope,
      status: 'open',
      createdAt: now.toISOString(),
      windowEndsAt: windowEnd(now, input.noticeDays),
      finalizedAt: null,
      head: frozen.head,
      revision: 1,
      revisions: [{ revision: 1, head: frozen.head, rowsHash: frozen.rowsHash, at: now.toISOString(), note: '发布' }],
      grading: frozen.grading,
      rows: frozen.rows,
      rowCount: frozen.rows.length,
      rowsHash: frozen.rowsHash,
      openObjections: 0,
      ops: { [input.idempotencyKey]: hash },
    };
    try {
      check(await db.collection(C.publications).add(doc));
    } catch (err) {
      const raced = await again();
      if (raced) return raced;
      throw err;
    }
    return summary(doc);
  }),

  pointsRoute(pointsPublicationList, { access: 'bound' }, async ({ communityId, page, pageSize }, { db, person }) => {
    const cid = communityId ?? homeCommunity(person);
    requireMember(person, cid);
    const { data } = await db
      .collection(C.publications)
      .where({ communityId: cid })
      .orderBy('createdAt', 'desc')
      .skip((page - 1) * pageSize)
      .limit(pageSize + 1)
      .field({ rows: false, revisions: false })
      .get();
    // the rows are left out of this read
    const list = (data as unknown[]).map((d) => publicationDoc.parse({ rows: [], revisions: [], ...(d as object) }));
    return {
      publications: list.slice(0, pageSize).map(summary),
      page,
      hasMore: list.length > pageSize,
    };
  }),

  pointsRoute(pointsPublicationGet, { access: 'bound', prefetch: prefetchPublication }, async ({ page, pageSize }, { db, person, prefetched }) => {
    const pub = found(prefetched);
    requireMember(person, pub.communityId);
    const { objections, nextCursor } = page === 1 ? await objectionsPage(db, pub, person) : { objections: [], nextCursor: null };
    const offset = (page - 1) * pageSize;
    return {
      publication: summary(pub),
      rows: pub.rows.slice(offset, offset + pageSize).map(rowView),
      objections,
      moreObjections: nextCursor,
      page,
      hasMore: pub.rows.length > offset + pageSize,
      canObject: person.communityId === pub.communityId && canObject(pub, clockNow()),
    };
  }),

  pointsRoute(pointsPublicationObjections, { access: 'bound', prefetch: prefetchPublication }, async ({ cursor }, { db, person, prefetched }) => {
    const pub = found(prefetched);
    requireMember(person, pub.communityId);
    return objectionsPage(db, pub, person, cursor);
  }),

  pointsRoute(pointsPublicationObject, { access: 'bound', prefetch: prefetchPublication }, async ({ idempotencyKey, publicationId, text }, { app, db, person, openid, prefetched }) => {
    const id = objectionId(publicationId, person._id, idempotencyKey);
    const hash = requestHash({ action: 'publication.object', publicationId, text });
    // who may object is checked before the text goes to WeChat (and again in the transaction)
    const seen = found(prefetched);
    if (person.communityId !== seen.communityId) throw new AppError('FORBIDDEN', '只有本社区的居民和红色近邻长可以提出异议');
    assertCanObject(seen, clockNow());
    await countCall(db, 'objection', person._id); // before the content check, whose quota it protects too
    // before anyone else can read it: risky text is refused and not stored, review holds it for staff
    const verdict = await checkText(app, { openid, scene: 'comment', content: text });
    refuseRisky(verdict, '异议内容', 'data.text');
    const held = verdict.suggest === 'review';
    try {
      return await inTransaction(db, async (t) => {
        const pub = await getDoc(t, C.publications, publicationId, publicationDoc);
        if (!pub) throw new PointsError('NOT_FOUND', '没有找到这份公示');
        if (person.communityId !== pub.communityId) throw new PointsError('FORBIDDEN', '只有本社区的居民和红色近邻长可以提出异议');
        assertCanObject(pub, clockNow());
        const doc: ObjectionDoc = {
          _id: id,
          communityId: pub.communityId,
          publicationId,
          personId: person._id,
          personName: person.name,
          text,
          status: held ? 'held' : 'open',
          answer: null,
          correctionEntryIds: [],
          createdAt: clockNow().toISOString(),
          resolvedAt: null,
          idempotencyKey,
          requestHash: hash,
          resolveKey: null,
          resolveHash: null,
          contentCheck: { suggest: held ? 'review' : 'pass', label: verdict.label, traceId: verdict.traceId },
          moderation: null,
        };
        check(await t.collection(C.objections).add({ ...doc }));
        check(await t.collection(C.publications).doc(publicationId).update({ openObjections: pub.openObjections + 1 }));
        return objectionView(doc, person);
      });
    } catch (err) {
      const existing = await getDoc(db, C.objections, id, objectionDoc);
      if (!existing) throw err;
      if (existing.requestHash !== hash) throw new AppError('IDEMPOTENCY_CONFLICT', '这个请求编号已用于另一条不同的异议，请刷新后重试');
      return objectionView(existing, person);
    }
  }),

  pointsRoute(pointsPublicationModerate, { access: 'bound', roles: ['staff', 'admin'] }, async ({ idempotencyKey, objectionId: oid, decision }, { db, person }) => {
    const objection = await getDoc(db, C.objections, oid, objectionDoc);
    if (!objection) throw new AppError('NOT_FOUND', '没有找到这条异议');
    requireStaff(person, objection.communityId);
    const replay = (o: ObjectionDoc) => {
      if (o.moderation?.key !== idempotencyKey) return null;
      if (o.moderation.decision !== decision) throw new AppError('IDEMPOTENCY_CONFLICT', '这个请求编号已用于另一次不同的审核，请刷新后重试');
      return objectionView(o, person);
    };
    const done = replay(objection);
    if (done) return done;
    const moderation = { decision, byId: person._id, at: clockNow().toISOString(), key: idempotencyKey };
    const status = decision === 'release' ? 'open' : 'rejected';
    try {
      return await inTransaction(db, async (t) => {
        const o = await getDoc(t, C.objections, oid, objectionDoc);
        if (!o) throw new PointsError('NOT_FOUND', '没有找到这条异议');
        if (o.status !== 'held') throw new PointsError('CONFLICT', '这条异议已经审核过了');
        check(await t.collection(C.objections).doc(oid).update({ status, moderation, ...(status === 'rejected' ? { resolvedAt: moderation.at } : {}) }));
        if (status === 'rejected') {
          // a rejected objection no longer stands in the way of finalizing
          const p = await getDoc(t, C.publications, o.publicationId, publicationDoc);
          if (!p) throw new PointsError('NOT_FOUND', '没有找到这份公示');
          check(await t.collection(C.publications).doc(p._id).update({ openObjections: p.openObjections - 1 }));
        }
        return objectionView({ ...o, status, moderation, resolvedAt: status === 'rejected' ? moderation.at : o.resolvedAt }, person);
      });
    } catch (err) {
      const again = await getDoc(db, C.objections, oid, objectionDoc);
      const replayed = again && replay(again);
      if (replayed) return replayed;
      throw err;
    }
  }),

  pointsRoute(pointsPublicationResolve, { access: 'bound', roles: ['staff', 'admin'] }, async (input, { db, person }) => {
    const objection = await getDoc(db, C.objections, input.objectionId, objectionDoc);
    if (!objection) throw new AppError('NOT_FOUND', '没有找到这条异议');
    requireStaff(person, objection.communityId);
    if (objection.status === 'held') throw new AppError('PRECONDITION_FAILED', '这条异议的内容还在待审核，请先审核后再答复');
    if (objection.status === 'rejected') throw new AppError('CONFLICT', '这条异议的内容未通过审核，不需要答复');
    const hash = requestHash({ action: 'publication.resolve', objectionId: objection._id, answer: input.answer, corrections: input.corrections });
    const current = async () => {
      const o = (await getDoc(db, C.objections, objection._id, objectionDoc))!;
      if (o.resolveKey !== input.idempotencyKey) throw new AppError('CONFLICT', '这条异议已经处理过了');
      if (o.resolveHash !== hash) throw new AppError('IDEMPOTENCY_CONFLICT', '这个请求编号已用于另一次不同的处理，请刷新后重试');
      const pub = await loadPublication(db, o.publicationId);
      const entries = await getEntries(db, o.correctionEntryIds);
      return { objection: objectionView(o, person), publication: summary(pub), entries: entries.map((e) => entryView(e)) };
    };
    if (objection.status === 'resolved') return current();
    let pub = await loadPublication(db, objection.publicationId);
    assertCanResolve(pub);

    // corrections are booked into the publication's period (its last month, or this month if earlier)
    let entryIds: string[] = [];
    let entries: ReturnType<typeof entryView>[] = [];
    if (input.corrections.length) {
      const persons = await getPersons(db, input.corrections.map((c) => c.personId));
      for (const c of input.corrections) {
        const p = persons.get(c.personId);
        if (!p || p.communityId !== pub.communityId) throw new AppError('NOT_FOUND', `没有找到本社区的人员 ${c.personId}`);
      }
      const lastMonth = monthsOf(pub.periodKey).at(-1)!;
      const month = [lastMonth, monthOf(clockNow())].sort()[0];
      const booked = await book(db, {
        communityId: pub.communityId,
        actorId: person._id,
        idempotencyKey: input.idempotencyKey,
        requestHash: hash,
        specs: input.corrections.map((c, i) => ({
          recipient: recipientOf(persons.get(c.personId)!),
          entryKey: `${i}:${c.personId}`,
          build: () => ({ points: c.points, item: null, source: { type: 'correction', id: objection._id }, reason: c.reason, month }),
        })),
      });
      entryIds = booked.entries.map((e) => e._id);
      entries = booked.entries.map((e) => entryView(e));
    }
    const refrozen = input.corrections.length ? await freeze(db, pub.communityId, pub.scope, pub.periodKey) : null;
    const at = clockNow().toISOString();
    try {
      pub = await inTransaction(db, async (t) => {
        const o = await getDoc(t, C.objections, objection._id, objectionDoc);
        const p = await getDoc(t, C.publications, objection.publicationId, publicationDoc);
        if (!o || !p) throw new PointsError('NOT_FOUND', '没有找到这条异议');
        if (o.status !== 'open') throw new PointsError('CONFLICT', '这条异议已经处理过了');
        assertCanResolve(p);
        const next: PublicationDoc = refrozen
          ? {
              ...p,
              head: refrozen.head,
              rows: refrozen.rows,
              rowCount: refrozen.rows.length,
              rowsHash: refrozen.rowsHash,
              revision: p.revision + 1,
              revisions: [...p.revisions, { revision: p.revision + 1, head: refrozen.head, rowsHash: refrozen.rowsHash, at, note: `处理异议后更正` }],
              openObjections: p.openObjections - 1,
            }
          : { ...p, openObjections: p.openObjections - 1 };
        check(
          await t.collection(C.objections).doc(o._id).update({
            status: 'resolved',
            answer: input.answer,
            correctionEntryIds: entryIds,
            resolvedAt: at,
            resolveKey: input.idempotencyKey,
            resolveHash: hash,
          }),
        );
        const { _id: _ignored, ...rest } = next;
        check(await t.collection(C.publications).doc(p._id).set(rest));
        return next;
      });
    } catch (err) {
      const again = await getDoc(db, C.objections, objection._id, objectionDoc);
      if (again?.status === 'resolved') return current();
      throw err;
    }
    return {
      objection: objectionView({ ...objection, status: 'resolved', answer: input.answer, correctionEntryIds: entryIds, resolvedAt: at }, person),
      publication: summary(pub),
      entries,
    };
  }),

  pointsRoute(pointsPublicationFinalize, { access: 'bound', roles: ['staff', 'admin'] }, async ({ idempotencyKey, publicationId }, { db, person }) => {
    const hash = requestHash({ action: 'publication.finalize', publicationId });
    return inTransaction(db, async (t) => {
      const pub = await getDoc(t, C.publications, publicationId, publicationDoc);
      if (!pub) throw new PointsError('NOT_FOUND', '没有找到这份公示');
      if (!isMember(person, pub.communityId)) throw new PointsError('FORBIDDEN', '只有本社区的工作人员可以进行此操作');
      requireStaff(person, pub.communityId);
      if (replayed(pub.ops, idempotencyKey, hash)) return summary(pub);
      const at = clockNow();
      assertCanFinalize(pub, at);
      const finalizedAt = at.toISOString();
      check(await t.collection(C.publications).doc(pub._id).update({ status: 'final', finalizedAt, [`ops.${idempotencyKey}`]: hash }));
      return summary({ ...pub, status: 'final', finalizedAt });
    });
  }),
];

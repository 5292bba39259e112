/** points.claim.submit / points.claim.review / points.claim.list */
import { pointsClaimList, pointsClaimReview, pointsClaimSubmit, type ClaimView } from '../../../core/contracts/points';
import { activeItem } from '../../../core/domain/points/catalogue';
import { entryView, PointsError } from '../../../core/domain/points/ledger';
import { POINT_COLLECTIONS as C, claimDoc, claimId, type ClaimDoc } from '../../../core/domain/points/model';
import { dateOf } from '../../../core/domain/points/periods';
import { CLAIM_PAGE, claimResultData } from '../../../core/domain/points/claim-notice';
import { isOwnClaimPhoto } from '../../../core/domain/points/claim-photos';
import { administers } from '../../../core/domain/org';
import type { PersonDoc } from '../../../core/domain/org-model';
import { AppError, check, config, homeCommunity, sendSubscribeMessage, withinLimit, type CloudApp, type Database } from '../../lib';
import { branchOf, canReview } from './access';
import { pointsRoute } from './guarded';
import { book, getBook, getDoc, getEntries, getPersons, inTransaction, recipientOf, requestHash } from '../../lib/ledger';
import { now as clockNow } from '../../lib/clock';
import { checkOwnPhotos } from '../../lib/own-photos';

const CLAIM_WINDOW_DAYS = 90;

export function claimView(c: ClaimDoc): ClaimView {
  return {
    id: c._id,
    person: { id: c.personId, name: c.personName },
    branchId: c.branchId,
    item: c.item,
    approver: c.approver,
    date: c.date,
    note: c.note,
    photos: c.photos,
    status: c.status,
    review: c.review ? { by: { id: c.review.byId, name: c.review.byName }, reason: c.review.reason, at: c.review.at } : null,
    entryId: c.entryId,
    createdAt: c.createdAt,
  };
}

async function loadClaim(db: Database, id: string): Promise<ClaimDoc> {
  const claim = await getDoc(db, C.claims, id, claimDoc);
  if (!claim) throw new AppError('NOT_FOUND', '没有找到这条积分申报');
  return claim;
}

function checkDate(date: string, now: Date): void {
  const today = dateOf(now);
  const earliest = dateOf(now.getTime() - CLAIM_WINDOW_DAYS * 24 * 3600 * 1000);
  if (Number.isNaN(Date.parse(date)) || date > today) throw new AppError('VALIDATION_ERROR', '服务日期不能晚于今天', [{ path: 'data.date', message: '服务日期不能晚于今天' }]);
  if (date < earliest) throw new AppError('VALIDATION_ERROR', `只能申报 ${CLAIM_WINDOW_DAYS} 天内的服务`, [{ path: 'data.date', message: `只能申报 ${CLAIM_WINDOW_DAYS} 天内的服务` }]);
}

/** Every photo must be a file the claimant uploaded into their own folder (`claims/<personId>/…`) and must exist. */
const checkPhotos = (app: CloudApp, person: PersonDoc, photos: string[]) => checkOwnPhotos(app, photos, (id) => isOwnClaimPhoto(id, person._id));

/** Tells the leader how their claim was reviewed, if a template is configured and they are bound. */
async function notifyClaimant(
  { app, db }: { app: CloudApp; db: Database },
  claim: ClaimDoc,
  review: { decision: 'approve' | 'reject'; reason: string | null; at: string },
  claimant?: PersonDoc,
): Promise<void> {
  const templateId = config().subscribeTemplates.claimResult;
  if (!templateId) return;
  const person = claimant ?? (await getPersons(db, [claim.personId])).get(claim.personId);
  if (!person?.openid) return;
  await sendSubscribeMessage(app, {
    touser: person.openid,
    templateId,
    page: CLAIM_PAGE,
    data: claimResultData({ itemName: claim.item.name, points: claim.item.points, ...review }),
  });
}

export const claimRoutes = [
  pointsRoute(pointsClaimSubmit, { access: 'bound', roles: ['leader'] }, async (input, { app, db, person }) => {
    const now = clockNow();
    checkDate(input.date, now);
    const cid = homeCommunity(person);
    const [rules] = await withinLimit(db, 'claimSubmit', person._id, Promise.all([getBook(db, cid), checkPhotos(app, person, input.photos)]));
    const item = activeItem(rules, input.itemCode);
    if (item.evidenceRequired && input.photos.length === 0) {
      throw new AppError('VALIDATION_ERROR', `「${item.name}」需要上传照片作为凭证`, [{ path: 'data.photos', message: '请至少上传 1 张照片' }]);
    }
    const hash = requestHash({ action: 'claim.submit', itemCode: input.itemCode, date: input.date, note: input.note, photos: input.photos });
    const doc: ClaimDoc = {
      _id: claimId(cid, person._id, input.idempotencyKey),
      communityId: cid,
      branchId: branchOf(person),
      personId: person._id,
      personName: person.name,
      item: { code: item.code, name: item.name, version: item.version, points: item.points },
      approver: item.approver,
      date: input.date,
      note: input.note,
      photos: input.photos,
      status: 'pending',
      review: null,
      entryId: null,
      idempotencyKey: input.idempotencyKey,
      requestHash: hash,
      createdAt: now.toISOString(),
    };
    try {
      check(await db.collection(C.claims).add(doc));
      return claimView(doc);
    } catch (err) {
      const existing = await getDoc(db, C.claims, doc._id, claimDoc);
      if (!existing) throw err;
      if (existing.requestHash !== hash) throw new AppError('IDEMPOTENCY_CONFLICT', '这个请求编号已用于另一次不同的申报，请刷新后重试');
      return claimView(existing);
    }
  }),

  pointsRoute(pointsClaimReview, { access: 'bound', roles: ['secretary', 'staff', 'admin'] }, async (input, { app, db, person }) => {
    const claim = await loadClaim(db, input.claimId);
    if (!canReview(person, claim)) throw new AppError('FORBIDDEN', claim.approver === 'staff' && !administers(person, claim.communityId) ? '这项申报需由社区工作人员审核' : '你不能审核这条申报');
    if (claim.personId === person._id) throw new AppError('FORBIDDEN', '不能审核自己的申报');
    const hash = requestHash({ action: 'claim.review', claimId: claim._id, decision: input.decision, reason: input.reason ?? null });
    const at = clockNow().toISOString();
    const review = { byId: person._id, byName: person.name, reason: input.reason ?? null, at, key: input.idempotencyKey, requestHash: hash };

    const replay = async () => {
      const now = await loadClaim(db, claim._id);
      if (!now.review) return null;
      if (now.review.key !== input.idempotencyKey) throw new AppError('CONFLICT', `这条申报已经${now.status === 'approved' ? '通过' : '驳回'}了`);
      if (now.review.requestHash !== hash) throw new AppError('IDEMPOTENCY_CONFLICT', '这个请求编号已用于另一次不同的审核，请刷新后重试');
      const [entry] = now.entryId ? await getEntries(db, [now.entryId]) : [];
      return { claim: claimView(now), entry: entry ? entryView(entry) : null };
    };
    if (claim.status !== 'pending') return (await replay())!;

    if (input.decision === 'reject') {
      try {
        await inTransaction(db, async (t) => {
          const fresh = await getDoc(t, C.claims, claim._id, claimDoc);
          if (fresh?.status !== 'pending') throw new PointsError('CONFLICT', '这条申报已经审核过了');
          check(await t.collection(C.claims).doc(claim._id).update({ status: 'rejected', review }));
        });
      } catch (err) {
        const again = await replay();
        if (again) return again;
        throw err;
      }
      await notifyClaimant({ app, db }, claim, { decision: 'reject', reason: review.reason, at });
      return { claim: claimView({ ...claim, status: 'rejected', review }), entry: null };
    }

    const claimant = (await getPersons(db, [claim.personId])).get(claim.personId);
    if (!claimant) throw new AppError('NOT_FOUND', '申报人已不在系统中');
    // at most one entry per claim, whoever approves it and with whatever key
    const booked = await book(db, {
      communityId: claim.communityId,
      actorId: person._id,
      idempotencyKey: `claim:${claim._id}:approved`,
      requestHash: requestHash({ claimId: claim._id }),
      specs: [
        {
          recipient: recipientOf(claimant),
          entryKey: claim.personId,
          build: (b) => ({
            points: claim.item.points,
            item: { ...claim.item, cap: b.items.find((i) => i.code === claim.item.code)?.cap ?? null },
            source: { type: 'claim', id: claim._id },
            reason: claim.note || null,
          }),
        },
      ],
      alsoInTransaction: async (t, entries) => {
        const fresh = await getDoc(t, C.claims, claim._id, claimDoc);
        if (fresh?.status !== 'pending') throw new PointsError('CONFLICT', '这条申报已经审核过了');
        check(await t.collection(C.claims).doc(claim._id).update({ status: 'approved', review, entryId: entries[0]._id }));
      },
    }).catch(async (err) => {
      const again = await replay();
      if (again) return again;
      throw err;
    });
    if ('claim' in booked) return booked;
    if (booked.replayed) return (await replay())!;
    await notifyClaimant({ app, db }, claim, { decision: 'approve', reason: review.reason, at }, claimant);
    return { claim: claimView({ ...claim, status: 'approved', review, entryId: booked.entries[0]._id }), entry: entryView(booked.entries[0]) };
  }),

  pointsRoute(pointsClaimList, { access: 'bound' }, async ({ box, page, pageSize }, { db, person }) => {
    const coll = db.collection(C.claims);
    let query;
    if (box === 'mine') query = coll.where({ personId: person._id });
    else if (box === 'reviewed') query = coll.where({ 'review.byId': person._id });
    else if (person.communityId && administers(person, person.communityId)) query = coll.where({ communityId: person.communityId, status: 'pending' });
    else {
      const branchId = person.roles.find((g) => g.role === 'secretary')?.scope.branchId;
      if (!branchId) throw new AppError('FORBIDDEN', '只有支部书记和社区工作人员可以查看待审核申报');
      query = coll.where({ branchId, status: 'pending', approver: 'secretary' });
    }
    const { data } = await query.orderBy('createdAt', 'desc').skip((page - 1) * pageSize).limit(pageSize + 1).get();
    const claims = (data as unknown[]).map((d) => claimDoc.parse(d));
    return { claims: claims.slice(0, pageSize).map(claimView), page, hasMore: claims.length > pageSize };
  }),
];

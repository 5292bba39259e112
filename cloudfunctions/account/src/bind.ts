/**
 * Binding to a household: account.bind.apply (instant when the household roster lists the name
 * and phone, else a request to the building's grid worker / building head and staff),
 * account.bind.mine, account.bind.pending and account.bind.review.
 *
 * The answer to apply says only "bound" or "sent for review", the same for a wrong guess as for a
 * person simply not on the roster; with apply limited to a few a day, the roster cannot be used to
 * find out who lives where.
 */
import {
  accountBindApply,
  accountBindMine,
  accountBindPending,
  accountBindReview,
  type BindRequestView,
} from '../../../core/contracts/account';
import { boundTo, mayReview, newPerson, requestReviewerKeys, reviewerKeysOf } from '../../../core/domain/account/binding';
import { bindRequestDoc, type BindRequestDoc } from '../../../core/domain/account/model';
import { maskPhone } from '../../../core/domain/masking';
import { compoundDoc, gridDoc, householdDoc, personDoc, rosterDoc, rosterId, type PersonDoc } from '../../../core/domain/org-model';
import { canonicalEncode, sha256Hex } from '../../../core/domain/points/canonical';
import { AppError, COLLECTIONS, check, loadPerson, withinLimit, type Database } from '../../lib';
import { getDoc, inTransaction } from '../../lib/ledger';
import { now } from '../../lib/clock';
import { isDuplicate } from '../../lib/db-errors';
import { userPhoneNumber } from '../../lib/wx-api';
import { accountRoute } from './guarded';
import { newPersonId, savePerson } from './persons';

/** How many of one's own requests `account.bind.mine` shows. */
const MINE = 5;

/** Who a rate limit counts for a caller who may not have a person yet (never the openid itself). */
export const callerKey = (person: PersonDoc | null, openid: string) => person?._id ?? `o_${sha256Hex(`openid:${openid}`).slice(0, 24)}`;

export function requestView(r: BindRequestDoc): BindRequestView {
  return {
    id: r._id,
    communityName: r.communityName,
    compoundName: r.compoundName,
    householdLabel: r.householdLabel,
    name: r.name,
    maskedPhone: r.maskedPhone,
    status: r.status,
    reason: r.review?.reason ?? null,
    createdAt: r.createdAt,
    reviewedAt: r.review?.at ?? null,
  };
}

const NO_HOUSEHOLD = '没有找到这个房号，请重新选择';

/** The household and its compound, both in use, or VALIDATION_ERROR. */
async function placeOf(db: Database, compoundId: string, householdId: string) {
  const [household, compound] = await Promise.all([
    getDoc(db, COLLECTIONS.households, householdId, householdDoc),
    getDoc(db, COLLECTIONS.compounds, compoundId, compoundDoc),
  ]);
  if (!household || !compound || household.retiredAt !== null || compound.retiredAt !== null || household.compoundId !== compound._id) {
    throw new AppError('VALIDATION_ERROR', NO_HOUSEHOLD, [{ path: 'householdId', message: NO_HOUSEHOLD }]);
  }
  return { household, compound };
}

export const bindRoutes = [
  accountRoute(accountBindApply, { access: 'user' }, async (input, { db, person, openid }) => {
    if (person?.householdId) {
      if (person.householdId === input.householdId) {
        return { outcome: 'bound' as const, householdLabel: person.householdLabel ?? '', compoundName: person.compoundName ?? '' };
      }
      throw new AppError('PRECONDITION_FAILED', `你已绑定${person.compoundName ?? ''}${person.householdLabel ?? ''}。如已搬家，请先在「我的」里解除绑定`);
    }
    const requests = db.collection(COLLECTIONS.bindRequests);
    const [{ household, compound }, grids, pending] = await withinLimit(
      db,
      'bindApply',
      callerKey(person, openid),
      Promise.all([
        placeOf(db, input.compoundId, input.householdId),
        db.collection(COLLECTIONS.grids).where({ compoundId: input.compoundId }).limit(1000).get(),
        requests.where({ openid, status: 'pending' }).limit(1).get(),
      ]),
    );
    const fingerprint = sha256Hex(canonicalEncode([input.compoundId, input.householdId, input.name, input.phone ?? null, input.phoneCode ? 'wx' : 'typed']));
    const open = (pending.data as unknown[]).map((d) => bindRequestDoc.parse(d))[0];
    if (open) {
      if (open.idempotencyKey === input.idempotencyKey) return { outcome: 'pending' as const, request: requestView(open) };
      throw new AppError('PRECONDITION_FAILED', `你已申请绑定${open.compoundName}${open.householdLabel}，正在等待网格员或楼栋长审核`);
    }
    const phone = input.phone ?? (await userPhoneNumber(db, { code: input.phoneCode!, openid }));

    const roster = await getDoc(db, COLLECTIONS.rosters, rosterId(household._id, input.name, phone), rosterDoc);
    if (roster && roster.householdId === household._id) {
      const base = person ?? newPerson(newPersonId(), openid, input.name, phone);
      await savePerson(db, person, boundTo(base, household, compound));
      return { outcome: 'bound' as const, householdLabel: household.label, compoundName: compound.name };
    }

    const request: BindRequestDoc = {
      _id: `br_${sha256Hex(canonicalEncode([openid, input.idempotencyKey])).slice(0, 32)}`,
      communityId: compound.communityId,
      communityName: compound.communityName,
      compoundId: compound._id,
      compoundName: compound.name,
      buildingId: household.buildingId,
      unitId: household.unitId,
      householdId: household._id,
      householdLabel: household.label,
      openid,
      personId: person?._id ?? null,
      name: input.name,
      phone,
      maskedPhone: maskPhone(phone),
      reviewerKeys: requestReviewerKeys(compound.communityId, household.buildingId, (grids.data as unknown[]).map((d) => gridDoc.parse(d))),
      status: 'pending',
      createdAt: now().toISOString(),
      review: null,
      idempotencyKey: input.idempotencyKey,
      fingerprint,
    };
    const { _id, ...fields } = request;
    try {
      check(await requests.add({ _id, ...fields }));
    } catch (err) {
      if (!isDuplicate(err)) throw err;
      // the same key again: answer the first request, unless it asked for something else
      const first = await getDoc(db, COLLECTIONS.bindRequests, _id, bindRequestDoc);
      if (!first || first.fingerprint !== fingerprint) {
        throw new AppError('IDEMPOTENCY_CONFLICT', '这个请求编号已用于另一次不同的申请，请刷新后重试');
      }
      return { outcome: 'pending' as const, request: requestView(first) };
    }
    return { outcome: 'pending' as const, request: requestView(request) };
  }),

  accountRoute(accountBindMine, { access: 'user' }, async (_input, { db, openid }) => {
    const { data } = await db.collection(COLLECTIONS.bindRequests).where({ openid }).orderBy('createdAt', 'desc').limit(MINE).get();
    return { requests: (data as unknown[]).map((d) => requestView(bindRequestDoc.parse(d))) };
  }),

  accountRoute(
    accountBindPending,
    { access: 'bound', roles: ['grid_worker', 'building_head', 'staff', 'admin'] },
    async ({ page, pageSize }, { db, person }) => {
      const keys = reviewerKeysOf(person);
      if (!keys.length) throw new AppError('FORBIDDEN', '只有网格员、楼栋长和社区工作人员可以审核绑定申请');
      const _ = db.command;
      const { data } = await db
        .collection(COLLECTIONS.bindRequests)
        .where({ reviewerKeys: _.in(keys), status: 'pending' })
        .orderBy('createdAt', 'asc')
        .skip((page - 1) * pageSize)
        .limit(pageSize + 1)
        .get();
      const list = (data as unknown[]).map((d) => requestView(bindRequestDoc.parse(d)));
      return { requests: list.slice(0, pageSize), hasMore: list.length > pageSize };
    },
  ),

  accountRoute(
    accountBindReview,
    {
      access: 'bound',
      roles: ['grid_worker', 'building_head', 'staff', 'admin'],
      prefetch: (input, db) => getDoc(db, COLLECTIONS.bindRequests, input.requestId, bindRequestDoc),
    },
    async ({ requestId, decision, reason }, { db, person, prefetched: request }) => {
      if (!request) throw new AppError('NOT_FOUND', '没有找到这份绑定申请');
      if (!mayReview(person, request)) throw new AppError('FORBIDDEN', '只能审核你负责的楼栋的绑定申请');
      const status = decision === 'approve' ? 'approved' : 'rejected';
      const settled = (r: BindRequestDoc) => {
        if (r.status === status && r.review?.byId === person._id) return { request: requestView(r) }; // a retry
        const by = r.review ? `已由${r.review.byName}处理` : '已撤回';
        throw new AppError('PRECONDITION_FAILED', `这份申请${by}，无需再审核`);
      };
      if (request.status !== 'pending') return settled(request);
      const review = { byId: person._id, byName: person.name, reason: decision === 'reject' ? reason! : (reason || null), at: now().toISOString() };
      const decided = { status, review, phone: null } as const;

      if (decision === 'reject') {
        const res = check(await db.collection(COLLECTIONS.bindRequests).where({ _id: requestId, status: 'pending' }).update(decided)) as { updated?: number };
        if (!res.updated) return settled((await getDoc(db, COLLECTIONS.bindRequests, requestId, bindRequestDoc))!);
        return { request: requestView({ ...request, ...decided }) };
      }

      // approve: the request and the resident's person change together, or not at all. Everything is
      // read after the transaction started, so a write to either made meanwhile makes it conflict.
      const newId = newPersonId();
      const outcome = await inTransaction(db, async (t) => {
        const [current, household, compound, resident] = await Promise.all([
          getDoc(t, COLLECTIONS.bindRequests, requestId, bindRequestDoc),
          getDoc(t, COLLECTIONS.households, request.householdId, householdDoc),
          getDoc(t, COLLECTIONS.compounds, request.compoundId, compoundDoc),
          request.openid ? loadPerson(db, request.openid) : Promise.resolve(null),
        ]);
        if (!current || current.status !== 'pending' || !current.openid) return { settled: current };
        if (!household || !compound || household.retiredAt !== null || compound.retiredAt !== null) {
          throw new AppError('PRECONDITION_FAILED', '这户已从组织架构中撤销，无法绑定，请退回申请');
        }
        const next = boundTo(resident ?? newPerson(newId, current.openid, current.name, current.phone), household, compound);
        const { _id, ...fields } = personDoc.parse(next);
        const written = await Promise.all([
          t.collection(COLLECTIONS.persons).doc(_id).set({ ...fields, rev: (resident?.rev ?? -1) + 1 }),
          t.collection(COLLECTIONS.bindRequests).doc(requestId).update({ ...decided, personId: _id }),
        ]);
        written.forEach(check);
        return { settled: null };
      });
      if (outcome.settled !== null) return settled(outcome.settled ?? request);
      return { request: requestView({ ...request, ...decided }) };
    },
  ),
];

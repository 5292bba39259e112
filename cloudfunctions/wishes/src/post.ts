/**
 * wishes.post: a resident posts a wish for their own household, or a grid worker / building head for
 * a resident of their grid or building (proxy). Text through content security (`risky` refused,
 * `review` held off the wall for staff); photos must be the poster's own uploads (`wishes/<personId>/…`)
 * and go through WeChat's asynchronous media check, shown to others once passed (store.ts).
 */
import { wishesPost } from '../../../core/contracts/wishes';
import { householdDoc, type PersonDoc } from '../../../core/domain/org-model';
import { isOwnUpload } from '../../../core/domain/points/claim-photos';
import { hashOf, type Canonical } from '../../../core/domain/points/canonical';
import { dateOf } from '../../../core/domain/points/periods';
import { WISH_COLLECTION, wishDoc, wishId, wishProjections, type WishDoc } from '../../../core/domain/service/wishes';
import { AppError, check, checkText, COLLECTIONS, refuseRisky, route, type Database } from '../../lib';
import { now } from '../../lib/clock';
import { isDuplicate } from '../../lib/db-errors';
import { getDoc } from '../../lib/ledger';
import { startMediaChecks } from '../../lib/media-checks';
import { checkOwnPhotos } from '../../lib/own-photos';
import { NOT_IN_SCOPE_MESSAGE, proxyScope } from './proxy';
import { findWish, noVerdicts, verdictsOf, wishActor, wishView } from './store';
import type { z } from 'zod';

type Input = z.output<typeof wishesPost.input>;
type Place = Pick<WishDoc, 'communityId' | 'compoundId' | 'compoundName' | 'beneficiary' | 'proxy'>;

const DAY_MS = 86_400_000;
/** a wish is for the coming months, not years */
const MAX_AHEAD_DAYS = 180;

/** The poster's own household, or the household they post for (which must be in their grid or building). */
async function placeOf(db: Database, person: PersonDoc, onBehalfOf: Input['onBehalfOf']): Promise<Place> {
  if (!onBehalfOf) {
    if (!person.communityId || !person.compoundId || !person.householdId) throw new AppError('PRECONDITION_FAILED', '请先在「我的」里绑定你家的住址，再来发布心愿');
    return {
      communityId: person.communityId,
      compoundId: person.compoundId,
      compoundName: person.compoundName ?? '',
      beneficiary: { name: person.name, householdId: person.householdId, householdLabel: person.householdLabel ?? '', kind: null },
      proxy: false,
    };
  }
  const [{ buildingIds, compounds }, household] = await Promise.all([proxyScope(db, person), getDoc(db, COLLECTIONS.households, onBehalfOf.householdId, householdDoc)]);
  const compound = compounds.find((c) => c._id === household?.compoundId);
  if (!household || household.retiredAt !== null || !buildingIds.has(household.buildingId) || !compound) {
    throw new AppError('VALIDATION_ERROR', NOT_IN_SCOPE_MESSAGE, [{ path: 'data.onBehalfOf.householdId', message: NOT_IN_SCOPE_MESSAGE }]);
  }
  return {
    communityId: household.communityId,
    compoundId: household.compoundId,
    compoundName: compound.name,
    beneficiary: { name: onBehalfOf.name, householdId: household._id, householdLabel: household.label, kind: onBehalfOf.kind },
    proxy: true,
  };
}

function checkNeededBy(neededBy: string, at: Date): void {
  const today = dateOf(at);
  const latest = dateOf(at.getTime() + MAX_AHEAD_DAYS * DAY_MS);
  const message = neededBy < today ? '希望完成的日期不能早于今天' : `希望完成的日期最多在 ${MAX_AHEAD_DAYS} 天以内`;
  if (neededBy < today || neededBy > latest || Number.isNaN(Date.parse(neededBy))) throw new AppError('VALIDATION_ERROR', message, [{ path: 'data.neededBy', message }]);
}

export const postRoute = route(wishesPost, { access: 'bound' }, async (input, { app, db, person, openid }) => {
  const at = now();
  checkNeededBy(input.neededBy, at);
  const id = wishId(person._id, input.idempotencyKey);
  const hash = hashOf({ category: input.category, text: input.text, neededBy: input.neededBy, photos: input.photos, onBehalfOf: input.onBehalfOf ?? null } as Canonical);
  const [verdict, , place] = await Promise.all([
    checkText(app, { openid, scene: 'comment', content: input.text }),
    checkOwnPhotos(app, input.photos, (fileId) => isOwnUpload(fileId, 'wishes', person._id)),
    placeOf(db, person, input.onBehalfOf),
  ]);
  refuseRisky(verdict, '心愿内容', 'data.text');
  const checks = await startMediaChecks(app, { openid, scene: 'comment' }, input.photos);
  const moderation = verdict.suggest === 'review' ? 'review' : 'pass';
  const doc: WishDoc = {
    _id: id,
    ...place,
    posterId: person._id,
    posterName: person.name,
    category: input.category,
    text: input.text,
    neededBy: input.neededBy,
    photos: input.photos,
    mediaChecks: checks.map((c) => ({ ...c, uploaderId: person._id })),
    moderation,
    status: 'open',
    claimerId: null,
    claimerName: null,
    claimedAt: null,
    chaseGrant: false,
    overdueSince: null,
    chases: 0,
    chasedAt: null,
    ...wishProjections({ status: 'open', moderation, neededBy: input.neededBy, claimedAt: null, overdueSince: null, chases: 0, chasedAt: null }),
    fulfilment: null,
    awarded: false,
    postedAt: at.toISOString(),
    timeline: [{ type: 'post', at: at.toISOString(), actorId: person._id, actorName: person.name, key: input.idempotencyKey, reason: null, photos: [] }],
    requestHash: hash,
    rev: 0,
  };
  try {
    check(await db.collection(WISH_COLLECTION).add(wishDoc.parse(doc)));
    return wishView(doc, wishActor(person, doc.communityId), noVerdicts);
  } catch (err) {
    if (!isDuplicate(err)) throw err;
    const existing = await findWish(db, id);
    if (!existing) throw err;
    if (existing.requestHash !== hash) throw new AppError('IDEMPOTENCY_CONFLICT', '这个请求编号已用于另一个不同的心愿，请刷新后重试');
    return wishView(existing, wishActor(person, existing.communityId), await verdictsOf(db, [existing]));
  }
});

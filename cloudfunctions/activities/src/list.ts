/**
 * activities.list: 20 cards a page, each with where the caller stands. `open`: the community's
 * activities not finished whose audience includes the caller (all compounds, or theirs), soonest
 * first (index communityId_1_status_1_startAt_1); `mine`: what they signed up for or wait for,
 * latest sign-up first (personId_1_signedUpAt_-1); `organising`: what they run (organiserId_1_startAt_-1),
 * for staff everything of their community (communityId_1_startAt_-1), latest start first.
 */
import { activitiesList, type ActivityCard } from '../../../core/contracts/activities';
import type { PersonDoc } from '../../../core/domain/org-model';
import { ACTIVITY_COLLECTION, SIGNUP_COLLECTION, activityDoc, shownStatus, signupDoc, signupId, type ActivityDoc, type SignupDoc } from '../../../core/domain/service/activities';
import { isStaffOf } from '../../../core/domain/service/people';
import { route, type Database } from '../../lib';

const PAGE = 20;

const CARD_FIELDS = ['title', 'startAt', 'endAt', 'place', 'capacity', 'taken', 'signupDeadline', 'status'] as const;

const card = (a: ActivityDoc, s: SignupDoc | undefined): ActivityCard => ({
  id: a._id,
  ...(Object.fromEntries(CARD_FIELDS.map((f) => [f, a[f]])) as Pick<ActivityDoc, (typeof CARD_FIELDS)[number]>),
  organiserName: a.organiser.name,
  mine: s ? shownStatus(s.status) : null,
});

const parseAll = <T>(data: unknown[], schema: { parse: (d: unknown) => T }) => data.map((d) => schema.parse(d));

/** One page of activities of the view (PAGE + 1 read: the extra one says there is more). */
async function activitiesOf(db: Database, person: PersonDoc, view: 'open' | 'organising', skip: number): Promise<ActivityDoc[]> {
  const _ = db.command;
  const activities = db.collection(ACTIVITY_COLLECTION);
  const communityId = person.communityId;
  if (view === 'open') {
    if (!communityId) return [];
    const audience = person.compoundId ? _.or([{ compoundIds: null }, { compoundIds: person.compoundId }]) : { compoundIds: null };
    const { data } = await activities
      .where(_.and([{ communityId, status: 'open' }, audience]))
      .orderBy('startAt', 'asc')
      .skip(skip)
      .limit(PAGE + 1)
      .get();
    return parseAll(data as unknown[], activityDoc);
  }
  const mine = communityId && isStaffOf(person, communityId) ? { communityId } : { organiserId: person._id };
  const { data } = await activities.where(mine).orderBy('startAt', 'desc').skip(skip).limit(PAGE + 1).get();
  return parseAll(data as unknown[], activityDoc);
}

export const listRoute = route(activitiesList, { access: 'bound' }, async ({ view, page }, { db, person }) => {
  const _ = db.command;
  const skip = (page - 1) * PAGE;
  if (view === 'mine') {
    const { data } = await db
      .collection(SIGNUP_COLLECTION)
      .where({ personId: person._id, status: _.in(['confirmed', 'waiting']) })
      .orderBy('signedUpAt', 'desc')
      .skip(skip)
      .limit(PAGE + 1)
      .get();
    const signups = parseAll(data as unknown[], signupDoc);
    const shown = signups.slice(0, PAGE);
    if (!shown.length) return { items: [], hasMore: false };
    const found = await db.collection(ACTIVITY_COLLECTION).where({ _id: _.in(shown.map((s) => s.activityId)) }).limit(PAGE).get();
    const byId = new Map(parseAll(found.data as unknown[], activityDoc).map((a) => [a._id, a]));
    const items = shown.flatMap((s) => {
      const a = byId.get(s.activityId);
      return a ? [card(a, s)] : [];
    });
    return { items, hasMore: signups.length > PAGE };
  }
  const activities = await activitiesOf(db, person, view, skip);
  const shown = activities.slice(0, PAGE);
  if (!shown.length) return { items: [], hasMore: false };
  const ids = shown.map((a) => signupId(a._id, person._id));
  const { data } = await db.collection(SIGNUP_COLLECTION).where({ _id: _.in(ids) }).limit(PAGE).get();
  const byActivity = new Map(parseAll(data as unknown[], signupDoc).map((s) => [s.activityId, s]));
  return { items: shown.map((a) => card(a, byActivity.get(a._id))), hasMore: activities.length > PAGE };
});

/**
 * activities.roster: the organiser's (and staff's) list on site — the confirmed in sign-up order,
 * then the waiting list in its order, 20 a page, full names, check-in and check-out, and the counts
 * (index activityId_1_status_1_seq_1; checked in: activityId_1_attended_1_awarded_1).
 */
import { activitiesRoster, type RosterEntry } from '../../../core/contracts/activities';
import { SIGNUP_COLLECTION, shownStatus, signupDoc, waitingOrder, type SignupDoc } from '../../../core/domain/service/activities';
import { route, type Database } from '../../lib';
import { findActivity, requireOrganiser } from './store';

const PAGE = 20;

async function rowsOf(db: Database, activityId: string, status: 'confirmed' | 'waiting', skip: number, limit: number): Promise<SignupDoc[]> {
  if (limit <= 0) return [];
  const { data } = await db.collection(SIGNUP_COLLECTION).where({ activityId, status }).orderBy('seq', 'asc').skip(skip).limit(limit).get();
  return waitingOrder((data as unknown[]).map((d) => signupDoc.parse(d)));
}

const entry = (s: SignupDoc, waitingPosition: number | null): RosterEntry => ({
  personId: s.personId,
  name: s.personName,
  status: shownStatus(s.status),
  waitingPosition,
  checkedInAt: s.checkedInAt,
  checkedOutAt: s.checkedOutAt,
  by: s.checkin?.by ?? null,
});

export const rosterRoute = route(activitiesRoster, { access: 'bound', prefetch: (input, db) => findActivity(db, input.activityId) }, async ({ page }, { db, person, prefetched }) => {
  const a = requireOrganiser(prefetched, person);
  const signups = db.collection(SIGNUP_COLLECTION);
  const [c, w, i] = await Promise.all([
    signups.where({ activityId: a._id, status: 'confirmed' }).count(),
    signups.where({ activityId: a._id, status: 'waiting' }).count(),
    signups.where({ activityId: a._id, attended: true }).count(),
  ]);
  const [confirmed, waiting, checkedIn] = [c.total ?? 0, w.total ?? 0, i.total ?? 0];
  const offset = (page - 1) * PAGE;
  const seated = offset < confirmed ? await rowsOf(db, a._id, 'confirmed', offset, PAGE) : [];
  const waitingSkip = Math.max(0, offset - confirmed);
  const listed = await rowsOf(db, a._id, 'waiting', waitingSkip, PAGE - seated.length);
  const items = [...seated.map((s) => entry(s, null)), ...listed.map((s, k) => entry(s, waitingSkip + k + 1))];
  return { items, hasMore: offset + items.length < confirmed + waiting, confirmed, waiting, checkedIn };
});

/** Reading activities and sign-ups, and who runs an activity. */
import type { ActivityView } from '../../../core/contracts/activities';
import type { PersonDoc } from '../../../core/domain/org-model';
import { ACTIVITY_COLLECTION, SIGNUP_COLLECTION, activityDoc, shownStatus, signupDoc, signupId, type ActivityDoc, type SignupDoc } from '../../../core/domain/service/activities';
import { isStaffOf } from '../../../core/domain/service/people';
import { AppError, config, type Database } from '../../lib';
import { getDoc } from '../../lib/ledger';

export const NOT_FOUND_MESSAGE = '没有找到这个活动';

export const findActivity = (db: Database, id: string): Promise<ActivityDoc | null> => getDoc(db, ACTIVITY_COLLECTION, id, activityDoc);

export const findSignup = (db: Database, activityId: string, personId: string): Promise<SignupDoc | null> =>
  getDoc(db, SIGNUP_COLLECTION, signupId(activityId, personId), signupDoc);

/** The activity, if the caller may know it: people of its community and its staff. */
export function visible(a: ActivityDoc | null, person: PersonDoc): ActivityDoc {
  if (!a || (a.communityId !== person.communityId && !isStaffOf(person, a.communityId))) throw new AppError('NOT_FOUND', NOT_FOUND_MESSAGE);
  return a;
}

/** Whoever created it runs it on site; staff of its community may step in. */
export const organising = (a: ActivityDoc, person: PersonDoc) => a.organiserId === person._id || isStaffOf(person, a.communityId);

export function requireOrganiser(a: ActivityDoc | null, person: PersonDoc): ActivityDoc {
  const activity = visible(a, person);
  if (!organising(activity, person)) throw new AppError('FORBIDDEN', '只有活动的组织者可以进行此操作');
  return activity;
}

/** Place on the waiting list, from 1 (index activityId_1_status_1_seq_1). */
export async function waitingPosition(db: Database, s: SignupDoc): Promise<number | null> {
  if (s.status !== 'waiting') return null;
  const _ = db.command;
  const { total } = await db.collection(SIGNUP_COLLECTION).where({ activityId: s.activityId, status: 'waiting', seq: _.lt(s.seq) }).count();
  return (total ?? 0) + 1;
}

/** Where the person stands, as the views show it. */
export async function mineOf(db: Database, s: SignupDoc | null): Promise<ActivityView['mine']> {
  if (!s) return null;
  return { status: shownStatus(s.status), waitingPosition: await waitingPosition(db, s), checkedInAt: s.checkedInAt, checkedOutAt: s.checkedOutAt };
}

export function activityView(a: ActivityDoc, person: PersonDoc, mine: ActivityView['mine']): ActivityView {
  return {
    id: a._id,
    title: a.title,
    description: a.description,
    organiser: a.organiser,
    startAt: a.startAt,
    endAt: a.endAt,
    place: a.place,
    capacity: a.capacity,
    taken: a.taken,
    signupDeadline: a.signupDeadline,
    compoundIds: a.compoundIds,
    itemCode: a.itemCode,
    volunteerHours: a.volunteerHours,
    status: a.status,
    summary: a.summary,
    photos: a.photos,
    mine,
    organising: organising(a, person),
    reminderTemplateId: config().subscribeTemplates.activityReminder,
  };
}

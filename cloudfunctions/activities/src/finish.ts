/**
 * activities.finish: the organiser closes the activity with a summary and photos; every attendee
 * (checked in) is awarded the activity's catalogue item once (`activity:<id>:<personId>`, the
 * ledger's key) and credited its volunteer hours (fewer when they checked out early: creditedHours). Awards are booked one after another (they all
 * write the community's ledger head: in parallel they would only conflict) within a time budget;
 * when it runs out the answer says how many are `pending` and calling again carries on. An
 * attendee past the item's monthly cap is credited the hours without points, and the sign-up says why.
 */
import { activitiesFinish } from '../../../core/contracts/activities';
import { isOwnUpload } from '../../../core/domain/points/claim-photos';
import { ACTIVITY_COLLECTION, SIGNUP_COLLECTION, creditedHours, signupDoc, type ActivityDoc } from '../../../core/domain/service/activities';
import { AppError, check, checkText, refuseRisky, route, type Database } from '../../lib';
import { now } from '../../lib/clock';
import { awardForSource } from '../../lib/ledger';
import { checkOwnPhotos } from '../../lib/own-photos';
import { findActivity, requireOrganiser } from './store';

/** stop starting awards after this long (the function's timeout is 20 s) */
const BUDGET_MS = 8_000;

async function awardAttendees(db: Database, a: ActivityDoc, started: number): Promise<void> {
  for (;;) {
    // index activityId_1_attended_1_awarded_1
    const { data } = await db.collection(SIGNUP_COLLECTION).where({ activityId: a._id, attended: true, awarded: false }).limit(100).get();
    const todo = (data as unknown[]).map((d) => signupDoc.parse(d));
    if (!todo.length) return;
    for (const s of todo) {
      if (Date.now() - started > BUDGET_MS) return;
      let awardNote: string | null = null;
      try {
        await awardForSource(db, { source: { type: 'activity', id: a._id, personId: s.personId }, communityId: a.communityId, personId: s.personId, itemCode: a.itemCode, reason: a.title });
      } catch (err) {
        // a cap reached or the item switched off since: hours still count, points do not
        if (!(err instanceof AppError) || err.code !== 'PRECONDITION_FAILED') throw err;
        awardNote = err.message;
      }
      check(await db.collection(SIGNUP_COLLECTION).doc(s._id).update({ awarded: true, awardNote, hours: creditedHours(a.volunteerHours, s) }));
    }
  }
}

async function tally(db: Database, activityId: string) {
  const signups = db.collection(SIGNUP_COLLECTION);
  const [attendees, pending] = await Promise.all([
    signups.where({ activityId, attended: true }).count(),
    signups.where({ activityId, attended: true, awarded: false }).count(),
  ]);
  const a = attendees.total ?? 0;
  const p = pending.total ?? 0;
  return { attendees: a, awarded: a - p, pending: p };
}

export const finishRoute = route(activitiesFinish, { access: 'bound', prefetch: (input, db) => findActivity(db, input.activityId) }, async (input, { app, db, person, openid, prefetched }) => {
  const started = Date.now();
  let a = requireOrganiser(prefetched, person);
  if (a.status === 'open') {
    if (now().toISOString() < a.startAt) throw new AppError('PRECONDITION_FAILED', '活动还没有开始，不能结束');
    const [verdict] = await Promise.all([
      checkText(app, { openid, scene: 'forum', content: input.summary }),
      checkOwnPhotos(app, input.photos, (fileId) => isOwnUpload(fileId, 'activities', person._id)),
    ]);
    refuseRisky(verdict, '活动小结', 'data.summary');
    const at = now().toISOString();
    const res = check(
      await db
        .collection(ACTIVITY_COLLECTION)
        .where({ _id: a._id, status: 'open' })
        .update({ status: 'finished', summary: input.summary, photos: input.photos, finishedAt: at, rev: db.command.inc(1) }),
    ) as { updated?: number };
    if (res.updated !== 1) {
      const fresh = await findActivity(db, a._id);
      if (!fresh || fresh.status !== 'finished') throw new AppError('CONFLICT', '活动刚刚有了变化，请刷新后再试');
      a = fresh;
    }
  }
  // finishing again (a retry, or after the time budget ran out) books whoever is left
  await awardAttendees(db, a, started);
  return tally(db, a._id);
});

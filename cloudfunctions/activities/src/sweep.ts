/**
 * activities.sweep (the `sweep` timer, every minute): heals seats a crash left changing hands
 * (reconcile.ts), then sends the day-before reminders due — a subscribe message to each confirmed
 * sign-up that accepted the prompt when signing up, once the activity is less than a day away
 * (index reminder_1_status_1_remindAt_1). Each is claimed (`due` → `sending`) before it is sent and
 * its outcome kept (sent, refused 43101, failed): a crash resumes with the rest, never sending one
 * twice. The one window, as in notices' fan-out: a crash between claim and outcome leaves it
 * `sending` — that person may or may not have been messaged, and is not messaged again.
 */
import { activitiesSweep } from '../../../core/contracts/activities';
import { personDoc } from '../../../core/domain/org-model';
import { ACTIVITY_COLLECTION, ACTIVITY_PAGE, SIGNUP_COLLECTION, activityDoc, reminderData, signupDoc, type ActivityDoc, type SignupDoc } from '../../../core/domain/service/activities';
import { COLLECTIONS, config, route, sendSubscribeMessage, type CloudApp, type Database, type Log } from '../../lib';
import { now } from '../../lib/clock';
import { activitiesToReconcile, reconcile } from './reconcile';

/** reminders read per batch, and messages in flight at once (WeChat: 43108 when too many at once) */
const BATCH = 100;
const CONCURRENCY = 10;
/** the function's timeout is 20 s */
const BUDGET_MS = 10_000;

interface Ctx {
  app: CloudApp;
  db: Database;
  log: Log;
}

const outcomeOf = (errcode: number) => (errcode === 0 ? 'sent' : errcode === 43101 ? 'refused' : 'failed');

async function remind(ctx: Ctx, s: SignupDoc, a: ActivityDoc | undefined, openid: string | null, templateId: string): Promise<boolean> {
  const signups = ctx.db.collection(SIGNUP_COLLECTION);
  if (!a || a.status !== 'open' || a.startAt <= now().toISOString()) {
    await signups.where({ _id: s._id, reminder: 'due' }).update({ reminder: 'missed' });
    return false;
  }
  const claimed = await signups.where({ _id: s._id, reminder: 'due', status: 'confirmed' }).update({ reminder: 'sending' });
  if (claimed.updated !== 1) return false;
  const errcode = openid ? await sendSubscribeMessage(ctx.app, { touser: openid, templateId, page: `${ACTIVITY_PAGE}?id=${a._id}`, data: reminderData(a) }) : -1;
  await signups.doc(s._id).update({ reminder: outcomeOf(errcode) });
  return errcode === 0;
}

async function sendReminders(ctx: Ctx, started: number): Promise<number> {
  const templateId = config().subscribeTemplates.activityReminder;
  if (!templateId) return 0;
  const _ = ctx.db.command;
  let reminded = 0;
  while (Date.now() - started < BUDGET_MS) {
    const { data } = await ctx.db
      .collection(SIGNUP_COLLECTION)
      .where({ reminder: 'due', status: 'confirmed', remindAt: _.lte(now().toISOString()) })
      .orderBy('remindAt', 'asc')
      .limit(BATCH)
      .get();
    const due = (data as unknown[]).map((d) => signupDoc.parse(d));
    if (!due.length) break;
    const [activities, persons] = await Promise.all([
      ctx.db.collection(ACTIVITY_COLLECTION).where({ _id: _.in([...new Set(due.map((s) => s.activityId))]) }).limit(BATCH).get(),
      ctx.db.collection(COLLECTIONS.persons).where({ _id: _.in([...new Set(due.map((s) => s.personId))]) }).limit(BATCH).get(),
    ]);
    const activityById = new Map((activities.data as unknown[]).map((d) => activityDoc.parse(d)).map((a) => [a._id, a]));
    const openidOf = new Map((persons.data as unknown[]).map((d) => personDoc.parse(d)).map((p) => [p._id, p.openid]));
    for (let i = 0; i < due.length; i += CONCURRENCY) {
      const sent = await Promise.all(due.slice(i, i + CONCURRENCY).map((s) => remind(ctx, s, activityById.get(s.activityId), openidOf.get(s.personId) ?? null, templateId)));
      reminded += sent.filter(Boolean).length;
    }
    if (due.length < BATCH) break;
  }
  return reminded;
}

export const sweepRoute = route(activitiesSweep, { access: 'server' }, async (_input, ctx) => {
  const started = Date.now();
  for (const activityId of await activitiesToReconcile(ctx.db, 20)) {
    try {
      await reconcile(ctx.db, activityId);
    } catch (err) {
      // one activity's failure must not stop the others or the reminders; the next run tries again
      ctx.log.error('seat reconcile failed', { activityId, error: err instanceof Error ? err.stack : String(err) });
    }
  }
  return { reminded: await sendReminders(ctx, started) };
});

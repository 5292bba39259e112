/** activities.get: the activity and where the caller stands. */
import { activitiesGet } from '../../../core/contracts/activities';
import { route } from '../../lib';
import { activityView, findActivity, findSignup, visible, waitingPosition } from './store';

export const getRoute = route(activitiesGet, { access: 'bound', prefetch: (input, db) => findActivity(db, input.activityId) }, async (_input, { db, person, prefetched }) => {
  const a = visible(prefetched, person);
  const s = await findSignup(db, a._id, person._id);
  const mine = s ? { status: s.status, waitingPosition: await waitingPosition(db, s), checkedInAt: s.checkedInAt } : null;
  return activityView(a, person, mine);
});

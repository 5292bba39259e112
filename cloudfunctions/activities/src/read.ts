/** activities.get: the activity and where the caller stands. */
import { activitiesGet } from '../../../core/contracts/activities';
import { route } from '../../lib';
import { activityView, findActivity, findSignup, mineOf, visible } from './store';

export const getRoute = route(activitiesGet, { access: 'bound', prefetch: (input, db) => findActivity(db, input.activityId) }, async (_input, { db, person, prefetched }) => {
  const a = visible(prefetched, person);
  return activityView(a, person, await mineOf(db, await findSignup(db, a._id, person._id)));
});

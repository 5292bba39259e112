/** Who does what with wishes, from account.me (the server checks again). */
import type { MeView } from '@core/contracts/account';

type BoundMe = Extract<MeView, { bound: true }>;

/** Posts for residents of the grid or buildings they serve (代人许愿): a grid worker or building head. */
export const postsForResidents = (me: BoundMe) => me.roles.some((r) => r.role === 'grid_worker' || r.role === 'building_head');

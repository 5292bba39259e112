/** People the demo lacks, for tests and benchmarks that need many of them. */
import type { PersonDoc } from '../../core/domain/org-model';
import { newPerson } from '../../core/domain/account/binding';
import { COMMUNITY_ID } from '../../tools/seed/demo';

/** A bound person of 和平小区 (幸福里社区) with no home recorded and no role. */
export const hepingPerson = (id: string, openid: string, name: string): PersonDoc => ({
  ...newPerson(id, openid, name, null),
  communityId: COMMUNITY_ID,
  communityName: '幸福里社区',
  compoundId: 'cp-heping',
  compoundName: '和平小区',
});

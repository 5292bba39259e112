/** Shared setup of the points tests: a real local cloud with the demo org and points data. */
import type { Result } from '../../core/contracts/common';
import type { PersonDoc } from '../../core/domain/org-model';
import { dateOf, monthOf } from '../../core/domain/points/periods';
import { startTestCloud, type TestCloud } from '../helpers/localcloud';
import { seedDemo } from '../../tools/seed/seed';

export async function pointsCloud(): Promise<TestCloud> {
  const t = await startTestCloud({ unindexedQueryThreshold: 0 });
  await seedDemo(t.app); // the org, then the points demo (tools/seed/points-demo.ts)
  return t;
}

export async function ok<T>(t: TestCloud, action: string, data: unknown, openid?: string): Promise<T> {
  const res = await t.call<T>(action, data, openid);
  if (!res.ok) throw new Error(`${action}: ${JSON.stringify(res.error)}`);
  return res.data;
}

export async function fail(t: TestCloud, action: string, data: unknown, openid?: string) {
  const res: Result<unknown> = await t.call(action, data, openid);
  if (res.ok) throw new Error(`${action} should have failed: ${JSON.stringify(res.data)}`);
  return res.error;
}

export { resetStats, roundTrips, setLatency, stats } from '../helpers/localcloud';

let counter = 0;
export const key = (label = 'k') => `${label}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

/** Adds a person the demo lacks (e.g. staff of another community), bound to `openid`. */
export async function addPerson(
  t: TestCloud,
  p: { id: string; name: string; openid: string; communityId: string; roles: PersonDoc['roles']; consent?: boolean },
): Promise<void> {
  const doc: PersonDoc = {
    _id: p.id,
    openid: p.openid,
    name: p.name,
    phone: '13900000000',
    communityId: p.communityId,
    communityName: p.communityId === 'cm-xingfuli' ? '幸福里社区' : '其他社区',
    compoundId: null,
    compoundName: null,
    buildingId: null,
    householdId: null,
    householdLabel: null,
    partyMember: true,
    partyCategory: null,
    publicNameConsent: p.consent ?? false,
    roles: p.roles,
  };
  await t.app.database().collection('persons').add(doc);
}

export const today = () => dateOf(new Date());
export const thisMonth = () => monthOf(new Date());

/** Shared setup of the points tests: a real local cloud with the demo org and points data. */
import type { Result } from '../../core/contracts/common';
import type { PersonDoc } from '../../core/domain/org-model';
import { dateOf, monthOf } from '../../core/domain/points/periods';
import { startTestCloud, type TestCloud } from '../helpers/localcloud';
import type { LocalCloudOptions } from '../../tools/localcloud/server';
import { seedDemo } from '../../tools/seed/seed';

export async function pointsCloud(options: Partial<LocalCloudOptions> = {}): Promise<TestCloud> {
  const t = await startTestCloud({ unindexedQueryThreshold: 0, ...options });
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
    rev: 0,
  };
  await t.app.database().collection('persons').add(doc);
}

/** Uploads a tiny PNG as the WeChat user `openid`, as the mini-program does (the dev gateway's `wx.cloud.uploadFile`); answers its file ID. */
export async function uploadAs(t: TestCloud, openid: string, cloudPath: string): Promise<string> {
  const res = await fetch(`${t.cloud.url}/dev/upload?cloudPath=${encodeURIComponent(cloudPath)}`, {
    method: 'POST',
    headers: { 'content-type': 'image/png', 'x-dev-openid': openid },
    body: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
  });
  const body = (await res.json()) as { fileID?: string };
  if (!res.ok || !body.fileID) throw new Error(`upload ${cloudPath}: ${res.status} ${JSON.stringify(body)}`);
  return body.fileID;
}

export const today = () => dateOf(new Date());
export const thisMonth = () => monthOf(new Date());

/**
 * A claim's photos must be files the claimant uploaded through our storage, into their own folder
 * (`claims/<personId>/…`), and must exist: through the real local cloud, its storage and the dev
 * gateway's upload (the mini-program's `wx.cloud.uploadFile`).
 */
import type { ClaimView } from '../../core/contracts/points';
import type { TestCloud } from '../helpers/localcloud';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { PERSON_IDS } from '../../tools/seed/demo';
import { fail, key, ok, pointsCloud, thisMonth, today, uploadAs } from './points-fixture';

let t: TestCloud;
let own: string;
beforeAll(async () => {
  t = await pointsCloud();
  own = await uploadAs(t, P.leader, `claims/${PERSON_IDS.leader}/${thisMonth()}/own.png`);
}, 120_000);
afterAll(() => t?.close());

// ZY04 needs photos and is approved by the secretary
const submit = (photos: string[]) => t.call<ClaimView>('points.claim.submit', { idempotencyKey: key('claim'), itemCode: 'ZY04', date: today(), note: '照片测试', photos }, P.leader);
const refused = async (photos: string[]) => {
  const res = await submit(photos);
  if (res.ok) throw new Error(`accepted ${JSON.stringify(photos)}`);
  return res.error;
};

it('a photo the leader uploaded into their own folder is accepted and kept', async () => {
  const res = await submit([own]);
  expect(res.ok && res.data.photos).toEqual([own]);
  expect(own).toMatch(new RegExp(`^cloud://local-env\\.[^/]+/claims/${PERSON_IDS.leader}/\\d{4}-\\d{2}/own\\.png$`));
});

it('an arbitrary URL is not a photo', async () => {
  const error = await refused(['https://example.com/photo.jpg']);
  expect(error).toMatchObject({ code: 'VALIDATION_ERROR', issues: [{ path: 'data.photos.0', message: '照片须是在小程序里上传的图片' }] });
});

it('someone else’s upload is refused, even when it exists', async () => {
  const theirs = await uploadAs(t, P.secretary, `claims/${PERSON_IDS.secretary}/${thisMonth()}/theirs.png`);
  expect(await refused([own, theirs])).toEqual({
    code: 'VALIDATION_ERROR',
    message: '第 2 张照片不是你本人在小程序里上传的，请删除后重新上传',
    issues: [{ path: 'data.photos.1', message: '第 2 张照片不是你本人在小程序里上传的，请删除后重新上传' }],
  });
  // nor can a path climb out of the own folder, or sit outside the claims folders
  const bucket = own.slice(0, own.indexOf('/claims/'));
  for (const path of [`claims/${PERSON_IDS.leader}/../${PERSON_IDS.secretary}/${thisMonth()}/theirs.png`, `claims/${PERSON_IDS.leader}`, `avatars/${PERSON_IDS.leader}/a.png`]) {
    expect([path, (await refused([`${bucket}/${path}`])).code]).toEqual([path, 'VALIDATION_ERROR']);
  }
});

it('a file ID in the own folder that names no stored file (never uploaded, or another environment’s) is refused', async () => {
  const missing = own.replace('/own.png', '/never-uploaded.png');
  expect(await refused([own, missing])).toMatchObject({
    code: 'VALIDATION_ERROR',
    message: '第 2 张照片没有找到，可能没有上传成功，请删除后重新上传',
    issues: [{ path: 'data.photos.1' }],
  });
  const otherEnv = `cloud://other-env.6f74-other-env-1250000000/claims/${PERSON_IDS.leader}/${thisMonth()}/own.png`;
  expect((await refused([otherEnv])).message).toBe('第 1 张照片没有找到，可能没有上传成功，请删除后重新上传');
});

it('the same photo twice is refused', async () => {
  expect((await refused([own, own])).issues).toEqual([{ path: 'data.photos', message: '照片不能重复' }]);
});

it('nothing is filed by a refused claim', async () => {
  const before = await ok<{ claims: ClaimView[] }>(t, 'points.claim.list', { box: 'mine' }, P.leader);
  expect((await fail(t, 'points.claim.submit', { idempotencyKey: key(), itemCode: 'ZY04', date: today(), photos: [own.replace('own.png', 'gone.png')] }, P.leader)).code).toBe('VALIDATION_ERROR');
  expect((await ok<{ claims: ClaimView[] }>(t, 'points.claim.list', { box: 'mine' }, P.leader)).claims).toEqual(before.claims);
});

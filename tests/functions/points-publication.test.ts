/**
 * The leader → secretary → staff → public flow through the real local cloud: a claim approved
 * moves the leader's balance and rank; a publication freezes the ranking with consented or masked
 * names, takes an objection, is corrected, re-frozen, finalized, and verifies against the ledger.
 */
import type { BalanceOut, PublicationOut, RankingOut, ReviewOut, VerifyOut } from './points-types';
import type { PublicationSummary } from '../../core/contracts/points';
import type { TestCloud } from '../helpers/localcloud';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { PERSON_IDS } from '../../tools/seed/demo';
import { POINT_COLLECTIONS as C } from '../../core/domain/points/model';
import { fail, key, ok, pointsCloud, thisMonth, today, uploadAs } from './points-fixture';
import { wxControl } from '../helpers/wx';
import { LOCAL_SUBSCRIBE_TEMPLATES } from '../../tools/localcloud/wx/subscribe-message';

const SUBSCRIBE_SEND = '/cgi-bin/message/subscribe/send';

let t: TestCloud;
beforeAll(async () => {
  t = await pointsCloud();
}, 120_000);
afterAll(() => t?.close());

it('a claim approved by the secretary moves the leader’s balance and rank', async () => {
  const before = await ok<BalanceOut>(t, 'points.balance', {}, P.leader);
  const claim = await ok<{ id: string; status: string }>(
    t,
    'points.claim.submit',
    { idempotencyKey: key('claim'), itemCode: 'ZY04', date: today(), note: '协助社区卫生服务站义诊', photos: [await uploadAs(t, P.leader, `claims/${PERSON_IDS.leader}/${thisMonth()}/yizhen.png`)] },
    P.leader,
  );
  expect(claim.status).toBe('pending');
  const mine = await ok<{ claims: { id: string; status: string }[] }>(t, 'points.claim.list', { box: 'mine' }, P.leader);
  expect(mine.claims[0]).toMatchObject({ id: claim.id, status: 'pending' });
  const pending = await ok<{ claims: { id: string }[] }>(t, 'points.claim.list', { box: 'pending' }, P.secretary);
  expect(pending.claims.map((c) => c.id)).toContain(claim.id);

  const wx = wxControl(t.cloud.url);
  await wx.clearOutbox();
  const reviewKey = key('review');
  const review = await ok<ReviewOut>(t, 'points.claim.review', { idempotencyKey: reviewKey, claimId: claim.id, decision: 'approve' }, P.secretary);
  expect(review.claim).toMatchObject({ status: 'approved', review: { by: { id: PERSON_IDS.secretary } } });
  expect(review.entry).toMatchObject({ points: 5, item: { code: 'ZY04' }, source: { type: 'claim', id: claim.id } });
  // the same review again is answered with the first result; a second review is refused
  expect(await ok<ReviewOut>(t, 'points.claim.review', { idempotencyKey: reviewKey, claimId: claim.id, decision: 'approve' }, P.secretary)).toEqual(review);
  expect((await fail(t, 'points.claim.review', { idempotencyKey: key(), claimId: claim.id, decision: 'reject', reason: '重复审核' }, P.staff)).code).toBe('CONFLICT');
  // the leader was told once, by subscribe message, not again on the replay
  const sent = await wx.outbox(SUBSCRIBE_SEND);
  expect(sent).toHaveLength(1);
  expect(sent[0]).toMatchObject({
    request: {
      touser: P.leader,
      template_id: LOCAL_SUBSCRIBE_TEMPLATES.claimResult,
      page: 'packages/leader/pages/claim/index',
      data: { thing1: { value: review.entry!.item!.name }, phrase2: { value: '已通过' }, thing3: { value: '已记 5 分' } },
    },
    response: { errcode: 0 },
  });

  const after = await ok<BalanceOut>(t, 'points.balance', {}, P.leader);
  expect(after.balance).toBe(before.balance + 5);
  expect(after.period.points).toBe(before.period.points + 5);
  expect(after.rank.community!.rank).toBeLessThanOrEqual(before.rank.community!.rank);
  const history = await ok<{ entries: { id: string }[] }>(t, 'points.history', {}, P.leader);
  expect(history.entries[0].id).toBe(review.entry!.id);
  const ranking = await ok<RankingOut>(t, 'points.ranking', { scope: 'branch' }, P.leader);
  const me = ranking.rows.find((r) => r.isMe)!;
  expect(me).toMatchObject({ points: after.period.points, rank: after.rank.branch!.rank, name: '王建国' });
  // others are masked for a leader, and shown to the branch secretary
  expect(ranking.rows.filter((r) => !r.isMe).every((r) => r.name.includes('*'))).toBe(true);
  const forSecretary = await ok<RankingOut>(t, 'points.ranking', { scope: 'branch', scopeId: 'br-heping' }, P.secretary);
  expect(forSecretary.rows.some((r) => r.name === '欧阳娜娜')).toBe(true);
}, 120_000);

it('points.balance ranks in branch and community as the ranking pages rank', async () => {
  const b = await ok<BalanceOut>(t, 'points.balance', {}, P.leader);
  for (const scope of ['branch', 'community'] as const) {
    const page = await ok<RankingOut>(t, 'points.ranking', { scope, pageSize: 20 }, P.leader);
    expect(page.hasMore).toBe(false);
    expect(b.rank[scope]).toEqual({ rank: page.rows.find((r) => r.isMe)!.rank, of: page.rows.length });
  }
}, 60_000);

it('points.balance gives no rank for a period without points, and still the balance', async () => {
  const b = await ok<BalanceOut>(t, 'points.balance', { period: '2020-01' }, P.leader);
  expect(b.rank).toEqual({ branch: null, community: null });
  expect(b.period.points).toBe(0);
  expect(b.balance).toBeGreaterThan(0);

  const none = await ok<BalanceOut>(t, 'points.balance', {}, P.resident); // never awarded: no account yet
  expect(none).toMatchObject({ balance: 0, period: { points: 0 }, rank: { branch: null, community: null } });
}, 60_000);

it('a leader who did not allow the notice (43101) has the claim reviewed all the same', async () => {
  const wx = wxControl(t.cloud.url);
  await wx.clearOutbox();
  const claim = await ok<{ id: string }>(
    t,
    'points.claim.submit',
    { idempotencyKey: key('claim'), itemCode: 'ZY04', date: today(), note: '义诊帮忙', photos: [await uploadAs(t, P.leader, `claims/${PERSON_IDS.leader}/${thisMonth()}/blur.png`)] },
    P.leader,
  );
  await wx.fail({ api: SUBSCRIBE_SEND, errcode: 43101 });
  const review = await ok<ReviewOut>(t, 'points.claim.review', { idempotencyKey: key('review'), claimId: claim.id, decision: 'reject', reason: '照片看不清，请补充' }, P.secretary);
  expect(review.claim.status).toBe('rejected');
  const sent = await wx.outbox(SUBSCRIBE_SEND);
  expect(sent).toHaveLength(1);
  expect(sent[0]).toMatchObject({
    request: { touser: P.leader, data: { phrase2: { value: '未通过' }, thing3: { value: '驳回理由：照片看不清，请补充' } } },
    response: { errcode: 43101 },
  });
}, 60_000);

it('publishes, takes an objection, corrects, finalizes and verifies', async () => {
  const period = thisMonth();
  const createKey = key('pub');
  const pub = await ok<PublicationSummary>(t, 'points.publication.create', { idempotencyKey: createKey, period, scope: 'branch', scopeId: 'br-heping' }, P.staff);
  expect(pub).toMatchObject({ status: 'open', revision: 1, scope: { type: 'branch', id: 'br-heping', name: '和平小区党支部' }, openObjections: 0 });
  expect(await ok(t, 'points.publication.create', { idempotencyKey: createKey, period, scope: 'branch', scopeId: 'br-heping' }, P.staff)).toEqual(pub);
  expect((await fail(t, 'points.publication.create', { idempotencyKey: key(), period, scope: 'branch', scopeId: 'br-heping' }, P.staff)).code).toBe('CONFLICT');

  // the public view: consented names in full, the others masked, no phone anywhere
  const view = await ok<PublicationOut>(t, 'points.publication.get', { publicationId: pub.id }, P.resident);
  const byId = new Map(view.rows.map((r) => [r.personId, r]));
  expect(byId.get(PERSON_IDS.leader)!.name).toBe('王建国'); // consented
  expect(byId.get('p-007')!.name).toBe('赵丽娟'); // consented
  expect(byId.get('p-013')!.name).toBe('欧阳**');
  expect(byId.get('p-008')!.name).toBe('黄**');
  // no phone, whole or masked (\b: the ledger hashes are hex words that can hold 11 digits in a row)
  expect(JSON.stringify(view)).not.toMatch(/\b1[3-9]\d{9}\b|\d{3}\*{4}\d{4}/);
  expect(view.canObject).toBe(true);
  for (let i = 1; i < view.rows.length; i++) {
    const [a, b] = [view.rows[i - 1], view.rows[i]];
    expect(b.points <= a.points && (b.points === a.points ? b.rank === a.rank : b.rank === i + 1)).toBe(true);
  }

  const objection = await ok<{ id: string; status: string }>(t, 'points.publication.object', { idempotencyKey: key(), publicationId: pub.id, text: '黄国平上月组织过楼道清理，积分少算了' }, P.resident);
  expect(objection.status).toBe('open');
  const finalizeKey = key('fin');
  expect((await fail(t, 'points.publication.finalize', { idempotencyKey: finalizeKey, publicationId: pub.id }, P.staff)).message).toBe('公示期尚未结束，不能定稿');

  const p008 = byId.get('p-008')!.points;
  const resolved = await ok<{ publication: PublicationSummary; entries: { points: number; source: { type: string } }[]; objection: { status: string } }>(
    t,
    'points.publication.resolve',
    { idempotencyKey: key('res'), objectionId: objection.id, answer: '经核实补记 3 分', corrections: [{ personId: 'p-008', points: 3, reason: '补记楼道清理' }] },
    P.staff,
  );
  expect(resolved.objection.status).toBe('resolved');
  expect(resolved.entries).toMatchObject([{ points: 3, source: { type: 'correction' } }]);
  expect(resolved.publication).toMatchObject({ revision: 2, openObjections: 0 });
  expect(resolved.publication.head.seq).toBeGreaterThan(pub.head.seq);
  const corrected = await ok<PublicationOut>(t, 'points.publication.get', { publicationId: pub.id }, P.resident);
  expect(corrected.rows.find((r) => r.personId === 'p-008')!.points).toBe(p008 + 3);
  expect(corrected.objections[0]).toMatchObject({ status: 'resolved', answer: '经核实补记 3 分', by: { name: '李秀兰' } });
  // a leader sees the objector masked
  const forLeader = await ok<PublicationOut>(t, 'points.publication.get', { publicationId: pub.id }, P.leader);
  expect(forLeader.objections[0].by.name).toBe('李**');

  // anyone in the community can check the published list against the ledger
  expect((await ok<VerifyOut>(t, 'points.verify', { publicationId: pub.id }, P.resident)).problems).toEqual([]);

  // the window passes
  await t.app.database().collection(C.publications).doc(pub.id).update({ windowEndsAt: new Date(Date.now() - 1000).toISOString() });
  const final = await ok<PublicationSummary>(t, 'points.publication.finalize', { idempotencyKey: finalizeKey, publicationId: pub.id }, P.staff);
  expect(final.status).toBe('final');
  expect(await ok(t, 'points.publication.finalize', { idempotencyKey: finalizeKey, publicationId: pub.id }, P.staff)).toEqual(final);
  expect((await fail(t, 'points.publication.object', { idempotencyKey: key(), publicationId: pub.id, text: '定稿后还想提异议' }, P.resident)).code).toBe('PRECONDITION_FAILED');

  // an edited published list is caught
  const { data } = await t.app.database().collection(C.publications).doc(pub.id).get();
  const rows = data[0].rows.map((r: { personId: string; points: number }) => (r.personId === 'p-013' ? { ...r, points: r.points + 50 } : r));
  await t.app.database().collection(C.publications).doc(pub.id).update({ rows });
  const report = await ok<VerifyOut>(t, 'points.verify', { publicationId: pub.id }, P.resident);
  expect(report.problems.map((p) => [p.kind, p.docId, p.field])).toEqual(
    expect.arrayContaining([
      ['publication', pub.id, 'rowsHash'],
      ['publication', pub.id, 'rows.p-013'],
    ]),
  );
}, 180_000);

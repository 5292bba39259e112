/**
 * The `teams` function through the real local cloud on the demo org: applying (content check),
 * the leader's review (approval through an org change, rejection with a reason, applying again),
 * a leader's and staff's decisions at the same moment (exactly one lands), the team page (members
 * masked to the public, volunteer hours from a finished activity, recent activities) and the
 * community's list of teams.
 */
import type { ActivityView } from '../../core/contracts/activities';
import type { ApplicationView, TeamSummary, TeamView } from '../../core/contracts/teams';
import { teamDoc } from '../../core/domain/org-model';
import { applicationDoc } from '../../core/domain/service/teams';
import { PERSON_IDS } from '../../tools/seed/demo';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { addPerson, fail, key, ok, pointsCloud, resetStats, roundTrips, setLatency, stats, thisMonth, uploadAs } from './points-fixture';
import { setClock as setClockOf, type TestCloud } from '../helpers/localcloud';

let t: TestCloud;
beforeAll(async () => {
  t = await pointsCloud();
}, 120_000);
afterAll(() => t?.close());

const TEAM = 'tm-hongguanjia';
/** 赵丽娟 leads 和平红管家服务队 (members 赵丽娟, 刘志强, 郑永刚, 黄国平) */
const LEADER = 'demo-p-007';
const HOUR = 3_600_000;
const setClock = (offsetMs: number) => setClockOf(t, offsetMs);

const apply = (openid: string, note = '') => t.call<ApplicationView>('teams.apply', { teamId: TEAM, idempotencyKey: key('ap'), note }, openid);
const review = (applicationId: string, openid: string, verdict: { approve: true } | { approve: false; reason: string }) =>
  t.call<ApplicationView>('teams.review', { applicationId, idempotencyKey: key('rv'), ...verdict }, openid);
const team = async () => teamDoc.parse(((await t.app.database().collection('teams').doc(TEAM).get()).data as unknown[])[0]);

describe('joining a team', () => {
  it('a resident applies; the leader sees it and approves; they are a member through an org change', async () => {
    const applied = await apply(P.resident, '退休在家，想帮邻居老人代买代办');
    expect(applied).toMatchObject({ ok: true, data: { status: 'pending', personName: '李秀兰' } });
    if (!applied.ok) return;
    // applying again while it waits answers the same application
    expect(await apply(P.resident)).toMatchObject({ ok: true, data: { id: applied.data.id, status: 'pending' } });
    const pending = await ok<{ items: ApplicationView[] }>(t, 'teams.applications', { teamId: TEAM }, LEADER);
    expect(pending.items.map((a) => a.personName)).toContain('李秀兰');
    expect(await fail(t, 'teams.applications', { teamId: TEAM }, P.leader)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await review(applied.data.id, P.leader, { approve: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const before = await team();
    const approved = await review(applied.data.id, LEADER, { approve: true });
    expect(approved).toMatchObject({ ok: true, data: { status: 'approved' } });
    const after = await team();
    expect(after.memberIds).toEqual([...before.memberIds, PERSON_IDS.resident]);
    expect(after.rev).toBe(before.rev + 1);
    const { data: audit } = await t.app.database().collection('orgAudit').where({ communityId: 'cm-xingfuli', 'target.id': TEAM }).limit(100).get();
    expect((audit as { action: string; summary: string }[]).filter((a) => a.action === 'teams.review').map((a) => a.summary)).toEqual([
      expect.stringContaining('李秀兰加入服务队「和平红管家服务队」'),
    ]);
    expect((await ok<TeamView>(t, 'teams.get', { teamId: TEAM }, P.resident)).me).toEqual({ member: true, application: 'approved', reason: null, reviews: false });
    expect(await apply(P.resident)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await review(applied.data.id, LEADER, { approve: true })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  }, 60_000);

  it('rejects with a reason the applicant reads; they may apply again', async () => {
    const applied = await apply('demo-p-027');
    if (!applied.ok) throw new Error(JSON.stringify(applied.error));
    expect(await t.call('teams.review', { applicationId: applied.data.id, idempotencyKey: key('rv'), approve: false }, LEADER)).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
    expect(await review(applied.data.id, P.staff, { approve: false, reason: '本队只服务和平小区，建议加入技乐家维修队' })).toMatchObject({
      ok: true,
      data: { status: 'rejected', reason: '本队只服务和平小区，建议加入技乐家维修队' },
    });
    expect((await team()).memberIds).not.toContain('p-027');
    expect((await ok<TeamView>(t, 'teams.get', { teamId: TEAM }, 'demo-p-027')).me).toMatchObject({ application: 'rejected', reason: '本队只服务和平小区，建议加入技乐家维修队' });
    expect(await apply('demo-p-027', '我就住和平小区5号楼')).toMatchObject({ ok: true, data: { id: applied.data.id, status: 'pending', reason: null } });
  });

  it('refuses a risky note', async () => {
    expect(await apply(P.gridWorker, '我可以组织大家赌博')).toMatchObject({ ok: false, error: { code: 'CONTENT_REJECTED' } });
  });
});

describe('a leader and staff deciding at the same moment', () => {
  /** 曹志勇 leads 幸福里技乐家维修队 (members 曹志勇, 吴建华, 高建军) */
  const REPAIRS = 'tm-jilejia';
  const REPAIRS_LEADER = 'demo-p-033';
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const applyTo = async (openid: string) => {
    const r = await t.call<ApplicationView>('teams.apply', { teamId: REPAIRS, idempotencyKey: key('ap'), note: '会修水电' }, openid);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.data;
  };
  const stored = async (id: string) => applicationDoc.parse(((await t.app.database().collection('teamApplications').doc(id).get()).data as unknown[])[0]);
  const repairs = async () => teamDoc.parse(((await t.app.database().collection('teams').doc(REPAIRS).get()).data as unknown[])[0]);
  const joinsAudited = async (name: string) => {
    const { data } = await t.app.database().collection('orgAudit').where({ communityId: 'cm-xingfuli', 'target.id': REPAIRS }).limit(100).get();
    return (data as { action: string; summary: string }[]).filter((a) => a.action === 'teams.review' && a.summary.startsWith(`${name}加入`)).length;
  };

  /** what every decided pair must hold: one decision landed, the other was told so and changed nothing */
  async function expectOneLanded(a: ApplicationView, approval: Awaited<ReturnType<typeof review>>, rejection: Awaited<ReturnType<typeof review>>) {
    const landed = [approval, rejection].filter((r) => r.ok);
    expect(landed).toHaveLength(1);
    const lost = approval.ok ? rejection : approval;
    expect(lost).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '这份申请已由他人处理，请刷新后查看' } });
    const doc = await stored(a.id);
    const members = (await repairs()).memberIds;
    if (approval.ok) {
      expect(doc).toMatchObject({ status: 'approved', reason: null, reviewerName: '曹志勇', rev: 1 });
      expect(members.filter((m) => m === a.personId)).toHaveLength(1);
      expect(await joinsAudited(a.personName)).toBe(1);
    } else {
      expect(doc).toMatchObject({ status: 'rejected', reason: '队里人手已满，请下次再报名', reviewerName: '陈美华', rev: 1 });
      expect(members).not.toContain(a.personId);
      expect(await joinsAudited(a.personName)).toBe(0);
    }
    return approval.ok ? 'approved' : 'rejected';
  }

  it('lands exactly one of an approval and a rejection sent together, and the team agrees with it', async () => {
    const applicants = ['demo-p-021', 'demo-p-022', 'demo-p-023', 'demo-p-025'];
    const applications = await Promise.all(applicants.map(applyTo));
    const before = (await repairs()).memberIds;
    // every pair at once: 8 decisions racing over 4 applications and the one team document
    const results = await Promise.all(
      applications.map((a) => Promise.all([review(a.id, REPAIRS_LEADER, { approve: true }), review(a.id, P.staff, { approve: false, reason: '队里人手已满，请下次再报名' })])),
    );
    const outcomes: string[] = [];
    for (const [i, a] of applications.entries()) outcomes.push(await expectOneLanded(a, results[i][0], results[i][1]));
    const approved = applications.filter((_, i) => outcomes[i] === 'approved').map((a) => a.personId);
    // the approved ones joined, once each, in whatever order their changes committed
    expect([...(await repairs()).memberIds].sort()).toEqual([...before, ...approved].sort());
  }, 120_000);

  it('also when the rejection comes while the approval is under way', async () => {
    const applicants = ['demo-p-026', 'demo-p-030', 'demo-p-031', 'demo-p-019'];
    const applications = await Promise.all(applicants.map(applyTo));
    for (const [i, a] of applications.entries()) {
      const approval = review(a.id, REPAIRS_LEADER, { approve: true });
      await sleep([30, 120, 300, 700][i]);
      const rejection = review(a.id, P.staff, { approve: false, reason: '队里人手已满，请下次再报名' });
      await expectOneLanded(a, await approval, await rejection);
    }
  }, 120_000);

  it('lands one of two approvals at once; the member is added once', async () => {
    const a = await applyTo('demo-p-013');
    const before = (await repairs()).memberIds;
    const results = await Promise.all([review(a.id, REPAIRS_LEADER, { approve: true }), review(a.id, P.staff, { approve: true })]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '这份申请已由他人处理，请刷新后查看' } });
    expect((await repairs()).memberIds).toEqual([...before, 'p-013']);
    expect(await joinsAudited('欧阳娜娜')).toBe(1);
    expect(await stored(a.id)).toMatchObject({ status: 'approved', rev: 1 });
  }, 60_000);

  it('a rejection waits on 3 sequential round trips, an approval (an org change) on 8', async () => {
    const [toReject, toApprove] = await Promise.all(['demo-p-012', 'demo-p-011'].map(applyTo));
    await setLatency(t, 30);
    try {
      await resetStats(t);
      expect((await review(toReject.id, P.staff, { approve: false, reason: '队里人手已满，请下次再报名' })).ok).toBe(true);
      expect((await stats(t)).sequentialRoundTrips).toBe(3);
      await resetStats(t);
      expect((await review(toApprove.id, REPAIRS_LEADER, { approve: true })).ok).toBe(true);
      expect((await stats(t)).sequentialRoundTrips).toBe(8);
    } finally {
      await setLatency(t, 0);
    }
  });

  it('answers a retried decision with what it did, not as someone else’s', async () => {
    const a = await applyTo('demo-p-029');
    const k = key('rv');
    const first = await t.call<ApplicationView>('teams.review', { applicationId: a.id, idempotencyKey: k, approve: false, reason: '请先参加一次活动' }, P.staff);
    const again = await t.call<ApplicationView>('teams.review', { applicationId: a.id, idempotencyKey: k, approve: false, reason: '请先参加一次活动' }, P.staff);
    expect(first).toMatchObject({ ok: true, data: { status: 'rejected' } });
    expect(again).toEqual(first);
    expect(await stored(a.id)).toMatchObject({ rev: 1 });
  });
});

describe('the team page', () => {
  it('masks members to the public, shows full names to the leader, hours from finished activities and recent activities', async () => {
    // 赵丽娟's team runs an activity; 郑永刚 attends and is credited 2 hours
    const a = await ok<ActivityView>(
      t,
      'activities.create',
      {
        idempotencyKey: key('ac'),
        organiser: { kind: 'team', teamId: TEAM },
        title: '红管家探访独居老人',
        description: '分组上门探访和平小区的独居老人，了解需要。',
        startAt: new Date(Date.now() + 24 * HOUR).toISOString(),
        endAt: new Date(Date.now() + 26 * HOUR).toISOString(),
        place: '和平小区党群服务站',
        capacity: 10,
        signupDeadline: new Date(Date.now() + 23 * HOUR).toISOString(),
        itemCode: 'ZY01',
        volunteerHours: 2,
      },
      LEADER,
    );
    expect((await t.call('activities.signup', { activityId: a.id, idempotencyKey: key('su') }, 'demo-p-024')).ok).toBe(true);
    try {
      await setClock(24 * HOUR + 60_000);
      const { code } = await ok<{ code: string }>(t, 'activities.code', { activityId: a.id }, LEADER);
      expect((await t.call('activities.checkin', { activityId: a.id, code }, 'demo-p-024')).ok).toBe(true);
      await setClock(26 * HOUR + 60_000);
      const photo = await uploadAs(t, LEADER, `activities/p-007/${thisMonth()}/visit.png`);
      expect(await ok(t, 'activities.finish', { activityId: a.id, idempotencyKey: key('fin'), summary: '探访了 12 户独居老人', photos: [photo] }, LEADER)).toEqual({ attendees: 1, awarded: 1, pending: 0 });
    } finally {
      await setClock(0);
    }

    const seen = await ok<TeamView>(t, 'teams.get', { teamId: TEAM }, 'demo-p-029');
    expect(seen).toMatchObject({ name: '和平红管家服务队', type: '红管家', services: ['独居老人探访', '代买代办', '政策宣传'], leader: '赵丽娟' });
    // 赵丽娟 and 刘志强 consented to show their names; 郑永刚 and 黄国平 did not
    expect(seen.members.slice(0, 4)).toEqual([
      { name: '赵丽娟', hours: 0 },
      { name: '刘志强', hours: 0 },
      { name: '郑**', hours: 2 },
      { name: '黄**', hours: 0 },
    ]);
    expect(seen.recentActivities[0]).toMatchObject({ id: a.id, title: '红管家探访独居老人', status: 'finished' });
    expect(seen.me).toEqual({ member: false, application: null, reason: null, reviews: false });
    const asLeader = await ok<TeamView>(t, 'teams.get', { teamId: TEAM }, LEADER);
    expect(asLeader.members.map((m) => m.name)).toContain('郑永刚');
    expect(asLeader.me.reviews).toBe(true);
  }, 60_000);

  it('lists the community’s live teams with member count, the members’ hours as the team pages sum them, and the caller’s standing', async () => {
    // a retired team stays in the database and out of the list
    await t.app.database().collection('teams').add({ ...(await team()), _id: 'tm-retired', name: '已停用的服务队', retiredAt: new Date().toISOString() });
    const asResident = await ok<{ items: TeamSummary[] }>(t, 'teams.list', {}, P.resident);
    expect(asResident.items.map((i) => [i.type, i.name])).toEqual([
      ['红管家', '和平红管家服务队'],
      ['技乐家', '幸福里技乐家维修队'],
      ['应急服务队', '红星老街应急服务队'],
    ]);
    for (const item of asResident.items) {
      const page = await ok<TeamView>(t, 'teams.get', { teamId: item.id }, P.resident);
      expect(item.services).toEqual(page.services);
      expect(item.memberCount).toBe(page.members.length);
      expect(item.hours).toBe(page.members.reduce((n, m) => n + m.hours, 0));
    }
    // 郑永刚's 2 hours from the finished activity above
    expect(asResident.items[0]).toMatchObject({ memberCount: (await team()).memberIds.length, hours: 2, me: { member: true, application: 'approved' } });
    expect(asResident.items[1].me).toEqual({ member: false, application: null });
    // 唐秀英 applied again after her rejection; 梁文涛 was turned away by 技乐家 or joined it in the race above
    expect((await ok<{ items: TeamSummary[] }>(t, 'teams.list', {}, 'demo-p-027')).items[0].me).toEqual({ member: false, application: 'pending' });
    const raced = (await ok<{ items: TeamSummary[] }>(t, 'teams.list', {}, 'demo-p-022')).items[1].me;
    expect(raced.member ? raced.application === 'approved' : raced.application === 'rejected').toBe(true);
    expect(await fail(t, 'teams.list', {}, P.visitor)).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('answers the list after 2 sequential database round trips: the caller, then the teams with their sign-ups beside the caller’s applications', async () => {
    await setLatency(t, 30);
    try {
      await resetStats(t);
      expect((await ok<{ items: TeamSummary[] }>(t, 'teams.list', {}, P.resident)).items).toHaveLength(3);
      const s = await stats(t);
      expect(roundTrips(s)).toBe(3);
      expect(s.sequentialRoundTrips).toBe(2);
    } finally {
      await setLatency(t, 0);
    }
  });

  it('is not shown to another community, nor can its people apply', async () => {
    await addPerson(t, { id: 'p-far', name: '远方来客', openid: 'far-away', communityId: 'cm-other', roles: [] });
    expect(await fail(t, 'teams.get', { teamId: TEAM }, 'far-away')).toMatchObject({ code: 'NOT_FOUND' });
    expect(await ok(t, 'teams.list', {}, 'far-away')).toEqual({ items: [] });
    expect(await apply('far-away')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

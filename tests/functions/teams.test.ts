/**
 * The `teams` function through the real local cloud on the demo org: applying (content check),
 * the leader's review (approval through an org change, rejection with a reason, applying again),
 * and the team page (members masked to the public, volunteer hours from a finished activity,
 * recent activities).
 */
import type { ActivityView } from '../../core/contracts/activities';
import type { ApplicationView, TeamView } from '../../core/contracts/teams';
import { teamDoc } from '../../core/domain/org-model';
import { PERSON_IDS } from '../../tools/seed/demo';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import type { TestCloud } from '../helpers/localcloud';
import { addPerson, fail, key, ok, pointsCloud, thisMonth, uploadAs } from './points-fixture';

let t: TestCloud;
beforeAll(async () => {
  t = await pointsCloud();
}, 120_000);
afterAll(() => t?.close());

const TEAM = 'tm-hongguanjia';
/** 赵丽娟 leads 和平红管家服务队 (members 赵丽娟, 刘志强, 郑永刚, 黄国平) */
const LEADER = 'demo-p-007';
const HOUR = 3_600_000;
const setClock = (offsetMs: number) => fetch(`${t.cloud.url}/__localcloud/clock`, { method: 'POST', body: JSON.stringify({ offsetMs }) });

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
    expect((await ok<TeamView>(t, 'teams.get', { teamId: TEAM }, P.resident)).me).toEqual({ member: true, application: 'approved', reviews: false });
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
    expect((await ok<TeamView>(t, 'teams.get', { teamId: TEAM }, 'demo-p-027')).me.application).toBe('rejected');
    expect(await apply('demo-p-027', '我就住和平小区5号楼')).toMatchObject({ ok: true, data: { id: applied.data.id, status: 'pending', reason: null } });
  });

  it('refuses a risky note', async () => {
    expect(await apply(P.gridWorker, '我可以组织大家赌博')).toMatchObject({ ok: false, error: { code: 'CONTENT_REJECTED' } });
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
    expect(seen.me).toEqual({ member: false, application: null, reviews: false });
    const asLeader = await ok<TeamView>(t, 'teams.get', { teamId: TEAM }, LEADER);
    expect(asLeader.members.map((m) => m.name)).toContain('郑永刚');
    expect(asLeader.me.reviews).toBe(true);
  }, 60_000);

  it('is not shown to another community, nor can its people apply', async () => {
    await addPerson(t, { id: 'p-far', name: '远方来客', openid: 'far-away', communityId: 'cm-other', roles: [] });
    expect(await fail(t, 'teams.get', { teamId: TEAM }, 'far-away')).toMatchObject({ code: 'NOT_FOUND' });
    expect(await apply('far-away')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

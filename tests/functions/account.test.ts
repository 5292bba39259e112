/** `account.me` through the real local cloud, for every demo persona and for strangers. */
import type { MeView } from '../../core/contracts/account';
import { ROLE_LABELS, type RoleCode } from '../../core/contracts/org';
import { resetStats, startTestCloud, stats, type TestCloud } from '../helpers/localcloud';
import { seedDemo } from '../../tools/seed/seed';
import { PERSONA_OPENIDS, personas } from '../../tools/seed/personas';

// a function's first call is a cold start of its instance
jest.setTimeout(30_000);

let t: TestCloud;

beforeAll(async () => {
  t = await startTestCloud({ unindexedQueryThreshold: 0 });
  expect(await seedDemo(t.app)).toBe(true);
}, 60_000);
afterAll(() => t?.close());


const bound = personas.filter((p) => p.openid !== PERSONA_OPENIDS.visitor);

describe.each(bound)('account.me as $label', (persona) => {
  it('answers the bound person, their role and its scope in words', async () => {
    const res = await t.call<MeView>('account.me', {}, persona.openid);
    if (!res.ok || !res.data.bound) throw new Error(JSON.stringify(res));
    expect(res.data.person.name).toBe(persona.name);
    expect(res.data.person.communityName).toBe('幸福里社区');
    expect(res.data.person.maskedPhone).toMatch(/^138\*{4}\d{4}$/);
    const role = res.data.roles.find((r) => r.role === persona.role);
    expect(role).toMatchObject({ label: ROLE_LABELS[persona.role as RoleCode], scopeLabel: expect.stringMatching(/^幸福里社区/) });
  });
});

describe('account.me', () => {
  it('tells the resident where they live', async () => {
    const res = await t.call<MeView>('account.me', undefined, PERSONA_OPENIDS.resident);
    expect(res).toEqual({
      ok: true,
      data: {
        bound: true,
        person: {
          id: 'p-resident',
          name: '李秀兰',
          maskedPhone: '138****0001',
          communityId: 'cm-xingfuli',
          communityName: '幸福里社区',
          compoundId: 'cp-heping',
          compoundName: '和平小区',
          householdId: 'hh-heping-1-1-101',
          householdLabel: '1号楼1单元101',
          partyMember: false,
          publicNameConsent: false,
        },
        roles: [
          {
            role: 'resident',
            label: '居民',
            scope: { communityId: 'cm-xingfuli', compoundId: 'cp-heping', householdId: 'hh-heping-1-1-101' },
            scopeLabel: '幸福里社区 · 和平小区 · 1号楼1单元101',
          },
        ],
      },
    });
  });

  it('lists every role of a person who has several', async () => {
    const res = await t.call<MeView>('account.me', {}, PERSONA_OPENIDS.leader);
    if (!res.ok || !res.data.bound) throw new Error(JSON.stringify(res));
    expect(res.data.roles.map((r) => [r.label, r.scopeLabel])).toEqual([
      ['居民', '幸福里社区 · 和平小区 · 2号楼1单元201'],
      ['红色近邻长', '幸福里社区 · 和平小区 · 1号楼、2号楼'],
    ]);
  });

  it.each([PERSONA_OPENIDS.visitor, 'o-never-seen-before'])('tells the unbound %s what to do next', async (openid) => {
    const res = await t.call<MeView>('account.me', {}, openid);
    expect(res).toEqual({ ok: true, data: { bound: false, nextStep: expect.stringContaining('邀请码') } });
  });

  it('refuses a call without a WeChat user', async () => {
    const res = await t.call('account.me', {});
    expect(res).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: expect.stringMatching(/[\u4e00-\u9fff]/) } });
  });

  it('is seeded once: seeding again writes nothing', async () => {
    await resetStats(t);
    expect(await seedDemo(t.app)).toBe(false);
    const s = await stats(t);
    expect(Object.keys(s).filter((k) => /insert|modify|remove/.test(k))).toEqual([]);
  });

  it('costs one indexed read and no write', async () => {
    await resetStats(t);
    await t.call('account.me', {}, PERSONA_OPENIDS.secretary);
    const s = await stats(t);
    expect(s['database.getDocument']).toBe(1);
    expect(Object.keys(s).filter((k) => /insert|modify|remove/.test(k))).toEqual([]);
    expect(s['plan.scan'] ?? 0).toBe(0);
  });
});

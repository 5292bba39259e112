/** The pure rules of getting in: invite codes, the scope an invite grants, who may invite, binding, erasure. */
import fc from 'fast-check';
import { codeFromScene, INVITE_ALPHABET, inviteScene, isInviteCode, newInviteCode, normalizeInviteCode } from '../../core/domain/account/invite-code';
import { grantIndex, inviteRefusal, inviteScope, inviteUnusable, revokeRefusal, withoutRole, withRole, type TargetNodes } from '../../core/domain/account/invites';
import { boundTo, erasedPerson, mayReview, movedOut, requestReviewerKeys, reviewerKeysOf, ERASED_NAME } from '../../core/domain/account/binding';
import type { InviteDoc } from '../../core/domain/account/model';
import { AccountError } from '../../core/domain/account/errors';
import { nameDigest, nameIntact, sealName } from '../../core/domain/points/entry-name';
import { demoData, BRANCH_IDS, COMMUNITY_ID, COMPOUND_IDS, PERSON_IDS, buildingId } from '../../tools/seed/demo';

const { snapshot, households } = demoData();
const person = (id: string) => snapshot.persons.find((p) => p._id === id)!;
const nodes = (over: Partial<TargetNodes> = {}): TargetNodes => ({
  community: snapshot.community,
  branch: null,
  grid: null,
  compound: null,
  buildings: [],
  ...over,
});
const compound = (id: string) => snapshot.compounds.find((c) => c._id === id)!;
const building = (id: string) => snapshot.buildings.find((b) => b._id === id)!;

describe('invite codes', () => {
  it('are 8 characters of an alphabet without look-alikes, every character equally likely', () => {
    expect(INVITE_ALPHABET).not.toMatch(/[01OIL]/);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), (bytes) => {
        let i = 0;
        const code = newInviteCode((n) => Uint8Array.from({ length: n }, () => bytes[i++ % bytes.length]));
        return isInviteCode(code);
      }),
    );
    // bytes past the last whole multiple of the alphabet are skipped, not folded onto its start
    const skipped = newInviteCode((n) => Uint8Array.from({ length: n }, (_, k) => (k % 2 ? 255 : 0)));
    expect(skipped).toBe('AAAAAAAA');
  });

  it('are read as typed with spaces, dashes and small letters, and from a scanned scene', () => {
    expect(normalizeInviteCode(' abcd-efgh ')).toBe('ABCDEFGH');
    expect(isInviteCode('ABCD0FGH')).toBe(false);
    expect(inviteScene('ABCDEFGH')).toBe('i=ABCDEFGH');
    expect(inviteScene('ABCDEFGH').length).toBeLessThanOrEqual(32);
    expect(codeFromScene(encodeURIComponent('i=ABCDEFGH'))).toBe('ABCDEFGH');
    expect(codeFromScene('x=1')).toBeNull();
    expect(codeFromScene('%E0%A4%A')).toBeNull();
  });
});

describe('inviteScope', () => {
  it('fills a leader’s branch and compound in from the tree and labels the scope', () => {
    const b = building(buildingId('heping', 2));
    expect(inviteScope('leader', { communityId: COMMUNITY_ID, compoundId: COMPOUND_IDS.heping, buildingIds: [b._id] }, nodes({ compound: compound(COMPOUND_IDS.heping), buildings: [b] }))).toEqual({
      scope: { communityId: COMMUNITY_ID, compoundId: COMPOUND_IDS.heping, branchId: BRANCH_IDS.heping, buildingIds: [b._id] },
      scopeLabel: '幸福里社区 · 和平小区 · 2号楼',
    });
  });

  it('refuses retired nodes, nodes of another compound or community, and a unit of another building', () => {
    const retired = { ...building(buildingId('heping', 2)), retiredAt: '2026-01-01T00:00:00Z' };
    const fail = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return err instanceof AccountError ? [err.code, err.issues?.[0].path] : err;
      }
      return 'no error';
    };
    const heping = compound(COMPOUND_IDS.heping);
    expect(fail(() => inviteScope('building_head', { communityId: COMMUNITY_ID, compoundId: heping._id, buildingIds: [retired._id] }, nodes({ compound: heping, buildings: [retired] })))).toEqual(['VALIDATION_ERROR', 'buildingIds.0']);
    const other = building(buildingId('hongxing', 1));
    expect(fail(() => inviteScope('leader', { communityId: COMMUNITY_ID, compoundId: heping._id, buildingIds: [other._id] }, nodes({ compound: heping, buildings: [other] })))).toEqual(['VALIDATION_ERROR', 'buildingIds.0']);
    expect(fail(() => inviteScope('staff', { communityId: 'cm-other' }, nodes()))).toEqual(['VALIDATION_ERROR', 'communityId']);
    const b1 = building(buildingId('heping', 1));
    expect(fail(() => inviteScope('unit_head', { communityId: COMMUNITY_ID, compoundId: heping._id, buildingIds: [b1._id], unitId: 'un-heping-2-1' }, nodes({ compound: heping, buildings: [b1] })))).toEqual(['VALIDATION_ERROR', 'unitId']);
    const branch = { ...snapshot.branches[0], communityId: 'cm-other' };
    expect(fail(() => inviteScope('secretary', { communityId: COMMUNITY_ID, branchId: branch._id }, nodes({ branch })))).toEqual(['VALIDATION_ERROR', 'branchId']);
  });
});

describe('who may invite and revoke', () => {
  const leaderScope = { communityId: COMMUNITY_ID, compoundId: COMPOUND_IDS.heping, branchId: BRANCH_IDS.heping, buildingIds: [buildingId('heping', 1)] };
  it('lets staff invite any role but 管理员 in their community, a secretary only leaders and committee of their branch', () => {
    expect(inviteRefusal(person(PERSON_IDS.staff), 'grid_worker', { communityId: COMMUNITY_ID, compoundId: COMPOUND_IDS.heping, gridId: 'gd-heping-1' })).toBeNull();
    expect(inviteRefusal(person(PERSON_IDS.staff), 'staff', { communityId: 'cm-other' })).toMatch(/工作人员/);
    expect(inviteRefusal(person(PERSON_IDS.staff), 'admin', { communityIds: [COMMUNITY_ID] })).toBe('只有管理员可以邀请管理员');
    expect(inviteRefusal(person(PERSON_IDS.admin), 'admin', { communityIds: [COMMUNITY_ID] })).toBeNull();
    expect(inviteRefusal(person(PERSON_IDS.secretary), 'leader', leaderScope)).toBeNull();
    expect(inviteRefusal(person(PERSON_IDS.secretary), 'committee', { communityId: COMMUNITY_ID, branchId: BRANCH_IDS.hongxingLaojie })).toMatch(/本支部/);
    expect(inviteRefusal(person(PERSON_IDS.secretary), 'staff', { communityId: COMMUNITY_ID })).toMatch(/本支部/);
    expect(inviteRefusal(person(PERSON_IDS.resident), 'leader', leaderScope)).toMatch(/工作人员/);
  });

  it('lets staff revoke in their community; an 管理员 grant only an administrator', () => {
    const leader = person(PERSON_IDS.leader);
    const wangScope = { buildingIds: [buildingId('heping', 1), buildingId('heping', 2)], branchId: BRANCH_IDS.heping, compoundId: COMPOUND_IDS.heping, communityId: COMMUNITY_ID };
    expect(grantIndex(leader, 'leader', leaderScope)).toBe(-1); // one of his two buildings is another scope
    const at = grantIndex(leader, 'leader', wangScope);
    expect(at).toBe(1);
    expect(revokeRefusal(person(PERSON_IDS.staff), leader.roles[at])).toBeNull();
    expect(revokeRefusal(person(PERSON_IDS.secretary), leader.roles[at])).not.toBeNull();
    expect(revokeRefusal(person(PERSON_IDS.staff), person(PERSON_IDS.admin).roles[0])).toBe('只有管理员可以撤销管理员');
    expect(withoutRole(leader, at).roles.map((g) => g.role)).toEqual(['resident']);
    // an identical grant is not added twice; the scope's key order does not matter
    const same = { role: 'leader' as const, scope: wangScope, scopeLabel: 'x' };
    expect(withRole(leader, same)).toBe(leader);
  });

  it('says why a code cannot be used', () => {
    const invite = { status: 'open', expiresAt: '2026-12-08T00:00:00.000Z' } as InviteDoc;
    expect(inviteUnusable(invite, new Date('2026-12-07T23:59:59Z'))).toBeNull();
    expect(inviteUnusable(invite, new Date('2026-12-08T00:00:00Z'))).toMatch(/已过期/);
    expect(inviteUnusable({ ...invite, status: 'used' }, new Date(0))).toMatch(/已经用过了/);
    expect(inviteUnusable({ ...invite, status: 'revoked' }, new Date(0))).toMatch(/已被撤销/);
  });
});

describe('binding', () => {
  const hh = households.find((h) => h._id === 'hh-heping-2-2-302')!;
  it('binds to one household at a time, and moving out keeps the other roles', () => {
    const leader = person(PERSON_IDS.leader);
    const moved = boundTo(leader, hh, compound(COMPOUND_IDS.heping));
    expect(moved.roles.filter((g) => g.role === 'resident')).toEqual([
      { role: 'resident', scope: { communityId: COMMUNITY_ID, compoundId: COMPOUND_IDS.heping, householdId: hh._id }, scopeLabel: '幸福里社区 · 和平小区 · 2号楼2单元302' },
    ]);
    expect(moved).toMatchObject({ householdId: hh._id, buildingId: hh.buildingId, householdLabel: '2号楼2单元302' });
    const out = movedOut(moved);
    expect(out).toMatchObject({ householdId: null, compoundId: null, buildingId: null, communityId: COMMUNITY_ID });
    expect(out.roles.map((g) => g.role)).toEqual(['leader']);
  });

  it('sends a request to staff, the grids covering the building and its head', () => {
    const keys = requestReviewerKeys(COMMUNITY_ID, buildingId('heping', 1), snapshot.grids);
    expect(keys.sort()).toEqual(['b:bd-heping-1', 'c:cm-xingfuli', 'g:gd-heping', 'g:gd-heping-1'].sort());
    expect(mayReview(person(PERSON_IDS.gridWorker), { reviewerKeys: keys })).toBe(true);
    expect(mayReview(person('p-020'), { reviewerKeys: keys })).toBe(true); // 1号楼's building head
    expect(mayReview(person('p-015'), { reviewerKeys: keys })).toBe(false); // 第二微网格
    expect(mayReview(person(PERSON_IDS.leader), { reviewerKeys: keys })).toBe(false);
    expect(reviewerKeysOf(person(PERSON_IDS.admin))).toEqual(['c:cm-xingfuli']);
  });

  it('erases the person but keeps the id', () => {
    const erased = erasedPerson(person(PERSON_IDS.leader));
    expect(erased).toMatchObject({ _id: PERSON_IDS.leader, openid: null, name: ERASED_NAME, phone: null, householdId: null, roles: [], partyMember: false });
  });
});

describe('sealed names on ledger entries', () => {
  it('checks a kept name against its digest, and accepts only 已注销用户 once the salt is gone', () => {
    const sealed = sealName('王建国');
    expect(sealed.nameDigest).toBe(nameDigest(sealed.nameSalt, '王建国'));
    expect(sealed.nameSalt).not.toBe(sealName('王建国').nameSalt);
    expect(nameIntact(sealed)).toBe(true);
    expect(nameIntact({ ...sealed, personName: '王建军' })).toBe(false);
    expect(nameIntact({ ...sealed, personName: ERASED_NAME, nameSalt: null })).toBe(true);
    expect(nameIntact({ ...sealed, personName: '王建军', nameSalt: null })).toBe(false);
    // entries from before sealing: their hash covers the name itself
    expect(nameIntact({ personName: '王建国' })).toBe(true);
  });
});

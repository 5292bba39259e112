import type { PersonDoc } from '../../core/domain/org-model';
import { actorOf, viewerOf } from '../../core/domain/requests/actor';
import { fileRequest } from '../../core/domain/requests/lifecycle';

const person = (id: string, roles: PersonDoc['roles']): PersonDoc => ({
  _id: id,
  openid: `o-${id}`,
  name: id,
  phone: null,
  communityId: 'c1',
  communityName: '幸福里社区',
  compoundId: 'cp1',
  compoundName: '和平小区',
  buildingId: null,
  householdId: null,
  householdLabel: null,
  partyMember: false,
  partyCategory: null,
  publicNameConsent: false,
  roles,
  rev: 0,
});

describe('who a person is to a request', () => {
  it('reads staff, administrator, grid worker and leader scopes from the role grants', () => {
    const p = person('p1', [
      { role: 'staff', scope: { communityId: 'c1' }, scopeLabel: '' },
      { role: 'admin', scope: { communityIds: ['c2', 'c3'] }, scopeLabel: '' },
      { role: 'grid_worker', scope: { communityId: 'c1', compoundId: 'cp1', gridId: 'g1' }, scopeLabel: '' },
      { role: 'leader', scope: { communityId: 'c1', compoundId: 'cp1', buildingIds: ['b1', 'b2'] }, scopeLabel: '' },
      // a building head is not a handler of the grid by that role
      { role: 'building_head', scope: { communityId: 'c1', compoundId: 'cp1', buildingIds: ['b3'] }, scopeLabel: '' },
    ]);
    expect(actorOf(p, { teamIds: ['t1'] })).toEqual({
      kind: 'person',
      personId: 'p1',
      staffOf: ['c1', 'c2', 'c3'],
      gridWorkerOf: ['g1'],
      leaderOf: ['b1', 'b2'],
      teamOf: ['t1'],
      partnerOf: [],
    });
  });

  it('lets staff, the handlers in scope and the reporter read a request, in that order, and no one else', () => {
    const request = fileRequest(
      { _id: 'r1', communityId: 'c1', compoundId: 'cp1', gridId: 'g1', buildingId: 'b1', category: 'repair', urgency: 'normal', reporterId: 'reporter', proxyId: null },
      { kind: 'grid', gridId: 'g1', buildingId: 'b1' },
      new Date('2026-11-02T02:00:00Z'),
    );
    const as = (id: string, roles: PersonDoc['roles']) => viewerOf(request, actorOf(person(id, roles)));
    expect(as('reporter', [])).toBe('reporter');
    expect(as('reporter', [{ role: 'staff', scope: { communityId: 'c1' }, scopeLabel: '' }])).toBe('staff');
    expect(as('w', [{ role: 'grid_worker', scope: { gridId: 'g1' }, scopeLabel: '' }])).toBe('handler');
    expect(as('l', [{ role: 'leader', scope: { buildingIds: ['b1'] }, scopeLabel: '' }])).toBe('handler');
    expect(as('n', [])).toBeNull();
    expect(as('l2', [{ role: 'leader', scope: { buildingIds: ['b2'] }, scopeLabel: '' }])).toBeNull();
    expect(as('w2', [{ role: 'grid_worker', scope: { gridId: 'g2' }, scopeLabel: '' }])).toBeNull();
    expect(as('s2', [{ role: 'staff', scope: { communityId: 'c2' }, scopeLabel: '' }])).toBeNull();
  });
});

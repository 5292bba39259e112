/**
 * Retiring a node: it stays in the database with `retiredAt` (requests, ledger entries and
 * publications keep pointing at it) and leaves the boards and pickers. Refused, with every reason,
 * while something live still hangs on it.
 */
import type { RetireInput } from '../../contracts/org-admin';
import type { OrgSnapshot } from '../org';
import type { OrgChange, OrgWrite } from '../org-change';
import type { HouseholdDoc, PersonDoc } from '../org-model';
import { ORG_COLLECTIONS as C, buildingCountWrites, buildingLabel, change, compoundName, holders, kindLabel, put, type PlanContext } from './change';
import { buildingTies } from './building';
import { branchPointers } from './branch';
import { OrgRuleError, checkRevSeen, isLive, notFound, refuseWhile } from './rules';

export interface RetireContext {
  /** building or unit: the building's households; household: the household itself */
  households: HouseholdDoc[];
  /** household: the persons bound to it */
  residents: PersonDoc[];
}

interface Node {
  _id: string;
  rev: number;
  retiredAt: string | null;
}

function retired<T extends Node>(node: T | undefined, input: RetireInput, name: (n: T) => string): T {
  if (!node) return notFound(`没有找到这个${kindLabel(input.kind)}`);
  if (!isLive(node)) throw new OrgRuleError('PRECONDITION_FAILED', `「${name(node)}」已经停用了`);
  checkRevSeen(input.rev, node.rev, `「${name(node)}」`);
  return node;
}

const count = (n: number, what: string) => (n ? [`还有 ${n} ${what}`] : []);
const listed = (names: string[], what: string) => (names.length ? [`${what}${names.map((n) => `「${n}」`).join('、')}`] : []);
const people = (names: string[]) => (names.length ? [`${names.join('、')}的角色还在这里，请先撤销或调整`] : []);

export function planRetire(s: OrgSnapshot, input: RetireInput, ctx: PlanContext, { households, residents }: RetireContext): OrgChange {
  const at = ctx.now;
  const done = (label: string, before: Node, after: Node, writes: OrgWrite[]) =>
    change(input.kind, input.id, label, `停用${kindLabel(input.kind)}「${label}」`, before, after, writes);

  switch (input.kind) {
    case 'compound': {
      const c = retired(s.compounds.find((x) => x._id === input.id), input, (x) => x.name);
      const branch = s.branches.find((b) => isLive(b) && b.compoundIds.includes(c._id));
      refuseWhile(
        [
          ...count(s.buildings.filter((b) => isLive(b) && b.compoundId === c._id).length, '栋在用的楼栋'),
          ...listed(s.grids.filter((g) => isLive(g) && g.compoundId === c._id).map((g) => g.name), '还有网格'),
          ...listed(branch ? [branch.name] : [], '还属于支部'),
          ...listed(s.teams.filter((t) => isLive(t) && t.compoundIds.includes(c._id)).map((t) => t.name), '还有服务队服务它：'),
          ...listed(s.partners.filter((p) => isLive(p) && p.compoundIds.includes(c._id)).map((p) => p.name), '还有包联单位：'),
          ...people(holders(s, (g) => g.scope.compoundId === c._id)),
        ],
        `「${c.name}」还不能停用`,
      );
      const after = { ...c, retiredAt: at };
      return done(c.name, c, after, [put(C.compounds, after)]);
    }
    case 'building': {
      const b = retired(s.buildings.find((x) => x._id === input.id), input, (x) => x.name);
      refuseWhile(buildingTies(s, b, households), `「${b.name}」还不能停用`);
      const after = { ...b, retiredAt: at };
      return done(buildingLabel(s, b), b, after, [put(C.buildings, after), ...buildingCountWrites(s, [after], [b.compoundId])]);
    }
    case 'unit': {
      const building = s.buildings.find((x) => x.units.some((u) => u.id === input.id));
      const unit = building?.units.find((u) => u.id === input.id);
      if (!building || !unit) return notFound('没有找到这个单元');
      if (unit.retiredAt !== null) throw new OrgRuleError('PRECONDITION_FAILED', `「${unit.name}」已经停用了`);
      checkRevSeen(input.rev, building.rev, `「${building.name}」`);
      refuseWhile(
        [
          ...count(households.filter((h) => isLive(h) && h.unitId === unit.id).length, '户住户'),
          ...people(holders(s, (g) => g.scope.unitId === unit.id)),
        ],
        `「${building.name}${unit.name}」还不能停用`,
      );
      const gone = { ...unit, retiredAt: at };
      const after = { ...building, units: building.units.map((u) => (u.id === unit.id ? gone : u)) };
      return change('unit', unit.id, `${buildingLabel(s, building)} · ${unit.name}`, `停用单元「${buildingLabel(s, building)} · ${unit.name}」`, unit, gone, [put(C.buildings, after)]);
    }
    case 'household': {
      const h = retired(households.find((x) => x._id === input.id && x.communityId === s.community._id), input, (x) => x.label);
      const central = s.centralHouseholds.find((c) => isLive(c) && c.householdIds.includes(h._id));
      const bound = residents.filter((p) => p.householdId === h._id);
      refuseWhile(
        [
          ...(bound.length ? [`还有 ${bound.length} 位居民绑定在这户（${bound.map((p) => p.name).join('、')}），请先办理迁出`] : []),
          ...(central ? ['它还是一个党员中心户的联系户，请先从联系户中移出'] : []),
        ],
        `「${h.label}」还不能停用`,
      );
      const after = { ...h, retiredAt: at };
      return done(h.label, h, after, [put(C.households, after)]);
    }
    case 'branch': {
      const b = retired(s.branches.find((x) => x._id === input.id), input, (x) => x.name);
      refuseWhile(
        [
          ...listed(s.teams.filter((t) => isLive(t) && t.branchId === b._id).map((t) => t.name), '还有所属服务队'),
          ...people(holders(s, (g) => g.scope.branchId === b._id)),
        ],
        `「${b.name}」还不能停用`,
      );
      const after = { ...b, retiredAt: at };
      // its compounds are left without a branch until another takes them
      return done(b.name, b, after, [put(C.branches, after), ...branchPointers(s, b._id, [])]);
    }
    case 'grid': {
      const g = retired(s.grids.find((x) => x._id === input.id), input, (x) => x.name);
      refuseWhile(
        [
          ...listed(s.grids.filter((x) => isLive(x) && x.parentId === g._id).map((x) => x.name), '下面还有微网格'),
          ...people(holders(s, (grant) => grant.scope.gridId === g._id)),
        ],
        `「${g.name}」还不能停用`,
      );
      const after = { ...g, retiredAt: at };
      return done(`${compoundName(s, g.compoundId)} · ${g.name}`, g, after, [put(C.grids, after)]);
    }
    case 'centralHousehold': {
      const c = retired(s.centralHouseholds.find((x) => x._id === input.id), input, () => '这个党员中心户');
      const name = s.persons.find((p) => p._id === c.personId)?.name ?? c.personId;
      const after = { ...c, retiredAt: at };
      return done(`${name}的党员中心户`, c, after, [put(C.centralHouseholds, after)]);
    }
    case 'team': {
      const t = retired(s.teams.find((x) => x._id === input.id), input, (x) => x.name);
      const after = { ...t, retiredAt: at };
      return done(t.name, t, after, [put(C.teams, after)]);
    }
    case 'partner': {
      const p = retired(s.partners.find((x) => x._id === input.id), input, (x) => x.name);
      const after = { ...p, retiredAt: at };
      return done(p.name, p, after, [put(C.partners, after)]);
    }
  }
}

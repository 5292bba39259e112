/**
 * Finding a row's compound, building, unit and room among what the community already has, by name
 * (nameKey), with the message staff read when one is missing or retired.
 */
import type { BranchDoc, BuildingDoc, CompoundDoc, HouseholdDoc, PartnerDoc } from '../org-model';
import { buildingName, nameKey, quote, roomNumber, unitName } from './cells';
import type { ImportIssue, ImportRow } from './rows';

/** What the checks look rows up in: the community's nodes, retired ones included. */
export interface ExistingOrg {
  communityId: string;
  compounds: CompoundDoc[];
  buildings: BuildingDoc[];
  households: HouseholdDoc[];
  branches: BranchDoc[];
  partners: PartnerDoc[];
}

export type Unit = BuildingDoc['units'][number];
export type Found<T> = { ok: true; value: T } | { ok: false; issue: ImportIssue };

const k2 = (a: string, b: string) => `${a}\u0000${b}`;

/** The room part of a household's label (3号楼2单元301 → 301), or the label when it is not built that way. */
function roomOf(household: HouseholdDoc, building: BuildingDoc, unit: Unit): string {
  const prefix = `${building.name}${unit.name}`;
  return nameKey(household.label.startsWith(prefix) ? household.label.slice(prefix.length) : household.label).toUpperCase();
}

export class PlaceIndex {
  private readonly compounds = new Map<string, CompoundDoc>();
  private readonly buildings = new Map<string, BuildingDoc>();
  private readonly units = new Map<string, Unit>();
  private readonly households = new Map<string, HouseholdDoc>();
  readonly branches = new Map<string, BranchDoc>();
  readonly partners = new Map<string, PartnerDoc>();

  constructor(readonly org: ExistingOrg) {
    for (const c of org.compounds) this.compounds.set(nameKey(c.name), c);
    const buildingById = new Map<string, BuildingDoc>();
    const unitById = new Map<string, Unit>();
    for (const b of org.buildings) {
      this.buildings.set(k2(b.compoundId, nameKey(b.name)), b);
      buildingById.set(b._id, b);
      for (const u of b.units) {
        this.units.set(k2(b._id, nameKey(u.name)), u);
        unitById.set(u.id, u);
      }
    }
    for (const h of org.households) {
      const b = buildingById.get(h.buildingId);
      const u = unitById.get(h.unitId);
      if (b && u) this.households.set(k2(h.unitId, roomOf(h, b, u)), h);
    }
    for (const b of org.branches) this.branches.set(nameKey(b.name), b);
    for (const p of org.partners) this.partners.set(nameKey(p.name), p);
  }

  compound(row: ImportRow): Found<CompoundDoc> {
    const name = row.values.compound;
    const c = this.compounds.get(nameKey(name));
    if (!c) return miss(row, '小区', `本社区没有“${quote(name)}”，请先在「组织架构」里添加这个小区，或核对名称`);
    if (c.retiredAt) return miss(row, '小区', `“${quote(c.name)}”已撤销，不能再导入`);
    return { ok: true, value: c };
  }

  compoundByName(name: string): CompoundDoc | undefined {
    return this.compounds.get(nameKey(name));
  }

  building(compoundId: string, name: string): BuildingDoc | undefined {
    return this.buildings.get(k2(compoundId, nameKey(buildingName(name))));
  }

  unit(buildingId: string, name: string): Unit | undefined {
    return this.units.get(k2(buildingId, nameKey(unitName(name))));
  }

  household(unitId: string, room: string): HouseholdDoc | undefined {
    return this.households.get(k2(unitId, room));
  }

  /** The existing, live household a row names (residents, party members): each level must exist. */
  existingHousehold(row: ImportRow): Found<HouseholdDoc> {
    const compound = this.compound(row);
    if (!compound.ok) return compound;
    const { building: b, unit: u, room: r } = row.values;
    const later = '，请先用「楼栋房屋」模板导入';
    const building = this.building(compound.value._id, b);
    if (!building) return miss(row, '楼栋', `${compound.value.name}没有“${quote(buildingName(b))}”${later}`);
    if (building.retiredAt) return miss(row, '楼栋', `“${building.name}”已撤销`);
    const unit = this.unit(building._id, u);
    if (!unit) return miss(row, '单元', `${building.name}没有“${quote(unitName(u))}”${later}`);
    if (unit.retiredAt) return miss(row, '单元', `${building.name}${unit.name}已撤销`);
    const room = roomNumber(r);
    if (!room) return miss(row, '房号', ROOM_FORMAT);
    const household = this.household(unit.id, room);
    if (!household) return miss(row, '房号', `${building.name}${unit.name}没有“${room}”${later}`);
    if (household.retiredAt) return miss(row, '房号', `${household.label}已撤销`);
    return { ok: true, value: household };
  }
}

export const ROOM_FORMAT = '房号只能是字母、数字和“-”，最多 10 个字，如 301';

export function miss(row: ImportRow, column: string, message: string): { ok: false; issue: ImportIssue } {
  return { ok: false, issue: { row: row.row, column, message } };
}

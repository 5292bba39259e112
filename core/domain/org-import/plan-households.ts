/**
 * 楼栋房屋: each row a room of a compound. The compound must exist; a building or unit that does
 * not is created by the first row naming it (later rows use it); a room that exists is left alone.
 */
import type { BuildingDoc, HouseholdDoc } from '../org-model';
import { buildingName, householdLabel, quote, roomNumber, unitName } from './cells';
import { newBuildingId, newHouseholdId, newUnitId } from './keys';
import { PlaceIndex, ROOM_FORMAT, type Unit } from './place';
import { FirstSeen, Tally, missingCells, type PlanContext, type PlanResult } from './plan-common';
import type { ImportIssue, ImportRow } from './rows';

/** A new building's place on the board: the number in its name (12号楼 → 12), else after the others. */
function orderOf(name: string, after: number): number {
  const n = /^(\d+)/.exec(name);
  return n ? Number(n[1]) : after + 1;
}

export function planHouseholds(rows: ImportRow[], { org }: PlanContext): PlanResult {
  const index = new PlaceIndex(org);
  const issues: ImportIssue[] = [];
  /** buildings this import writes (new ones, and existing ones it adds units to), by id */
  const touched = new Map<string, { doc: BuildingDoc; existing: boolean }>();
  const untouched = new Set<string>();
  const unitsSeen = new Set<string>();
  const newUnits = new Set<string>();
  const households: HouseholdDoc[] = [];
  const rooms = new FirstSeen();
  const tallies = { buildings: new Tally('楼栋'), units: new Tally('单元'), households: new Tally('房屋') };
  const lastOrder = new Map<string, number>();
  for (const b of org.buildings) lastOrder.set(b.compoundId, Math.max(lastOrder.get(b.compoundId) ?? 0, b.order));

  for (const row of rows) {
    const missing = missingCells('households', row);
    if (missing.length) {
      issues.push(...missing);
      continue;
    }
    const compound = index.compound(row);
    if (!compound.ok) {
      issues.push(compound.issue);
      continue;
    }
    const room = roomNumber(row.values.room);
    if (!room) {
      issues.push({ row: row.row, column: '房号', message: ROOM_FORMAT });
      continue;
    }
    const bName = buildingName(row.values.building);
    const uName = unitName(row.values.unit);
    if (Array.from(bName).length > 20 || Array.from(uName).length > 20) {
      issues.push({ row: row.row, column: Array.from(bName).length > 20 ? '楼栋' : '单元', message: '名称最多 20 个字' });
      continue;
    }

    const c = compound.value;
    const found = index.building(c._id, bName);
    let building = (found && touched.get(found._id)?.doc) ?? found ?? touched.get(newBuildingId(c._id, bName))?.doc;
    if (building?.retiredAt) {
      issues.push({ row: row.row, column: '楼栋', message: `“${quote(building.name)}”已撤销，不能再导入` });
      continue;
    }
    if (!building) {
      const order = orderOf(bName, lastOrder.get(c._id) ?? 0);
      lastOrder.set(c._id, Math.max(lastOrder.get(c._id) ?? 0, order));
      building = { _id: newBuildingId(c._id, bName), communityId: org.communityId, compoundId: c._id, name: bName, order, units: [], rev: 0, retiredAt: null };
      touched.set(building._id, { doc: building, existing: false });
    }
    const b: BuildingDoc = building;
    let unit: Unit | undefined = index.unit(b._id, uName) ?? b.units.find((u) => u.id === newUnitId(b._id, uName));
    if (unit?.retiredAt) {
      issues.push({ row: row.row, column: '单元', message: `${b.name}${unit.name}已撤销，不能再导入` });
      continue;
    }
    if (!unit) {
      unit = { id: newUnitId(b._id, uName), name: uName, retiredAt: null };
      const entry = touched.get(b._id) ?? { doc: { ...b, units: [...b.units] }, existing: true };
      entry.doc.units.push(unit);
      touched.set(b._id, entry);
      building = entry.doc;
      newUnits.add(unit.id);
    }
    const u: Unit = unit;
    if (!touched.has(building._id)) untouched.add(building._id);
    unitsSeen.add(u.id);

    const first = rooms.repeatOf(`${u.id}/${room}`, row.row);
    if (first !== null) {
      issues.push({ row: row.row, column: '房号', message: `与第 ${first} 行重复（${building.name}${u.name}${room}）` });
      continue;
    }
    const existing = index.household(u.id, room);
    if (existing?.retiredAt) {
      issues.push({ row: row.row, column: '房号', message: `${existing.label}已撤销，不能再导入` });
      continue;
    }
    if (existing) {
      tallies.households.unchanged++;
      continue;
    }
    tallies.households.created++;
    households.push({
      _id: newHouseholdId(u.id, room),
      communityId: org.communityId,
      compoundId: c._id,
      buildingId: building._id,
      unitId: u.id,
      label: householdLabel(building.name, u.name, room),
      rev: 0,
      retiredAt: null,
    });
  }

  for (const { existing } of touched.values()) {
    if (existing) tallies.buildings.changed++;
    else tallies.buildings.created++;
  }
  tallies.buildings.unchanged = [...untouched].filter((id) => !touched.has(id)).length;
  tallies.units.created = newUnits.size;
  tallies.units.unchanged = unitsSeen.size - newUnits.size;
  return {
    issues,
    summary: [tallies.buildings.line(), tallies.units.line(), tallies.households.line()],
    plan: { kind: 'households', buildings: [...touched.values()].map((t) => t.doc), households },
  };
}

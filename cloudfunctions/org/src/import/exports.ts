/**
 * org.export.*: the lists staff see, as .xlsx (households with roster counts, the residents'
 * roster, party members, partner units, people with roles). For staff of the community only, so
 * phones are written in full — the heading says so; rate-limited like the 台账 exports.
 */
import dayjs from 'dayjs';
import {
  orgExportHouseholds,
  orgExportPartners,
  orgExportPartyMembers,
  orgExportPeople,
  orgExportResidents,
} from '../../../../core/contracts/org-import';
import type { ExportFile } from '../../../../core/contracts/points-export';
import { ROLE_LABELS } from '../../../../core/labels/org';
import { EXPORT_KIND_LABELS, type ExportKind } from '../../../../core/labels/org-import';
import { partyMemberDoc } from '../../../../core/domain/org-import/model';
import {
  branchDoc,
  buildingDoc,
  communityDoc,
  compoundDoc,
  householdDoc,
  partnerDoc,
  personDoc,
  rosterDoc,
  type PersonDoc,
} from '../../../../core/domain/org-model';
import { TIME_ZONE } from '../../../../core/domain/points/periods';
import type { ActionContract } from '../../../../core/contracts/common';
import { AppError, COLLECTIONS, route, withinLimit, type CloudApp, type Database } from '../../../lib';
import { now as clockNow } from '../../../lib/clock';
import { getDoc } from '../../../lib/ledger/store';
import type { SheetColumn } from '../../../lib/xlsx';
import { publishXlsx, xlsx } from '../../../lib/xlsx-files';
import { STAFF_ROLES, staffCommunity } from './access';
import { communityDocs } from './existing';

interface Table {
  columns: SheetColumn[];
  rows: (string | number | null)[][];
}

const col = (header: string, width: number, text = false): SheetColumn => ({ header, width, text });
const byName = <T extends { _id: string; name: string }>(docs: T[]) => new Map(docs.map((d) => [d._id, d.name]));
const zh = (a: string, b: string) => a.localeCompare(b, 'zh-Hans-CN', { numeric: true });

const TABLES: Record<ExportKind, (db: Database, cid: string) => Promise<Table>> = {
  async households(db, cid) {
    const [compounds, buildings, households, rosters, persons] = await Promise.all([
      communityDocs(db, COLLECTIONS.compounds, cid, compoundDoc),
      communityDocs(db, COLLECTIONS.buildings, cid, buildingDoc),
      communityDocs(db, COLLECTIONS.households, cid, householdDoc),
      communityDocs(db, COLLECTIONS.rosters, cid, rosterDoc),
      communityDocs(db, COLLECTIONS.persons, cid, personDoc),
    ]);
    const count = (ids: (string | null)[]) => ids.reduce((m, id) => (id ? m.set(id, (m.get(id) ?? 0) + 1) : m), new Map<string, number>());
    const listed = count(rosters.map((r) => r.householdId));
    const bound = count(persons.filter((p) => p.openid).map((p) => p.householdId));
    const compound = byName(compounds);
    const building = byName(buildings);
    const rows = households
      .map((h) => [compound.get(h.compoundId) ?? '', building.get(h.buildingId) ?? '', h.label, listed.get(h._id) ?? 0, bound.get(h._id) ?? 0, h.retiredAt ? '已撤销' : ''])
      .sort((a, b) => zh(String(a[0]), String(b[0])) || zh(String(a[2]), String(b[2])));
    return { columns: [col('小区', 16), col('楼栋', 10), col('房屋', 18), col('名册人数', 10), col('已绑定居民', 12), col('状态', 8)], rows };
  },

  async residents(db, cid) {
    const [compounds, households, rosters, persons] = await Promise.all([
      communityDocs(db, COLLECTIONS.compounds, cid, compoundDoc),
      communityDocs(db, COLLECTIONS.households, cid, householdDoc),
      communityDocs(db, COLLECTIONS.rosters, cid, rosterDoc),
      communityDocs(db, COLLECTIONS.persons, cid, personDoc),
    ]);
    const compound = byName(compounds);
    const label = new Map(households.map((h) => [h._id, h.label]));
    const boundAt = new Set(persons.filter((p) => p.openid && p.householdId).map((p) => `${p.householdId}/${p.phone}`));
    const rows = rosters
      .map((r) => [compound.get(r.compoundId) ?? '', label.get(r.householdId) ?? '', r.name, r.phone, boundAt.has(`${r.householdId}/${r.phone}`) ? '已绑定' : '未绑定'])
      .sort((a, b) => zh(String(a[0]), String(b[0])) || zh(String(a[1]), String(b[1])));
    return { columns: [col('小区', 16), col('房屋', 18), col('姓名', 12), col('手机号', 14, true), col('绑定', 8)], rows };
  },

  async partyMembers(db, cid) {
    const [branches, households, register, persons] = await Promise.all([
      communityDocs(db, COLLECTIONS.branches, cid, branchDoc),
      communityDocs(db, COLLECTIONS.households, cid, householdDoc),
      communityDocs(db, COLLECTIONS.partyMembers, cid, partyMemberDoc),
      communityDocs(db, COLLECTIONS.persons, cid, personDoc),
    ]);
    const branch = byName(branches);
    const label = new Map(households.map((h) => [h._id, h.label]));
    const boundPhones = new Set(persons.filter((p) => p.openid && p.phone).map((p) => `${p.name}/${p.phone}`));
    const listed = new Set(register.map((m) => `${m.name}/${m.phone}`));
    const rows = [
      ...register.map((m) => [m.name, m.phone, m.category, branch.get(m.branchId) ?? '', m.householdId ? (label.get(m.householdId) ?? '') : '', boundPhones.has(`${m.name}/${m.phone}`) ? '已绑定' : '未绑定']),
      // party members who bound in the app without being on an imported register
      ...persons
        .filter((p) => p.partyMember && !listed.has(`${p.name}/${p.phone}`))
        .map((p) => [p.name, p.phone ?? '', p.partyCategory ?? '', '', p.householdLabel ?? '', p.openid ? '已绑定' : '未绑定']),
    ].sort((a, b) => zh(String(a[3]), String(b[3])) || zh(String(a[0]), String(b[0])));
    return { columns: [col('姓名', 12), col('手机号', 14, true), col('党员类别', 12), col('所在支部', 20), col('住址', 18), col('绑定', 8)], rows };
  },

  async partners(db, cid) {
    const [compounds, partners] = await Promise.all([
      communityDocs(db, COLLECTIONS.compounds, cid, compoundDoc),
      communityDocs(db, COLLECTIONS.partners, cid, partnerDoc),
    ]);
    const compound = byName(compounds);
    const rows = partners
      .map((p) => [p.name, p.kind, p.compoundIds.map((id) => compound.get(id) ?? '').join('、') || '整个社区', p.retiredAt ? '已撤销' : ''])
      .sort((a, b) => zh(String(a[0]), String(b[0])));
    return { columns: [col('单位名称', 30), col('类型', 12), col('包联小区', 30), col('状态', 8)], rows };
  },

  async people(db, cid) {
    const persons = await communityDocs(db, COLLECTIONS.persons, cid, personDoc);
    const roles = (p: PersonDoc) => p.roles.filter((g) => g.role !== 'resident').map((g) => `${ROLE_LABELS[g.role]}（${g.scopeLabel}）`);
    const rows = persons
      .filter((p) => roles(p).length)
      .map((p) => [p.name, p.phone ?? '', roles(p).join('；'), p.householdLabel ?? '', p.openid ? '已绑定' : '未绑定'])
      .sort((a, b) => zh(String(a[0]), String(b[0])));
    return { columns: [col('姓名', 12), col('手机号', 14, true), col('职务', 40), col('住址', 18), col('绑定', 8)], rows };
  },
};

async function exportList(app: CloudApp, db: Database, person: PersonDoc, cid: string, kind: ExportKind): Promise<ExportFile> {
  const [community, table] = await withinLimit(db, 'export', person._id, Promise.all([getDoc(db, COLLECTIONS.communities, cid, communityDoc), TABLES[kind](db, cid)]));
  if (!community) throw new AppError('NOT_FOUND', '没有找到这个社区');
  const now = dayjs(clockNow()).tz(TIME_ZONE);
  const title = `${community.name}${EXPORT_KIND_LABELS[kind]}`;
  const bytes = await xlsx().writeXlsx({
    sheetName: EXPORT_KIND_LABELS[kind].slice(0, 31),
    heading: [title, `导出时间：${now.format('YYYY-MM-DD HH:mm:ss')}　导出人：${person.name}　共 ${table.rows.length} 条`, '含完整手机号，仅供社区工作使用，请勿外传'],
    ...table,
  });
  return publishXlsx(app, `exports/${cid}/${kind}-${now.format('YYYYMMDD-HHmmss')}.xlsx`, `${title}（${now.format('YYYY-MM-DD')}）.xlsx`, bytes, table.rows.length);
}

const exportRoute = (contract: ActionContract<string, typeof orgExportHouseholds.input, typeof orgExportHouseholds.output>, kind: ExportKind) =>
  route(contract, { access: 'bound', roles: STAFF_ROLES }, async ({ communityId }, { app, db, person }) => exportList(app, db, person, staffCommunity(person, communityId), kind));

export const exportRoutes = [
  exportRoute(orgExportHouseholds, 'households'),
  exportRoute(orgExportResidents, 'residents'),
  exportRoute(orgExportPartyMembers, 'partyMembers'),
  exportRoute(orgExportPartners, 'partners'),
  exportRoute(orgExportPeople, 'people'),
];

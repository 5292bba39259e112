/**
 * points.export.ledger / points.export.publication: the 台账 as .xlsx for community staff. The
 * workbook goes to cloud storage under `exports/<communityId>/` and the answer carries a temporary
 * download URL. A report, not a hot path: it reads the period's entries 1,000 at a time by index.
 */
import dayjs from 'dayjs';
import { pointsExportLedger, pointsExportPublication, type ExportFile } from '../../../core/contracts/points-export';
import { ENTRY_SOURCE_LABELS } from '../../../core/contracts/points';
import { personDelta } from '../../../core/domain/points/ledger';
import { POINT_COLLECTIONS as C, entryDoc, publicationDoc, type EntryDoc } from '../../../core/domain/points/model';
import { TIME_ZONE, monthsOf, periodLabel } from '../../../core/domain/points/periods';
import { branchDoc, communityDoc, type PersonDoc } from '../../../core/domain/org-model';
import { AppError, COLLECTIONS, homeCommunity, withinLimit, type CloudApp, type Database } from '../../lib';
import { requireStaff } from './access';
import { pointsRoute } from './guarded';
import { getDoc, getPersons } from '../../lib/ledger';
import { now as clockNow } from '../../lib/clock';
import type { SheetColumn, SheetSpec } from '../../lib/xlsx';
import { publishXlsx, xlsx } from '../../lib/xlsx-files';

const PAGE = 1000;

const localTime = (at: string | Date) => dayjs(at).tz(TIME_ZONE).format('YYYY-MM-DD HH:mm:ss');
const stamp = (at: Date) => dayjs(at).tz(TIME_ZONE).format('YYYYMMDD-HHmmss');

/** The entries counting towards the months, month by month in seq order (index communityId, month, seq). */
async function entriesOfMonths(db: Database, communityId: string, months: string[]): Promise<EntryDoc[]> {
  const _ = db.command;
  const out: EntryDoc[] = [];
  for (const month of months) {
    let last = 0;
    for (;;) {
      const { data } = await db
        .collection(C.entries)
        .where({ communityId, month, seq: _.gt(last) })
        .orderBy('seq', 'asc')
        .limit(PAGE)
        .get();
      const page = (data as unknown[]).map((d) => entryDoc.parse(d));
      out.push(...page);
      if (page.length < PAGE) break;
      last = page[page.length - 1].seq;
    }
  }
  return out;
}

async function communityName(db: Database, caller: PersonDoc, communityId: string): Promise<string> {
  if (communityId === caller.communityId && caller.communityName) return caller.communityName;
  const res = (await db.collection(COLLECTIONS.communities).doc(communityId).get()) as { data: unknown };
  const doc = Array.isArray(res.data) ? res.data[0] : res.data;
  if (!doc) throw new AppError('NOT_FOUND', '没有找到这个社区');
  return communityDoc.parse(doc).name;
}

async function branchNames(db: Database, communityId: string): Promise<Map<string, string>> {
  const { data } = await db.collection(COLLECTIONS.branches).where({ communityId }).limit(1000).get();
  return new Map((data as unknown[]).map((d) => branchDoc.parse(d)).map((b) => [b._id, b.name]));
}

/** Builds the workbook (exceljs is loaded only now), stores it and answers a download link. */
async function publish(app: CloudApp, communityId: string, name: string, fileName: string, spec: SheetSpec): Promise<ExportFile> {
  return publishXlsx(app, `exports/${communityId}/${name}.xlsx`, fileName, await xlsx().writeXlsx(spec), spec.rows.length);
}

/** the sheet's columns from `[header, width in characters]` pairs */
const columns = (...spec: [header: string, width: number][]): SheetColumn[] => spec.map(([header, width]) => ({ header, width }));

const LEDGER_COLUMNS = columns(
  ['序号', 8], ['记账时间', 20], ['姓名', 10], ['所属支部', 18], ['类型', 8], ['来源', 12], ['事项编号', 10],
  ['事项', 22], ['规则版本', 9], ['积分', 8], ['原因', 28], ['冲正的记录', 12], ['记录哈希', 68],
);

export const exportRoutes = [
  pointsRoute(pointsExportLedger, { access: 'bound', roles: ['staff', 'admin'] }, async ({ period, communityId }, { db, app, person }) => {
    const cid = communityId ?? homeCommunity(person);
    requireStaff(person, cid);
    const [community, branches, entries] = await withinLimit(db, 'export', person._id, Promise.all([
      communityName(db, person, cid),
      branchNames(db, cid),
      entriesOfMonths(db, cid, monthsOf(period)),
    ]));
    const seqOf = new Map(entries.map((e) => [e._id, e.seq]));
    const now = clockNow();
    const label = periodLabel(period);
    const total = entries.reduce((sum, e) => sum + personDelta(e), 0);
    const lastSeq = entries.reduce((max, e) => Math.max(max, e.seq), 0);
    return publish(app, cid, `ledger-${period}-${stamp(now)}`, `${community}积分台账（${label}）.xlsx`, {
      sheetName: '积分台账',
      heading: [
        `${community}红色近邻长积分台账（${label}）`,
        `导出时间：${localTime(now)}　导出人：${person.name}　共 ${entries.length} 条记录，合计 ${total} 分`,
        `每条记录的哈希串联成链，可用「积分核验」对照检查；本表含至第 ${lastSeq} 号记录。`,
      ],
      columns: LEDGER_COLUMNS,
      rows: entries.map((e) => [
        e.seq,
        localTime(e.createdAt),
        e.personName,
        e.branchId ? (branches.get(e.branchId) ?? e.branchId) : '',
        e.kind === 'reversal' ? '冲正' : '获得',
        ENTRY_SOURCE_LABELS[e.source.type],
        e.item?.code ?? '',
        e.item?.name ?? '',
        e.item ? `第${e.item.version}版` : '',
        personDelta(e),
        e.reason ?? '',
        e.reverses ? `第 ${seqOf.get(e.reverses) ?? e.reverses} 号` : '',
        e.hash,
      ]),
    });
  }),

  pointsRoute(pointsExportPublication, { access: 'bound', roles: ['staff', 'admin'] }, async ({ publicationId }, { db, app, person }) => {
    const pub = await withinLimit(db, 'export', person._id, getDoc(db, C.publications, publicationId, publicationDoc));
    if (!pub) throw new AppError('NOT_FOUND', '没有找到这份公示');
    requireStaff(person, pub.communityId);
    // staff see the full names next to what the public list shows
    const persons = new Map<string, string>();
    const ids = pub.rows.map((r) => r.personId);
    for (let i = 0; i < ids.length; i += PAGE) {
      for (const p of (await getPersons(db, ids.slice(i, i + PAGE))).values()) persons.set(p._id, p.name);
    }
    const now = clockNow();
    const status = pub.status === 'final' ? `已于 ${localTime(pub.finalizedAt ?? now)} 定稿` : `公示中，截至 ${localTime(pub.windowEndsAt)}`;
    return publish(app, pub.communityId, `publication-${pub.periodKey}-${pub.scope.type}-${pub.scope.id}-${stamp(now)}`, `${pub.title}.xlsx`, {
      sheetName: '积分公示',
      heading: [
        pub.title,
        `范围：${pub.scope.name}　周期：${periodLabel(pub.periodKey)}　${status}　第 ${pub.revision} 版`,
        `冻结时账本链头：第 ${pub.head.seq} 号记录，哈希 ${pub.head.hash}`,
        `名单哈希：${pub.rowsHash}　导出时间：${localTime(now)}　导出人：${person.name}`,
      ],
      columns: columns(['名次', 8], ['姓名', 12], ['公示显示', 12], ['积分', 10], ['等次', 10]),
      rows: pub.rows.map((r) => [r.rank, persons.get(r.personId) ?? r.name, r.name, r.points, r.grade]),
    });
  }),
];

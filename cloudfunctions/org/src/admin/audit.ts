/**
 * org.audit.list / org.audit.export: who changed what in the org tree, newest first, with the node
 * before and after. The list pages by a cursor (the last entry's time and how many entries of that
 * same time were already sent), so entries written meanwhile never shift a page.
 */
import dayjs from 'dayjs';
import { ORG_NODE_LABELS, orgAuditExport, orgAuditList, type AuditEntry, type OrgNodeKind } from '../../../../core/contracts/org-admin';
import { orgAuditDoc, type OrgAuditDoc } from '../../../../core/domain/org-model';
import { TIME_ZONE } from '../../../../core/domain/points/periods';
import { AppError, COLLECTIONS, route, withinLimit, type Database } from '../../../lib';
import { now as clockNow } from '../../../lib/clock';
import { publishXlsx, xlsx } from '../../../lib/xlsx-files';
import { STAFF, staffCommunity } from './access';

/** an export holds at most this many entries (the newest) */
const EXPORT_MAX = 5000;
const READ_PAGE = 1000;

const localTime = (at: string) => dayjs(at).tz(TIME_ZONE).format('YYYY-MM-DD HH:mm:ss');

function entryView(d: OrgAuditDoc): AuditEntry {
  return { id: d._id, actor: { id: d.actorId, name: d.actorName }, action: d.action, target: d.target, summary: d.summary, before: d.before, after: d.after, at: d.at };
}

function parseCursor(cursor: string | undefined): { at: string; seen: number } | null {
  if (!cursor) return null;
  const m = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)\|(\d{1,5})$/.exec(cursor);
  if (!m) throw new AppError('VALIDATION_ERROR', '翻页标记不正确，请从第一页重新查看', [{ path: 'data.cursor', message: '翻页标记不正确' }]);
  return { at: m[1], seen: Number(m[2]) };
}

/** `limit` entries from the cursor on, newest first (index communityId+at, or target.id+at for one node). */
async function entries(db: Database, communityId: string, nodeId: string | undefined, from: { at: string; seen: number } | null, limit: number): Promise<OrgAuditDoc[]> {
  const _ = db.command;
  const where = { ...(nodeId ? { 'target.id': nodeId } : {}), communityId, ...(from ? { at: _.lte(from.at) } : {}) };
  const { data } = await db.collection(COLLECTIONS.orgAudit).where(where).orderBy('at', 'desc').skip(from?.seen ?? 0).limit(limit).get();
  return (data as unknown[]).map((d) => orgAuditDoc.parse(d));
}

const brief = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v));

export const auditRoutes = [
  route(orgAuditList, { access: 'bound', roles: STAFF }, async ({ communityId, nodeId, cursor, pageSize }, { db, person }) => {
    const cid = staffCommunity(person, communityId);
    const from = parseCursor(cursor);
    const rows = await entries(db, cid, nodeId, from, pageSize + 1);
    const page = rows.slice(0, pageSize);
    return { entries: page.map(entryView), nextCursor: rows.length > pageSize ? `${page[page.length - 1].at}|${nextSeen(page, from)}` : null };
  }),

  route(orgAuditExport, { access: 'bound', roles: STAFF }, async ({ communityId, nodeId }, { db, app, person }) => {
    const cid = staffCommunity(person, communityId);
    const all = await withinLimit(db, 'export', person._id, (async () => {
      const out: OrgAuditDoc[] = [];
      let from: { at: string; seen: number } | null = null;
      while (out.length < EXPORT_MAX) {
        const page = await entries(db, cid, nodeId, from, READ_PAGE);
        out.push(...page.slice(0, EXPORT_MAX - out.length));
        if (page.length < READ_PAGE) break;
        from = { at: page[page.length - 1].at, seen: nextSeen(page, from) };
      }
      return out;
    })());
    const now = clockNow().toISOString();
    const title = `组织架构变更记录${nodeId && all[0] ? `（${all[0].target.label}）` : ''}`;
    const spec = {
      sheetName: '变更记录',
      heading: [title, `导出时间：${localTime(now)}　导出人：${person.name}　共 ${all.length} 条${all.length >= EXPORT_MAX ? `（最近的 ${EXPORT_MAX} 条）` : ''}`],
      columns: [
        { header: '时间', width: 20 },
        { header: '操作人', width: 10 },
        { header: '对象类型', width: 10 },
        { header: '对象', width: 28 },
        { header: '变更内容', width: 40 },
        { header: '修改前', width: 50 },
        { header: '修改后', width: 50 },
      ],
      rows: all.map((e) => [localTime(e.at), e.actorName, ORG_NODE_LABELS[e.target.kind as OrgNodeKind] ?? e.target.kind, e.target.label, e.summary, brief(e.before), brief(e.after)]),
    };
    const stamp = dayjs(now).tz(TIME_ZONE).format('YYYYMMDD-HHmmss');
    return publishXlsx(app, `exports/${cid}/org-audit-${stamp}.xlsx`, `${title}.xlsx`, await xlsx().writeXlsx(spec), spec.rows.length);
  }),
];

/** How many entries of the last one's time have been sent once `page` is, given the cursor it was read from. */
function nextSeen(page: OrgAuditDoc[], from: { at: string; seen: number } | null): number {
  const last = page[page.length - 1].at;
  return (from && from.at === last ? from.seen : 0) + page.filter((e) => e.at === last).length;
}

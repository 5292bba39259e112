/**
 * requests.export (台账, staff): the requests filed in a span of months (by filedMonth, at most 12)
 * and their return visits, as one workbook of two sheets, stored under `exports/<communityId>/` and
 * answered as a temporary download link (lib/xlsx-files.ts, as the points and org exports).
 *
 * Reporters' names are in it, their phones masked (138****1234): the file leaves the system —
 * downloaded, forwarded in chats, printed — while a full number is given one at a time in the app
 * (requests.revealPhone), logged and rate-limited; a sheet of every reporter's number would bypass
 * both. A report, not a hot path: requests are read month by month, 1,000 at a time by index.
 */
import dayjs from 'dayjs';
import { requestsExport } from '../../../core/contracts/requests';
import type { ExportFile } from '../../../core/contracts/points-export';
import { TIME_ZONE } from '../../../core/domain/points/periods';
import { maskPhone } from '../../../core/domain/masking';
import { URGENCY_LABELS } from '../../../core/domain/requests/categories';
import { REQUEST_COLLECTION, requestDoc } from '../../../core/domain/requests/model';
import { RETURN_VISIT_COLLECTION, returnVisitDoc, type ReturnVisitDoc } from '../../../core/domain/requests/return-visit';
import { AppError, route, withinLimit, type CloudApp, type Database } from '../../lib';
import { now } from '../../lib/clock';
import type { SheetColumn, SheetSpec } from '../../lib/xlsx';
import { publishXlsx, xlsx } from '../../lib/xlsx-files';
import { communityOrg, namesOf } from './community-org';
import { requireStaff, STAFF_ROLES } from './staff-access';
import { requestRow } from './store';

const PAGE = 1000;
const MAX_MONTHS = 12;

/** the stored request without its timeline: what the 台账 needs */
const exportDoc = requestDoc.omit({ timeline: true });
type ExportDoc = ReturnType<typeof exportDoc.parse>;

const localTime = (at: string | Date | null) => (at ? dayjs(at).tz(TIME_ZONE).format('YYYY-MM-DD HH:mm') : '');
const stamp = (at: Date) => dayjs(at).tz(TIME_ZONE).format('YYYYMMDD-HHmmss');
const columns = (...spec: [header: string, width: number][]): SheetColumn[] => spec.map(([header, width]) => ({ header, width }));

/** from..to, both included (YYYY-MM) */
function monthSpan(from: string, to: string): string[] {
  const months: string[] = [];
  for (let m = dayjs(`${from}-01`); m.format('YYYY-MM') <= to; m = m.add(1, 'month')) months.push(m.format('YYYY-MM'));
  return months;
}

/** The requests filed in the months, month by month in filing order (index communityId_1_filedMonth_1_submittedAt_1). */
async function requestsOf(db: Database, communityId: string, months: string[]): Promise<ExportDoc[]> {
  const perMonth = await Promise.all(
    months.map(async (filedMonth) => {
      const out: ExportDoc[] = [];
      for (;;) {
        const { data } = await db.collection(REQUEST_COLLECTION).where({ communityId, filedMonth }).field({ timeline: false }).orderBy('submittedAt', 'asc').skip(out.length).limit(PAGE).get();
        out.push(...(data as unknown[]).map((d) => exportDoc.parse(d)));
        if (data.length < PAGE) return out;
      }
    }),
  );
  return perMonth.flat();
}

/** Return visits created since the span began (index communityId_1_createdAt_1): those of its requests are kept. */
async function visitsSince(db: Database, communityId: string, since: string): Promise<ReturnVisitDoc[]> {
  const _ = db.command;
  const out: ReturnVisitDoc[] = [];
  for (;;) {
    const { data } = await db.collection(RETURN_VISIT_COLLECTION).where({ communityId, createdAt: _.gte(since) }).orderBy('createdAt', 'asc').skip(out.length).limit(PAGE).get();
    out.push(...(data as unknown[]).map((d) => returnVisitDoc.parse(d)));
    if (data.length < PAGE) return out;
  }
}

const OVERDUE_LABELS = ['', '已督办', '已升级督办'];

const REQUEST_COLUMNS = columns(
  ['工单编号', 36], ['提交时间', 17], ['位置', 22], ['网格', 16], ['支部', 16], ['类别', 14], ['紧急程度', 8], ['内容', 40],
  ['报事人', 10], ['联系电话', 14], ['状态', 14], ['接单人', 10], ['接单时间', 17], ['按时接单', 8], ['办结时间', 17],
  ['关闭时间', 17], ['评分', 6], ['评价', 30], ['督办', 10], ['吹哨单位', 24],
);
const VISIT_COLUMNS = columns(
  ['工单编号', 36], ['位置', 22], ['评分', 6], ['评价', 30], ['生成时间', 17], ['应回访时间', 17], ['状态', 10], ['回访情况', 40], ['回访时间', 17], ['回访人', 10],
);

async function publish(app: CloudApp, communityId: string, name: string, fileName: string, sheets: SheetSpec[]): Promise<ExportFile> {
  return publishXlsx(app, `exports/${communityId}/${name}.xlsx`, fileName, await xlsx().writeXlsx(sheets), sheets[0].rows.length);
}

export const exportRoute = route(requestsExport, { access: 'bound', roles: STAFF_ROLES }, async ({ communityId, from, to }, { app, db, person }) => {
  requireStaff(person, communityId);
  if (from > to) throw new AppError('VALIDATION_ERROR', '开始月份不能晚于结束月份', [{ path: 'data.from', message: '开始月份不能晚于结束月份' }]);
  const months = monthSpan(from, to);
  if (months.length > MAX_MONTHS) throw new AppError('VALIDATION_ERROR', `一次最多导出 ${MAX_MONTHS} 个月`, [{ path: 'data.to', message: `一次最多导出 ${MAX_MONTHS} 个月` }]);
  const since = dayjs.tz(`${from}-01 00:00:00`, TIME_ZONE).toISOString();
  const [org, requests, visits] = await withinLimit(db, 'export', person._id, Promise.all([communityOrg(db, communityId), requestsOf(db, communityId, months), visitsSince(db, communityId, since)]));
  if (!org) throw new AppError('NOT_FOUND', '没有找到这个社区');
  const grids = namesOf(org.grids);
  const branches = namesOf(org.branches);
  const partners = namesOf(org.partners);
  const byId = new Map(requests.map((r) => [r._id, r]));
  const ours = visits.filter((v) => byId.has(v.requestId));
  const at = now();
  const span = from === to ? `${from}` : `${from} 至 ${to}`;
  const exported = `导出时间：${localTime(at)}　导出人：${person.name}`;
  const community = org.community.name;

  return publish(app, communityId, `requests-${from}-${to}-${stamp(at)}`, `${community}报事台账（${span}）.xlsx`, [
    {
      sheetName: '报事台账',
      heading: [`${community}居民报事台账（${span}提交）`, `${exported}　共 ${requests.length} 件`, '报事人电话已隐去中间四位；完整号码请在小程序的工单里点「拨打」查看（会留下记录）。'],
      columns: REQUEST_COLUMNS,
      rows: requests.map((r) => {
        const row = requestRow(r);
        return [
          r._id,
          localTime(r.submittedAt),
          r.locationLabel,
          r.gridId ? (grids.get(r.gridId) ?? '') : '',
          r.branchId ? (branches.get(r.branchId) ?? '') : '',
          row.category,
          URGENCY_LABELS[r.urgency],
          r.text,
          r.reporterName,
          maskPhone(r.reporterPhone) ?? '',
          row.statusLabel,
          r.handlerName ?? '',
          localTime(r.acceptedAt),
          r.respondedOnTime === null ? '' : r.respondedOnTime ? '是' : '否',
          localTime(r.resolvedAt),
          localTime(r.closedAt),
          r.rating?.score ?? null,
          r.rating?.comment ?? '',
          OVERDUE_LABELS[r.overdueLevel],
          r.escalation ? (partners.get(r.escalation.partnerId) ?? '') : '',
        ];
      }),
    },
    {
      sheetName: '回访记录',
      heading: [`${community}回访记录（${span}提交的报事）`, `${exported}　共 ${ours.length} 条`],
      columns: VISIT_COLUMNS,
      rows: ours.map((v) => [
        v.requestId,
        byId.get(v.requestId)!.locationLabel,
        v.score,
        v.comment,
        localTime(v.createdAt),
        localTime(v.dueBy),
        v.status === 'done' ? '已回访' : v.dueBy < at.toISOString() ? '待回访（已逾期）' : '待回访',
        v.outcome ?? '',
        localTime(v.visitedAt),
        v.visitorName ?? '',
      ]),
    },
  ]);
});

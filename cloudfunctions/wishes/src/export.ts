/**
 * wishes.export (staff): every wish of the community, newest first, as .xlsx — status, who it is
 * for (staff see the beneficiary in the app too), who posted and claimed it, when it was fulfilled
 * and confirmed, whether the points are booked. No phones. Counted under the `export` limit.
 */
import dayjs from 'dayjs';
import { wishesExport } from '../../../core/contracts/wishes';
import { TIME_ZONE } from '../../../core/domain/points/periods';
import { isStaffOf } from '../../../core/domain/service/people';
import { WISH_COLLECTION, WISH_STATUS_LABELS, wishDoc, type WishDoc } from '../../../core/domain/service/wishes';
import { AppError, homeCommunity, route, withinLimit, type Database } from '../../lib';
import { now } from '../../lib/clock';
import type { SheetColumn } from '../../lib/xlsx';
import { publishXlsx, xlsx } from '../../lib/xlsx-files';

const PAGE = 1000;
const MODERATION_LABELS: Record<WishDoc['moderation'], string> = { pass: '通过', review: '待审核', rejected: '未通过' };
const localTime = (at: string | null) => (at ? dayjs(at).tz(TIME_ZONE).format('YYYY-MM-DD HH:mm') : '');
const columns = (...spec: [header: string, width: number][]): SheetColumn[] => spec.map(([header, width]) => ({ header, width }));
const COLUMNS = columns(
  ['发布时间', 17], ['小区', 12], ['类别', 10], ['心愿内容', 40], ['希望完成日期', 12], ['受助人', 10], ['住址', 18], ['受助人情况', 10],
  ['发布人', 10], ['代发', 6], ['内容审核', 8], ['状态', 8], ['认领人', 10], ['完成时间', 17], ['完成说明', 30], ['积分', 8],
);

/** Every wish of the community, newest first (index communityId_1_postedAt_-1). */
async function wishesOf(db: Database, communityId: string): Promise<WishDoc[]> {
  const out: WishDoc[] = [];
  for (;;) {
    const { data } = await db.collection(WISH_COLLECTION).where({ communityId }).orderBy('postedAt', 'desc').skip(out.length).limit(PAGE).get();
    out.push(...(data as unknown[]).map((d) => wishDoc.parse(d)));
    if (data.length < PAGE) return out;
  }
}

export const exportRoute = route(wishesExport, { access: 'bound' }, async (_input, { app, db, person }) => {
  const communityId = homeCommunity(person);
  if (!isStaffOf(person, communityId)) throw new AppError('FORBIDDEN', '只有社区工作人员可以导出心愿台账');
  const wishes = await withinLimit(db, 'export', person._id, wishesOf(db, communityId));
  const at = now();
  const rows = wishes.map((w) => [
    localTime(w.postedAt),
    w.compoundName,
    w.category,
    w.text,
    w.neededBy,
    w.beneficiary.name,
    w.beneficiary.householdLabel,
    w.beneficiary.kind ?? '',
    w.posterName,
    w.proxy ? '是' : '',
    MODERATION_LABELS[w.moderation],
    WISH_STATUS_LABELS[w.status],
    w.claimerName ?? '',
    localTime(w.fulfilment?.at ?? null),
    w.fulfilment?.note ?? '',
    w.status === 'confirmed' ? (w.awarded ? '已记入' : '记入中') : '',
  ]);
  const community = person.communityName ?? '';
  const bytes = await xlsx().writeXlsx({
    sheetName: '微心愿台账',
    heading: [`${community}微心愿台账`, `导出时间：${localTime(at.toISOString())}　导出人：${person.name}　共 ${rows.length} 个`, '含受助人姓名和住址，仅供社区工作使用，请勿外传。'],
    columns: COLUMNS,
    rows,
  });
  return publishXlsx(app, `exports/${communityId}/wishes-${dayjs(at).tz(TIME_ZONE).format('YYYYMMDD-HHmmss')}.xlsx`, `${community}微心愿台账.xlsx`, bytes, rows.length);
});

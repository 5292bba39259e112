/**
 * activities.export: the roster and attendance of one activity as .xlsx for its organiser (and
 * staff): everyone who signed up, in order, with sign-up state, check-in (self or by whom),
 * check-out, volunteer hours and points. Names only, no phones. Counted under the `export` limit.
 */
import dayjs from 'dayjs';
import { activitiesExport } from '../../../core/contracts/activities';
import { TIME_ZONE } from '../../../core/domain/points/periods';
import { SIGNUP_COLLECTION, SIGNUP_STATUS_LABELS, SIGNUP_STATUSES, shownStatus, signupDoc, waitingOrder, type SignupDoc } from '../../../core/domain/service/activities';
import { route, withinLimit, type Database } from '../../lib';
import { now } from '../../lib/clock';
import type { SheetColumn } from '../../lib/xlsx';
import { publishXlsx, xlsx } from '../../lib/xlsx-files';
import { findActivity, requireOrganiser } from './store';

const PAGE = 1000;
const localTime = (at: string | Date | null) => (at ? dayjs(at).tz(TIME_ZONE).format('YYYY-MM-DD HH:mm') : '');
const columns = (...spec: [header: string, width: number][]): SheetColumn[] => spec.map(([header, width]) => ({ header, width }));
const COLUMNS = columns(['序号', 6], ['姓名', 12], ['报名状态', 10], ['报名时间', 17], ['签到时间', 17], ['签到方式', 16], ['签退时间', 17], ['志愿时长（小时）', 10], ['积分', 20]);

/** Every sign-up of the activity, confirmed then waiting then cancelled, each in sign-up order (index activityId_1_status_1_seq_1). */
async function signupsOf(db: Database, activityId: string): Promise<SignupDoc[]> {
  const out: SignupDoc[] = [];
  for (const status of SIGNUP_STATUSES) {
    for (let skip = 0; ; skip += PAGE) {
      const { data } = await db.collection(SIGNUP_COLLECTION).where({ activityId, status }).orderBy('seq', 'asc').skip(skip).limit(PAGE).get();
      out.push(...waitingOrder((data as unknown[]).map((d) => signupDoc.parse(d))));
      if (data.length < PAGE) break;
    }
  }
  return out;
}

function pointsCell(s: SignupDoc, finished: boolean): string {
  if (!s.attended) return '';
  if (s.awardNote) return `未计：${s.awardNote}`;
  return s.awarded ? '已计入' : finished ? '记入中' : '活动结束后计入';
}

export const exportRoute = route(activitiesExport, { access: 'bound', prefetch: (input, db) => findActivity(db, input.activityId) }, async (_input, { app, db, person, prefetched }) => {
  const a = requireOrganiser(prefetched, person);
  const signups = await withinLimit(db, 'export', person._id, signupsOf(db, a._id));
  const at = now();
  const attended = signups.filter((s) => s.attended).length;
  const rows = signups.map((s, i) => [
    i + 1,
    s.personName,
    SIGNUP_STATUS_LABELS[shownStatus(s.status)],
    localTime(s.signedUpAt),
    localTime(s.checkedInAt),
    s.checkin ? (s.checkin.by === 'self' ? '本人输入签到码' : `代签：${s.checkin.proxyName ?? ''}`) : '',
    localTime(s.checkedOutAt),
    s.hours || null,
    pointsCell(s, a.status === 'finished'),
  ]);
  const bytes = await xlsx().writeXlsx({
    sheetName: '报名与签到',
    heading: [
      `${a.title}　报名与签到名单`,
      `${localTime(a.startAt)} 至 ${localTime(a.endAt)}　${a.place}　组织：${a.organiser.name}`,
      `名额 ${a.capacity}，已报名 ${a.taken}，签到 ${attended} 人　导出时间：${localTime(at)}　导出人：${person.name}`,
    ],
    columns: COLUMNS,
    rows,
  });
  return publishXlsx(app, `exports/${a.communityId}/activity-${a._id}-${dayjs(at).tz(TIME_ZONE).format('YYYYMMDD-HHmmss')}.xlsx`, `${a.title}报名签到名单.xlsx`, bytes, rows.length);
});

/**
 * CloudBase timer-trigger cron: seven fields, `second minute hour day month weekday year`, in UTC+8
 * (docs.cloudbase.net/cli-v1/functions/trigger; developers.weixin.qq.com …/functions/triggers).
 *
 * What CloudBase documents, and so all this accepts: in every field `*`, a value, a range `a-b`, a
 * step `*\/n` or `a/n`, and lists of these joined by `,`; months 1–12 or JAN–DEC, weekdays 0–6 (0 is
 * Sunday) or SUN–SAT, years 1970–2099. When both day and weekday are restricted, either matching
 * fires ("两者为或关系"). Tencent SCF's own page also lists `? L W #`; CloudBase's pages do not, so
 * they are refused here, as are weekday 7, lower-case names and a range's step — the local cloud
 * refuses what the cloud might, never the other way round.
 *
 * Matching and the next run come from croner (a maintained parser with a 7-part mode, a year field
 * and time zones), once this grammar has checked the expression: croner alone is kinder (it takes
 * `? L W # +`, weekday 7, years 1–9999 and lower-case names).
 */
import { Cron } from 'croner';

export const CRON_TIME_ZONE = 'Asia/Shanghai';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
}

const FIELDS: FieldSpec[] = [
  { name: '秒', min: 0, max: 59 },
  { name: '分钟', min: 0, max: 59 },
  { name: '小时', min: 0, max: 23 },
  { name: '日', min: 1, max: 31 },
  { name: '月', min: 1, max: 12, names: MONTHS },
  { name: '星期', min: 0, max: 6, names: WEEKDAYS },
  { name: '年', min: 1970, max: 2099 },
];

export class CronError extends Error {}

/** A value of the field (a number in range, or one of its names); null when it is neither. */
function valueOf(text: string, field: FieldSpec): number | null {
  if (/^\d{1,4}$/.test(text)) {
    const n = Number(text);
    return n >= field.min && n <= field.max ? n : null;
  }
  const i = field.names?.indexOf(text) ?? -1;
  return i >= 0 ? field.min + i : null;
}

function checkItem(item: string, field: FieldSpec): void {
  const bad = (why: string) => new CronError(`${field.name}字段「${item}」${why}`);
  if (item === '*') return;
  const [base, step, extra] = item.split('/');
  if (extra !== undefined) throw bad('有多个 /');
  if (step !== undefined && !/^[1-9]\d{0,3}$/.test(step)) throw bad('的增量须为正整数');
  if (base === '*') return;
  const [lo, hi, more] = base.split('-');
  if (more !== undefined) throw bad('不是合法的范围');
  const from = valueOf(lo, field);
  if (from === null) throw bad(`超出取值范围 ${field.min}-${field.max}`);
  if (hi === undefined) return;
  if (step !== undefined) throw bad('不能给范围加增量');
  const to = valueOf(hi, field);
  if (to === null) throw bad(`超出取值范围 ${field.min}-${field.max}`);
  if (to < from) throw bad('的范围起点大于终点');
}

export interface CloudbaseCron {
  /** The first run strictly after `after`; null when there is none (a year field in the past). */
  nextAfter(after: Date): Date | null;
}

/** Parses a trigger's `config`; throws CronError (in Chinese, as the console says it) when CloudBase would refuse it. */
export function parseCloudbaseCron(expression: string): CloudbaseCron {
  const fields = expression.split(' ');
  if (fields.length !== 7) throw new CronError(`Cron 表达式须有 7 个以单个空格分隔的字段（秒 分钟 小时 日 月 星期 年），「${expression}」有 ${fields.length} 个`);
  fields.forEach((text, i) => {
    if (text === '') throw new CronError(`Cron 表达式「${expression}」有空字段`);
    for (const item of text.split(',')) checkItem(item, FIELDS[i]);
  });
  let cron: Cron;
  try {
    cron = new Cron(expression, { mode: '7-part', timezone: CRON_TIME_ZONE, sloppyRanges: true, domAndDow: false, paused: true });
  } catch (err) {
    throw new CronError(`Cron 表达式「${expression}」无效：${err instanceof Error ? err.message : String(err)}`);
  }
  return { nextAfter: (after) => cron.nextRun(after) };
}

/**
 * What `npm start` adds to a freshly seeded demo so 首页, 心愿墙 and 社区活动 are not empty: notices,
 * wishes and activities made through the real functions as the demo personas (the dev gateway), so
 * they pass the same checks a person's would. Fixed idempotency keys: a re-run the same day adds nothing.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import type { Result } from '../../core/contracts/common';
import type { NoticeView } from '../../core/contracts/notices';
import type { ActivityView } from '../../core/contracts/activities';
import { noticeId } from '../../core/domain/notices/model';
import { dateOf, TIME_ZONE } from '../../core/domain/points/periods';
import type { LocalCloud } from '../localcloud/server';
import { devInvoke } from '../localcloud/dev-call';
import { COMPOUND_IDS, PERSON_IDS } from './demo';
import { PERSONA_OPENIDS as P } from './personas';

dayjs.extend(utc);
dayjs.extend(timezone);

type Call = <T>(action: string, data: unknown, openid: string) => Promise<Result<T>>;

/** `{ action, data }` to the function, as the app sends it through the dev gateway as `openid` */
function devCaller(cloud: Pick<LocalCloud, 'url'>): Call {
  return async <T>(action: string, data: unknown, openid: string) => (await devInvoke(cloud.url, action.split('.')[0], { action, data }, openid)).body as Result<T>;
}

async function must<T>(call: Call, action: string, data: unknown, openid: string): Promise<T> {
  const res = await call<T>(action, data, openid);
  if (!res.ok) throw new Error(`演示数据写入失败：${action}（${openid}）被拒绝：${JSON.stringify(res.error)}`);
  return res.data;
}

const WEEKDAYS = '日一二三四五六';
const p = (text: string, bold?: boolean) => ({ type: 'paragraph', runs: [{ text, ...(bold ? { bold } : {}) }] });
const h = (text: string) => ({ type: 'heading', text });
const ul = (...items: string[]) => ({ type: 'list', ordered: false, items: items.map((text) => [{ text }]) });

/** Writes the showcase as the personas; throws with the function's answer when a call is refused. */
export async function seedShowcase(cloud: Pick<LocalCloud, 'url'>, now = new Date()): Promise<void> {
  const call = devCaller(cloud);
  const day = (n: number) => dayjs.tz(dateOf(now), TIME_ZONE).add(n, 'day');
  /** e.g. 2026-12-06T09:00:00+08:00 */
  const at = (n: number, time: string) => dayjs.tz(`${day(n).format('YYYY-MM-DD')} ${time}`, TIME_ZONE).format();
  const md = (n: number) => `${day(n).format('M月D日')}（星期${WEEKDAYS[day(n).day()]}）`;

  const notices = [
    {
      idempotencyKey: 'showcase-notice-1',
      category: 'emergency',
      title: '和平小区停水通知',
      pinned: true,
      expiresAt: at(4, '00:00'),
      scope: { kind: 'compounds', ids: [COMPOUND_IDS.heping] },
      blocks: [
        p('各位居民：接自来水公司通知，因市政供水管网检修，和平小区将临时停水。'),
        h('停水安排'),
        ul(`停水时间：${md(3)} 8:00—17:00`, '停水范围：和平小区1—6号楼', '恢复供水后水质可能短时浑浊，请先放水几分钟再使用'),
        h('温馨提示'),
        ul('请提前储备好生活用水', '停水期间请关好家中水龙头，防止来水时跑水', '家中有独居老人、行动不便的，需要送水请联系网格员'),
        p('请相互转告，谢谢配合！', true),
      ],
    },
    {
      idempotencyKey: 'showcase-notice-2',
      category: 'activity',
      title: '冬季义诊进小区，欢迎居民参加',
      scope: { kind: 'community' },
      blocks: [
        p(`社区卫生服务中心的医生将于${md(5)} 9:00—11:00 到和平小区活动室义诊，名额 30 个，请在小程序「社区活动」里报名。`),
        h('义诊项目'),
        ul('量血压、测血糖', '常见慢性病用药咨询', '老年人健康建档'),
        p('请带上身份证和平时吃的药（或药盒），方便医生了解情况。'),
      ],
    },
    {
      idempotencyKey: 'showcase-notice-3',
      category: 'policy',
      title: '老年人高龄补贴申领指南',
      scope: { kind: 'community' },
      blocks: [
        p('年满 80 周岁、具有本市户籍的老年人，可以申领高龄补贴，补贴标准按市里规定执行，按月发放到本人银行卡。'),
        h('需要带的材料'),
        ul('老人的身份证、户口簿原件及复印件', '老人本人的社保卡或银行卡', '请人代办的，带上代办人的身份证'),
        h('在哪里办'),
        p('幸福里社区党群服务中心一楼便民窗口，工作日 9:00—12:00、14:00—17:30。行动不便的老人，可以请网格员上门帮办。'),
      ],
    },
  ];
  for (const notice of notices) {
    // a published notice can no longer be saved: on a re-run, only a leftover draft is saved again
    const existing = await call<NoticeView>('notices.get', { id: noticeId(PERSON_IDS.staff, notice.idempotencyKey) }, P.staff);
    const id = existing.ok && existing.data.state !== 'draft' ? existing.data.id : (await must<NoticeView>(call, 'notices.save', notice, P.staff)).id;
    const published = await must<NoticeView>(call, 'notices.publish', { id }, P.staff);
    if (published.state !== 'published') throw new Error(`演示公告「${notice.title}」没有发布出去：${published.state}`);
  }

  await must(call, 'wishes.post', {
    idempotencyKey: 'showcase-wish-1',
    category: '学习用品',
    text: '孙子在上小学三年级，喜欢看书，想要几本适合他读的课外书，旧书也可以。',
    neededBy: day(14).format('YYYY-MM-DD'),
  }, P.resident);
  await must(call, 'wishes.post', {
    idempotencyKey: 'showcase-wish-2',
    category: '助老服务',
    text: '孙奶奶今年 86 岁，一个人住，腿脚不方便下楼，希望有志愿者每周上门陪她聊聊天，顺便帮忙买点米面油。',
    neededBy: day(21).format('YYYY-MM-DD'),
    // 2号楼 is in 张桂英's grid (和平第一微网格)
    onBehalfOf: { name: '孙淑珍', householdId: 'hh-heping-2-1-102', kind: '独居老人' },
  }, P.gridWorker);

  const clinic = await must<ActivityView>(call, 'activities.create', {
    idempotencyKey: 'showcase-activity-1',
    organiser: { kind: 'community' },
    title: '冬季义诊进小区',
    description: '社区卫生服务中心的医生到和平小区活动室为居民量血压、测血糖、做用药咨询。需要几位志愿者协助排队登记、引导老人，参加的记志愿服务时长。',
    startAt: at(5, '09:00'),
    endAt: at(5, '11:00'),
    place: '和平小区活动室',
    capacity: 30,
    signupDeadline: at(4, '18:00'),
    compoundIds: [COMPOUND_IDS.heping],
    itemCode: 'ZY01',
    volunteerHours: 2,
  }, P.staff);
  await must(call, 'activities.create', {
    idempotencyKey: 'showcase-activity-2',
    organiser: { kind: 'community' },
    title: '垃圾分类宣传志愿行动',
    description: '在小区门口和各楼栋发放垃圾分类宣传单，指导居民分类投放。欢迎党员和热心居民报名，活动结束后记志愿服务时长。',
    startAt: at(10, '14:30'),
    endAt: at(10, '16:30'),
    place: '和平小区南门广场',
    capacity: 20,
    signupDeadline: at(9, '18:00'),
    itemCode: 'ZY01',
    volunteerHours: 2,
  }, P.staff);
  await must(call, 'activities.signup', { activityId: clinic.id, idempotencyKey: 'showcase-signup-1' }, P.leader);
}

/**
 * The showcase `npm start` adds after a fresh seed (tools/seed/showcase.ts), through the real local
 * cloud, dev gateway and functions: what the demo personas then see on 首页, the 心愿墙 and 社区活动,
 * and that a second run adds nothing.
 */
import type { ActivityCard } from '../../core/contracts/activities';
import type { NoticeSummary } from '../../core/contracts/notices';
import type { WishCard } from '../../core/contracts/wishes';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { seedShowcase } from '../../tools/seed/showcase';
import type { TestCloud } from '../helpers/localcloud';
import { ok, pointsCloud } from './points-fixture';

let t: TestCloud;
beforeAll(async () => {
  t = await pointsCloud(); // seedDemo, as `npm start` runs it
}, 120_000);
afterAll(() => t?.close());

const list = async <T>(action: string, data: unknown, openid: string) => (await ok<{ items: T[]; hasMore: boolean }>(t, action, data, openid)).items;

async function whatTheyShow() {
  const feed = await list<NoticeSummary>('notices.list', { view: 'feed' }, P.resident);
  const staffNotices = await list<NoticeSummary>('notices.list', { view: 'staff' }, P.staff);
  const wall = await list<WishCard>('wishes.wall', {}, P.resident);
  const open = await list<ActivityCard>('activities.list', { view: 'open' }, P.resident);
  const leaderMine = await list<ActivityCard>('activities.list', { view: 'mine' }, P.leader);
  return { feed, staffNotices, wall, open, leaderMine };
}

it('gives the demo personas notices, wishes and activities, and a re-run adds nothing', async () => {
  await seedShowcase(t.cloud);
  const first = await whatTheyShow();

  expect(first.feed).toHaveLength(3);
  expect(first.feed[0]).toMatchObject({ category: 'emergency', title: '和平小区停水通知', pinned: true, unread: true, state: 'published' });
  expect(first.feed.slice(1).map((n) => [n.category, n.title]).sort()).toEqual([
    ['activity', '冬季义诊进小区，欢迎居民参加'],
    ['policy', '老年人高龄补贴申领指南'],
  ]);
  expect(first.staffNotices.map((n) => n.state)).toEqual(['published', 'published', 'published']);

  expect(first.wall).toHaveLength(2);
  const proxy = first.wall.find((w) => w.proxy)!;
  expect(proxy).toMatchObject({ beneficiary: '孙**（独居老人）', status: 'open', compoundName: '和平小区' });
  expect(JSON.stringify(first.wall)).not.toContain('孙淑珍');
  expect(first.wall.find((w) => !w.proxy)).toMatchObject({ beneficiary: '李**', category: '学习用品' });

  expect(first.open.map((a) => a.title)).toEqual(['冬季义诊进小区', '垃圾分类宣传志愿行动']);
  expect(first.open[0]).toMatchObject({ capacity: 30, taken: 1, organiserName: '幸福里社区', mine: null });
  expect(Date.parse(first.open[0].endAt) - Date.parse(first.open[0].startAt)).toBe(2 * 3_600_000);
  expect(first.leaderMine.map((a) => [a.title, a.mine])).toEqual([['冬季义诊进小区', 'confirmed']]);

  await seedShowcase(t.cloud);
  expect(await whatTheyShow()).toEqual(first);
}, 60_000);

/**
 * The `notices` function through the real local cloud, node-sdk and the dev gateway, on the demo
 * org: authoring (validation, the author's own images, staff only), the content check's verdicts
 * (pass, review → a second staff member, risky → refused with the reason), scope (a resident outside
 * it never sees the notice), the feed's order and unread marks, unique read counts, withdrawal.
 */
import type { NoticeSummary, NoticeView } from '../../core/contracts/notices';
import { noticeDoc, readId } from '../../core/domain/notices/model';
import { PERSON_IDS } from '../../tools/seed/demo';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { resetStats, roundTrips, setLatency, stats } from '../helpers/localcloud';
import { seededTestCloud } from '../helpers/seeded';
import { wxControl } from '../helpers/wx';
import { fail, key, ok, thisMonth, uploadAs } from './points-fixture';

const t = seededTestCloud();

const O = {
  /** 唐秀英, a resident of 和平 5号楼 (第二微网格) */
  neighbour: 'demo-p-027',
  /** a resident of 老街小区 */
  laojie: 'demo-p-031',
};

const body = (text = '因管网检修，12月5日 8:00–17:00 和平小区停水，请提前储水。') => [
  { type: 'heading', text: '停水通知' },
  { type: 'paragraph', runs: [{ text }, { text: '请相互转告', bold: true }] },
];
const draft = (extra: Record<string, unknown> = {}) => ({
  idempotencyKey: key('nt'),
  category: 'notice',
  title: '和平小区停水通知',
  blocks: body(),
  scope: { kind: 'community' },
  ...extra,
});

async function published(extra: Record<string, unknown> = {}): Promise<NoticeView> {
  const saved = await ok<NoticeView>(t, 'notices.save', draft(extra), P.staff);
  return ok<NoticeView>(t, 'notices.publish', { id: saved.id }, P.staff);
}
const feed = async (openid: string, extra: Record<string, unknown> = {}) =>
  (await ok<{ items: NoticeSummary[]; hasMore: boolean }>(t, 'notices.list', { view: 'feed', ...extra }, openid)).items;
const stored = async (id: string) => noticeDoc.parse(((await t.app.database().collection('notices').doc(id).get()).data as unknown[])[0]);

describe('notices.save', () => {
  it('keeps a draft that only staff see, with a default digest; a retry with the same key changes the same draft', async () => {
    const input = draft();
    const saved = await ok<NoticeView>(t, 'notices.save', input, P.staff);
    expect(saved).toMatchObject({ state: 'draft', title: '和平小区停水通知', digest: expect.stringContaining('停水通知 因管网检修'), staff: { readers: 0, mp: null } });
    const again = await ok<NoticeView>(t, 'notices.save', { ...input, title: '和平小区停水通知（更新）' }, P.staff);
    expect(again.id).toBe(saved.id);
    expect((await stored(saved.id)).title).toBe('和平小区停水通知（更新）');
    expect((await feed(P.resident)).map((n) => n.id)).not.toContain(saved.id);
    expect((await fail(t, 'notices.get', { id: saved.id }, P.resident)).code).toBe('NOT_FOUND');
  });

  it('refuses bad input with Chinese messages per field', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ title: '标'.repeat(33) }, 'data.title', '标题最多 32 个字'],
      [{ digest: '摘'.repeat(129) }, 'data.digest', '摘要最多 128 个字'],
      [{ category: 'ads' }, 'data.category', '请选择公告类别'],
      [{ blocks: [] }, 'data.blocks', '正文不能为空'],
      [{ blocks: [{ type: 'video', fileId: 'cloud://x' }] }, 'data.blocks.0.type', '正文段落的类型不正确'],
      [{ blocks: [{ type: 'image', fileId: 'https://evil.example/a.png' }] }, 'data.blocks.0.fileId', '图片必须是在小程序里上传的文件'],
      [{ scope: { kind: 'compounds', ids: [] } }, 'data.scope.ids', '请至少选择一个小区'],
      [{ syncToOfficialAccount: true }, 'data.coverFileId', '同步到公众号需要一张封面图片'],
      [{ expiresAt: '2020-01-01T00:00:00+08:00' }, 'data.expiresAt', '过期时间已经过了'],
      [{ openid: 'someone-else' }, '', ''],
    ];
    for (const [extra, path, message] of cases) {
      const err = await fail(t, 'notices.save', draft(extra), P.staff);
      expect(err.code).toBe('VALIDATION_ERROR');
      if (path) expect(err.issues).toEqual(expect.arrayContaining([{ path, message: expect.stringContaining(message) }]));
    }
  });

  it('takes only images the author uploaded into their own notices folder', async () => {
    const own = await uploadAs(t, P.staff, `notices/${PERSON_IDS.staff}/${thisMonth()}/map.png`);
    const foreign = await uploadAs(t, P.resident, `notices/${PERSON_IDS.resident}/${thisMonth()}/map.png`);
    const image = (fileId: string) => ({ blocks: [...body(), { type: 'image', fileId, caption: '停水范围' }] });
    expect((await ok<NoticeView>(t, 'notices.save', draft({ ...image(own), coverFileId: own }), P.staff)).blocks).toHaveLength(3);
    const err = await fail(t, 'notices.save', draft(image(foreign)), P.staff);
    expect(err).toMatchObject({ code: 'VALIDATION_ERROR', issues: [{ path: 'data.images.0', message: expect.stringContaining('不是你本人') }] });
    const missing = own.replace('map.png', 'never-uploaded.png');
    expect((await fail(t, 'notices.save', draft({ coverFileId: missing }), P.staff)).issues?.[0].message).toContain('没有找到');
  });

  it('is for the community staff only', async () => {
    for (const who of [P.resident, P.leader, P.secretary]) expect((await fail(t, 'notices.save', draft(), who)).code).toBe('FORBIDDEN');
  });
});

describe('content check on publishing', () => {
  const wx = () => wxControl(t.cloud.url);

  it('pass: visible to the scope at once, checked as the author with title, digest and body', async () => {
    await wx().clearOutbox();
    const n = await published();
    expect(n).toMatchObject({ state: 'published', staff: { verdict: 'pass' } });
    const checks = await wx().outbox('/wxa/msg_sec_check');
    expect(checks).toHaveLength(1);
    expect(checks[0].request).toMatchObject({ version: 2, openid: P.staff, title: '和平小区停水通知', content: expect.stringContaining('请相互转告') });
    expect((await feed(P.resident)).map((x) => x.id)).toContain(n.id);
  });

  it('checks a long body in parts of 2,500 characters; a risky word in the last part refuses it with the reason', async () => {
    await wx().clearOutbox();
    const long = [...body('长'.repeat(2400)), { type: 'paragraph', runs: [{ text: '长'.repeat(2400) }] }, { type: 'paragraph', runs: [{ text: '欢迎来参加赌博' }] }];
    const saved = await ok<NoticeView>(t, 'notices.save', draft({ blocks: long }), P.staff);
    const err = await fail(t, 'notices.publish', { id: saved.id }, P.staff);
    expect(err).toMatchObject({ code: 'CONTENT_REJECTED', message: expect.stringContaining('违法犯罪') });
    expect(await wx().outbox('/wxa/msg_sec_check')).toHaveLength(2);
    expect((await stored(saved.id)).state).toBe('draft');
    expect((await feed(P.resident)).map((x) => x.id)).not.toContain(saved.id);
  });

  it('review: held until a second staff member approves; the author cannot approve their own', async () => {
    const saved = await ok<NoticeView>(t, 'notices.save', draft({ title: '代开发票服务说明' }), P.staff);
    const held = await ok<NoticeView>(t, 'notices.publish', { id: saved.id }, P.staff);
    expect(held).toMatchObject({ state: 'review', staff: { verdict: 'review', approvedBy: null } });
    expect((await feed(P.resident)).map((x) => x.id)).not.toContain(saved.id);
    expect((await fail(t, 'notices.approve', { id: saved.id }, P.staff)).code).toBe('FORBIDDEN');
    expect((await fail(t, 'notices.approve', { id: saved.id }, P.resident)).code).toBe('FORBIDDEN');
    const approved = await ok<NoticeView>(t, 'notices.approve', { id: saved.id }, P.admin);
    expect(approved).toMatchObject({ state: 'published', staff: { verdict: 'review', approvedBy: '杨德明' } });
    expect((await feed(P.resident)).map((x) => x.id)).toContain(saved.id);
  });

  it('no verdict (WeChat failing) publishes nothing', async () => {
    const saved = await ok<NoticeView>(t, 'notices.save', draft(), P.staff);
    await wx().fail({ api: '/wxa/msg_sec_check', errcode: -1 });
    expect((await fail(t, 'notices.publish', { id: saved.id }, P.staff)).code).toBe('INTERNAL');
    expect((await stored(saved.id)).state).toBe('draft');
  });
});

describe('scope', () => {
  const sees = async (openid: string, id: string) => (await feed(openid)).some((n) => n.id === id);
  const opens = async (openid: string, id: string) => (await t.call('notices.get', { id }, openid)).ok;

  it('a compound: its residents see it, a resident of another compound neither in the feed nor by id', async () => {
    const n = await published({ scope: { kind: 'compounds', ids: ['cp-laojie'] } });
    expect(await sees(O.laojie, n.id)).toBe(true);
    expect(await sees(P.resident, n.id)).toBe(false);
    expect((await fail(t, 'notices.get', { id: n.id }, P.resident)).code).toBe('NOT_FOUND');
  });

  it("a grid: the residents of its buildings and its grid worker, not the compound's other buildings", async () => {
    const n = await published({ scope: { kind: 'grids', ids: ['gd-heping-1'] } });
    expect(await sees(P.resident, n.id)).toBe(true);
    expect(await sees(P.gridWorker, n.id)).toBe(true);
    expect(await sees(O.neighbour, n.id)).toBe(false);
    expect(await opens(O.neighbour, n.id)).toBe(false);
  });

  it('a role (all 红色近邻长) and a team reach their people only', async () => {
    const leaders = await published({ scope: { kind: 'roles', roles: ['leader'] } });
    expect(await sees(P.leader, leaders.id)).toBe(true);
    expect(await sees(P.resident, leaders.id)).toBe(false);
    const team = await published({ scope: { kind: 'teams', ids: ['tm-hongguanjia'] } });
    expect(await sees(P.secretary, team.id)).toBe(true);
    expect(await opens(P.resident, team.id)).toBe(false);
  });

  it("refuses a compound of another community or one that doesn't exist", async () => {
    const saved = await ok<NoticeView>(t, 'notices.save', draft({ scope: { kind: 'compounds', ids: ['cp-heping', 'cp-nowhere'] } }), P.staff);
    expect(await fail(t, 'notices.publish', { id: saved.id }, P.staff)).toMatchObject({ code: 'VALIDATION_ERROR', issues: [{ path: 'data.scope.ids.1' }] });
  });

  it('an expired notice leaves the feed', async () => {
    const n = await published({ expiresAt: new Date(Date.now() + 60_000).toISOString() });
    expect(await sees(P.resident, n.id)).toBe(true);
    await fetch(`${t.cloud.url}/__localcloud/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offsetMs: 120_000 }) });
    try {
      expect(await sees(P.resident, n.id)).toBe(false);
      expect(await opens(P.resident, n.id)).toBe(false);
    } finally {
      await fetch(`${t.cloud.url}/__localcloud/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offsetMs: 0 }) });
    }
  });
});

describe('feed, reads and withdrawal', () => {
  it('pinned first, then 应急, then newest; unread marked until opened; filtered by category', async () => {
    const plain = await published({ title: '普通通知' });
    const emergency = await published({ title: '暴雨预警', category: 'emergency' });
    const pinned = await published({ title: '置顶公告', pinned: true, category: 'policy' });
    const newest = await published({ title: '最新通知' });
    const items = await feed(O.neighbour);
    const order = items.map((n) => n.id).filter((id) => [plain.id, emergency.id, pinned.id, newest.id].includes(id));
    expect(order).toEqual([pinned.id, emergency.id, newest.id, plain.id]);
    expect(items.find((n) => n.id === plain.id)?.unread).toBe(true);
    await ok(t, 'notices.get', { id: plain.id }, O.neighbour);
    expect((await feed(O.neighbour)).find((n) => n.id === plain.id)?.unread).toBe(false);
    expect((await feed(O.neighbour, { category: 'emergency' })).map((n) => n.id)).toEqual([emergency.id]);
  });

  it('a feed page is 2 database reads, one after the other: the caller, then the notices with their read marks', async () => {
    await published();
    await setLatency(t, 30);
    try {
      await resetStats(t);
      expect((await feed(P.resident)).length).toBeGreaterThan(0);
      const s = await stats(t);
      expect(roundTrips(s)).toBe(2);
      expect(s.sequentialRoundTrips).toBe(2);
    } finally {
      await setLatency(t, 0);
    }
  });

  it('counts unique readers in scope: repeated and concurrent opens count once, staff do not count', async () => {
    const n = await published();
    await Promise.all([1, 2, 3, 4].map(() => ok(t, 'notices.get', { id: n.id }, P.resident)));
    await ok(t, 'notices.get', { id: n.id }, O.neighbour);
    await ok(t, 'notices.get', { id: n.id }, P.staff);
    expect(await ok(t, 'notices.stats', { id: n.id }, P.staff)).toMatchObject({ readers: 2 });
    expect((await ok<NoticeView>(t, 'notices.get', { id: n.id }, P.staff)).staff?.readers).toBe(2);
    expect((await fail(t, 'notices.stats', { id: n.id }, P.resident)).code).toBe('FORBIDDEN');
    // the count is kept on the notice, one read document per reader
    const _ = t.app.database().command;
    const ids = [PERSON_IDS.resident, PERSON_IDS.plainResident, PERSON_IDS.staff].map((p) => readId(n.id, p));
    const reads = await t.app.database().collection('noticeReads').where({ _id: _.in(ids) }).get();
    expect(reads.data.map((r: { _id: string }) => r._id).sort()).toEqual(ids.slice(0, 2).sort());
  });

  it("staff's list has drafts and published notices; residents cannot ask for it", async () => {
    const d = await ok<NoticeView>(t, 'notices.save', draft({ title: '未发布草稿' }), P.staff);
    const list = await ok<{ items: NoticeSummary[] }>(t, 'notices.list', { view: 'staff', state: 'draft' }, P.staff);
    expect(list.items.map((n) => n.id)).toContain(d.id);
    expect(list.items.every((n) => n.state === 'draft')).toBe(true);
    expect((await fail(t, 'notices.list', { view: 'staff' }, P.resident)).code).toBe('FORBIDDEN');
  });

  it('withdrawal takes it off the feed and out of reach', async () => {
    const n = await published();
    expect((await feed(P.resident)).map((x) => x.id)).toContain(n.id);
    expect((await fail(t, 'notices.withdraw', { id: n.id }, P.resident)).code).toBe('FORBIDDEN');
    expect(await ok<NoticeView>(t, 'notices.withdraw', { id: n.id }, P.staff)).toMatchObject({ state: 'withdrawn' });
    expect((await feed(P.resident)).map((x) => x.id)).not.toContain(n.id);
    expect((await fail(t, 'notices.get', { id: n.id }, P.resident)).code).toBe('NOT_FOUND');
    expect((await fail(t, 'notices.publish', { id: n.id }, P.staff)).code).toBe('CONFLICT');
  });
});

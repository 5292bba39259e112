/**
 * The `wishes` function (微心愿) through the real local cloud and node-sdk on the demo org and points
 * data: posting (content check, own photos, proxy scope), the wall (masked, paged, index-served),
 * claiming (exactly one of many simultaneous claimers), releasing, fulfilling, confirming (the
 * claimer's points booked once), staff's list, idempotent retries.
 */
import ExcelJS from 'exceljs';
import type { EntryView } from '../../core/contracts/points';
import type { ExportFile } from '../../core/contracts/points-export';
import type { WishCard, WishView } from '../../core/contracts/wishes';
import { dateOf } from '../../core/domain/points/periods';
import { PERSON_IDS } from '../../tools/seed/demo';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import type { TestCloud } from '../helpers/localcloud';
import { wxControl } from '../helpers/wx';
import { fail, key, ok, pointsCloud, thisMonth, uploadAs } from './points-fixture';

let t: TestCloud;
beforeAll(async () => {
  t = await pointsCloud();
}, 120_000);
afterAll(() => t?.close());

const O = {
  /** 朱红霞, grid worker of 和平第二微网格 (4–6号楼) */
  otherWorker: 'demo-p-015',
  /** 赵丽娟, a leader (party member) */
  leader2: 'demo-p-007',
  /** 林晓燕, branch committee, party member */
  member: 'demo-p-019',
  /** 唐秀英, a resident, not a party member */
  neighbour: 'demo-p-027',
  /** 高建军, building head of 和平 1号楼 */
  buildingHead: 'demo-p-020',
};
/** 冯建平 lives in 和平 6号楼1单元301 and has no phone; 2号楼 is in 张桂英's grid */
const IN_GRID = 'hh-heping-2-2-301';
const OUT_OF_GRID = 'hh-heping-6-1-301';

const inDays = (n: number) => dateOf(Date.now() + n * 86_400_000);
const postInput = (extra: Record<string, unknown> = {}) => ({ idempotencyKey: key('ws'), category: '生活物品', text: '想要一个电热水袋过冬', neededBy: inDays(14), ...extra });
const post = (extra: Record<string, unknown> = {}, openid: string = P.resident) => ok<WishView>(t, 'wishes.post', postInput(extra), openid);
const act = (action: string, wishId: string, openid: string, extra: Record<string, unknown> = {}) => t.call<WishView>(action, { wishId, idempotencyKey: key('wa'), ...extra }, openid);
const wall = async (openid: string, extra: Record<string, unknown> = {}) => ok<{ items: WishCard[]; hasMore: boolean }>(t, 'wishes.wall', extra, openid);

async function history(openid: string): Promise<EntryView[]> {
  return (await ok<{ entries: EntryView[] }>(t, 'points.history', { pageSize: 20 }, openid)).entries;
}

describe('wishes.post', () => {
  it('posts a resident\'s own wish onto the wall with their name masked', async () => {
    const view = await post();
    expect(view).toMatchObject({
      status: 'open',
      statusLabel: '待认领',
      compoundName: '和平小区',
      beneficiary: '李**',
      beneficiaryDetail: { name: '李秀兰', householdLabel: expect.stringContaining('1号楼1单元101'), kind: null },
      proxy: false,
      viewer: 'poster',
      moderation: 'pass',
    });
    const cards = (await wall(P.leader)).items;
    const card = cards.find((c) => c.id === view.id)!;
    expect(card.beneficiary).toBe('李**');
    expect(JSON.stringify(card)).not.toContain('李秀兰');
    expect(JSON.stringify(card)).not.toContain('101');
  });

  it('lets a grid worker post for a resident of their grid (proxy): the name is for staff and the claimer only', async () => {
    const view = await post({ onBehalfOf: { name: '冯建平', householdId: IN_GRID, kind: '独居老人' }, text: '希望有人陪我去医院复查' }, P.gridWorker);
    expect(view).toMatchObject({ proxy: true, beneficiary: '冯**（独居老人）', beneficiaryDetail: { name: '冯建平', householdLabel: expect.stringContaining('2号楼2单元301') }, poster: '张桂英' });
    const seen = await ok<WishView>(t, 'wishes.get', { wishId: view.id }, P.leader);
    expect(seen).toMatchObject({ viewer: 'public', beneficiaryDetail: null, poster: null, beneficiary: '冯**（独居老人）' });
    expect(JSON.stringify(seen)).not.toContain('冯建平');
    expect(JSON.stringify(seen)).not.toContain('张桂英');
    expect(await ok<WishView>(t, 'wishes.get', { wishId: view.id }, P.staff)).toMatchObject({ viewer: 'staff', beneficiaryDetail: { name: '冯建平' }, poster: '张桂英' });
  });

  it('refuses a proxy outside the poster\'s grid or building, and a resident posting for someone', async () => {
    expect(await fail(t, 'wishes.post', postInput({ onBehalfOf: { name: '冯建平', householdId: OUT_OF_GRID, kind: '独居老人' } }), P.gridWorker)).toMatchObject({
      code: 'VALIDATION_ERROR',
      issues: [{ path: 'data.onBehalfOf.householdId' }],
    });
    expect(await fail(t, 'wishes.post', postInput({ onBehalfOf: { name: '冯建平', householdId: IN_GRID, kind: '独居老人' } }), P.resident)).toMatchObject({ code: 'FORBIDDEN' });
    // a building head for their own building
    const byHead = await post({ onBehalfOf: { name: '王小宝', householdId: 'hh-heping-1-2-202', kind: '儿童' }, category: '学习用品', text: '想要一套课外读物' }, O.buildingHead);
    expect(byHead.proxy).toBe(true);
    expect(await fail(t, 'wishes.post', postInput({ onBehalfOf: { name: '王小宝', householdId: 'hh-heping-2-2-202', kind: '儿童' } }), O.buildingHead)).toMatchObject({ code: 'VALIDATION_ERROR' });
  });

  it('refuses a date in the past', async () => {
    expect(await fail(t, 'wishes.post', postInput({ neededBy: inDays(-2) }), P.resident)).toMatchObject({ code: 'VALIDATION_ERROR', issues: [{ path: 'data.neededBy' }] });
  });

  describe('content security', () => {
    const wx = () => wxControl(t.cloud.url);
    it('refuses risky text and stores nothing', async () => {
      const before = (await wall(P.leader, { pageSize: 20 })).items.length;
      expect(await fail(t, 'wishes.post', postInput({ text: '想找人一起赌博' }), P.resident)).toMatchObject({ code: 'CONTENT_REJECTED', issues: [{ path: 'data.text' }] });
      expect((await wall(P.leader, { pageSize: 20 })).items.length).toBe(before);
    });
    it('holds text WeChat wants reviewed off the wall, visible to its poster and staff', async () => {
      const view = await post({ text: '需要人帮忙代开发票' });
      expect(view.moderation).toBe('review');
      expect((await wall(P.leader)).items.map((c) => c.id)).not.toContain(view.id);
      expect(await fail(t, 'wishes.get', { wishId: view.id }, P.leader)).toMatchObject({ code: 'NOT_FOUND' });
      expect((await ok<WishView>(t, 'wishes.get', { wishId: view.id }, P.staff)).moderation).toBe('review');
      expect(await act('wishes.claim', view.id, P.leader)).toMatchObject({ ok: false, error: { code: 'PRECONDITION_FAILED' } });

      // staff pass it onto the wall; only staff may
      expect(await act('wishes.moderate', view.id, P.leader, { pass: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await act('wishes.moderate', view.id, P.staff, { pass: true })).toMatchObject({ ok: true, data: { moderation: 'pass', status: 'open' } });
      expect((await wall(P.leader)).items.map((c) => c.id)).toContain(view.id);
      expect(await act('wishes.moderate', view.id, P.staff, { pass: false, reason: '再看一遍' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    });

    it('lets staff reject a held wish with a reason its poster reads', async () => {
      const view = await post({ text: '谁能帮我代开发票' });
      expect(await act('wishes.moderate', view.id, P.staff, { pass: false, reason: '心愿须是生活所需，开具发票请到税务窗口' })).toMatchObject({ ok: true, data: { moderation: 'rejected' } });
      const seen = await ok<WishView>(t, 'wishes.get', { wishId: view.id }, P.resident);
      expect(seen.moderation).toBe('rejected');
      expect(seen.timeline.at(-1)).toMatchObject({ type: 'moderate', by: '陈美华', reason: '心愿须是生活所需，开具发票请到税务窗口' });
      expect((await wall(P.leader)).items.map((c) => c.id)).not.toContain(view.id);
      expect(await fail(t, 'wishes.get', { wishId: view.id }, P.leader)).toMatchObject({ code: 'NOT_FOUND' });
    });
    it('never takes a failed check as a pass', async () => {
      await wx().fail({ api: '/wxa/msg_sec_check', errcode: -1, errmsg: 'system error' });
      expect(await fail(t, 'wishes.post', postInput(), P.resident)).toMatchObject({ code: 'INTERNAL', message: '内容安全检查暂时无法完成，请稍后再提交' });
    });
  });

  it("takes the poster's own uploads only", async () => {
    const mine = await uploadAs(t, P.resident, `wishes/${PERSON_IDS.resident}/${thisMonth()}/bag.png`);
    expect((await post({ photos: [mine] })).photos).toEqual([mine]);
    const theirs = await uploadAs(t, O.neighbour, `wishes/${PERSON_IDS.plainResident}/${thisMonth()}/x.png`);
    expect(await fail(t, 'wishes.post', postInput({ photos: [theirs] }), P.resident)).toMatchObject({ code: 'VALIDATION_ERROR', issues: [{ path: 'data.photos.0' }] });
  });

  it('answers a retry with the same wish, and refuses the key for another wish', async () => {
    const input = postInput();
    const first = await ok<WishView>(t, 'wishes.post', input, P.resident);
    expect(await ok<WishView>(t, 'wishes.post', input, P.resident)).toEqual(first);
    expect(await fail(t, 'wishes.post', { ...input, text: '换一个心愿' }, P.resident)).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
  });
});

describe('the wall', () => {
  it('pages newest first, filters by compound, and leaves claimed wishes off', async () => {
    const p1 = await wall(P.leader, { pageSize: 2 });
    const p2 = await wall(P.leader, { pageSize: 2, page: 2 });
    expect(p1.items).toHaveLength(2);
    expect(p1.hasMore).toBe(true);
    expect(p1.items.map((c) => c.id)).not.toContain(p2.items[0]?.id);
    expect(p1.items[0].postedAt >= p1.items[1].postedAt).toBe(true);
    expect((await wall(P.leader, { compoundId: 'cp-hongxing' })).items).toEqual([]);
    const w = await post();
    await act('wishes.claim', w.id, P.leader);
    expect((await wall(P.leader, { pageSize: 20 })).items.map((c) => c.id)).not.toContain(w.id);
  });
});

describe('claim → fulfil → confirm', () => {
  it('lets exactly one of many simultaneous claimers have it', async () => {
    const w = await post();
    const claimers = [P.leader, O.leader2, O.member, P.gridWorker, P.secretary, 'demo-p-008', 'demo-p-013', 'demo-p-023'];
    const results = await Promise.all(claimers.map((openid) => act('wishes.claim', w.id, openid)));
    const won = results.filter((r) => r.ok);
    expect(won).toHaveLength(1);
    for (const r of results.filter((x) => !x.ok)) expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/^这个心愿已由.+认领$/) } });
    const stored = await ok<WishView>(t, 'wishes.get', { wishId: w.id }, P.staff);
    expect(stored.timeline.filter((e) => e.type === 'claim')).toHaveLength(1);
    expect(stored.claimer?.name).toBe(won[0].ok ? won[0].data.claimer?.name : '');
  }, 60_000);

  it('refuses claims by non-members and by the poster', async () => {
    const w = await post();
    expect(await act('wishes.claim', w.id, O.neighbour)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '只有党员和红色近邻长可以认领微心愿' } });
    const own = await post({}, P.leader);
    expect(await act('wishes.claim', own.id, P.leader)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('lets the claimer release it with a reason, and someone else claim it again', async () => {
    const w = await post();
    expect((await act('wishes.claim', w.id, P.leader)).ok).toBe(true);
    expect(await act('wishes.release', w.id, O.leader2, { reason: '不是我的' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const released = await act('wishes.release', w.id, P.leader, { reason: '这周要出差，办不了' });
    expect(released).toMatchObject({ ok: true, data: { status: 'open', claimer: null } });
    const again = await act('wishes.claim', w.id, O.leader2);
    expect(again).toMatchObject({ ok: true, data: { status: 'claimed', claimer: { name: '赵丽娟' } } });
    const view = await ok<WishView>(t, 'wishes.get', { wishId: w.id }, P.staff);
    expect(view.timeline.map((e) => [e.type, e.reason])).toEqual([
      ['post', null],
      ['claim', null],
      ['release', '这周要出差，办不了'],
      ['claim', null],
    ]);
  });

  it('a proxy wish: claimed, fulfilled with a photo, confirmed by the proxy; the claimer is awarded once', async () => {
    const w = await post({ onBehalfOf: { name: '冯建平', householdId: IN_GRID, kind: '独居老人' } }, P.gridWorker);
    const claimed = await act('wishes.claim', w.id, P.leader);
    // the claimer learns whom they serve
    expect(claimed).toMatchObject({ ok: true, data: { viewer: 'claimer', beneficiaryDetail: { name: '冯建平' } } });
    const before = (await history(P.leader)).filter((e) => e.source.id === w.id);
    expect(before).toEqual([]);

    expect(await act('wishes.fulfil', w.id, P.leader, { photos: [] })).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
    const photo = await uploadAs(t, P.leader, `wishes/${PERSON_IDS.leader}/${thisMonth()}/done.png`);
    expect(await act('wishes.fulfil', w.id, O.leader2, { photos: [photo] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const fulfilled = await act('wishes.fulfil', w.id, P.leader, { photos: [photo], note: '已陪同去医院复查' });
    expect(fulfilled).toMatchObject({ ok: true, data: { status: 'fulfilled', fulfilment: { photos: [photo], note: '已陪同去医院复查' } } });

    // only the proxy confirms (the beneficiary has no phone)
    expect(await act('wishes.confirm', w.id, P.leader)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const confirmInput = { wishId: w.id, idempotencyKey: key('cf') };
    const confirmed = await ok<WishView>(t, 'wishes.confirm', confirmInput, P.gridWorker);
    expect(confirmed).toMatchObject({ status: 'confirmed', statusLabel: '已完成', awarded: true });
    // a retry, and a second confirm with another key, book nothing more
    expect(await ok<WishView>(t, 'wishes.confirm', confirmInput, P.gridWorker)).toMatchObject({ status: 'confirmed' });
    expect(await act('wishes.confirm', w.id, P.gridWorker)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const entries = (await history(P.leader)).filter((e) => e.source.type === 'wish' && e.source.id === w.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ points: 10, item: { code: 'BF02' }, person: { id: PERSON_IDS.leader } });
  }, 60_000);

  it("the resident confirms their own wish", async () => {
    const w = await post();
    await act('wishes.claim', w.id, O.member);
    const photo = await uploadAs(t, O.member, `wishes/p-019/${thisMonth()}/done.png`);
    expect((await act('wishes.fulfil', w.id, O.member, { photos: [photo] })).ok).toBe(true);
    expect(await act('wishes.confirm', w.id, P.resident)).toMatchObject({ ok: true, data: { status: 'confirmed', awarded: true } });
  }, 60_000);
});

describe('wishes.list (staff)', () => {
  it('lists every wish with its status, filters by status, and is for staff only', async () => {
    const all = await ok<{ items: WishView[]; hasMore: boolean }>(t, 'wishes.list', { pageSize: 20 }, P.staff);
    expect(all.items.length).toBeGreaterThan(5);
    expect(new Set(all.items.map((w) => w.status)).size).toBeGreaterThan(1);
    const confirmed = await ok<{ items: WishView[] }>(t, 'wishes.list', { status: 'confirmed' }, P.staff);
    expect(confirmed.items.length).toBeGreaterThanOrEqual(2);
    expect(confirmed.items.every((w) => w.status === 'confirmed' && w.viewer === 'staff' && w.beneficiaryDetail !== null)).toBe(true);
    expect(await fail(t, 'wishes.list', {}, P.leader)).toMatchObject({ code: 'FORBIDDEN' });
    // held for review, and one filter at a time
    const waiting = await post({ text: '麻烦帮忙代开发票' });
    const held = await ok<{ items: WishView[]; counts: { unclaimed: number; chased: number } }>(t, 'wishes.list', { moderation: 'review' }, P.staff);
    expect(held.items.map((w) => w.id)).toContain(waiting.id);
    expect(held.items.every((w) => w.moderation === 'review')).toBe(true);
    expect(held.counts).toEqual({ unclaimed: 0, chased: 0 });
    expect(await fail(t, 'wishes.list', { status: 'open', flag: 'unclaimed' }, P.staff)).toMatchObject({ code: 'VALIDATION_ERROR' });
  });

  it('exports every wish to Excel for staff', async () => {
    const all = await ok<{ items: WishView[]; hasMore: boolean }>(t, 'wishes.list', { pageSize: 20 }, P.staff);
    const file = await ok<ExportFile>(t, 'wishes.export', {}, P.staff);
    expect(file.fileName).toBe('幸福里社区微心愿台账.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await (await fetch(file.url)).arrayBuffer());
    const rows: unknown[][] = [];
    book.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const body = rows.slice(rows.findIndex((r) => r[0] === '发布时间') + 1);
    expect(body).toHaveLength(file.rows);
    expect(file.rows).toBeGreaterThanOrEqual(all.items.length);
    const proxyRow = body.find((r) => r[5] === '冯建平' && r[11] === '已完成');
    expect(proxyRow).toEqual(expect.arrayContaining(['张桂英', '是', '通过', '王建国', '已陪同去医院复查', '已记入']));
    expect(await fail(t, 'wishes.export', {}, P.leader)).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('wishes.households (代人许愿 picker)', () => {
  type Homes = { buildings: { id: string; name: string; compoundName: string }[]; households: { id: string; label: string }[] };
  it("lists the buildings a grid worker serves and a building's homes; nothing outside them, nothing for residents", async () => {
    const mine = await ok<Homes>(t, 'wishes.households', {}, P.gridWorker);
    expect(mine.buildings.map((b) => b.id)).toContain('bd-heping-2');
    expect(mine.buildings.map((b) => b.id)).not.toContain('bd-heping-6');
    expect(mine.households).toEqual([]);
    const homes = await ok<Homes>(t, 'wishes.households', { buildingId: 'bd-heping-2' }, P.gridWorker);
    expect(homes.households.map((h) => h.id)).toContain(IN_GRID);
    expect(homes.households.every((h) => h.label.includes('2号楼'))).toBe(true);
    expect(await fail(t, 'wishes.households', { buildingId: 'bd-heping-6' }, P.gridWorker)).toMatchObject({ code: 'VALIDATION_ERROR', issues: [{ path: 'data.buildingId' }] });
    expect(await fail(t, 'wishes.households', {}, P.resident)).toMatchObject({ code: 'FORBIDDEN' });
    expect((await ok<Homes>(t, 'wishes.households', {}, O.buildingHead)).buildings.map((b) => b.id)).toEqual(['bd-heping-1']);
  });
});

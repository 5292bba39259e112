/**
 * Objections on a publication through the real local cloud and its WeChat stub: the content check's
 * three verdicts (pass is shown, review is held for staff, risky is refused and not stored), a
 * failed check never passing, staff releasing or rejecting held ones, paging by cursor, and the
 * worst case of `points.publication.get` staying inside the 64 KB response budget.
 */
import type { ObjectionView } from '../../core/contracts/points';
import type { TestCloud } from '../helpers/localcloud';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { PERSON_IDS } from '../../tools/seed/demo';
import { POINT_COLLECTIONS as C, type ObjectionDoc, type PublicationDoc } from '../../core/domain/points/model';
import { wxControl, type WxControl } from '../helpers/wx';
import { addPerson, fail, key, ok, pointsCloud } from './points-fixture';

const MSG_SEC_CHECK = '/wxa/msg_sec_check';
const CID = 'cm-xingfuli';

interface GetOut {
  publication: { openObjections: number; title: string; scope: { name: string } };
  rows: { name: string }[];
  objections: ObjectionView[];
  moreObjections: string | null;
  hasMore: boolean;
}
interface PageOut {
  objections: ObjectionView[];
  nextCursor: string | null;
}

let t: TestCloud;
let wx: WxControl;
let pubId: string;

const object = (text: string, openid: string = P.resident) => t.call<ObjectionView>('points.publication.object', { idempotencyKey: key('obj'), publicationId: pubId, text }, openid);
const get = (openid: string, publicationId = pubId, page = 1) => ok<GetOut>(t, 'points.publication.get', { publicationId, page }, openid);
const storedObjections = async (publicationId = pubId) =>
  (await t.app.database().collection(C.objections).where({ publicationId }).limit(1000).get()).data as ObjectionDoc[];
const openCount = async () => ((await t.app.database().collection(C.publications).doc(pubId).get()).data[0] as PublicationDoc).openObjections;

/** Every objection a viewer can page through, following the cursors. */
async function allPages(openid: string, publicationId: string): Promise<{ ids: string[]; pageSizes: number[] }> {
  const first = await get(openid, publicationId);
  const ids = first.objections.map((o) => o.id);
  const pageSizes = [first.objections.length];
  for (let cursor = first.moreObjections; cursor; ) {
    const page = await ok<PageOut>(t, 'points.publication.objections', { publicationId, cursor }, openid);
    ids.push(...page.objections.map((o) => o.id));
    pageSizes.push(page.objections.length);
    cursor = page.nextCursor;
  }
  return { ids, pageSizes };
}

beforeAll(async () => {
  t = await pointsCloud();
  wx = wxControl(t.cloud.url);
  const { data } = await t.app.database().collection(C.publications).where({ communityId: CID, status: 'open' }).limit(1).get();
  pubId = data[0]._id;
}, 120_000);
afterAll(() => t?.close());
beforeEach(() => wx.clearOutbox());

describe('content check of objection text (msgSecCheck v2)', () => {
  it('pass: stored, shown to everyone, the objector masked to all but themself and staff', async () => {
    const res = await object('名单上黄国平的积分好像少算了一次，请核实');
    expect(res.ok && res.data.status).toBe('open');
    const [call] = await wx.outbox(MSG_SEC_CHECK);
    // checked as the caller, in the comment scene
    expect(call.request).toEqual({ content: '名单上黄国平的积分好像少算了一次，请核实', version: 2, scene: 2, openid: P.resident });
    const id = res.ok ? res.data.id : '';
    const seen = async (openid: string) => (await allPages(openid, pubId)).ids.includes(id);
    expect(await seen(P.leader)).toBe(true);
    const by = async (openid: string) => (await get(openid)).objections.find((o) => o.id === id)?.by.name;
    expect(await by(P.leader)).toBe('李**');
    expect(await by(P.resident)).toBe('李秀兰');
    expect(await by(P.staff)).toBe('李秀兰');
  }, 60_000);

  it('risky: refused with CONTENT_REJECTED and a Chinese reason, nothing stored', async () => {
    const before = (await storedObjections()).length;
    const open = await openCount();
    const res = await object('周末到社区活动室一起赌博吧', P.leader);
    expect(res).toEqual({
      ok: false,
      error: { code: 'CONTENT_REJECTED', message: '异议内容含有不适宜公开的内容，请修改后再提交', issues: [{ path: 'data.text', message: '异议内容含有不适宜公开的内容，请修改后再提交' }] },
    });
    expect((await storedObjections()).length).toBe(before);
    expect(await openCount()).toBe(open);
    expect((await wx.outbox(MSG_SEC_CHECK))[0].response).toMatchObject({ result: { suggest: 'risky' } });
  }, 60_000);

  it('a failed check (WeChat error) never passes: the objection is not stored and the person is told to try again', async () => {
    const before = (await storedObjections()).length;
    await wx.fail({ api: MSG_SEC_CHECK, errcode: -1, errmsg: 'system error' });
    const res = await object('这条异议在检查失败时不应该被保存', P.leader);
    expect(res).toEqual({ ok: false, error: { code: 'INTERNAL', message: '内容安全检查暂时无法完成，请稍后再提交' } });
    expect((await storedObjections()).length).toBe(before);
    // the same text goes through once the check answers again
    expect((await object('这条异议在检查失败时不应该被保存', P.leader)).ok).toBe(true);
  }, 60_000);

  it('review: held for staff (待审核), hidden from the public until released; a rejected one never shows and frees the publication', async () => {
    const open = await openCount();
    const held = await object('楼下小卖部可以代开发票，近邻长积分有问题', P.gridWorker);
    if (!held.ok) throw new Error(JSON.stringify(held.error));
    expect(held.data.status).toBe('held');
    expect(await openCount()).toBe(open + 1); // staff must deal with it before finalizing
    const stored = (await storedObjections()).find((o) => o._id === held.data.id)!;
    expect(stored.contentCheck).toMatchObject({ suggest: 'review', label: 10001 });

    const ids = async (openid: string) => (await allPages(openid, pubId)).ids;
    expect(await ids(P.resident)).not.toContain(held.data.id);
    expect(await ids(P.leader)).not.toContain(held.data.id);
    const forStaff = (await get(P.staff)).objections.find((o) => o.id === held.data.id);
    expect(forStaff).toMatchObject({ status: 'held', text: '楼下小卖部可以代开发票，近邻长积分有问题' });
    // it cannot be answered before its content is reviewed
    expect((await fail(t, 'points.publication.resolve', { idempotencyKey: key(), objectionId: held.data.id, answer: '已核实' }, P.staff)).code).toBe('PRECONDITION_FAILED');
    expect((await fail(t, 'points.publication.moderate', { idempotencyKey: key(), objectionId: held.data.id, decision: 'release' }, P.leader)).code).toBe('FORBIDDEN');

    const releaseKey = key('mod');
    const released = await ok<ObjectionView>(t, 'points.publication.moderate', { idempotencyKey: releaseKey, objectionId: held.data.id, decision: 'release' }, P.staff);
    expect(released.status).toBe('open');
    expect(await ids(P.resident)).toContain(held.data.id);
    // the same request again answers the same; another decision under that key, or another review, is refused
    expect(await ok(t, 'points.publication.moderate', { idempotencyKey: releaseKey, objectionId: held.data.id, decision: 'release' }, P.staff)).toEqual(released);
    expect((await fail(t, 'points.publication.moderate', { idempotencyKey: releaseKey, objectionId: held.data.id, decision: 'reject' }, P.staff)).code).toBe('IDEMPOTENCY_CONFLICT');
    expect((await fail(t, 'points.publication.moderate', { idempotencyKey: key(), objectionId: held.data.id, decision: 'reject' }, P.staff)).code).toBe('CONFLICT');
    expect(await openCount()).toBe(open + 1);

    const second = await object('另一条：代开发票的事情也请核实一下', P.gridWorker);
    if (!second.ok) throw new Error(JSON.stringify(second.error));
    expect(await openCount()).toBe(open + 2);
    const rejected = await ok<ObjectionView>(t, 'points.publication.moderate', { idempotencyKey: key('mod'), objectionId: second.data.id, decision: 'reject' }, P.staff);
    expect(rejected.status).toBe('rejected');
    expect(await openCount()).toBe(open + 1);
    expect(await ids(P.resident)).not.toContain(second.data.id);
    expect((await get(P.staff)).objections.find((o) => o.id === second.data.id)?.status).toBe('rejected');
  }, 60_000);
});

describe('paging objections', () => {
  it('10 a page, oldest first, by cursor: every visible objection exactly once, also across equal timestamps; staff also see held ones', async () => {
    const pub = (await t.app.database().collection(C.publications).doc(pubId).get()).data[0] as PublicationDoc;
    const { _id: _ignored, ...rest } = pub;
    const id = `${pubId}-paging`;
    await t.app.database().collection(C.publications).doc(id).set({ ...rest, openObjections: 0 });
    // 27 objections, three to each timestamp (ties are ordered by id); every fourth held
    const docs: ObjectionDoc[] = Array.from({ length: 27 }, (_, i) => objectionDoc(id, `o_page_${String(26 - i).padStart(2, '0')}`, new Date(Date.UTC(2026, 0, 1, 0, Math.floor(i / 3))).toISOString(), i % 4 === 3 ? 'held' : 'open'));
    await t.app.database().collection(C.objections).add(docs);
    const order = [...docs].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a._id.localeCompare(b._id));

    const resident = await allPages(P.resident, id);
    expect(resident.ids).toEqual(order.filter((o) => o.status !== 'held').map((o) => o._id));
    expect(resident.pageSizes).toEqual([10, 10, 1]);
    const staff = await allPages(P.staff, id);
    expect(staff.ids).toEqual(order.map((o) => o._id));
    expect(staff.pageSizes).toEqual([10, 10, 7]);
    // a later rows page carries no objections (they are paged on their own)
    expect((await get(P.resident, id, 2)).objections).toEqual([]);
    // a cursor is checked
    expect((await fail(t, 'points.publication.objections', { publicationId: id, cursor: 'x' }, P.resident)).code).toBe('VALIDATION_ERROR');
  }, 60_000);
});

describe('publication.get within 64 KB', () => {
  it('the worst case — a thousand rows, long names and title, many long objections with answers and corrections — stays ≤ 64 KB a response', async () => {
    const pub = (await t.app.database().collection(C.publications).doc(pubId).get()).data[0] as PublicationDoc;
    const { _id: _ignored, ...rest } = pub;
    const id = `${pubId}-huge`;
    const longName = '阿'.repeat(200);
    const rows = Array.from({ length: 1000 }, (_, i) => ({ rank: i + 1, personId: `p-${'x'.repeat(50)}-${i}`, name: longName, points: 1_000_000 - i, grade: '不合格不合格不' }));
    await t.app.database().collection(C.publications).doc(id).set({ ...rest, title: '题'.repeat(500), scope: { ...pub.scope, name: '支'.repeat(300) }, rows, rowCount: rows.length, openObjections: 0 });
    await addPerson(t, { id: 'p-long-name', name: longName, openid: 'long-name', communityId: CID, roles: [] });
    const docs = Array.from({ length: 60 }, (_, i) => ({
      ...objectionDoc(id, `o_huge_${String(i).padStart(3, '0')}`, new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(), i % 2 ? 'resolved' : 'open'),
      personId: 'p-long-name',
      personName: longName,
      text: '异'.repeat(3000), // longer than any client may send: stored data is not trusted to be small
      answer: '答'.repeat(3000),
      correctionEntryIds: Array.from({ length: 20 }, (_, k) => `e_${'f'.repeat(32)}${k}`),
    }));
    await t.app.database().collection(C.objections).add(docs);

    const budget = 64 * 1024;
    const bytes = (body: unknown) => Buffer.byteLength(JSON.stringify(body), 'utf8');
    for (const openid of [P.resident, P.staff]) {
      const { status, body } = await t.invokeRaw('points', { action: 'points.publication.get', data: { publicationId: id } }, openid);
      expect(status).toBe(200);
      const out = (body as { ok: boolean; data: GetOut }).data;
      expect(out.rows).toHaveLength(20);
      expect(out.objections).toHaveLength(10);
      expect(out.hasMore).toBe(true);
      expect(bytes(body)).toBeLessThanOrEqual(budget);
      // texts are cut, not dropped
      expect([...out.rows[0].name].length).toBeLessThanOrEqual(32);
      expect([...out.objections[0].text].length).toBe(500);
      expect(out.objections[0].text.endsWith('…')).toBe(true);

      const next = await t.invokeRaw('points', { action: 'points.publication.objections', data: { publicationId: id, cursor: out.moreObjections } }, openid);
      expect((next.body as { data: PageOut }).data.objections).toHaveLength(10);
      expect(bytes(next.body)).toBeLessThanOrEqual(budget);
    }
  }, 60_000);
});

function objectionDoc(publicationId: string, id: string, createdAt: string, status: ObjectionDoc['status']): ObjectionDoc {
  return {
    _id: id,
    communityId: CID,
    publicationId,
    personId: PERSON_IDS.resident,
    personName: '李秀兰',
    text: `第 ${id} 条异议`,
    status,
    answer: status === 'resolved' ? '已核实' : null,
    correctionEntryIds: [],
    createdAt,
    resolvedAt: status === 'resolved' ? createdAt : null,
    idempotencyKey: id,
    requestHash: id,
    resolveKey: null,
    resolveHash: null,
  };
}

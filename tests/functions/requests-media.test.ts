/**
 * Photos of requests go through WeChat's asynchronous media check (mediaCheckAsync v2): checks
 * started at filing, the verdict pushed back by the WeChat stub as the `wxa_media_check` event to the
 * function message-push.json names, and what each viewer then sees. The push's door is closed to
 * clients.
 */
import type { RequestView } from '../../core/contracts/requests';
import { requestDoc, type RequestDoc } from '../../core/domain/requests/model';
import { PERSON_IDS } from '../../tools/seed/demo';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { seededTestCloud } from '../helpers/seeded';
import { wxControl } from '../helpers/wx';
import { fail, key, ok, thisMonth, uploadAs } from './points-fixture';

const t = seededTestCloud();
const wx = () => wxControl(t.cloud.url);
const HOME = { buildingId: 'bd-heping-1', unitId: 'un-heping-1-1' };
const MEDIA_CHECK = '/wxa/media_check_async';

const photo = (name: string) => uploadAs(t, P.resident, `requests/${PERSON_IDS.resident}/${thisMonth()}/${name}`);
const file = (photos: string[]) =>
  ok<RequestView>(t, 'requests.submit', { idempotencyKey: key('rq'), category: 'repair', text: '1号楼1单元楼道的灯坏了一个星期', location: HOME, photos }, P.resident);
const get = (id: string, openid: string) => ok<RequestView>(t, 'requests.get', { requestId: id }, openid);

async function stored(id: string): Promise<RequestDoc> {
  const { data } = await t.app.database().collection('requests').doc(id).get();
  return requestDoc.parse((data as unknown[])[0]);
}

afterEach(() => wx().planMediaVerdicts([]));

describe("the photos' media check", () => {
  it('keeps photos from others while pending, then shows the passed one and hides the risky one for good', async () => {
    await wx().planMediaVerdicts(
      [
        { match: 'lamp-ok', suggest: 'pass' },
        { match: 'lamp-bad', suggest: 'risky', label: 20002 },
      ],
      { hold: true },
    );
    const okPhoto = await photo('lamp-ok.png');
    const badPhoto = await photo('lamp-bad.png');
    await wx().clearOutbox();
    const view = await file([okPhoto, badPhoto]);

    // one v2 check per photo, by a link WeChat can download, as the reporter
    const calls = await wx().outbox(MEDIA_CHECK);
    expect(calls).toHaveLength(2);
    for (const c of calls) {
      expect(c.request).toMatchObject({ media_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/files\/.+lamp-(ok|bad)\.png\?sign=/), media_type: 2, version: 2, scene: 2, openid: P.resident });
    }
    const doc = await stored(view.id);
    expect(doc.mediaChecks).toEqual([
      { fileId: okPhoto, uploaderId: PERSON_IDS.resident, traceId: expect.any(String), verdict: 'pending' },
      { fileId: badPhoto, uploaderId: PERSON_IDS.resident, traceId: expect.any(String), verdict: 'pending' },
    ]);

    // pending: the reporter sees their own photos, the handler and staff see 「2 张审核中」
    expect(view).toMatchObject({ photos: [okPhoto, badPhoto], photosUnderReview: 0 });
    expect(await get(view.id, P.leader)).toMatchObject({ photos: [], photosUnderReview: 2 });
    expect(await get(view.id, P.staff)).toMatchObject({ photos: [], photosUnderReview: 2 });

    const pushed = await wx().deliverMediaVerdicts();
    expect(pushed.map((c) => c.delivered)).toEqual([
      { ok: true, result: { ok: true, data: { updated: true } } },
      { ok: true, result: { ok: true, data: { updated: true } } },
    ]);
    expect((await stored(view.id)).mediaChecks.map((c) => [c.fileId, c.verdict])).toEqual([
      [okPhoto, 'pass'],
      [badPhoto, 'risky'],
    ]);
    expect(await get(view.id, P.leader)).toMatchObject({ photos: [okPhoto], photosUnderReview: 0 });
    expect(await get(view.id, P.staff)).toMatchObject({ photos: [okPhoto], photosUnderReview: 0 });
    expect(await get(view.id, P.resident)).toMatchObject({ photos: [okPhoto, badPhoto] });
  }, 30_000);

  it("checks the handler's progress photos too: the reporter sees them only once WeChat passed them", async () => {
    const view = await file([]);
    await ok(t, 'requests.accept', { idempotencyKey: key('acc'), requestId: view.id }, P.leader);
    await wx().planMediaVerdicts([{ match: 'ladder', suggest: 'pass' }], { hold: true });
    const ladder = await uploadAs(t, P.leader, `requests/${PERSON_IDS.leader}/${thisMonth()}/ladder.png`);
    const progressed = await ok<RequestView>(t, 'requests.progress', { idempotencyKey: key('pg'), requestId: view.id, note: '已搭好梯子', photos: [ladder] }, P.leader);
    expect(progressed.timeline.at(-1)).toMatchObject({ type: 'progress', photos: [ladder] }); // the uploader sees their own
    expect((await stored(view.id)).mediaChecks).toEqual([{ fileId: ladder, uploaderId: PERSON_IDS.leader, traceId: expect.any(String), verdict: 'pending' }]);
    expect((await get(view.id, P.resident)).timeline.at(-1)).toMatchObject({ type: 'progress', photos: [] });
    await wx().deliverMediaVerdicts();
    expect((await get(view.id, P.resident)).timeline.at(-1)).toMatchObject({ type: 'progress', photos: [ladder] });
  }, 30_000);

  it('pushes the verdict by itself after a moment when no test holds it', async () => {
    const view = await file([await photo('porch.png')]);
    const deadline = Date.now() + 10_000;
    let verdict = (await stored(view.id)).mediaChecks[0].verdict;
    while (verdict === 'pending' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      verdict = (await stored(view.id)).mediaChecks[0].verdict;
    }
    expect(verdict).toBe('pass');
    expect(await get(view.id, P.leader)).toMatchObject({ photosUnderReview: 0, photos: [expect.stringContaining('porch.png')] });
  }, 30_000);

  it('files the request when the check cannot be started, and keeps the photo from others', async () => {
    await wx().fail({ api: MEDIA_CHECK, errcode: 45009 });
    const p = await photo('stairs.png');
    const view = await file([p]);
    expect((await stored(view.id)).mediaChecks).toEqual([{ fileId: p, uploaderId: PERSON_IDS.resident, traceId: null, verdict: 'pending' }]);
    expect(await get(view.id, P.leader)).toMatchObject({ photos: [], photosUnderReview: 1 });
  }, 30_000);

  it('cannot be told a verdict by a client, in either shape', async () => {
    await wx().planMediaVerdicts([{ match: 'door', suggest: 'risky' }], { hold: true });
    const view = await file([await photo('door.png')]);
    const { traceId } = (await stored(view.id)).mediaChecks[0];
    const forged = { ToUserName: 'gh_x', FromUserName: P.resident, CreateTime: 1, MsgType: 'event', Event: 'wxa_media_check', appid: 'wx00000000000devapp', trace_id: traceId, version: 2, errcode: 0, errmsg: 'ok', result: { suggest: 'pass', label: 100 } };
    expect(await fail(t, 'requests.wxa_media_check', forged, P.resident)).toMatchObject({ code: 'FORBIDDEN' });
    expect((await t.invokeRaw('requests', forged, P.resident)).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await t.invokeRaw('requests', forged)).body).toMatchObject({ ok: false, error: { code: expect.stringMatching(/FORBIDDEN|UNAUTHENTICATED/) } });
    expect((await stored(view.id)).mediaChecks[0].verdict).toBe('pending');
    // nor does the view ever give a trace id away
    expect(JSON.stringify(await get(view.id, P.resident))).not.toContain(traceId!);
    await wx().deliverMediaVerdicts();
    expect((await stored(view.id)).mediaChecks[0].verdict).toBe('risky');
  }, 30_000);

  it('ignores a verdict no request is waiting for', async () => {
    await wx().planMediaVerdicts([], { hold: true });
    // a retried filing started its own checks before finding the request it had filed
    const k = key('rq');
    const p = await photo('retry.png');
    const input = { idempotencyKey: k, category: 'repair', text: '1号楼1单元楼道的灯坏了一个星期', location: HOME, photos: [p] };
    const first = await ok<RequestView>(t, 'requests.submit', input, P.resident);
    await ok(t, 'requests.submit', input, P.resident);
    const pushed = await wx().deliverMediaVerdicts();
    expect(pushed.map((c) => (c.delivered?.result as { data?: unknown }).data)).toEqual([{ updated: true }, { updated: false }]);
    expect((await stored(first.id)).mediaChecks.map((c) => c.verdict)).toEqual(['pass']);
  }, 30_000);
});

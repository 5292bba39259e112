/**
 * Photos of wishes go through WeChat's asynchronous media check: started when a wish is posted or
 * fulfilled, the verdict pushed by the WeChat stub to the `requests` function (message-push.json),
 * recorded in `mediaVerdicts`, and read by `wishes` for each viewer: the uploader always sees their
 * own, others only once passed, staff also the held and risky ones with a mark.
 */
import type { WishCard, WishView } from '../../core/contracts/wishes';
import { wishDoc, type WishDoc } from '../../core/domain/service/wishes';
import { dateOf } from '../../core/domain/points/periods';
import { PERSON_IDS } from '../../tools/seed/demo';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import type { TestCloud } from '../helpers/localcloud';
import { wxControl } from '../helpers/wx';
import { key, ok, pointsCloud, resetStats, setLatency, stats, thisMonth, uploadAs } from './points-fixture';

let t: TestCloud;
beforeAll(async () => {
  t = await pointsCloud();
}, 120_000);
afterAll(() => t?.close());
afterEach(() => wx().planMediaVerdicts([]));

const wx = () => wxControl(t.cloud.url);
const MEDIA_CHECK = '/wxa/media_check_async';
const IN_GRID = 'hh-heping-2-2-301';

const get = (id: string, openid: string) => ok<WishView>(t, 'wishes.get', { wishId: id }, openid);
const cardOf = async (id: string) => (await ok<{ items: WishCard[] }>(t, 'wishes.wall', { pageSize: 20 }, P.leader)).items.find((c) => c.id === id)!;
const act = (action: string, wishId: string, openid: string, extra: Record<string, unknown> = {}) => ok<WishView>(t, action, { wishId, idempotencyKey: key('wa'), ...extra }, openid);

async function stored(id: string): Promise<WishDoc> {
  const { data } = await t.app.database().collection('wishes').doc(id).get();
  return wishDoc.parse((data as unknown[])[0]);
}

describe("the photos' media check", () => {
  it('shows a posted photo to others once passed, keeps a held one for staff (marked) and a risky one from everyone but its uploader', async () => {
    await wx().planMediaVerdicts(
      [
        { match: 'coat-ok', suggest: 'pass' },
        { match: 'coat-review', suggest: 'review', label: 20006 },
        { match: 'coat-bad', suggest: 'risky', label: 20002 },
      ],
      { hold: true },
    );
    const photos = await Promise.all(['coat-ok', 'coat-review', 'coat-bad'].map((n) => uploadAs(t, P.resident, `wishes/${PERSON_IDS.resident}/${thisMonth()}/${n}.png`)));
    const [good, held, bad] = photos;
    await wx().clearOutbox();
    const w = await ok<WishView>(t, 'wishes.post', { idempotencyKey: key('ws'), category: '生活物品', text: '想要一件厚一点的棉衣', neededBy: dateOf(Date.now() + 7 * 86_400_000), photos }, P.resident);

    // one v2 check per photo, by a link WeChat can download, as the poster
    const calls = await wx().outbox(MEDIA_CHECK);
    expect(calls).toHaveLength(3);
    for (const c of calls) expect(c.request).toMatchObject({ media_url: expect.stringMatching(/coat-(ok|review|bad)\.png\?sign=/), media_type: 2, version: 2, openid: P.resident });
    expect((await stored(w.id)).mediaChecks).toEqual(photos.map((fileId) => ({ fileId, uploaderId: PERSON_IDS.resident, traceId: expect.any(String) })));

    // pending: the poster sees theirs; the wall, a member and staff see none yet, and how many are being checked
    expect(w).toMatchObject({ photos, photosUnderReview: 0 });
    expect(await cardOf(w.id)).toMatchObject({ photos: [], photosUnderReview: 3 });
    expect(await get(w.id, P.staff)).toMatchObject({ photos: [], photosUnderReview: 3, photoMarks: [] });

    await wx().deliverMediaVerdicts();
    expect(await cardOf(w.id)).toMatchObject({ photos: [good], photosUnderReview: 1 });
    expect(await get(w.id, P.leader)).toMatchObject({ photos: [good], photoMarks: [] });
    expect(await get(w.id, P.staff)).toMatchObject({
      photos: [good, held, bad],
      photosUnderReview: 0,
      photoMarks: [
        { fileId: held, mark: 'review' },
        { fileId: bad, mark: 'risky' },
      ],
    });
    expect(await get(w.id, P.resident)).toMatchObject({ photos, photoMarks: [] });
    // no trace id ever reaches a client
    const traceId = (await stored(w.id)).mediaChecks[0].traceId!;
    expect(JSON.stringify(await get(w.id, P.staff))).not.toContain(traceId);
  }, 30_000);

  it("checks the fulfilment's photos as the claimer: the proxy who confirms sees them once passed", async () => {
    const w = await ok<WishView>(
      t,
      'wishes.post',
      { idempotencyKey: key('ws'), category: '助老服务', text: '希望有人帮忙修一下门锁', neededBy: dateOf(Date.now() + 7 * 86_400_000), onBehalfOf: { name: '冯建平', householdId: IN_GRID, kind: '独居老人' } },
      P.gridWorker,
    );
    await act('wishes.claim', w.id, P.leader);
    await wx().planMediaVerdicts([{ match: 'lock-fixed', suggest: 'pass' }], { hold: true });
    await wx().clearOutbox();
    const photo = await uploadAs(t, P.leader, `wishes/${PERSON_IDS.leader}/${thisMonth()}/lock-fixed.png`);
    const done = await act('wishes.fulfil', w.id, P.leader, { photos: [photo], note: '换了新锁芯' });
    expect(done.fulfilment).toMatchObject({ photos: [photo] });
    expect((await wx().outbox(MEDIA_CHECK)).map((c) => (c.request as { openid: string }).openid)).toEqual([P.leader]);
    expect((await stored(w.id)).mediaChecks).toEqual([{ fileId: photo, uploaderId: PERSON_IDS.leader, traceId: expect.any(String) }]);

    expect(await get(w.id, P.gridWorker)).toMatchObject({ fulfilment: { photos: [], note: '换了新锁芯' }, photosUnderReview: 1 });
    await wx().deliverMediaVerdicts();
    expect(await get(w.id, P.gridWorker)).toMatchObject({ fulfilment: { photos: [photo] }, photosUnderReview: 0 });
  }, 30_000);

  it('posts the wish when the check cannot be started, and keeps the photo from others', async () => {
    await wx().fail({ api: MEDIA_CHECK, errcode: 45009 });
    const photo = await uploadAs(t, P.resident, `wishes/${PERSON_IDS.resident}/${thisMonth()}/scarf.png`);
    const w = await ok<WishView>(t, 'wishes.post', { idempotencyKey: key('ws'), category: '生活物品', text: '想要一条围巾', neededBy: dateOf(Date.now() + 7 * 86_400_000), photos: [photo] }, P.resident);
    expect((await stored(w.id)).mediaChecks).toEqual([{ fileId: photo, uploaderId: PERSON_IDS.resident, traceId: null }]);
    expect(await cardOf(w.id)).toMatchObject({ photos: [], photosUnderReview: 1 });
    expect(await get(w.id, P.staff)).toMatchObject({ photos: [], photosUnderReview: 1 });
  }, 30_000);

  it('reads the verdicts after the wishes: one more round trip only when a page holds photos (10 ms per database request)', async () => {
    const photo = await uploadAs(t, P.resident, `wishes/${PERSON_IDS.resident}/${thisMonth()}/kettle.png`);
    const w = await ok<WishView>(t, 'wishes.post', { idempotencyKey: key('ws'), category: '生活物品', text: '想要一个电水壶', neededBy: dateOf(Date.now() + 7 * 86_400_000), photos: [photo] }, P.resident);
    await setLatency(t, 10);
    try {
      await resetStats(t);
      await get(w.id, P.leader);
      // caller ‖ wish; verdicts
      expect((await stats(t)).sequentialRoundTrips).toBe(2);
      await resetStats(t);
      await ok(t, 'wishes.wall', { pageSize: 20 }, P.leader);
      // caller; the page; its verdicts
      expect((await stats(t)).sequentialRoundTrips).toBe(3);
      await resetStats(t);
      await ok(t, 'wishes.wall', { pageSize: 20, compoundId: 'cp-hongxing' }, P.leader);
      // an empty page: no verdicts to read
      expect((await stats(t)).sequentialRoundTrips).toBe(2);
    } finally {
      await setLatency(t, 0);
    }
  }, 30_000);
});

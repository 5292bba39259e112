/**
 * Subscribe messages for notices through the real function and the local cloud's WeChat stub:
 * residents' one-time grants per category (notices.subscribe), the fan-out on publishing (scope,
 * category, 应急 to any grant holder, each grant spent once, outcomes sent / refused 43101 / failed
 * kept and counted), and the batched job resumed after a crash mid-way without skipping or repeating
 * anyone.
 */
import type { NoticeView } from '../../core/contracts/notices';
import { deliveryDoc, deliveryId, grantDoc, NOTICE_DELIVERIES_COLLECTION, NOTICE_GRANTS_COLLECTION } from '../../core/domain/notices/fanout';
import { noticeDoc } from '../../core/domain/notices/model';
import { PERSON_IDS } from '../../tools/seed/demo';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { LOCAL_SUBSCRIBE_TEMPLATES } from '../../tools/localcloud/wx/subscribe-message';
import { seededTestCloud } from '../helpers/seeded';
import { wxControl, type WxCall, type WxControl } from '../helpers/wx';
import { fail, key, ok } from './points-fixture';

const t = seededTestCloud();
let wx: WxControl;
beforeAll(() => {
  wx = wxControl(t.cloud.url);
});
beforeEach(() => wx.clearOutbox());

const SEND = '/cgi-bin/message/subscribe/send';
const O = {
  /** 唐秀英, 和平 5号楼 */
  neighbour: 'demo-p-027',
  /** a resident of 老街小区 */
  laojie: 'demo-p-031',
};
type Grants = { templateId: string | null; counts: Record<string, number> };

async function publish(extra: Record<string, unknown> = {}): Promise<NoticeView> {
  const saved = await ok<NoticeView>(
    t,
    'notices.save',
    { idempotencyKey: key('fan'), category: 'notice', title: '和平小区停水通知', blocks: [{ type: 'paragraph', runs: [{ text: '12月5日停水，请提前储水。' }] }], scope: { kind: 'community' }, ...extra },
    P.staff,
  );
  return ok<NoticeView>(t, 'notices.publish', { id: saved.id }, P.staff);
}
const sendsFor = async (noticeId: string): Promise<WxCall[]> => (await wx.outbox(SEND)).filter((c) => (c.request as { page?: string }).page?.endsWith(`?id=${noticeId}`));
const recipients = async (noticeId: string) => (await sendsFor(noticeId)).map((c) => (c.request as { touser: string }).touser).sort();
const grantsOf = async (personId: string) => {
  const { data } = await t.app.database().collection(NOTICE_GRANTS_COLLECTION).doc(personId).get();
  return grantDoc.parse((data as unknown[])[0]);
};
const stats = (id: string) => ok<{ readers: number; delivery: { sent: number; refused: number; failed: number; done: boolean } | null }>(t, 'notices.stats', { id }, P.staff);

describe('notices.subscribe', () => {
  it('counts one grant per accepted prompt, adding up; answers the template to ask for', async () => {
    expect(await ok<Grants>(t, 'notices.grants', {}, P.gridWorker)).toEqual({ templateId: LOCAL_SUBSCRIBE_TEMPLATES.notice, counts: { notice: 0, activity: 0, policy: 0, emergency: 0 } });
    await ok(t, 'notices.subscribe', { categories: ['notice'] }, P.gridWorker);
    await ok(t, 'notices.subscribe', { categories: ['emergency'] }, P.gridWorker);
    const again = await ok<Grants>(t, 'notices.subscribe', { categories: ['notice'] }, P.gridWorker);
    expect(again.counts).toEqual({ notice: 2, activity: 0, policy: 0, emergency: 1 });
    expect((await grantsOf(PERSON_IDS.gridWorker)).total).toBe(3);
  });

  it('refuses bad categories and people who are not bound', async () => {
    expect((await fail(t, 'notices.subscribe', { categories: [] }, P.resident)).code).toBe('VALIDATION_ERROR');
    // one prompt accepted is one message WeChat delivers: never two categories' grants from it
    const two = await fail(t, 'notices.subscribe', { categories: ['notice', 'emergency'] }, P.resident);
    expect(two.code).toBe('VALIDATION_ERROR');
    expect(JSON.stringify(two)).toContain('每同意一次只能收到一条提醒');
    expect((await t.app.database().collection(NOTICE_GRANTS_COLLECTION).doc(PERSON_IDS.resident).get()).data).toEqual([]);
    expect((await fail(t, 'notices.subscribe', { categories: ['spam'] }, P.resident)).code).toBe('VALIDATION_ERROR');
    expect((await fail(t, 'notices.subscribe', { categories: ['notice'] }, P.visitor)).code).toBe('UNAUTHENTICATED');
  });
});

describe('fan-out on publishing', () => {
  it('messages each grant holder in scope with a grant of the category once, spends it, and counts the outcomes', async () => {
    await ok(t, 'notices.subscribe', { categories: ['notice'] }, P.resident);
    await ok(t, 'notices.subscribe', { categories: ['notice'] }, P.gridWorker);
    await ok(t, 'notices.subscribe', { categories: ['notice'] }, P.gridWorker); // two grants: two notices
    await ok(t, 'notices.subscribe', { categories: ['notice'] }, O.laojie);
    await ok(t, 'notices.subscribe', { categories: ['activity'] }, O.neighbour);
    const n = await publish({ scope: { kind: 'compounds', ids: ['cp-heping'] } });
    // 老街 is outside the scope; the neighbour holds no 通知公告 grant
    expect(await recipients(n.id)).toEqual([P.gridWorker, P.resident].sort());
    const sent = (await sendsFor(n.id))[0].request as Record<string, unknown>;
    expect(sent).toMatchObject({ template_id: LOCAL_SUBSCRIBE_TEMPLATES.notice, data: { thing1: { value: '和平小区停水通知' }, phrase2: { value: '通知公告' }, time3: { value: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/) } } });
    expect((await grantsOf(PERSON_IDS.resident)).counts.notice).toBe(0);
    expect((await grantsOf(PERSON_IDS.laojieResident)).counts.notice).toBe(1);
    expect((await stats(n.id)).delivery).toEqual({ sent: 2, refused: 0, failed: 0, done: true });

    // the resident's grant is spent: the next notice does not message them
    const next = await publish({ scope: { kind: 'compounds', ids: ['cp-heping'] } });
    expect(await recipients(next.id)).toEqual([P.gridWorker]);
  });

  it('应急通知 go to everyone in scope holding any notice grant, spending one', async () => {
    await ok(t, 'notices.subscribe', { categories: ['policy'] }, O.neighbour);
    const before = await grantsOf(PERSON_IDS.plainResident);
    expect(before.counts.emergency).toBe(0);
    const n = await publish({ category: 'emergency', title: '暴雨橙色预警', scope: { kind: 'compounds', ids: ['cp-heping'] } });
    expect(await recipients(n.id)).toContain(O.neighbour);
    expect((await grantsOf(PERSON_IDS.plainResident)).total).toBe(before.total - 1);
  });

  it('keeps each outcome: refused (43101) and failed are recorded and counted, not retried', async () => {
    for (const who of [P.resident, O.neighbour, P.leader]) await ok(t, 'notices.subscribe', { categories: ['policy'] }, who);
    await wx.fail({ api: SEND, errcode: 43101 });
    await wx.fail({ api: SEND, errcode: -1 });
    const n = await publish({ category: 'policy', title: '医保缴费政策', scope: { kind: 'compounds', ids: ['cp-heping'] } });
    expect((await stats(n.id)).delivery).toEqual({ sent: 1, refused: 1, failed: 1, done: true });
    const _ = t.app.database().command;
    const ids = [PERSON_IDS.resident, PERSON_IDS.plainResident, PERSON_IDS.leader].map((p) => deliveryId(n.id, p));
    const { data } = await t.app.database().collection(NOTICE_DELIVERIES_COLLECTION).where({ _id: _.in(ids) }).get();
    const outcomes = (data as unknown[]).map((d) => deliveryDoc.parse(d)).map((d) => [d.outcome, d.errcode]);
    expect(outcomes.sort()).toEqual([['failed', -1], ['refused', 43101], ['sent', 0]].sort());
    expect(await wx.outbox(SEND)).toHaveLength(3);
  });
});

describe('a large fan-out, batched and resumable', () => {
  const N = 250;
  const holder = (i: number) => `p-fan-${String(i).padStart(3, '0')}`;
  const openidOf = (i: number) => `o-fan-${String(i).padStart(3, '0')}`;

  beforeAll(async () => {
    const grants = t.app.database().collection(NOTICE_GRANTS_COLLECTION);
    for (let i = 0; i < N; i++) {
      await grants.add({
        _id: holder(i),
        communityId: 'cm-xingfuli',
        openid: openidOf(i),
        keys: [`person:${holder(i)}`, 'community:cm-xingfuli', 'compound:cp-laojie'],
        counts: { notice: 0, activity: 1, policy: 0, emergency: 0 },
        total: 1,
        updatedAt: new Date().toISOString(),
      });
    }
  }, 60_000);

  it('a crash after some were claimed, before the cursor was stored: the rest are sent, nobody twice', async () => {
    // publish for 红星小区 only (none of the holders), then turn it into a notice for 老街 whose fan-out
    // "crashed": holders 0–59 claimed (50 sent, 10 left in the crash window), no cursor stored
    const n = await publish({ category: 'activity', title: '老街小区重阳节活动', scope: { kind: 'compounds', ids: ['cp-hongxing'] } });
    const db = t.app.database();
    await db.collection('notices').doc(n.id).update({
      audience: ['compound:cp-laojie'],
      'fanout.status': 'running',
      'fanout.cursor': '',
      'fanout.sent': 50,
      'fanout.dueAt': new Date(0).toISOString(),
      'fanout.leaseUntil': '',
    });
    for (let i = 0; i < 60; i++) {
      await db.collection(NOTICE_DELIVERIES_COLLECTION).add({
        _id: deliveryId(n.id, holder(i)),
        noticeId: n.id,
        personId: holder(i),
        outcome: i < 50 ? 'sent' : 'sending',
        spent: 'activity',
        errcode: i < 50 ? 0 : null,
        at: new Date().toISOString(),
      });
    }
    await wx.clearOutbox();
    const res = await fetch(`${t.cloud.url}/__localcloud/functions/notices/timers/sweep`, { method: 'POST' });
    expect(((await res.json()) as { ok: boolean }).ok).toBe(true);

    const sentTo = await recipients(n.id);
    const expected = Array.from({ length: N - 60 }, (_, i) => openidOf(i + 60)).sort();
    expect(sentTo).toEqual(expected); // the unclaimed, each once; none of the claimed
    const stored = noticeDoc.parse(((await db.collection('notices').doc(n.id).get()).data as unknown[])[0]);
    expect(stored.fanout).toMatchObject({ status: 'done', sent: 50 + N - 60, cursor: holder(N - 1) });
    // each grant spent once: by this run for the unclaimed
    expect((await grantsOf(holder(60))).counts.activity).toBe(0);
    expect((await grantsOf(holder(0))).counts.activity).toBe(1); // claimed by the "crashed" run in this simulation, whose spend we did not replay
    expect(await sendsFor(n.id)).toHaveLength(N - 60);

    // running it again sends nothing
    await db.collection('notices').doc(n.id).update({ 'fanout.status': 'running', 'fanout.cursor': '', 'fanout.dueAt': new Date(0).toISOString() });
    await wx.clearOutbox();
    await fetch(`${t.cloud.url}/__localcloud/functions/notices/timers/sweep`, { method: 'POST' });
    expect(await sendsFor(n.id)).toHaveLength(0);
  }, 60_000);
});

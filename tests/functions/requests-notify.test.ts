/**
 * Subscribe messages of requests through the real local cloud and its WeChat stub: handlers going on
 * duty (requests.duty) and getting 新工单 while their grants last, the reporter's one-time 受理/办结
 * grants spent once, 督办 to the handler and then to staff from the sweep, values within WeChat's
 * limits — and a refused message never failing the action.
 */
import type { RequestView } from '../../core/contracts/requests';
import { requestDoc, type RequestDoc } from '../../core/domain/requests/model';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { LOCAL_SUBSCRIBE_TEMPLATES as TMPL } from '../../tools/localcloud/wx/subscribe-message';
import { resetStats, setLatency, stats } from '../helpers/localcloud';
import { seededTestCloud } from '../helpers/seeded';
import { wxControl, type WxCall } from '../helpers/wx';
import { fail, key, ok } from './points-fixture';

const t = seededTestCloud();
const wx = () => wxControl(t.cloud.url);

const SEND = '/cgi-bin/message/subscribe/send';
const HOME = { buildingId: 'bd-heping-1', unitId: 'un-heping-1-1' };
/** 赵丽娟, leader of 和平 3–4号楼: not a handler of 1号楼 */
const OTHER_LEADER = 'demo-p-007';
/** 欧阳娜娜, the other leader of 和平 1号楼, who never goes on duty here */
const LEADER2 = 'demo-p-013';
/** longer than any thing keyword allows */
const LONG_TEXT = '1号楼1单元楼道的灯坏了一个星期，晚上上下楼很不方便，老人摔过一次';

interface Sent {
  touser: string;
  template_id: string;
  page: string;
  data: Record<string, { value: string }>;
}
const sentOf = (calls: WxCall[]) => calls.map((c) => ({ ...(c.request as Sent), errcode: (c.response as { errcode: number }).errcode }));
async function sent(template?: string) {
  return sentOf(await wx().outbox(SEND)).filter((m) => !template || m.template_id === template);
}

const file = (extra: Record<string, unknown> = {}) =>
  ok<RequestView>(t, 'requests.submit', { idempotencyKey: key('rq'), category: 'repair', text: LONG_TEXT, location: HOME, ...extra }, P.resident);
const onDuty = (openid: string, idempotencyKey = key('duty'), granted = true) => ok<{ grantsLeft: number }>(t, 'requests.duty', { idempotencyKey, granted }, openid);

async function stored(id: string): Promise<RequestDoc> {
  const { data } = await t.app.database().collection('requests').doc(id).get();
  return requestDoc.parse((data as unknown[])[0]);
}
async function dutyOf(personId: string) {
  const { data } = await t.app.database().collection('request_duty').doc(personId).get();
  return (data as { grants: number; overdueGrants: number }[])[0] ?? null;
}

beforeEach(() => wx().clearOutbox());
afterEach(async () => {
  await fetch(`${t.cloud.url}/__localcloud/clock`, { method: 'POST', body: JSON.stringify({ offsetMs: 0 }) });
});

// first: the sweep goes over every due request of the file, and a grant spent on another would hide these
describe('督办 messages from the sweep', () => {
  it('go to the handlers on duty at the first limit, and to staff on duty at the second', async () => {
    await onDuty(P.leader);
    await onDuty(P.gridWorker);
    await onDuty(P.staff);
    const view = await file();
    const doc = await stored(view.id);
    const fire = async () => expect((await fetch(`${t.cloud.url}/__localcloud/functions/requests/timers/sweep`, { method: 'POST' })).status).toBe(200);
    const setClock = (at: string) => fetch(`${t.cloud.url}/__localcloud/clock`, { method: 'POST', body: JSON.stringify({ offsetMs: Date.parse(at) + 60_000 - Date.now() }) });

    await setClock(doc.respondBy);
    await wx().clearOutbox();
    await fire();
    const first = (await sent(TMPL.requestOverdue)).filter((m) => m.page.endsWith(view.id));
    expect(first.map((m) => m.touser).sort()).toEqual([P.gridWorker, P.leader].sort());
    expect(first[0].data).toMatchObject({ phrase3: { value: '已超时' }, thing2: { value: '和平小区 1号楼1单元' } });

    await setClock(doc.respondEscalateBy);
    await wx().clearOutbox();
    await fire();
    const second = (await sent(TMPL.requestOverdue)).filter((m) => m.page.endsWith(view.id));
    expect(second.map((m) => m.touser)).toEqual([P.staff]);
    expect(second[0].data.phrase3.value).toBe('升级督办');
  }, 60_000);
});

describe('requests.duty (上岗)', () => {
  it('counts one allowance per tap, once per idempotency key, and only for handlers and staff', async () => {
    const k = key('duty');
    const first = await onDuty(P.gridWorker, k);
    expect(await onDuty(P.gridWorker, k)).toEqual(first);
    expect((await onDuty(P.gridWorker)).grantsLeft).toBe(first.grantsLeft + 1);
    expect((await onDuty(P.gridWorker, key('duty'), false)).grantsLeft).toBe(first.grantsLeft + 1);
    expect(await fail(t, 'requests.duty', { idempotencyKey: key('duty'), granted: true }, P.resident)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fail(t, 'requests.duty', { idempotencyKey: key('duty') }, P.leader)).toMatchObject({ code: 'VALIDATION_ERROR' });
  });
});

describe('新工单', () => {
  it('goes to the handlers of the grid and building who are on duty, spends one grant each, and keeps values within the limits', async () => {
    const leader = await onDuty(P.leader);
    await onDuty(OTHER_LEADER);
    const view = await file();
    const messages = await sent(TMPL.requestNew);
    // the leader of 1号楼 and the grid worker of its grid (on duty since the test above); not the leader of 3–4号楼
    expect(messages.map((m) => m.touser).sort()).toEqual([P.gridWorker, P.leader].sort());
    const m = messages.find((x) => x.touser === P.leader)!;
    expect(m).toMatchObject({ errcode: 0, page: `packages/leader/pages/request/index?id=${view.id}` });
    expect(m.data.thing1.value).toBe('设施维修：1号楼1单元楼道的灯坏了一个…');
    expect([...m.data.thing1.value]).toHaveLength(20);
    expect(m.data).toMatchObject({ thing2: { value: '和平小区 1号楼1单元' }, phrase3: { value: '一般' }, time4: { value: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d$/) } });
    expect((await dutyOf('p-leader'))!.grants).toBe(leader.grantsLeft - 1);

    // grants run out: the leader hears of no further request until the next tap
    while ((await dutyOf('p-leader'))!.grants > 0) await file();
    await wx().clearOutbox();
    await file({ urgency: 'urgent' });
    const later = await sent(TMPL.requestNew);
    expect(later.map((x) => x.touser)).not.toContain(P.leader);
    expect((await dutyOf('p-leader'))!.grants).toBe(0);
  }, 60_000);

  it('adds one sequential round trip to filing: who is on duty is read along with the place', async () => {
    await onDuty(P.gridWorker);
    await setLatency(t, 30);
    try {
      await resetStats(t);
      await file();
      // the caller; the place and the on-duty roster; the write and the roster's persons; the grant spent
      expect((await stats(t)).sequentialRoundTrips).toBe(4);
    } finally {
      await setLatency(t, 0);
    }
    expect((await sent(TMPL.requestNew)).map((m) => m.touser)).toEqual([P.gridWorker]);
  });

  it('is not sent to a handler in scope who never went on duty', async () => {
    await onDuty(P.gridWorker);
    await file();
    const to = (await sent(TMPL.requestNew)).map((m) => m.touser);
    expect(to).toContain(P.gridWorker);
    expect(to).not.toContain(LEADER2);
  });
});

describe("the reporter's 受理 and 办结", () => {
  it('are sent once each, for the grants given when filing, and the grants are spent', async () => {
    const view = await file({ notify: ['accepted', 'resolved'] });
    expect((await stored(view.id)).grants).toEqual(['accepted', 'resolved']);
    await ok(t, 'requests.accept', { idempotencyKey: key('acc'), requestId: view.id }, P.leader);
    const accepted = await sent(TMPL.requestAccepted);
    expect(accepted).toHaveLength(1);
    expect(accepted[0]).toMatchObject({ touser: P.resident, errcode: 0, page: `packages/resident/pages/request/index?id=${view.id}` });
    expect(accepted[0].data).toMatchObject({ thing1: { value: '设施维修：1号楼1单元楼道的灯坏了一个…' }, phrase2: { value: '已受理' }, thing3: { value: '王建国' } });
    expect((await stored(view.id)).grants).toEqual(['resolved']);

    await ok(t, 'requests.resolve', { idempotencyKey: key('res'), requestId: view.id, summary: '已经更换了楼道的灯泡，并检查了整栋楼的线路，确认都能正常使用' }, P.leader);
    const resolved = await sent(TMPL.requestResolved);
    expect(resolved).toHaveLength(1);
    expect(resolved[0].data.phrase2.value).toBe('已办结');
    expect([...resolved[0].data.thing3.value]).toHaveLength(20);
    expect((await stored(view.id)).grants).toEqual([]);

    // reopened (back to the same handler) and resolved again: no grant left, no second message
    await ok(t, 'requests.reopen', { idempotencyKey: key('reo'), requestId: view.id, reason: '灯又不亮了' }, P.resident);
    await ok(t, 'requests.resolve', { idempotencyKey: key('res'), requestId: view.id, summary: '换了整套灯具' }, P.leader);
    expect(await sent(TMPL.requestAccepted)).toHaveLength(1);
    expect(await sent(TMPL.requestResolved)).toHaveLength(1);
  }, 60_000);

  it('are not sent without a grant', async () => {
    const view = await file({ notify: [] });
    await ok(t, 'requests.accept', { idempotencyKey: key('acc'), requestId: view.id }, P.leader);
    expect(await sent(TMPL.requestAccepted)).toEqual([]);
  });

  it('a refusal (43101) does not fail the accept, and the grant is spent all the same', async () => {
    const view = await file({ notify: ['accepted'] });
    await wx().fail({ api: SEND, errcode: 43101 });
    const accepted = await ok<RequestView>(t, 'requests.accept', { idempotencyKey: key('acc'), requestId: view.id }, P.leader);
    expect(accepted.status).toBe('accepted');
    expect((await sent(TMPL.requestAccepted)).map((m) => m.errcode)).toEqual([43101]);
    expect((await stored(view.id)).grants).toEqual([]);
  });
});

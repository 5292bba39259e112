/**
 * The `wishes` sweep, fired as CloudBase fires its timer trigger, on the local cloud's shifted clock:
 * open wishes past their date flagged for staff (逾期未认领) and unflagged by a claim; claimed ones
 * not fulfilled in time chased (已催办) — the claimer's one allowed message sent once, chases at most
 * every 3 days, a week's grace for a claim made after the date — and only index-served reads (the
 * cloud refuses any other).
 */
import type { WishView } from '../../core/contracts/wishes';
import { deadlineOf, wishDoc, type WishDoc } from '../../core/domain/service/wishes';
import { dateOf } from '../../core/domain/points/periods';
import { PERSON_IDS } from '../../tools/seed/demo';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { LOCAL_SUBSCRIBE_TEMPLATES as TMPL } from '../../tools/localcloud/wx/subscribe-message';
import type { TestCloud } from '../helpers/localcloud';
import { wxControl } from '../helpers/wx';
import { fail, key, ok, pointsCloud, thisMonth, uploadAs } from './points-fixture';

let t: TestCloud;
beforeAll(async () => {
  t = await pointsCloud();
}, 120_000);
afterAll(() => t?.close());
afterEach(() => setClock(0));

const DAY_MS = 86_400_000;
const MINUTE = 60_000;
const SEND = '/cgi-bin/message/subscribe/send';
/** 赵丽娟, a leader (party member) */
const LEADER2 = 'demo-p-007';

interface SweepResult {
  examined: number;
  flagged: number;
  chased: number;
  messages: number;
  failed: number;
  more: boolean;
}

const inDays = (n: number) => dateOf(Date.now() + n * DAY_MS);
const post = (neededBy: string) =>
  ok<WishView>(t, 'wishes.post', { idempotencyKey: key('ws'), category: '助老服务', text: '想请人帮忙换一下厨房的灯泡', neededBy }, P.resident);
const act = (action: string, wishId: string, openid: string, extra: Record<string, unknown> = {}) => ok<WishView>(t, action, { wishId, idempotencyKey: key('wa'), ...extra }, openid);
const list = (input: Record<string, unknown>) => ok<{ items: WishView[]; counts: { unclaimed: number; chased: number } }>(t, 'wishes.list', input, P.staff);

async function setClock(offsetMs: number): Promise<void> {
  const res = await fetch(`${t.cloud.url}/__localcloud/clock`, { method: 'POST', body: JSON.stringify({ offsetMs }) });
  expect(res.status).toBe(200);
}
const setClockTo = (at: number) => setClock(at - Date.now());

async function sweep(): Promise<SweepResult> {
  const res = await fetch(`${t.cloud.url}/__localcloud/functions/wishes/timers/sweep`, { method: 'POST' });
  const body = (await res.json()) as { ok: boolean; data: SweepResult };
  expect(body).toMatchObject({ ok: true });
  return body.data;
}

async function stored(id: string): Promise<WishDoc> {
  const { data } = await t.app.database().collection('wishes').doc(id).get();
  return wishDoc.parse((data as unknown[])[0]);
}

async function chaseMessages() {
  return (await wxControl(t.cloud.url).outbox(SEND)).map((c) => c.request as { touser: string; template_id: string; page: string; data: Record<string, { value: string }> }).filter((m) => m.template_id === TMPL.wishChase);
}

describe('wishes past their date, unclaimed (逾期未认领)', () => {
  it('flags an open wish once its date is over, counts it for staff, and a claim takes the flag off', async () => {
    const w = await post(inDays(2));
    const deadline = deadlineOf(w.neededBy).getTime();
    expect((await stored(w.id)).nextCheckAt).toBe(new Date(deadline).toISOString());
    const before = (await list({})).counts.unclaimed;

    await setClockTo(deadline - MINUTE);
    await sweep();
    expect(await stored(w.id)).toMatchObject({ flag: null, overdueSince: null });

    await setClockTo(deadline + MINUTE);
    expect((await sweep()).flagged).toBeGreaterThanOrEqual(1);
    expect(await stored(w.id)).toMatchObject({ flag: 'unclaimed', overdueSince: expect.any(String), nextCheckAt: null, status: 'open' });
    const flagged = await list({ flag: 'unclaimed' });
    expect(flagged.counts.unclaimed).toBe(before + 1);
    expect(flagged.items.map((x) => [x.id, x.flag])).toContainEqual([w.id, 'unclaimed']);
    expect(flagged.items.every((x) => x.flag === 'unclaimed')).toBe(true);
    // the flag is for staff: the wall and the public view do not carry it
    expect(await ok<WishView>(t, 'wishes.get', { wishId: w.id }, P.leader)).toMatchObject({ flag: null, chases: 0 });
    // a second run changes nothing
    const rev = (await stored(w.id)).rev;
    expect((await sweep()).flagged).toBe(0);
    expect((await stored(w.id)).rev).toBe(rev);

    // a leader claims it late: the flag goes, the chase waits a week from the claim
    const claimed = await act('wishes.claim', w.id, P.leader, { remind: true });
    expect(claimed.chaseTemplateId).toBe(TMPL.wishChase);
    const doc = await stored(w.id);
    expect(doc).toMatchObject({ flag: null, overdueSince: null, chaseGrant: true, status: 'claimed' });
    expect(Date.parse(doc.nextCheckAt!)).toBe(Date.parse(doc.claimedAt!) + 7 * DAY_MS);
    expect((await list({})).counts.unclaimed).toBe(before);
  }, 60_000);

  it('flags a released wish whose date has passed at the next run', async () => {
    const w = await post(inDays(1));
    await act('wishes.claim', w.id, LEADER2);
    await setClockTo(deadlineOf(w.neededBy).getTime() + DAY_MS);
    await act('wishes.release', w.id, LEADER2, { reason: '临时要出远门' });
    expect(await stored(w.id)).toMatchObject({ status: 'open', chases: 0, claimedAt: null });
    await sweep();
    expect(await stored(w.id)).toMatchObject({ flag: 'unclaimed' });
  }, 60_000);
});

describe('claimed wishes not fulfilled in time (已催办)', () => {
  it("chases the claimer at the wish's date with the one message they allowed, then every 3 days without one", async () => {
    const w = await post(inDays(3));
    await act('wishes.claim', w.id, P.leader, { remind: true });
    const deadline = deadlineOf(w.neededBy).getTime();
    const sentBefore = (await chaseMessages()).length;

    await setClockTo(deadline - MINUTE);
    await sweep();
    expect(await stored(w.id)).toMatchObject({ chases: 0, flag: null });

    await setClockTo(deadline + MINUTE);
    const first = await sweep();
    expect(first).toMatchObject({ failed: 0 });
    expect(first.chased).toBeGreaterThanOrEqual(1);
    expect(await stored(w.id)).toMatchObject({ chases: 1, flag: 'chased', chaseGrant: false });
    const messages = (await chaseMessages()).slice(sentBefore);
    expect(messages).toEqual([
      {
        touser: P.leader,
        template_id: TMPL.wishChase,
        page: `packages/service/pages/wish/index?id=${w.id}`,
        lang: 'zh_CN',
        data: { thing1: { value: '想请人帮忙换一下厨房的灯泡' }, date2: { value: w.neededBy }, thing3: { value: '认领的微心愿还没登记完成' } },
      },
    ]);
    const staffView = await ok<WishView>(t, 'wishes.get', { wishId: w.id }, P.staff);
    expect(staffView).toMatchObject({ flag: 'chased', chases: 1 });
    expect((await list({ flag: 'chased' })).items.map((x) => x.id)).toContain(w.id);

    // not again within 3 days
    await setClockTo(deadline + 3 * DAY_MS - MINUTE);
    await sweep();
    expect((await stored(w.id)).chases).toBe(1);
    // after 3 days: chased again, but the one-time grant is spent, so no second message
    await setClockTo(deadline + 3 * DAY_MS + 2 * MINUTE);
    await sweep();
    expect((await stored(w.id)).chases).toBe(2);
    expect((await chaseMessages()).slice(sentBefore)).toHaveLength(1);

    // fulfilling ends the watch and the flag
    const photo = await uploadAs(t, P.leader, `wishes/${PERSON_IDS.leader}/${thisMonth()}/bulb.png`);
    await act('wishes.fulfil', w.id, P.leader, { photos: [photo] });
    expect(await stored(w.id)).toMatchObject({ status: 'fulfilled', flag: null, nextCheckAt: null, chases: 2 });
    await setClockTo(deadline + 30 * DAY_MS);
    await sweep();
    expect((await stored(w.id)).chases).toBe(2);
  }, 60_000);

  it('chases without a message when the claimer did not allow one', async () => {
    const w = await post(inDays(2));
    await act('wishes.claim', w.id, LEADER2);
    const sentBefore = (await chaseMessages()).length;
    await setClockTo(deadlineOf(w.neededBy).getTime() + MINUTE);
    await sweep();
    expect(await stored(w.id)).toMatchObject({ chases: 1, flag: 'chased' });
    expect((await chaseMessages()).length).toBe(sentBefore);
  }, 60_000);

  it('is closed to clients', async () => {
    expect(await fail(t, 'wishes.sweep', {}, P.staff)).toMatchObject({ code: 'FORBIDDEN' });
    expect((await t.invokeRaw('wishes', { Type: 'Timer', TriggerName: 'sweep' }, P.staff)).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

/** Activities' pure rules: the rotating check-in code, the waiting list's order, who may sign up. */
import { createHmac, randomBytes } from 'node:crypto';
import { checkinCode, codeAccepted, codeWindow, creditedHours, keysWith, parseScene, reminderData, sceneOf, secondsLeft, shortIdOf, signupRefusal, waitingOrder } from '../../core/domain/service/activities';

const SECRET = randomBytes(32).toString('hex');
const ID = 'ac_test';

/** RFC 4226's dynamic truncation, written again with Node's own HMAC */
function reference(secretHex: string, id: string, window: number): string {
  const mac = createHmac('sha256', Buffer.from(secretHex, 'hex')).update(`${id}:${window}`).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

describe('the check-in code', () => {
  it('is HMAC-SHA256 of activity and window under the secret, truncated to 6 digits', () => {
    for (let w = 100; w < 140; w++) expect(checkinCode(SECRET, ID, w)).toBe(reference(SECRET, ID, w));
    expect(checkinCode(SECRET, ID, 5)).toMatch(/^\d{6}$/);
  });

  it('changes with the window, the activity and the secret', () => {
    const codes = new Set(Array.from({ length: 50 }, (_, w) => checkinCode(SECRET, ID, w)));
    expect(codes.size).toBeGreaterThan(45);
    expect(checkinCode(SECRET, 'ac_other', 7)).not.toBe(checkinCode(SECRET, ID, 7));
    expect(checkinCode(randomBytes(32).toString('hex'), ID, 7)).not.toBe(checkinCode(SECRET, ID, 7));
  });

  it('rotates every 30 seconds and tells the seconds left', () => {
    const start = 1_764_000_000_000 - (1_764_000_000_000 % 30_000);
    expect(codeWindow(start)).toBe(codeWindow(start + 29_999));
    expect(codeWindow(start + 30_000)).toBe(codeWindow(start) + 1);
    expect(secondsLeft(start)).toBe(30);
    expect(secondsLeft(start + 29_001)).toBe(1);
    expect(secondsLeft(start + 10_500)).toBe(20);
  });

  it('accepts the current and the previous window only', () => {
    const t = 1_764_000_015_000;
    const w = codeWindow(t);
    const code = (n: number) => checkinCode(SECRET, ID, n);
    expect(codeAccepted(SECRET, ID, code(w), t)).toBe(true);
    expect(codeAccepted(SECRET, ID, code(w - 1), t)).toBe(true);
    // an older or a future window's code only if it happens to equal one of the two (one in 500,000)
    for (const n of [w - 2, w - 3, w + 1]) expect(codeAccepted(SECRET, ID, code(n), t)).toBe(code(n) === code(w) || code(n) === code(w - 1));
    expect(codeAccepted(SECRET, ID, '000000', t)).toBe(code(w) === '000000' || code(w - 1) === '000000');
  });
});

describe('the waiting list', () => {
  it('moves up first come first served, ties by person', () => {
    const waiting = [
      { personId: 'p-3', seq: 300 },
      { personId: 'p-1', seq: 100.5 },
      { personId: 'p-9', seq: 100.5 },
      { personId: 'p-2', seq: 200 },
    ];
    expect(waitingOrder(waiting).map((w) => w.personId)).toEqual(['p-1', 'p-9', 'p-2', 'p-3']);
    expect(waiting[0].personId).toBe('p-3'); // the input is left as it was
  });
});

describe('who may sign up', () => {
  const activity = { status: 'open' as const, signupDeadline: '2026-12-05T01:00:00.000Z', compoundIds: null, communityId: 'cm-a' };
  const at = new Date('2026-12-04T00:00:00Z');
  const resident = { communityId: 'cm-a', compoundId: 'cp-1' };
  it('refuses after the deadline, outside the community or the compounds, and once finished', () => {
    expect(signupRefusal(activity, resident, at)).toBeNull();
    expect(signupRefusal(activity, resident, new Date('2026-12-05T01:00:01Z'))).toBe('报名已经截止了');
    expect(signupRefusal(activity, { ...resident, communityId: 'cm-b' }, at)).toBe('这个活动只面向本社区的居民');
    expect(signupRefusal({ ...activity, compoundIds: ['cp-2'] }, resident, at)).toBe('这个活动只面向指定小区的居民');
    expect(signupRefusal({ ...activity, compoundIds: ['cp-1'] }, resident, at)).toBeNull();
    expect(signupRefusal({ ...activity, status: 'finished' }, resident, at)).toBe('这个活动已经结束了');
  });
});

describe('check-out, the scene, the reminder, the keys kept', () => {
  const inAt = '2026-12-05T01:00:00.000Z';
  const after = (minutes: number) => new Date(Date.parse(inAt) + minutes * 60_000).toISOString();

  it('credits whole half hours between check-in and check-out, never more than the activity gives', () => {
    expect(creditedHours(2, { checkedInAt: inAt, checkedOutAt: null })).toBe(2);
    expect(creditedHours(2, { checkedInAt: inAt, checkedOutAt: after(29) })).toBe(0);
    expect(creditedHours(2, { checkedInAt: inAt, checkedOutAt: after(30) })).toBe(0.5);
    expect(creditedHours(2, { checkedInAt: inAt, checkedOutAt: after(89) })).toBe(1);
    expect(creditedHours(2, { checkedInAt: inAt, checkedOutAt: after(300) })).toBe(2);
    expect(creditedHours(1.5, { checkedInAt: inAt, checkedOutAt: after(-5) })).toBe(0);
  });

  it("puts a stable 10-character short id and the code in a scene WeChat accepts, and reads it back", () => {
    const id = shortIdOf('ac_0123');
    expect(id).toMatch(/^[0-9A-Za-z]{10}$/);
    expect(shortIdOf('ac_0123')).toBe(id);
    expect(shortIdOf('ac_0124')).not.toBe(id);
    const scene = sceneOf(id, '042917');
    expect(scene.length).toBeLessThanOrEqual(32);
    expect(parseScene(scene)).toEqual({ shortId: id, code: '042917' });
    for (const bad of ['', `${id}04291`, `${id}0429170`, `${id.slice(1)}-042917`]) expect(parseScene(bad)).toBeNull();
  });

  it("fills the reminder's keywords within WeChat's limits, in Beijing time", () => {
    expect(reminderData({ title: '重阳节敬老慰问志愿服务活动暨邻里互助茶话会交流', startAt: '2026-12-05T01:30:00.000Z', place: '和平小区活动室' })).toEqual({
      thing1: '重阳节敬老慰问志愿服务活动暨邻里互助茶…',
      time2: '2026-12-05 09:30',
      thing3: '和平小区活动室',
    });
  });

  it('keeps the last 20 keys that acted on a sign-up', () => {
    let s = { keys: [] as string[] };
    for (let i = 0; i < 25; i++) s = { keys: keysWith(s, `k${i}`) };
    expect(s.keys).toHaveLength(20);
    expect(s.keys[0]).toBe('k5');
    expect(s.keys.at(-1)).toBe('k24');
  });
});

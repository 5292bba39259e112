/**
 * Per-person limits through the real local cloud, with small limits set in the functions' env:
 * a limit holds across function instances (the counter is a database document), the refusal says
 * in Chinese when to try again, and a refused call changes nothing but its counter.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import type { Result } from '../../core/contracts/common';
import { POINT_COLLECTIONS as C, claimId, objectionId } from '../../core/domain/points/model';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { COMPOUND_IDS, PERSON_IDS } from '../../tools/seed/demo';
import { demoCloudWithEnv } from '../helpers/function-env';
import { resetStats, setLatency, stats } from '../helpers/localcloud';
import { wxControl } from '../helpers/wx';
import { key, today } from './points-fixture';

dayjs.extend(utc);
dayjs.extend(timezone);

const CID = 'cm-xingfuli';
const LIMITS = {
  RATE_LIMIT_REVEAL_PHONE: '3/1h',
  RATE_LIMIT_CLAIM_SUBMIT: '2/1d',
  RATE_LIMIT_OBJECTION: '1/1d',
  RATE_LIMIT_EXPORT: '1/1h',
  RATE_LIMIT_VERIFY: '2/10m',
};

const demo = demoCloudWithEnv(LIMITS);
const t = demo.cloud;

const db = () => t.app.database();
const counter = async (id: string) => ((await db().collection('rateLimits').doc(id).get()).data[0] as { count: number } | undefined)?.count;
const shanghai = (at: Date | number = Date.now()) => dayjs(at).tz('Asia/Shanghai');

/** What the refusal must say for a window that ends at `end` (computed here, not by the code under test). */
function expectedWhen(end: dayjs.Dayjs): RegExp {
  const now = shanghai();
  const minutes = Math.ceil(end.diff(now, 'millisecond') / 60_000);
  // the window may end while the call runs: accept the minute either side
  if (minutes <= 11) return new RegExp(`请 (${Math.max(minutes - 1, 1)}|${minutes}) 分钟后再试|请在 ${end.format('HH:mm')} 后再试`);
  if (end.format('YYYY-MM-DD') === now.format('YYYY-MM-DD')) return new RegExp(`请在 ${end.format('HH:mm')} 后再试`);
  return end.format('HH:mm') === '00:00' ? /请明天再试/ : new RegExp(`请在明天 ${end.format('HH:mm')} 后再试`);
}

/** Waits if a window of `minutes` ends within 20 s, so that a test's calls fall in one window. */
async function clearOfWindowEdge(minutes: number): Promise<void> {
  const size = minutes * 60_000;
  const left = size - ((Date.now() + 8 * 3600_000) % size);
  if (left < 20_000) await new Promise((r) => setTimeout(r, left + 500));
}

/** The function instances (child processes of this test's local cloud) running `fn`'s bundle. */
function instancesOf(fn: string): number[] {
  const out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  const dir = path.join(demo.functionsDir, fn);
  return out
    .split('\n')
    .map((l) => Number(l.trim()))
    .filter((pid) => pid > 0)
    .filter((pid) => {
      try {
        return fs.readlinkSync(`/proc/${pid}/cwd`) === dir;
      } catch {
        return false; // already gone
      }
    });
}

describe('a limit across function instances', () => {
  it('lets exactly the limit through when concurrent calls are served by several instances', async () => {
    await clearOfWindowEdge(60);
    const reveal = () => t.call<{ phone: string }>('org.revealPhone', { compoundId: COMPOUND_IDS.heping, personId: PERSON_IDS.leader }, P.resident);
    const results: Result<{ phone: string }>[] = await Promise.all(Array.from({ length: 8 }, reveal));
    // more than one instance served them: one child process per concurrent invocation, kept warm
    expect(instancesOf('org').length).toBeGreaterThan(1);

    expect(results.filter((r) => r.ok)).toHaveLength(3);
    const refused = results.filter((r) => !r.ok).map((r) => (r.ok ? null : r.error));
    expect(refused).toHaveLength(5);
    const nextHour = shanghai().add(1, 'hour').startOf('hour');
    for (const error of refused) {
      expect(error?.code).toBe('RATE_LIMITED');
      expect(error?.message).toMatch(/^操作太频繁：查看电话号码每小时最多 3 次，/);
      expect(error?.message).toMatch(expectedWhen(nextHour));
    }
    // every attempt was counted in one document
    const { data } = await db().collection('rateLimits').where({ personId: PERSON_IDS.resident, action: 'revealPhone' }).get();
    expect(data.map((d: { count: number }) => d.count)).toEqual([8]);
    // another person has their own count
    expect(await t.call('org.revealPhone', { compoundId: COMPOUND_IDS.heping, personId: PERSON_IDS.leader }, P.leader)).toMatchObject({ ok: true });
  }, 120_000);

  it('costs one request alongside the first read, and one more sequential round trip on a window’s first call', async () => {
    await clearOfWindowEdge(60);
    const reveal = () => t.call('org.revealPhone', { compoundId: COMPOUND_IDS.heping, personId: PERSON_IDS.leader }, 'demo-p-014');
    await setLatency(t, 100);
    try {
      await resetStats(t);
      expect(await reveal()).toMatchObject({ ok: true });
      const first = await stats(t);
      // caller; directory + counter (no counter yet); the counter's insert + sweep of old windows
      expect([first.sequentialRoundTrips, first['database.modifyAndReturnDoc'], first['database.insertDocument']]).toEqual([3, 1, 1]);
      await resetStats(t);
      expect(await reveal()).toMatchObject({ ok: true });
      const next = await stats(t);
      // caller; directory + counter: as many round trips as without a limit
      expect([next.sequentialRoundTrips, next['database.modifyAndReturnDoc'], next['database.insertDocument'] ?? 0]).toEqual([2, 1, 0]);
    } finally {
      await setLatency(t, 0);
    }
  }, 60_000);
});

describe('a refused call changes nothing but its counter', () => {
  it('claims: the third of the day is refused and not stored', async () => {
    await clearOfWindowEdge(24 * 60);
    const submit = (k: string) => t.call('points.claim.submit', { idempotencyKey: k, itemCode: 'ZY02', date: today(), note: '参加主题党日' }, P.leader);
    expect(await submit(key('c1'))).toMatchObject({ ok: true });
    expect(await submit(key('c2'))).toMatchObject({ ok: true });
    const third = key('c3');
    const res = await submit(third);
    expect(res).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    if (res.ok) return;
    expect(res.error.message).toMatch(/^操作太频繁：提交积分申报每天最多 2 次，请明天再试$/);
    expect((await db().collection(C.claims).doc(claimId(CID, PERSON_IDS.leader, third)).get()).data).toEqual([]);
  }, 60_000);

  it('objections: refused before the content check and before anything is written', async () => {
    await clearOfWindowEdge(24 * 60);
    const wx = wxControl(t.cloud.url);
    const { data } = await db().collection(C.publications).where({ communityId: CID }).orderBy('createdAt', 'desc').limit(1).get();
    const pub = data[0] as { _id: string; openObjections: number };
    const object = (k: string) => t.call('points.publication.object', { idempotencyKey: k, publicationId: pub._id, text: '请核实我楼栋近邻长的积分' }, P.resident);
    expect(await object(key('o1'))).toMatchObject({ ok: true });
    await wx.clearOutbox();
    const second = key('o2');
    expect(await object(second)).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', message: expect.stringMatching(/^操作太频繁：提出异议每天最多 1 次，请明天再试$/) } });
    expect(await wx.outbox()).toEqual([]);
    expect((await db().collection(C.objections).doc(objectionId(pub._id, PERSON_IDS.resident, second)).get()).data).toEqual([]);
    const after = (await db().collection(C.publications).doc(pub._id).get()).data[0] as { openObjections: number };
    expect(after.openObjections).toBe(pub.openObjections + 1);
  }, 60_000);

  it('exports: the second in an hour is refused and uploads nothing', async () => {
    await clearOfWindowEdge(60);
    const exportLedger = () => t.call('points.export.ledger', { period: shanghai().format('YYYY-MM') }, P.staff);
    expect(await exportLedger()).toMatchObject({ ok: true });
    const objects = path.join(t.dataDir, 'files', 'objects');
    const files = () => fs.readdirSync(objects, { recursive: true, withFileTypes: true }).filter((f) => f.isFile()).length;
    const before = files();
    expect(await exportLedger()).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', message: expect.stringMatching(/^操作太频繁：导出表格每小时最多 1 次，/) } });
    expect(files()).toBe(before);
  }, 60_000);

  it('verification: the third in ten minutes is refused, also for a full check, and writes no checkpoint', async () => {
    await clearOfWindowEdge(10);
    expect(await t.call('points.verify', {}, P.admin)).toMatchObject({ ok: true });
    expect(await t.call('points.verify', {}, P.admin)).toMatchObject({ ok: true });
    const res = await t.call('points.verify', { full: true }, P.admin);
    expect(res).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    if (!res.ok) expect(res.error.message).toMatch(/^操作太频繁：积分核验每 10 分钟最多 2 次，请( \d+ 分钟后|在 \d\d:\d\d 后)再试$/);
    expect((await db().collection(C.checkpoints).doc(CID).get()).data).toEqual([]);
    // the counter's window is the ten minutes this call fell in
    const start = shanghai().startOf('minute').subtract(shanghai().minute() % 10, 'minute');
    expect(await counter(`verify:${PERSON_IDS.admin}:${start.format('YYYYMMDDHHmm')}`)).toBe(3);
  }, 60_000);
});

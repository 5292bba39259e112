/**
 * Timer triggers in the local cloud: CloudBase's 7-field cron (and what it refuses), the scheduler
 * that runs declared triggers on it, the switch that leaves them to be fired by hand, and the clock
 * shift that functions see through cloudfunctions/lib/clock.ts. The function is a test fixture
 * (tests/fixtures/timer-probe) bundled here, which logs every invocation to a file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseCloudbaseCron } from '../../tools/localcloud/functions/cron';
import { readFunctionConfig } from '../../tools/localcloud/functions/function-config';
import { startTestCloud, tempDir, type TestCloud } from '../helpers/localcloud';
import { buildFixtureFunction } from '../helpers/fixture-function';

const DAY_MS = 86_400_000;

interface Seen {
  event: { Type: string; TriggerName: string; Time: string; Message: string } | Record<string, unknown>;
  source: string | null;
  now: string;
  realNow: string;
}

let functionsDir: string;
const logFile = () => path.join(functionsDir, 'probe.log');

function declare(cron: string, extra: Record<string, unknown> = {}): void {
  fs.writeFileSync(
    path.join(functionsDir, 'probe', 'config.json'),
    JSON.stringify({ timeout: 10, envVariables: { PROBE_LOG: logFile() }, triggers: [{ name: 'sweep', type: 'timer', config: cron }], ...extra }),
  );
}

function seen(): Seen[] {
  if (!fs.existsSync(logFile())) return [];
  return fs
    .readFileSync(logFile(), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Seen);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function setClock(t: TestCloud, offsetMs: unknown): Promise<Response> {
  return fetch(`${t.cloud.url}/__localcloud/clock`, { method: 'POST', body: JSON.stringify({ offsetMs }) });
}

beforeAll(async () => {
  functionsDir = tempDir('timers');
  await buildFixtureFunction('timer-probe', functionsDir, 'probe');
}, 60_000);
afterAll(() => fs.rmSync(functionsDir, { recursive: true, force: true }));
beforeEach(() => fs.rmSync(logFile(), { force: true }));

/** an instant given as Shanghai wall-clock time */
const sh = (local: string) => new Date(`${local}+08:00`);

describe("CloudBase's 7-field cron, in UTC+8", () => {
  it.each([
    '*/5 * * * * * *',
    '0 0 2 1 * * *',
    '0 15 10 * * MON-FRI *',
    '0 0 10,14,16 * * * *',
    '0 */30 9-17 * * * *',
    '0 0 12 * * WED *',
    '0 1/10 * * * * *',
    '0 0 0 1 JAN-MAR * 2026-2099',
  ])('accepts the documented form %s', (cron) => {
    expect(() => parseCloudbaseCron(cron)).not.toThrow();
  });

  it('computes runs in Shanghai time', () => {
    // 02:00 on the 1st, Shanghai: 18:00 UTC the day before
    expect(parseCloudbaseCron('0 0 2 1 * * *').nextAfter(sh('2026-12-01T08:00:00'))).toEqual(sh('2027-01-01T02:00:00'));
    // 10:15 on weekdays: from Friday 11:00 to Monday
    expect(parseCloudbaseCron('0 15 10 * * MON-FRI *').nextAfter(sh('2026-12-04T11:00:00'))).toEqual(sh('2026-12-07T10:15:00'));
    // every ten minutes from minute 1
    expect(parseCloudbaseCron('0 1/10 * * * * *').nextAfter(sh('2026-12-01T09:05:00'))).toEqual(sh('2026-12-01T09:11:00'));
    // strictly after
    expect(parseCloudbaseCron('*/5 * * * * * *').nextAfter(sh('2026-12-01T09:00:05'))).toEqual(sh('2026-12-01T09:00:10'));
  });

  it('fires when either the day or the weekday matches, when both are given', () => {
    const cron = parseCloudbaseCron('0 0 0 1 * MON *');
    const runs: string[] = [];
    for (let at: Date | null = sh('2026-12-25T00:00:00'); runs.length < 3 && at; ) {
      at = cron.nextAfter(at);
      if (at) runs.push(at.toISOString());
    }
    // Monday 28 December, Friday 1 January (the 1st), Monday 4 January
    expect(runs).toEqual([sh('2026-12-28T00:00:00'), sh('2027-01-01T00:00:00'), sh('2027-01-04T00:00:00')].map((d) => d.toISOString()));
  });

  it('ends with its year field', () => {
    const cron = parseCloudbaseCron('0 0 0 1 1 * 2027');
    expect(cron.nextAfter(sh('2026-06-01T00:00:00'))).toEqual(sh('2027-01-01T00:00:00'));
    expect(cron.nextAfter(sh('2027-01-01T00:00:00'))).toBeNull();
  });

  it.each([
    ['six fields', '0 0 2 1 * *'],
    ['eight fields', '0 0 2 1 * * * *'],
    ['two spaces', '0 0 2 1 *  * *'],
    ['? (SCF only)', '0 0 0 ? * MON *'],
    ['L (SCF only)', '0 0 0 L * * *'],
    ['W (SCF only)', '0 0 0 15W * * *'],
    ['# (SCF only)', '0 0 0 * * 5#2 *'],
    ['weekday 7', '0 0 0 * * 7 *'],
    ['a lower-case name', '0 0 0 * * mon *'],
    ['second 60', '60 * * * * * *'],
    ['hour 24', '0 0 24 * * * *'],
    ['day 0', '0 0 0 0 * * *'],
    ['month 13', '0 0 0 1 13 * *'],
    ['year 2100', '0 0 0 1 1 * 2100'],
    ['year 1969', '0 0 0 1 1 * 1969'],
    ['a zero step', '*/0 * * * * * *'],
    ['a reversed range', '0 0 5-1 * * * *'],
    ['a stepped range', '0 0-30/5 * * * * *'],
    ['an empty list item', '0 0 1, * * * *'],
  ])('refuses %s', (_why, cron) => {
    expect(() => parseCloudbaseCron(cron)).toThrow(/字段|Cron/);
  });

  it("refuses a config.json that CloudBase would: a bad cron, a bad trigger name, the local cloud's clock variable", () => {
    const dir = tempDir('timer-config');
    const write = (config: unknown) => fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
    try {
      write({ triggers: [{ name: 'sweep', type: 'timer', config: '0 0 0 L * * *' }] });
      expect(() => readFunctionConfig(dir)).toThrow(/日字段/);
      write({ triggers: [{ name: '9sweep', type: 'timer', config: '0 0 2 * * * *' }] });
      expect(() => readFunctionConfig(dir)).toThrow(/trigger name/);
      write({ envVariables: { LOCALCLOUD_CLOCK_OFFSET_MS: '1000' } });
      expect(() => readFunctionConfig(dir)).toThrow(/LOCALCLOUD_CLOCK_OFFSET_MS/);
      write({ triggers: [{ name: 'sweep', type: 'timer', config: '0 */5 * * * * *' }] });
      expect(readFunctionConfig(dir).timers).toEqual([{ name: 'sweep', cron: '0 */5 * * * * *' }]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the scheduler runs declared triggers on their schedule', () => {
  let t: TestCloud;
  beforeAll(async () => {
    declare('0 0 0 1 1 * 2099');
    t = await startTestCloud({ functionsDir, timers: 'scheduled' });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('fires an every-second trigger once a second as a timer, and stops when the trigger changes', async () => {
    declare('* * * * * * *');
    await sleep(3_600);
    declare('0 0 0 1 1 * 2099');
    await sleep(1_500); // runs already started may still land
    const runs = seen();
    expect(runs.length).toBeGreaterThanOrEqual(2);
    for (const run of runs) {
      expect(run.source).toBe('wx_trigger');
      expect(run.event).toMatchObject({ Type: 'Timer', TriggerName: 'sweep', Message: '' });
      expect((run.event as { Time: string }).Time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
    const times = runs.map((r) => Date.parse((r.event as { Time: string }).Time)).sort();
    // one run per second, none twice
    expect(new Set(times).size).toBe(times.length);
    expect(times.at(-1)! - times[0]).toBe((times.length - 1) * 1000);
    const after = seen().length;
    await sleep(2_000);
    expect(seen().length).toBe(after);
  }, 20_000);

  it('runs on the shifted clock, and skips the runs a shift jumps over', async () => {
    declare('0 0 2 * * * *'); // 02:00 every day, Shanghai
    await sleep(1_200);
    // two days ahead: two 02:00s are jumped over, neither fires
    expect((await setClock(t, 2 * DAY_MS)).status).toBe(200);
    await sleep(1_500);
    expect(seen()).toEqual([]);

    // put the clock 2.5 s before the next 02:00 (at least a day away in real time)
    const shanghaiDate = new Date(Date.now() + DAY_MS + 8 * 3_600_000).toISOString().slice(0, 10);
    const target = sh(`${shanghaiDate}T02:00:00`);
    const realTarget = target.getTime() < Date.now() + DAY_MS ? new Date(target.getTime() + DAY_MS) : target;
    expect((await setClock(t, realTarget.getTime() - Date.now() - 2_500)).status).toBe(200);
    await sleep(4_500);
    const runs = seen();
    expect(runs).toHaveLength(1);
    expect(runs[0].event).toMatchObject({ Type: 'Timer', TriggerName: 'sweep', Time: realTarget.toISOString().replace('.000Z', 'Z') });
    // the function's own clock agrees with the shifted one
    expect(Math.abs(Date.parse(runs[0].now) - realTarget.getTime())).toBeLessThan(1_500);
    await setClock(t, 0);
  }, 30_000);
});

describe('with the scheduler off, tests fire triggers by hand and shift the clock', () => {
  let t: TestCloud;
  beforeAll(async () => {
    declare('* * * * * * *');
    t = await startTestCloud({ functionsDir }); // the test helper's default: timers: 'manual'
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const fire = async () => {
    const res = await fetch(`${t.cloud.url}/__localcloud/functions/probe/timers/sweep`, { method: 'POST' });
    return { status: res.status, body: (await res.json()) as Seen };
  };

  it('runs nothing on its own', async () => {
    await sleep(2_500);
    expect(seen()).toEqual([]);
    const { status, body } = await fire();
    expect(status).toBe(200);
    expect(body).toMatchObject({ source: 'wx_trigger', event: { Type: 'Timer', TriggerName: 'sweep' } });
    expect(seen()).toHaveLength(1);
  }, 20_000);

  it('shows functions the shifted clock, for timers and for calls alike, and goes back', async () => {
    const before = await fire();
    expect(Math.abs(Date.parse(before.body.now) - Date.now())).toBeLessThan(2_000);

    const shift = 3 * DAY_MS + 3_600_000;
    const set = await setClock(t, shift);
    expect(set.status).toBe(200);
    expect(await (await fetch(`${t.cloud.url}/__localcloud/clock`)).json()).toMatchObject({ offsetMs: shift });

    const timer = await fire();
    const drift = (s: Seen) => Date.parse(s.now) - Date.parse(s.realNow);
    expect(Math.abs(drift(timer.body) - shift)).toBeLessThan(50);
    expect(Math.abs(Date.parse((timer.body.event as { Time: string }).Time) - (Date.now() + shift))).toBeLessThan(3_000);
    // the same warm instance, called as a client
    const call = await t.invokeRaw('probe', { hello: 1 });
    expect(call.status).toBe(200);
    expect(Math.abs(drift(call.body as Seen) - shift)).toBeLessThan(50);

    expect((await setClock(t, 0)).status).toBe(200);
    expect(Math.abs(drift((await fire()).body))).toBeLessThan(50);
  }, 20_000);

  it.each([['not a number', 'soon'], ['a fraction', 1.5], ['more than ten years', 11 * 366 * DAY_MS], ['missing', undefined]])(
    'refuses an offset that is %s',
    async (_why, offsetMs) => {
      const res = await setClock(t, offsetMs);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'INVALID_PARAM' });
    },
  );

  it('answers 404 for a trigger the function does not declare', async () => {
    const res = await fetch(`${t.cloud.url}/__localcloud/functions/probe/timers/nightly`, { method: 'POST' });
    expect(res.status).toBe(404);
  });
});

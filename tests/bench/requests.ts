/**
 * Requests benchmark (`npm run bench:requests`, after `npm run build:functions`): a district on one
 * deployment — 50 communities of 6,000 residents each (300,000; person documents only for those
 * the benchmark calls as), 300,000 requests over three years, 10,000 of them open — written straight
 * into a local cloud, then measured through the real `requests` function:
 *   - submit, accept and rate: latency, database requests, and sequential round trips with 10 ms of
 *     simulated network latency per database request;
 *   - the staff board (every view and filter) and the monthly rates: latency p50 / p95, requests,
 *     round trips, documents examined, and that an index served every query (an unindexed query on
 *     a collection above 1,000 documents fails the run);
 *   - the sweep (督办): a run at the current time, then the catch-up after the clock jumps 60 days,
 *     when every open request not yet raised to staff (level 2) and every resolved one awaiting its
 *     automatic close is due (raised ones are never read again).
 * Every request is built by core's machine (tools/seed/requests-demo.ts `buildRequest`), left as the
 * sweep would have left it by now (overdue ones supervised, unrated ones closed).
 * Options: `--communities N` (default 50), `--keep DIR` keeps the data directory (a loaded one is measured again without
 * regenerating; the sweep step changes it). Measuring runs in a fresh process.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { EJSON } from 'bson';
import type { PersonDoc } from '../../core/domain/org-model';
import { monthOf } from '../../core/domain/points/periods';
import { REQUEST_CATEGORY_CODES } from '../../core/domain/requests/categories';
import type { PersonActor, RequestEvent } from '../../core/domain/requests/lifecycle';
import { REQUEST_COLLECTION, type RequestDoc } from '../../core/domain/requests/model';
import { RETURN_VISIT_COLLECTION, type ReturnVisitDoc } from '../../core/domain/requests/return-visit';
import { openDatabase } from '../../tools/localcloud/db/service';
import { REPO_ROOT } from '../../tools/localcloud/server';
import { buildRequest, deadlinesOf, type DeadlinesOf, type RequestFiling, type RequestStep } from '../../tools/seed/requests-demo';
import { setLatency, startTestCloud, tempDir, type TestCloud } from '../helpers/localcloud';
import { series } from './series';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
/** `--communities N` (≥ 8: community 7 is measured) makes a smaller district for a quick run */
const COMMUNITIES = Number(arg('communities') ?? 50);
const COMPOUNDS = 5; // per community, each with its branch, a big grid and two micro grids
const BUILDINGS = 10; // per compound: 1–5 in the first micro grid, 6–10 in the second
const RESIDENTS = 6_000; // per community: 300,000 in all
const PER_COMMUNITY = 6_000; // requests: 300,000 in all
const OPEN = 200; // per community: 10,000 in all
const CALLERS = 60; // residents of community 7 with a person document, who file and rate
const BATCH = 1000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NET_MS = 10;

const cid = (c: number) => `cm-r${String(c).padStart(2, '0')}`;
const cpid = (c: number, k: number) => `cp-r${c}-${k}`;
const bdid = (c: number, k: number, b: number) => `bd-r${c}-${k}-${b}`;
const microGrid = (c: number, k: number, b: number) => `gd-r${c}-${k}-${b <= 5 ? 1 : 2}`;
const workerId = (gridId: string) => `p-gw-${gridId}`;
const workerOpenid = (gridId: string) => `bench-gw-${gridId}`;
const staffOpenid = (c: number) => `bench-staff-${c}`;
const callerOpenid = (i: number) => `bench-res-7-${i}`;

function rand(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = '王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗';
const nameOf = (n: number) => `${SURNAMES[n % SURNAMES.length]}${'志秀建国海燕丽红明华'[n % 10]}${'一二三四五六七八九十'[(n >> 3) % 10]}`;

function person(id: string, openid: string | null, name: string, communityId: string, home: { compoundId: string; buildingId: string } | null, roles: PersonDoc['roles']): PersonDoc {
  return {
    _id: id,
    openid,
    name,
    phone: `139${String(Math.abs(hash(id)) % 1e8).padStart(8, '0')}`,
    communityId,
    communityName: `第${communityId.slice(4)}社区`,
    compoundId: home?.compoundId ?? null,
    compoundName: home ? `${home.compoundId}小区` : null,
    buildingId: home?.buildingId ?? null,
    householdId: null,
    householdLabel: null,
    partyMember: false,
    partyCategory: null,
    publicNameConsent: false,
    roles,
    rev: 0,
  };
}
function hash(s: string): number {
  let h = 0;
  for (const ch of s) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}

const LIVE = { rev: 0, retiredAt: null };

/** The community's org: compounds, branches, buildings, grids, staff and grid workers. */
function orgOf(c: number) {
  const communityId = cid(c);
  const compounds = [];
  const branches = [];
  const buildings = [];
  const grids = [];
  const persons: PersonDoc[] = [person(`p-staff-${c}`, staffOpenid(c), `工作人员${c}`, communityId, null, [{ role: 'staff', scope: { communityId }, scopeLabel: '社区' }])];
  for (let k = 0; k < COMPOUNDS; k++) {
    const compoundId = cpid(c, k);
    compounds.push({ _id: compoundId, communityId, communityName: `第${c}社区`, name: `第${k + 1}小区`, type: '商住小区', propertyMode: '物业公司', sanwu: false, address: '', propertyCompany: null, branchId: `br-r${c}-${k}`, buildingCount: BUILDINGS, ...LIVE });
    branches.push({ _id: `br-r${c}-${k}`, communityId, name: `第${k + 1}小区党支部`, formation: '单独组建', compoundIds: [compoundId], ...LIVE });
    const ids = Array.from({ length: BUILDINGS }, (_, b) => bdid(c, k, b + 1));
    for (const [b, id] of ids.entries()) buildings.push({ _id: id, communityId, compoundId, name: `${b + 1}号楼`, order: b + 1, units: [{ id: `${id}-u1`, name: '1单元', retiredAt: null }], ...LIVE });
    grids.push({ _id: `gd-r${c}-${k}`, communityId, compoundId, name: `第${k + 1}小区网格`, level: 'big', parentId: null, buildingIds: ids, ...LIVE });
    for (const half of [1, 2]) {
      const gridId = `gd-r${c}-${k}-${half}`;
      grids.push({ _id: gridId, communityId, compoundId, name: `第${k + 1}小区第${half}微网格`, level: 'micro', parentId: `gd-r${c}-${k}`, buildingIds: ids.slice((half - 1) * 5, half * 5), ...LIVE });
      persons.push(person(workerId(gridId), workerOpenid(gridId), `网格员${c}-${k}-${half}`, communityId, null, [{ role: 'grid_worker', scope: { communityId, compoundId, gridId }, scopeLabel: '网格' }]));
    }
  }
  return { community: { _id: communityId, name: `第${c}社区`, district: '基准区' }, compounds, branches, buildings, grids, persons };
}

/**
 * deadlinesOf memoised: a limit in working days ends at 24:00 of a day that depends only on the
 * Shanghai date it starts (deadlines.ts), and computing it costs ~0.5 ms (dayjs's time zones).
 */
const memo = new Map<string, ReturnType<DeadlinesOf>>();
const fastDeadlines: DeadlinesOf = (category, urgency, start) => {
  if (urgency === 'urgent') return deadlinesOf(category, urgency, start);
  const k = `${category}|${new Date(start.getTime() + 8 * HOUR).toISOString().slice(0, 10)}`;
  let d = memo.get(k);
  if (!d) memo.set(k, (d = deadlinesOf(category, urgency, start)));
  return d;
};

const actor = (personId: string, gridWorkerOf: string[] = []): PersonActor => ({ kind: 'person', personId, staffOf: [], gridWorkerOf, leaderOf: [], teamOf: [], partnerOf: [] });

/**
 * One community's requests: one every ~4.4 hours over three years; all but the latest OPEN are
 * finished (3 % withdrawn, the rest accepted — 90 % within the limit —, resolved, then rated or,
 * one in ten, closed unrated after 7 days); the latest are open in every state. Overdue ones
 * carry the supervision steps the sweep would have added.
 */
function* communityRequests(c: number, now: Date): Generator<{ request: RequestDoc; visits: ReturnVisitDoc[] }> {
  const r = rand(1000 + c);
  const start = now.getTime() - 3 * 365 * DAY;
  const span = now.getTime() - HOUR - start;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  for (let n = 0; n < PER_COMMUNITY; n++) {
    const k = Math.floor(r() * COMPOUNDS);
    const b = 1 + Math.floor(r() * BUILDINGS);
    const gridId = microGrid(c, k, b);
    const worker = actor(workerId(gridId), [gridId]);
    const workerName = `网格员${gridId.slice(4)}`;
    const reporterNo = Math.floor(r() * RESIDENTS);
    const reporter = { id: `p-r${c}-res-${reporterNo}`, name: nameOf(c * RESIDENTS + reporterNo), phone: `138${String(c * RESIDENTS + reporterNo).padStart(8, '0')}` };
    const at = start + Math.floor(((n + r()) / PER_COMMUNITY) * span);
    const filing: RequestFiling = {
      id: `rq-r${c}-${n}`,
      communityId: cid(c),
      compoundId: cpid(c, k),
      gridId,
      branchId: `br-r${c}-${k}`,
      buildingId: bdid(c, k, b),
      unitId: `${bdid(c, k, b)}-u1`,
      area: null,
      locationLabel: `第${k + 1}小区 ${b}号楼1单元`,
      category: pick(REQUEST_CATEGORY_CODES),
      urgency: r() < 0.05 ? 'urgent' : 'normal',
      text: `基准测试报事第 ${n} 件：楼道和公共区域的问题，请尽快处理`,
      reporter,
      at: new Date(at),
    };
    const me = actor(reporter.id);
    const step = (who: PersonActor | null, name: string | null, when: number, event: RequestEvent): RequestStep => ({ event, actor: who ?? { kind: 'system' }, actorName: name, at: new Date(when) });
    const steps: RequestStep[] = [];
    if (n < PER_COMMUNITY - OPEN) {
      if (r() < 0.03) steps.push(step(me, reporter.name, at + HOUR, { type: 'withdraw', reason: '' }));
      else {
        const accepted = at + (r() < 0.9 ? (1 + r() * 5) * HOUR : (2 + r() * 2) * DAY);
        const resolved = accepted + (0.5 + r() * 4) * DAY;
        steps.push(step(worker, workerName, accepted, { type: 'accept' }), step(worker, workerName, resolved, { type: 'resolve', summary: '已处理完毕', photos: [] }));
        if (r() < 0.1) steps.push(step(null, null, resolved + 7 * DAY + 5 * 60_000, { type: 'autoClose' }));
        else {
          const x = r();
          const score = x < 0.6 ? 5 : x < 0.85 ? 4 : x < 0.93 ? 3 : x < 0.98 ? 2 : 1;
          steps.push(step(me, reporter.name, resolved + (1 + r() * 47) * HOUR, { type: 'rate', score, comment: score >= 4 ? '满意' : '还有问题' }));
        }
      }
    } else {
      // open: steps squeezed into the time since filing
      const room = Math.min(now.getTime() - at - 60_000, 3 * DAY);
      const t = (f: number) => at + Math.floor(room * f);
      const x = r();
      if (x >= 0.35) {
        if (x < 0.9) steps.push(step(worker, workerName, t(0.2), { type: 'accept' }));
        if (x >= 0.65 && x < 0.85) steps.push(step(worker, workerName, t(0.4), { type: 'progress', note: '正在联系物业处理', photos: [] }));
        if (x >= 0.85 && x < 0.9) steps.push(step(worker, workerName, t(0.4), { type: 'resolve', summary: '已处理', photos: [] }), step(me, reporter.name, t(0.6), { type: 'reopen', reason: '问题还在' }));
        if (x >= 0.9) steps.push(step(worker, workerName, t(0.3), { type: 'escalate', partnerId: `pt-r${c}`, reason: '需要包联单位协调' }));
      }
    }
    const built = buildRequest(filing, steps, { deadlines: fastDeadlines, sweptAt: now });
    // return visits over a month old were done
    const visits = built.visits.map((v) =>
      Date.parse(v.createdAt) < now.getTime() - 30 * DAY ? { ...v, status: 'done' as const, outcome: '电话回访，居民表示理解', visitedAt: v.dueBy, visitorId: `p-staff-${c}`, visitorName: `工作人员${c}`, recordKey: `bench:${v._id}` } : v,
    );
    yield { request: built.request, visits };
  }
}

async function generate(dataDir: string, now: Date): Promise<{ requests: number; open: number; visits: number }> {
  const db = await openDatabase({ dataDir, declarationsDir: path.join(REPO_ROOT, 'database'), unindexedQueryThreshold: null });
  const load = async (collection: string, docs: object[]) => {
    for (let i = 0; i < docs.length; i += BATCH)
      await db.handle('database.insertDocument', { action: 'database.insertDocument', collectionName: collection, data: docs.slice(i, i + BATCH).map((d) => EJSON.stringify(d, { relaxed: false })) });
  };
  const counts = { requests: 0, open: 0, visits: 0 };
  const started = Date.now();
  for (let c = 0; c < COMMUNITIES; c++) {
    const org = orgOf(c);
    const callers = c === 7 ? Array.from({ length: CALLERS }, (_, i) => person(`p-r7-caller-${i}`, callerOpenid(i), nameOf(i), cid(7), { compoundId: cpid(7, 0), buildingId: bdid(7, 0, 1 + (i % BUILDINGS)) }, [{ role: 'resident', scope: { communityId: cid(7), compoundId: cpid(7, 0) }, scopeLabel: '居民' }])) : [];
    await load('communities', [org.community]);
    await load('compounds', org.compounds);
    await load('branches', org.branches);
    await load('buildings', org.buildings);
    await load('grids', org.grids);
    await load('partners', [{ _id: `pt-r${c}`, communityId: cid(c), name: `第${c}社区包联单位`, kind: '包联单位', compoundIds: org.compounds.map((x) => x._id), memberIds: [], ...LIVE }]);
    await load('persons', [...org.persons, ...callers]);
    let requests: RequestDoc[] = [];
    const visits: ReturnVisitDoc[] = [];
    for (const b of communityRequests(c, now)) {
      requests.push(b.request);
      visits.push(...b.visits);
      counts.requests += 1;
      if (b.request.open) counts.open += 1;
      if (requests.length >= BATCH) {
        await load(REQUEST_COLLECTION, requests);
        requests = [];
      }
    }
    await load(REQUEST_COLLECTION, requests);
    await load(RETURN_VISIT_COLLECTION, visits);
    counts.visits += visits.length;
    process.stdout.write(`\r  loaded ${counts.requests.toLocaleString()} requests (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  process.stdout.write('\n');
  await db.close();
  return counts;
}

async function call<T>(t: TestCloud, action: string, data: unknown, openid: string): Promise<{ ms: number; data: T }> {
  const s = process.hrtime.bigint();
  const res = await t.call<T>(action, data, openid);
  const ms = Number(process.hrtime.bigint() - s) / 1e6;
  if (!res.ok) throw new Error(`${action}: ${JSON.stringify(res.error)}`);
  return { ms, data: res.data };
}

async function sweep(t: TestCloud): Promise<{ ms: number; examined: number; supervised: number; closed: number; more: boolean }> {
  const s = Date.now();
  const res = await fetch(`${t.cloud.url}/__localcloud/functions/requests/timers/sweep`, { method: 'POST' });
  const body = (await res.json()) as { ok: boolean; data: { examined: number; supervised: number; closed: number; more: boolean }; error?: unknown };
  if (!body.ok) throw new Error(`sweep: ${JSON.stringify(body.error)}`);
  return { ...body.data, ms: Date.now() - s };
}

async function measure(dataDir: string, now: Date, rows: [string, string][]) {
  const opened = Date.now();
  const t = await startTestCloud({ dataDir, unindexedQueryThreshold: 1000 });
  rows.push(['local cloud restart with the data set', `${((Date.now() - opened) / 1000).toFixed(1)} s`]);
  try {
    const c = 7;
    const staff = staffOpenid(c);
    const community = cid(c);
    const month = (back: number) => monthOf(new Date(now.getTime() - back * 31 * DAY));
    // warm the instance (a cold start is not what is measured)
    await call(t, 'requests.board', { communityId: community }, staff);

    // the write path: file, accept, resolve and rate, each measured alone, first on bare loopback, then with NET_MS per request
    const filed: { id: string; caller: string; worker: string }[] = [];
    const stamp = now.getTime().toString(36);
    const submit = async (i: number) => {
      const caller = callerOpenid(i % CALLERS);
      const building = 1 + ((i % CALLERS) % BUILDINGS);
      const res = await call<{ id: string }>(t, 'requests.submit', { idempotencyKey: `bench-${stamp}-${i}`, category: 'repair', text: '楼道的灯坏了，晚上看不见路', location: { buildingId: bdid(c, 0, building) } }, caller);
      filed[i] = { id: res.data.id, caller, worker: workerOpenid(microGrid(c, 0, building)) };
      return res.ms;
    };
    const accept = async (i: number) => (await call(t, 'requests.accept', { idempotencyKey: `bench-a-${stamp}-${i}`, requestId: filed[i].id }, filed[i].worker)).ms;
    const resolve = async (i: number) => (await call(t, 'requests.resolve', { idempotencyKey: `bench-v-${stamp}-${i}`, requestId: filed[i].id, summary: '换了新灯泡' }, filed[i].worker)).ms;
    const rate = async (i: number) => (await call(t, 'requests.rate', { idempotencyKey: `bench-r-${stamp}-${i}`, requestId: filed[i].id, score: 1 + (i % 5), comment: '' }, filed[i].caller)).ms;
    const N = 30;
    for (const [label, net, offset] of [['', 0, 0], [` with ${NET_MS} ms per database request`, NET_MS, N]] as const) {
      await setLatency(t, net);
      try {
        for (const [name, fn] of [['submit', submit], ['accept', accept], ['resolve', resolve], ['rate', rate]] as const) {
          const x = await series(t, N, (i) => fn(i + offset));
          rows.push([`${name}${label}: p50 / p95, requests, sequential round trips`, `${x.latency}, ${x.requests}, ${x.sequential}${name === 'resolve' ? '' : ' (target ≤ 3)'}`]);
        }
      } finally {
        await setLatency(t, 0);
      }
    }

    // the staff board: every view, every filter, pages 1–3
    const boardInputs: Record<string, unknown>[] = [];
    for (const view of ['open', 'overdue', 'escalated'])
      for (const filter of [{}, { compoundId: cpid(c, 1) }, { gridId: `gd-r${c}-2-1` }, { branchId: `br-r${c}-3` }, { category: 'repair' }, { handlerId: workerId(`gd-r${c}-0-2`) }, { compoundId: cpid(c, 4), category: 'parking' }])
        for (const page of [1, 2, 3]) boardInputs.push({ communityId: community, view, page, ...filter });
    const boardPage = async (i: number) => (await call(t, 'requests.board', boardInputs[i % boardInputs.length], staff)).ms;
    const b = await series(t, boardInputs.length * 2, boardPage);
    rows.push([`board page (${boardInputs.length} view × filter × page combinations, twice): p50 / p95`, `${b.latency} (target p95 ≤ 50 ms)`]);
    rows.push(['board page: database requests / sequential / scans / docs examined per page', `${b.requests} / ${b.sequential} / ${b.scans} / ${b.examinedPerCall}`]);

    const ratesPage = async (i: number) => (await call(t, 'requests.rates', { communityId: community, month: month(1 + (i % 24)) }, staff)).ms;
    const r = await series(t, 60, ratesPage);
    rows.push(['rates page (24 months of one community): p50 / p95', `${r.latency} (target p95 ≤ 50 ms)`]);
    rows.push(['rates page: database requests / sequential / scans / docs examined', `${r.requests} / ${r.sequential} / ${r.scans} / ${r.examinedPerCall}`]);

    const visits = async (i: number) => (await call(t, 'requests.visits', { communityId: community, status: i % 2 ? 'done' : 'open', page: 1 + (i % 3) }, staff)).ms;
    const v = await series(t, 40, visits);
    rows.push(['return visits page: p50 / p95, requests / sequential / scans', `${v.latency}, ${v.requests} / ${v.sequential} / ${v.scans}`]);

    await setLatency(t, NET_MS);
    try {
      const bn = await series(t, boardInputs.length, boardPage);
      const rn = await series(t, 24, ratesPage);
      rows.push([`board / rates with ${NET_MS} ms per database request: p95, sequential round trips`, `${bn.latency.split(' / ')[1]}, ${bn.sequential} / ${rn.latency.split(' / ')[1]}, ${rn.sequential} (target ≤ 2)`]);
    } finally {
      await setLatency(t, 0);
    }

    const ex = await call<{ rows: number }>(t, 'requests.export', { communityId: community, from: month(12), to: month(1) }, staff);
    rows.push([`export, 12 months of one community (${ex.data.rows} requests)`, `${(ex.ms / 1000).toFixed(1)} s`]);

    // the sweep: now (little is due), then 60 days on, when every request with a step left is due
    const quiet = await sweep(t);
    rows.push(['sweep at the current time', `${quiet.ms} ms, ${quiet.examined} due`]);
    await fetch(`${t.cloud.url}/__localcloud/clock`, { method: 'POST', body: JSON.stringify({ offsetMs: 60 * DAY }) });
    const s = Date.now();
    const runs: Awaited<ReturnType<typeof sweep>>[] = [];
    for (;;) {
      const run = await sweep(t);
      runs.push(run);
      process.stdout.write(`\r  sweep run ${runs.length}: ${run.examined} examined in ${run.ms} ms`);
      if (!run.more && run.examined === 0) break;
      if (runs.length > 400) throw new Error('the sweep does not finish');
    }
    process.stdout.write('\n');
    const total = runs.reduce((n, x) => n + x.supervised + x.closed, 0);
    const wall = Date.now() - s;
    rows.push([
      'sweep 60 days on (every request with a step left is due): runs, requests changed, wall time',
      `${runs.length} runs, ${total.toLocaleString()} changed (${runs.reduce((n, x) => n + x.supervised, 0).toLocaleString()} supervised, ${runs.reduce((n, x) => n + x.closed, 0).toLocaleString()} closed), ${(wall / 1000).toFixed(0)} s (${((total / wall) * 1000).toFixed(0)} a second; longest run ${Math.max(...runs.map((x) => x.ms))} ms)`,
    ]);
    await fetch(`${t.cloud.url}/__localcloud/clock`, { method: 'POST', body: JSON.stringify({ offsetMs: 0 }) });
  } finally {
    await t.close();
  }
}

async function main() {
  const now = new Date();
  const dataDir = arg('keep') ?? tempDir('bench-requests');
  const fresh = !fs.existsSync(path.join(dataDir, '.bench-loaded'));
  console.log(`requests benchmark: ${COMMUNITIES} communities, ${(COMMUNITIES * RESIDENTS).toLocaleString()} residents, ${(COMMUNITIES * PER_COMMUNITY).toLocaleString()} requests over three years, ${(COMMUNITIES * OPEN).toLocaleString()} open (data: ${dataDir})`);
  if (fresh) {
    const s = Date.now();
    const counts = await generate(dataDir, now);
    fs.writeFileSync(path.join(dataDir, '.bench-loaded'), JSON.stringify({ ...counts, generatedMs: Date.now() - s }));
    console.log(`  generated and loaded in ${((Date.now() - s) / 1000).toFixed(0)} s: ${counts.requests.toLocaleString()} requests (${counts.open.toLocaleString()} open), ${counts.visits.toLocaleString()} return visits`);
    // measure in a fresh process: this one's heap still carries the generation's garbage
    const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1), ...(arg('keep') ? [] : ['--keep', dataDir])], { stdio: 'inherit' });
    if (!arg('keep')) fs.rmSync(dataDir, { recursive: true, force: true });
    process.exit(child.status ?? 1);
  }
  const rows: [string, string][] = [];
  await measure(dataDir, now, rows);
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log('');
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

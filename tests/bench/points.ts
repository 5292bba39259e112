/**
 * Points benchmark (`npm run bench:points`): a district on one deployment — 50 communities,
 * 1,000 branches, 10,000 leaders and 1,000,000 ledger entries (a valid hash chain per community,
 * with accounts and tallies, built by core's ledger rules) — loaded into a local cloud, then
 * measures through the real `points` function:
 *   - award latency, database requests and sequential round trips per award,
 *   - ranking page latency (p50/p95) and round trips, and whether an index served every query,
 *   - balance latency and round trips (balance and ranks come from one aggregation over a community's accounts),
 *   - a history page's latency and round trips,
 *   - the same four with 10 ms of simulated network latency per database request,
 *   - points.verify time for one community (20,000 entries).
 * Options: `--entries N` (default 1,000,000), `--keep DIR` to keep the data directory (a directory
 * already loaded is measured again without regenerating). Measuring runs in a fresh process.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { EJSON } from 'bson';
import { openDatabase } from '../../tools/localcloud/db/service';
import { REPO_ROOT } from '../../tools/localcloud/server';
import { resetStats, roundTrips, setLatency, startTestCloud, stats, tempDir, type TestCloud } from '../helpers/localcloud';
import { planPostings, type PostingRequest } from '../../core/domain/points/ledger';
import { POINT_COLLECTIONS as C, entryId, type AccountDoc, type BookDoc, type TallyDoc } from '../../core/domain/points/model';
import { monthOf } from '../../core/domain/points/periods';
import type { PersonDoc } from '../../core/domain/org-model';
import { newBook } from '../../tools/seed/points-catalogue';
import { pct } from './percentile';
import { series } from './series';
import path from 'node:path';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const ENTRIES = Number(arg('entries') ?? 1_000_000);
const COMMUNITIES = 50;
const BRANCHES = 20; // per community: 1,000 in all
const LEADERS = 10; // per branch: 10,000 in all
const PER_COMMUNITY = Math.floor(ENTRIES / COMMUNITIES);
const BATCH = 1000;

const cid = (c: number) => `cm-b${String(c).padStart(2, '0')}`;
const bid = (c: number, b: number) => `br-b${c}-${b}`;
const pid = (c: number, b: number, l: number) => `p-b${c}-${b}-${l}`;

function person(id: string, openid: string, name: string, communityId: string, roles: PersonDoc['roles']): PersonDoc {
  return {
    _id: id,
    openid,
    name,
    phone: null,
    communityId,
    communityName: `第${communityId.slice(4)}社区`,
    compoundId: null,
    compoundName: null,
    buildingId: null,
    householdId: null,
    householdLabel: null,
    partyMember: true,
    partyCategory: null,
    publicNameConsent: false,
    roles,
    rev: 0,
  };
}

const SURNAMES = '王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗';
const nameOf = (n: number) => `${SURNAMES[n % SURNAMES.length]}${'志秀建国海燕丽红明华'[n % 10]}${'一二三四五六七八九十'[(n >> 3) % 10]}`;

function rand(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Loader = (collection: string, docs: object[]) => Promise<void>;

/** One community's ledger: PER_COMMUNITY entries over this year's months, chained and applied. */
async function loadCommunity(c: number, load: Loader, now: Date): Promise<void> {
  const r = rand(c + 1);
  const yearStart = Date.parse(`${now.getFullYear()}-01-01T00:00:00+08:00`);
  const span = now.getTime() - 3600_000 - yearStart;
  let book: BookDoc = newBook(cid(c), new Date(yearStart));
  const items = book.items.filter((i) => !i.cap); // caps are exercised by the tests, not here
  const accounts = new Map<string, AccountDoc>();
  const tallies = new Map<string, TallyDoc>();
  let pending: object[] = [];
  for (let n = 0; n < PER_COMMUNITY; n++) {
    const b = Math.floor(r() * BRANCHES);
    const l = Math.floor(r() * LEADERS);
    const personId = pid(c, b, l);
    const at = new Date(yearStart + Math.floor((n / PER_COMMUNITY) * span)).toISOString();
    const item = r() < 0.7 ? items[Math.floor(r() * items.length)] : null;
    const req: PostingRequest = {
      id: entryId(cid(c), `bench:${n}`, personId),
      recipient: { personId, name: nameOf(c * 1000 + b * 10 + l), branchId: bid(c, b) },
      points: item ? item.points : 1 + Math.floor(r() * 10),
      item,
      source: item ? { type: 'award', id: null } : { type: 'adjustment', id: null },
      reason: item ? null : '基准测试调整',
      month: monthOf(at),
      idempotencyKey: `bench:${n}`,
      requestHash: 'bench',
    };
    const w = planPostings(book, new Map([[personId, accounts.get(personId) ?? null]]), [req], null, at);
    book = w.book;
    pending.push(...w.entries);
    for (const a of w.accounts) accounts.set(a.personId, a);
    for (const t of w.tallies) tallies.set(t._id, t);
    if (pending.length >= BATCH) {
      await load(C.entries, pending);
      pending = [];
    }
  }
  if (pending.length) await load(C.entries, pending);
  for (const [coll, docs] of [[C.accounts, [...accounts.values()]], [C.tallies, [...tallies.values()]], [C.books, [book]]] as const) {
    for (let i = 0; i < docs.length; i += BATCH) await load(coll, docs.slice(i, i + BATCH));
  }
}

async function generate(dataDir: string, now: Date): Promise<void> {
  const db = await openDatabase({ dataDir, declarationsDir: path.join(REPO_ROOT, 'database'), unindexedQueryThreshold: null });
  const load: Loader = async (collection, docs) => {
    await db.handle('database.insertDocument', { action: 'database.insertDocument', collectionName: collection, data: docs.map((d) => EJSON.stringify(d, { relaxed: false })) });
  };
  const persons: PersonDoc[] = [];
  for (let c = 0; c < COMMUNITIES; c++) {
    persons.push(person(`p-b${c}-staff`, `bench-staff-${c}`, `工作人员${c}`, cid(c), [{ role: 'staff', scope: { communityId: cid(c) }, scopeLabel: '社区' }]));
    for (let b = 0; b < BRANCHES; b++)
      for (let l = 0; l < LEADERS; l++)
        persons.push(person(pid(c, b, l), `bench-${c}-${b}-${l}`, nameOf(c * 1000 + b * 10 + l), cid(c), [{ role: 'leader', scope: { communityId: cid(c), branchId: bid(c, b) }, scopeLabel: '支部' }]));
  }
  for (let i = 0; i < persons.length; i += BATCH) await load('persons', persons.slice(i, i + BATCH));
  const started = Date.now();
  for (let c = 0; c < COMMUNITIES; c++) {
    await loadCommunity(c, load, now);
    const done = (c + 1) * PER_COMMUNITY;
    process.stdout.write(`\r  loaded ${done.toLocaleString()} entries (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  process.stdout.write('\n');
  await db.close();
}

/** simulated network latency of a database round trip from a function to CloudBase */
const NET_MS = 10;
async function timed(t: TestCloud, action: string, data: unknown, openid: string): Promise<number> {
  const s = process.hrtime.bigint();
  const res = await t.call(action, data, openid);
  if (!res.ok) throw new Error(`${action}: ${JSON.stringify(res.error)}`);
  return Number(process.hrtime.bigint() - s) / 1e6;
}

async function main() {
  const now = new Date();
  const dataDir = arg('keep') ?? tempDir('bench-points');
  const fresh = !fs.existsSync(path.join(dataDir, '.bench-loaded'));
  console.log(`points benchmark: ${COMMUNITIES} communities, ${COMMUNITIES * BRANCHES} branches, ${COMMUNITIES * BRANCHES * LEADERS} leaders, ${(PER_COMMUNITY * COMMUNITIES).toLocaleString()} entries (data: ${dataDir})`);
  if (fresh) {
    const s = Date.now();
    await generate(dataDir, now);
    fs.writeFileSync(path.join(dataDir, '.bench-loaded'), '');
    console.log(`  generated and loaded in ${((Date.now() - s) / 1000).toFixed(0)} s`);
    // measure in a fresh process: this one's heap still carries the generation's garbage
    const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1), ...(arg('keep') ? [] : ['--keep', dataDir])], { stdio: 'inherit' });
    if (!arg('keep')) fs.rmSync(dataDir, { recursive: true, force: true });
    process.exit(child.status ?? 1);
  }
  const opened = Date.now();
  const t = await startTestCloud({ dataDir, unindexedQueryThreshold: 1000 });
  const rows: [string, string][] = [['local cloud restart with the data set', `${Date.now() - opened} ms`]];
  try {
    const c = 7;
    const staff = `bench-staff-${c}`;
    const leader = `bench-${c}-3-4`;
    // warm the instance (a cold start is not what is measured)
    await timed(t, 'points.rules.list', {}, staff);
    await timed(t, 'points.ranking', {}, leader);

    const award = (i: number) => timed(t, 'points.award', { kind: 'item', idempotencyKey: `bench-award-${now.getTime()}-${i}`, personIds: [pid(c, i % BRANCHES, i % LEADERS)], itemCode: 'ZY03' }, staff);
    const rankingPage = (i: number) => timed(t, 'points.ranking', i % 2 ? { scope: 'community', page: 1 + (i % 10) } : { scope: 'branch', page: 1 }, leader);
    const balance = (i: number) => timed(t, 'points.balance', i % 2 ? {} : { period: String(now.getFullYear()) }, leader);
    const history = (i: number) => timed(t, 'points.history', { page: 1 + (i % 3) }, leader);

    const a = await series(t, 40, award);
    rows.push(['award: latency p50 / p95', a.latency]);
    rows.push(['award: database requests', a.requests]);

    const r = await series(t, 100, rankingPage);
    rows.push(['ranking page: latency p50 / p95 (function call, end to end)', r.latency]);
    rows.push(['ranking page: database requests', r.requests]);
    rows.push(['ranking page: collection scans / docs examined per page', `${r.scans} / ${r.examinedPerCall}`]);

    const b = await series(t, 40, balance);
    rows.push(['balance (rank in branch and community): latency p50 / p95', b.latency]);
    rows.push(['balance: database requests', b.requests]);

    const h = await series(t, 40, history);
    rows.push(['history page (with which entries were reversed): latency p50 / p95', h.latency]);
    rows.push(['history page: database requests / collection scans', `${h.requests} / ${h.scans}`]);

    // the same calls with every database request answered NET_MS late, as a network between a
    // function and CloudBase would: latency then follows the sequential round trips, which only
    // then can be counted (on bare loopback a request is answered before its sibling arrives)
    await setLatency(t, NET_MS);
    try {
      for (const [name, call, offset, target] of [['award', award, 1000, 5], ['ranking page', rankingPage, 0, 2], ['balance', balance, 0, 2], ['history page', history, 0, 2]] as const) {
        const x = await series(t, 20, (i) => call(i + offset));
        rows.push([`${name} with ${NET_MS} ms per database round trip: p50 / p95, sequential round trips`, `${x.latency}, ${x.sequential} (target ≤ ${target})`]);
      }
    } finally {
      await setLatency(t, 0);
    }

    // the database side of a ranking page, as the function sends it
    const db = t.app.database();
    const pageMs: number[] = [];
    for (let i = 0; i < 200; i++) {
      const s = process.hrtime.bigint();
      await db.collection(C.tallies).where({ communityId: cid(c), periodKey: monthOf(now) }).orderBy('points', 'desc').orderBy('personId', 'asc').skip((i % 10) * 20).limit(21).get();
      pageMs.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    rows.push(['ranking page query alone (node-sdk → local cloud): p50 / p95', `${pct(pageMs, 50).toFixed(1)} / ${pct(pageMs, 95).toFixed(1)} ms`]);

    await resetStats(t);
    const s = process.hrtime.bigint();
    const res = await t.call<{ ok: boolean; checked: { entries: number }; ms: number }>('points.verify', { full: true }, staff);
    const verifyMs = Number(process.hrtime.bigint() - s) / 1e6;
    if (!res.ok) throw new Error(JSON.stringify(res.error));
    rows.push([`points.verify, one community (${res.data.checked.entries.toLocaleString()} entries)`, `${verifyMs.toFixed(0)} ms (${res.data.ok ? 'ok' : 'PROBLEMS'}; ${roundTrips(await stats(t))} round trips)`]);
  } finally {
    await t.close();
    if (!arg('keep')) fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log('');
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

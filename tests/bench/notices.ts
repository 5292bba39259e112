/**
 * Notices benchmark (`npm run bench:notices`, after `npm run build:functions`): one community of
 * 30,000 residents, 20,000 of them holding a 通知公告 grant, 300 published notices (community-wide and
 * per compound), written straight into a local cloud, then measured through the real `notices` function:
 *   - the residents' feed (notices.list): latency p50 / p95, database requests and documents examined
 *     per call (target ≤ 50 ms, ≤ 2 reads), sequential round trips with 10 ms of simulated latency;
 *   - the fan-out of one community-wide notice to the 20,000: the time until every message is sent
 *     (the publishing call, then the timer's runs back to back), database requests per recipient.
 * Only the residents who call have person documents; the fan-out needs only the grants.
 */
import fs from 'node:fs';
import path from 'node:path';
import { EJSON } from 'bson';
import type { NoticeView } from '../../core/contracts/notices';
import { NOTICE_GRANTS_COLLECTION, type GrantDoc } from '../../core/domain/notices/fanout';
import { NEVER, NOTICE_COLLECTION, NOTICE_READS_COLLECTION, readId, sortRank, type NoticeDoc } from '../../core/domain/notices/model';
import type { PersonDoc } from '../../core/domain/org-model';
import { openDatabase } from '../../tools/localcloud/db/service';
import { REPO_ROOT } from '../../tools/localcloud/server';
import { resetStats, roundTrips, setLatency, startTestCloud, stats, tempDir, type TestCloud } from '../helpers/localcloud';
import { pct } from './percentile';

const CID = 'cm-bench';
const COMPOUNDS = 10;
const RESIDENTS = 30_000;
const GRANT_HOLDERS = 20_000;
const NOTICES = 300;
const CALLERS = 50;
const FEED_CALLS = 200;
const BATCH = 1000;
const NET_MS = 10;

const cp = (k: number) => `cp-b-${k}`;
const pid = (i: number) => `p-b-${String(i).padStart(5, '0')}`;
const openid = (i: number) => `bench-res-${String(i).padStart(5, '0')}`;
const compoundOf = (i: number) => i % COMPOUNDS;
const buildingOf = (i: number) => `bd-b-${compoundOf(i)}-${(i % 7) + 1}`;

function person(i: number): PersonDoc {
  return {
    _id: pid(i),
    openid: openid(i),
    name: `居民${i}`,
    phone: null,
    communityId: CID,
    communityName: '基准社区',
    compoundId: cp(compoundOf(i)),
    compoundName: `第${compoundOf(i)}小区`,
    buildingId: buildingOf(i),
    householdId: null,
    householdLabel: null,
    partyMember: false,
    partyCategory: null,
    publicNameConsent: false,
    roles: [{ role: 'resident', scope: { communityId: CID, compoundId: cp(compoundOf(i)) }, scopeLabel: '居民' }],
    rev: 0,
  };
}

function notice(n: number, now: number): NoticeDoc {
  const at = new Date(now - (NOTICES - n) * 3_600_000).toISOString();
  const category = n % 25 === 0 ? 'emergency' : n % 3 === 0 ? 'activity' : 'notice';
  const pinned = n % 97 === 0;
  return {
    _id: `nt-b-${n}`,
    communityId: CID,
    authorId: 'p-b-staff',
    authorName: '工作人员',
    category,
    title: `第${n}号通知`,
    digest: '基准测试用的公告摘要',
    blocks: [{ type: 'paragraph', runs: [{ text: '基准测试用的公告正文。' }] }],
    coverFileId: null,
    scope: n % 2 ? { kind: 'community' } : { kind: 'compounds', ids: [cp(n % COMPOUNDS)] },
    audience: n % 2 ? [`community:${CID}`] : [`compound:${cp(n % COMPOUNDS)}`],
    pinned,
    expiresAt: null,
    visibleUntil: NEVER,
    sortRank: sortRank(pinned, category),
    syncToOfficialAccount: false,
    state: 'published',
    moderation: { suggest: 'pass', label: 100, traceId: null, approvedBy: null },
    imageChecks: null,
    rejection: null,
    readCount: 0,
    mp: null,
    fanout: null,
    createdAt: at,
    updatedAt: at,
    publishedAt: at,
    withdrawnAt: null,
  };
}

function grant(i: number): GrantDoc {
  const p = person(i);
  return {
    _id: p._id,
    communityId: CID,
    openid: openid(i),
    keys: [`person:${p._id}`, `community:${CID}`, `compound:${p.compoundId}`, `building:${p.buildingId}`, `role:${CID}:resident`],
    counts: { notice: 1, activity: 0, policy: 0, emergency: 0 },
    total: 1,
    updatedAt: new Date().toISOString(),
  };
}

async function generate(dataDir: string, now: number): Promise<void> {
  const db = await openDatabase({ dataDir, declarationsDir: path.join(REPO_ROOT, 'database'), unindexedQueryThreshold: null });
  const load = async (collection: string, docs: object[]) => {
    for (let i = 0; i < docs.length; i += BATCH)
      await db.handle('database.insertDocument', { action: 'database.insertDocument', collectionName: collection, data: docs.slice(i, i + BATCH).map((d) => EJSON.stringify(d, { relaxed: false })) });
  };
  const staff: PersonDoc = { ...person(RESIDENTS), _id: 'p-b-staff', openid: 'bench-staff', compoundId: null, compoundName: null, buildingId: null, roles: [{ role: 'staff', scope: { communityId: CID }, scopeLabel: '社区工作人员' }] };
  await load('communities', [{ _id: CID, name: '基准社区', district: '基准区' }]);
  await load('persons', [...Array.from({ length: CALLERS }, (_, i) => person(i)), staff]);
  await load(NOTICE_COLLECTION, Array.from({ length: NOTICES }, (_, n) => notice(n, now)));
  // each caller has read a third of the notices
  await load(
    NOTICE_READS_COLLECTION,
    Array.from({ length: CALLERS }, (_, i) => Array.from({ length: NOTICES / 3 }, (_, k) => ({ _id: readId(`nt-b-${k * 3}`, pid(i)), noticeId: `nt-b-${k * 3}`, personId: pid(i), readAt: new Date(now).toISOString() }))).flat(),
  );
  // residents 0 … 19,999 hold a grant; the other 10,000 do not
  await load(NOTICE_GRANTS_COLLECTION, Array.from({ length: GRANT_HOLDERS }, (_, i) => grant(i)));
  await db.close();
}

async function feed(t: TestCloud) {
  const ms: number[] = [];
  const requests: number[] = [];
  let examined = 0;
  let scans = 0;
  for (let i = 0; i < FEED_CALLS; i++) {
    await resetStats(t);
    const s = process.hrtime.bigint();
    const res = await t.call<{ items: unknown[] }>('notices.list', { view: 'feed' }, openid(i % CALLERS));
    ms.push(Number(process.hrtime.bigint() - s) / 1e6);
    if (!res.ok || res.data.items.length !== 20) throw new Error(`feed: ${JSON.stringify(res)}`);
    const st = await stats(t);
    requests.push(roundTrips(st));
    examined += st.docsExamined ?? 0;
    scans += st['plan.scan'] ?? 0;
  }
  await setLatency(t, NET_MS);
  await resetStats(t);
  await t.call('notices.list', { view: 'feed' }, openid(0));
  const sequential = (await stats(t)).sequentialRoundTrips;
  await setLatency(t, 0);
  return { p50: pct(ms, 50), p95: pct(ms, 95), requests: [...new Set(requests)].join('–'), examined: examined / FEED_CALLS, scans, sequential };
}

async function fanout(t: TestCloud) {
  await resetStats(t);
  const s = Date.now();
  const call = async <T>(action: string, data: unknown) => {
    const res = await t.call<T>(action, data, 'bench-staff');
    if (!res.ok) throw new Error(`${action}: ${JSON.stringify(res.error)}`);
    return res.data;
  };
  const saved = await call<NoticeView>('notices.save', { idempotencyKey: 'bench-fanout-1', category: 'notice', title: '全社区停电通知', blocks: [{ type: 'paragraph', runs: [{ text: '12月8日全社区停电检修。' }] }], scope: { kind: 'community' } });
  await call('notices.publish', { id: saved.id });
  let runs = 0;
  for (;;) {
    const st = await call<{ delivery: { sent: number; done: boolean } | null }>('notices.stats', { id: saved.id });
    if (st.delivery?.done) {
      const ms = Date.now() - s;
      const requests = roundTrips(await stats(t));
      return { ms, sent: st.delivery.sent, runs, perRecipient: requests / st.delivery.sent };
    }
    const res = await fetch(`${t.cloud.url}/__localcloud/functions/notices/timers/sweep`, { method: 'POST' });
    if (!res.ok) throw new Error(`sweep: ${res.status} ${await res.text()}`);
    runs += 1;
  }
}

async function main() {
  const dataDir = tempDir('bench-notices');
  console.log(`notices benchmark: ${RESIDENTS.toLocaleString()} residents, ${GRANT_HOLDERS.toLocaleString()} with a grant, ${NOTICES} notices (data: ${dataDir})`);
  const g = Date.now();
  await generate(dataDir, Date.now());
  console.log(`  loaded in ${((Date.now() - g) / 1000).toFixed(1)} s`);
  const t = await startTestCloud({ dataDir, unindexedQueryThreshold: 1000 });
  try {
    await t.call('notices.list', { view: 'feed' }, openid(0)); // warm the instance
    const f = await feed(t);
    console.log(`  feed (${FEED_CALLS} calls): p50 ${f.p50.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms, ${f.requests} database requests, ${f.sequential} sequential round trips, ${f.examined.toFixed(0)} documents examined per call, ${f.scans} scans`);
    const o = await fanout(t);
    console.log(`  fan-out: ${o.sent.toLocaleString()} messages in ${(o.ms / 1000).toFixed(1)} s (${(o.sent / (o.ms / 1000)).toFixed(0)}/s; the publishing call, then ${o.runs} timer runs back to back), ${o.perRecipient.toFixed(2)} database requests per recipient`);
  } finally {
    await t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

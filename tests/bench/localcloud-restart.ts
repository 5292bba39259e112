/**
 * Restart benchmark of the local cloud's database: `npx tsx tests/bench/localcloud-restart.ts [N…]`
 * (default 100000 1000000). For each N it loads N ledger entries + 10,000 balances through the
 * database actions, then measures reopening from snapshot + log tail, from a fresh snapshot only
 * and (up to 200k) from the log alone, and times a ranking page, a point read and an indexed read.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type LocalDatabase } from '../../tools/localcloud/db/service';

const COMMUNITIES = 20;
const BALANCES = 10_000;

function declarations(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-decl-'));
  const write = (decl: object) => fs.writeFileSync(path.join(dir, `${(decl as { name: string }).name}.json`), JSON.stringify(decl));
  write({
    name: 'ledger',
    indexes: [
      { name: 'community_at', keys: [{ field: 'communityId', direction: 1 }, { field: 'at', direction: -1 }] },
      { name: 'openid_at', keys: [{ field: 'openid', direction: 1 }, { field: 'at', direction: -1 }] },
    ],
  });
  write({
    name: 'balances',
    indexes: [
      { name: 'community_total', keys: [{ field: 'communityId', direction: 1 }, { field: 'total', direction: -1 }] },
      { name: 'openid_1', keys: [{ field: 'openid', direction: 1 }], unique: true },
    ],
  });
  return dir;
}

const ejson = (doc: Record<string, unknown>) =>
  JSON.stringify(doc, (_k, v: unknown) => (typeof v === 'string' && v.startsWith('D:') ? { $date: { $numberLong: v.slice(2) } } : v));

async function load(db: LocalDatabase, n: number): Promise<void> {
  const base = 1_700_000_000_000;
  for (let i = 0; i < n; i += 1000) {
    const data: string[] = [];
    for (let k = i; k < Math.min(n, i + 1000); k++) {
      data.push(
        ejson({
          communityId: `c${k % COMMUNITIES}`,
          openid: `o${k % BALANCES}`,
          delta: (k % 7) + 1,
          reason: '志愿服务',
          at: `D:${base + k * 1000}`,
          prevHash: (k * 2654435761).toString(16).padStart(16, '0'),
        }),
      );
    }
    await db.handle('database.insertDocument', { action: 'database.insertDocument', collectionName: 'ledger', data });
  }
  for (let i = 0; i < BALANCES; i += 1000) {
    const data = Array.from({ length: 1000 }, (_, k) =>
      ejson({ _id: `b${i + k}`, communityId: `c${(i + k) % COMMUNITIES}`, openid: `o${i + k}`, total: ((i + k) * 7919) % 5000 }),
    );
    await db.handle('database.insertDocument', { action: 'database.insertDocument', collectionName: 'balances', data });
  }
}

async function timeOpen(label: string, dataDir: string, declarationsDir: string, compactBytes?: number): Promise<LocalDatabase> {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const db = await openDatabase({ dataDir, declarationsDir, unindexedQueryThreshold: 1000, compactBytes });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const { user, system } = process.cpuUsage(cpu);
  const r = db.recovery;
  console.log(
    `  restart ${label}: ${ms.toFixed(0)} ms wall, ${((user + system) / 1000).toFixed(0)} ms CPU (snapshot ${r.snapshot ?? 'none'}, ${r.logs} log file(s), ${r.ops} ops replayed, heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB)`,
  );
  return db;
}

async function timeQuery(db: LocalDatabase, label: string, body: Record<string, unknown>, runs = 200): Promise<void> {
  let rows = 0;
  db.resetStats();
  const started = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) {
    const res = (await db.handle('database.getDocument', { action: 'database.getDocument', ...body })) as { data: { list: string[] } };
    rows = res.data.list.length;
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6 / runs;
  console.log(`  ${label}: ${ms.toFixed(3)} ms/query, ${rows} rows, ${db.stats().docsExamined / runs} docs examined/query`);
}

function dirSize(dir: string): string {
  const bytes = fs.readdirSync(dir).reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);
  return `${(bytes / 2 ** 20).toFixed(1)} MiB in ${fs.readdirSync(dir).join(', ')}`;
}

async function bench(n: number): Promise<void> {
  console.log(`\n${n.toLocaleString('en')} ledger entries + ${BALANCES.toLocaleString('en')} balances`);
  const declarationsDir = declarations();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-data-'));
  try {
    let db = await openDatabase({ dataDir, declarationsDir, unindexedQueryThreshold: null });
    let started = Date.now();
    await load(db, n);
    console.log(`  load through insertDocument (batches of 1000): ${Date.now() - started} ms`);
    await db.close();
    console.log(`  on disk: ${dirSize(path.join(dataDir, 'db'))}`);

    db = await timeOpen('(snapshot + log tail, as left)', dataDir, declarationsDir);
    started = Date.now();
    await db.compact();
    console.log(`  compaction (snapshot of everything): ${Date.now() - started} ms`);
    await db.close();

    db = await timeOpen('(fresh snapshot, empty log)', dataDir, declarationsDir);
    await timeQuery(db, 'ranking page: balances where communityId order by total desc limit 20', {
      collectionName: 'balances',
      query: '{"communityId":"c7"}',
      order: '{"total":{"$numberInt":"-1"}}',
      limit: 20,
    });
    await timeQuery(db, 'ledger page: where communityId order by at desc limit 20', {
      collectionName: 'ledger',
      query: '{"communityId":"c3"}',
      order: '{"at":{"$numberInt":"-1"}}',
      limit: 20,
    });
    await timeQuery(db, 'point read by _id', { collectionName: 'balances', queryType: 'DOC', query: '{"_id":"b4242"}' });
    await timeQuery(db, "a person's ledger: where openid order by at desc limit 20", {
      collectionName: 'ledger',
      query: '{"openid":"o123"}',
      order: '{"at":{"$numberInt":"-1"}}',
      limit: 20,
    });
    await db.close();

    if (n <= 200_000) {
      const logOnly = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-log-'));
      const big = Number.MAX_SAFE_INTEGER;
      db = await openDatabase({ dataDir: logOnly, declarationsDir, unindexedQueryThreshold: null, compactBytes: big });
      await load(db, n);
      await db.close();
      (await timeOpen('(log only, no snapshot)', logOnly, declarationsDir, big)).close();
      fs.rmSync(logOnly, { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(declarationsDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number);
  console.log(`node ${process.version}, ${os.cpus().length} CPU(s), load average ${os.loadavg()[0].toFixed(1)}`);
  for (const n of sizes.length > 0 ? sizes : [100_000, 1_000_000]) await bench(n);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

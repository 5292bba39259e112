/**
 * Durability: the server process is killed with SIGKILL while clients write concurrently; after a
 * restart every acknowledged write is there and no batch is half there. A torn or corrupt log tail
 * is truncated with a warning, not fatal.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { adminApp, tempDir } from '../helpers/localcloud';

const REPO = path.resolve(__dirname, '../..');
jest.setTimeout(240_000);
// node-sdk arms a 3 s "slow request" console warning per database call and clears it only on a
// response; the requests cut off by kill -9 would log after the file ends, which jest counts as a
// failure. SILENCE is node-sdk's own switch for that warning (process.env is per test file).
process.env.SILENCE = 'true';

interface Server {
  child: ChildProcess;
  adminUrl: string;
  output: () => string;
}

/** Starts a server process and waits for the line announcing its URL. */
function startServer(args: string[], pattern: RegExp): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = pattern.exec(out);
      if (m) resolve({ child, adminUrl: m[1], output: () => out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${out}`)));
  });
}

const realServer = (dataDir: string) =>
  startServer(
    ['tools/localcloud/cli.ts', '--data-dir', dataDir, '--port', '0', '--no-gateway', '--parent-pid', String(process.pid)],
    /localcloud listening on (http:\/\/127\.0\.0\.1:\d+)/,
  ).then((s) => ({ ...s, adminUrl: `${s.adminUrl}/admin` }));

/** the database alone, compacting every `compactBytes` of log */
const compactingServer = (dataDir: string, compactBytes: number) =>
  startServer(['tests/helpers/localcloud-db-child.ts', dataDir, String(compactBytes)], /listening on (http:\/\/\S+\/admin)/);

function kill9(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null) return resolve();
    server.child.once('exit', () => resolve());
    server.child.kill('SIGKILL');
  });
}

interface Ledger {
  acked: Set<string>;
  batches: Map<string, number>;
  incAcked: number[];
  incAttempted: number[];
}

const WRITERS = 8;
const BATCH = 4;

/**
 * Concurrent writers (single inserts, batch inserts, $inc on a counter each); the server is killed
 * once `killAt` writes are acknowledged, while the others are in flight.
 */
async function writeUntilKilled(server: Server, killAt: number): Promise<Ledger> {
  const db = adminApp(server.adminUrl).database();
  const _ = db.command;
  try {
    await db.createCollection('dur');
  } catch {
    // it survives from an earlier round
  }
  const ledger: Ledger = { acked: new Set(), batches: new Map(), incAcked: [], incAttempted: [] };
  for (let w = 0; w < WRITERS; w++) {
    const counter = await db.collection('dur').doc(`counter-${w}`).get();
    ledger.incAcked[w] = ledger.incAttempted[w] = counter.data[0]?.n ?? 0;
    if (!counter.data[0]) await db.collection('dur').doc(`counter-${w}`).set({ n: 0 });
  }
  const round = Date.now().toString(36);
  let dead = false;
  const writer = async (w: number) => {
    for (let i = 0; !dead; i++) {
      const id = `${round}-w${w}-${i}`;
      try {
        if (i % 3 === 0) {
          const docs = Array.from({ length: BATCH }, (_, k) => ({ _id: `${id}-${k}`, batch: id, pad: 'x'.repeat(300), k }));
          ledger.batches.set(id, BATCH);
          await db.collection('dur').add(docs);
          docs.forEach((d) => ledger.acked.add(d._id));
        } else if (i % 3 === 1) {
          await db.collection('dur').add({ _id: id, w, i, at: new Date() });
          ledger.acked.add(id);
        } else {
          ledger.incAttempted[w] += 1;
          await db.collection('dur').doc(`counter-${w}`).update({ n: _.inc(1) });
          ledger.incAcked[w] += 1;
        }
      } catch {
        dead = true;
      }
    }
  };
  const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
  while (ledger.acked.size < killAt && !dead) await new Promise((r) => setTimeout(r, 2));
  await kill9(server);
  await Promise.all(writers);
  return ledger;
}

async function allDocs(adminUrl: string): Promise<Map<string, Record<string, unknown>>> {
  const coll = adminApp(adminUrl).database().collection('dur');
  const out = new Map<string, Record<string, unknown>>();
  for (let skip = 0; ; skip += 1000) {
    const page = await coll.skip(skip).limit(1000).get();
    for (const d of page.data) out.set(d._id, d);
    if (page.data.length < 1000) return out;
  }
}

function verify(ledger: Ledger, docs: Map<string, Record<string, unknown>>): void {
  const missing = [...ledger.acked].filter((id) => !docs.has(id));
  expect(missing).toEqual([]);
  // a batch is all there or not at all
  for (const [batch, size] of ledger.batches) {
    const present = [...Array(size).keys()].filter((k) => docs.has(`${batch}-${k}`)).length;
    expect([0, size]).toContain(present);
  }
  for (let w = 0; w < WRITERS; w++) {
    const n = docs.get(`counter-${w}`)?.n as number;
    expect(n).toBeGreaterThanOrEqual(ledger.incAcked[w]);
    expect(n).toBeLessThanOrEqual(ledger.incAttempted[w]);
  }
}

function currentLog(dataDir: string): string {
  const dir = path.join(dataDir, 'db');
  const logs = fs.readdirSync(dir).filter((f) => f.endsWith('.wal')).sort();
  return path.join(dir, logs[logs.length - 1]);
}

test('kill -9 during concurrent writes loses no acknowledged write and leaves no partial batch', async () => {
  const dataDir = tempDir('dur');
  try {
    let ledgerAcked = 0;
    for (const killAt of [100, 300]) {
      const server = await realServer(dataDir);
      const ledger = await writeUntilKilled(server, killAt);
      expect(ledger.acked.size).toBeGreaterThanOrEqual(killAt);
      ledgerAcked += ledger.acked.size;
      const again = await realServer(dataDir);
      try {
        verify(ledger, await allDocs(again.adminUrl));
      } finally {
        await kill9(again);
      }
    }
    expect(ledgerAcked).toBeGreaterThanOrEqual(400);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('kill -9 in the middle of compactions recovers from snapshot + logs', async () => {
  const dataDir = tempDir('dur-compact');
  try {
    const acked = new Set<string>();
    for (const killAt of [250, 400, 150]) {
      const server = await compactingServer(dataDir, 16 * 1024);
      const ledger = await writeUntilKilled(server, killAt);
      ledger.acked.forEach((id) => acked.add(id));
      const again = await compactingServer(dataDir, 16 * 1024);
      try {
        const docs = await allDocs(again.adminUrl);
        verify(ledger, docs);
        expect([...acked].filter((id) => !docs.has(id))).toEqual([]);
      } finally {
        await kill9(again);
      }
    }
    expect(fs.readdirSync(path.join(dataDir, 'db')).some((f) => f.startsWith('snapshot-'))).toBe(true);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a torn or corrupt log tail is truncated and reported, not fatal', async () => {
  const dataDir = tempDir('dur-torn');
  try {
    const first = await realServer(dataDir);
    const ledger = await writeUntilKilled(first, 100);

    // a record cut short: the header promises more bytes than there are
    const torn = Buffer.alloc(8 + 20, 7);
    torn.writeUInt32LE(500, 0);
    fs.appendFileSync(currentLog(dataDir), torn);
    const second = await realServer(dataDir);
    verify(ledger, await allDocs(second.adminUrl));
    expect(second.output()).toMatch(/28 字节不完整的记录.*已截断/);
    await kill9(second);

    // a whole record whose checksum does not match (bytes never made it to disk intact)
    const corrupt = Buffer.alloc(8 + 64, 1);
    corrupt.writeUInt32LE(64, 0);
    corrupt.writeUInt32LE(12345, 4);
    const log = currentLog(dataDir);
    const sizeBefore = fs.statSync(log).size;
    fs.appendFileSync(log, corrupt);
    const third = await realServer(dataDir);
    try {
      verify(ledger, await allDocs(third.adminUrl));
      expect(third.output()).toMatch(/72 字节不完整的记录.*已截断/);
      expect(fs.statSync(log).size).toBe(sizeBefore);
      // and it keeps working
      const db = adminApp(third.adminUrl).database();
      await db.collection('dur').add({ _id: 'after-recovery' });
      expect((await db.collection('dur').doc('after-recovery').get()).data).toHaveLength(1);
    } finally {
      await kill9(third);
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

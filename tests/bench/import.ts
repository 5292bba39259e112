/**
 * Import benchmark (`npm run bench:import`, after `npm run build:functions`): through the real
 * `org` function against a local cloud seeded with the demo org, as staff would —
 *   1. a buildings file of 5,000 rooms (和平小区: 50 new buildings × 4 units × 25 rooms),
 *   2. a residents file of 20,000 rows (four people in each of those rooms),
 * each uploaded, previewed, then committed (a commit call stops after its time budget and is
 * called again until the import is committed), then both again (a re-import writes nothing).
 * Reports wall time, calls, database requests (the local cloud's counters) and the function
 * processes' peak memory (VmHWM of the runner's child processes). `--latency MS` answers every
 * database request that much later, as a network to the database would.
 */
import fs from 'node:fs';
import { TEMPLATES, TEMPLATE_DATE, templateSheets } from '../../core/domain/org-import/templates';
import type { ImportKind } from '../../core/labels/org-import';
import { writeXlsx } from '../../cloudfunctions/lib/xlsx';
import { seedOrg } from '../../tools/seed/seed';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { resetStats, roundTrips, setLatency, startTestCloud, stats, type TestCloud } from '../helpers/localcloud';

const latencyAt = process.argv.indexOf('--latency');
const LATENCY_MS = latencyAt > 0 ? Number(process.argv[latencyAt + 1]) : 0;
const BUILDINGS = 50;
const UNITS = 4;
const ROOMS = 25;
const PER_ROOM = 4;
const SURNAMES = '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华';

function householdRows(): string[][] {
  const rows: string[][] = [];
  for (let b = 1; b <= BUILDINGS; b++)
    for (let u = 1; u <= UNITS; u++)
      for (let r = 1; r <= ROOMS; r++) rows.push(['和平小区', `${100 + b}号楼`, `${u}单元`, `${Math.ceil(r / 2)}0${(r % 2) + 1}-${r}`]);
  return rows;
}

function residentRows(rooms: string[][]): string[][] {
  let n = 0;
  return rooms.flatMap((room) =>
    Array.from({ length: PER_ROOM }, () => {
      n++;
      const name = SURNAMES[n % SURNAMES.length] + GIVEN[Math.floor(n / SURNAMES.length) % GIVEN.length] + GIVEN[(n * 7) % GIVEN.length];
      return [...room, name, `139${String(n).padStart(8, '0')}`];
    }),
  );
}

/** peak resident memory of this process's children (the function instances), MiB */
function childrenPeakMiB(): number {
  let peak = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (hwm) peak = Math.max(peak, Number(hwm[1]) / 1024);
    } catch {
      // the process ended meanwhile
    }
  }
  return peak;
}

async function call<T>(t: TestCloud, action: string, data: unknown): Promise<T> {
  const res = await t.call<T>(action, data, P.staff);
  if (!res.ok) throw new Error(`${action}: ${JSON.stringify(res.error)}`);
  return res.data;
}

async function upload(t: TestCloud, kind: ImportKind, rows: string[][], n: number): Promise<{ fileID: string; bytes: number }> {
  const [data, notes] = templateSheets(TEMPLATES[kind]);
  const bytes = await writeXlsx([{ ...data, rows }, notes], TEMPLATE_DATE);
  const res = await fetch(`${t.cloud.url}/dev/upload?cloudPath=imports/p-staff/bench-${kind}-${n}.xlsx`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', 'x-dev-openid': P.staff },
    body: new Uint8Array(bytes),
  });
  return { fileID: ((await res.json()) as { fileID: string }).fileID, bytes: bytes.length };
}

interface Summary { what: string; created: number; changed: number; unchanged: number }

async function measure(t: TestCloud, label: string, kind: ImportKind, rows: string[][], n: number): Promise<string[]> {
  const { fileID, bytes } = await upload(t, kind, rows, n);
  await resetStats(t);
  let started = Date.now();
  const preview = await call<{ importId: string; errorCount: number; summary: Summary[] }>(t, 'org.import.preview', { kind, fileID });
  const previewMs = Date.now() - started;
  const previewRequests = roundTrips(await stats(t));
  if (preview.errorCount) throw new Error(`${label}: ${preview.errorCount} errors`);

  await resetStats(t);
  started = Date.now();
  let calls = 0;
  let result: Summary[] = [];
  const idempotencyKey = `bench-${kind}-${n}`;
  for (;;) {
    calls++;
    const res = await call<{ status: string; result: Summary[] }>(t, 'org.import.commit', { importId: preview.importId, idempotencyKey });
    result = res.result;
    if (res.status === 'committed') break;
  }
  const commitMs = Date.now() - started;
  const commitRequests = roundTrips(await stats(t));
  const what = result.map((l) => `${l.what} +${l.created}/~${l.changed}/=${l.unchanged}`).join(', ');
  return [label, `${rows.length}`, `${(bytes / 1024).toFixed(0)} KB`, `${previewMs} ms, ${previewRequests} req`, `${commitMs} ms in ${calls} call(s), ${commitRequests} req`, what];
}

async function main(): Promise<void> {
  const t = await startTestCloud({ unindexedQueryThreshold: 0 });
  try {
    await seedOrg(t.app, new Date());
    await setLatency(t, LATENCY_MS);
    const rooms = householdRows();
    const people = residentRows(rooms);
    const table = [
      await measure(t, 'buildings (5,000 rooms)', 'households', rooms, 1),
      await measure(t, 'residents (20,000 rows)', 'residents', people, 1),
      await measure(t, 'buildings again', 'households', rooms, 2),
      await measure(t, 'residents again', 'residents', people, 2),
    ];
    console.log(`\ndatabase latency added: ${LATENCY_MS} ms per request`);
    console.log('| import | rows | file | preview | commit | result (+created/~changed/=unchanged) |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const r of table) console.log(`| ${r.join(' | ')} |`);
    console.log(`\nfunction instances' peak memory (VmHWM): ${childrenPeakMiB().toFixed(0)} MiB; bench process heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);
  } finally {
    await t.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

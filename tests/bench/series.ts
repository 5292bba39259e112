/** Measuring a benchmark's calls one at a time with the local cloud's counters (bench:points, bench:requests). */
import { resetStats, roundTrips, stats, type TestCloud } from '../helpers/localcloud';
import { pct } from './percentile';

/** `3` when every value is 3, `2–3` when they differ. */
export const range = (xs: number[]) => (Math.min(...xs) === Math.max(...xs) ? `${xs[0]}` : `${Math.min(...xs)}–${Math.max(...xs)}`);

/** `n` calls, each measured alone: latency percentiles and the database's counters per call. */
export async function series(t: TestCloud, n: number, call: (i: number) => Promise<number>) {
  const ms: number[] = [];
  const requests: number[] = [];
  const sequential: number[] = [];
  let scans = 0;
  let examined = 0;
  for (let i = 0; i < n; i++) {
    await resetStats(t);
    ms.push(await call(i));
    const s = await stats(t);
    requests.push(roundTrips(s));
    sequential.push(s.sequentialRoundTrips);
    scans += s['plan.scan'] ?? 0;
    examined += s.docsExamined ?? 0;
  }
  return {
    latency: `${pct(ms, 50).toFixed(0)} / ${pct(ms, 95).toFixed(0)} ms`,
    requests: range(requests),
    sequential: range(sequential),
    scans,
    examinedPerCall: (examined / n).toFixed(0),
  };
}

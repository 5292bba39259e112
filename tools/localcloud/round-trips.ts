/**
 * Sequential database round trips: how many a caller waited for one after another, as opposed to
 * how many requests it sent (concurrent ones overlap). A request may depend on every request
 * answered before it arrived and on none still open, so its depth is 1 + the deepest request
 * answered before its arrival; the figure is the deepest request so far.
 *
 * Arrival is when the HTTP request begins. On loopback two requests sent together can still be
 * read a loop turn apart, so assertions on it run with added latency (`setLatency`), which
 * answers every database request that much later and keeps concurrent requests overlapping.
 */

/** answers we keep; enough for any request open across this many later sequential answers */
const KEEP = 256;

export class RoundTripDepth {
  /** (answered at, depth) of the requests that could set a later one's depth: increasing in both */
  private answered: { at: bigint; depth: number }[] = [];

  /** Records a database request answered now that arrived at `arrived` (process.hrtime.bigint()). */
  record(arrived: bigint): void {
    let before = 0;
    for (let i = this.answered.length - 1; i >= 0; i--) {
      if (this.answered[i].at < arrived) {
        before = this.answered[i].depth;
        break;
      }
    }
    const depth = before + 1;
    if (depth <= this.deepest()) return; // an earlier answer is at least as deep
    this.answered.push({ at: process.hrtime.bigint(), depth });
    if (this.answered.length > KEEP) this.answered.shift();
  }

  deepest(): number {
    return this.answered.at(-1)?.depth ?? 0;
  }

  reset(): void {
    this.answered = [];
  }
}

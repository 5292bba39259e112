/**
 * One bounded retry policy: exponential backoff with full jitter (a random pause between 0 and
 * min(cap, base·2^(attempt−1))), so contenders that collided spread out instead of colliding again
 * in step. At most `maxAttempts` runs, then `RetriesExhausted`.
 */

export interface RetryPolicy {
  /** runs in all, the first included */
  maxAttempts: number;
  baseMs: number;
  capMs: number;
}

export class RetriesExhausted extends Error {
  constructor(
    readonly attempts: number,
    readonly lastError: unknown,
  ) {
    super(`gave up after ${attempts} attempts: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
    this.name = 'RetriesExhausted';
  }
}

/** The pause before attempt `attempt + 1`. */
export function backoffMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  return random() * Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1));
}

/**
 * Runs `run` until it succeeds, fails with an error `retryable` refuses (thrown as is), or has run
 * `maxAttempts` times. Answers the value and how many runs it took.
 */
export async function retrying<T>(
  policy: RetryPolicy,
  run: (attempt: number) => Promise<T>,
  retryable: (err: unknown) => boolean,
): Promise<{ value: T; attempts: number }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await run(attempt), attempts: attempt };
    } catch (err) {
      if (!retryable(err)) throw err;
      if (attempt >= policy.maxAttempts) throw new RetriesExhausted(attempt, err);
      await new Promise((resolve) => setTimeout(resolve, backoffMs(policy, attempt)));
    }
  }
}

/** How node-sdk reports database failures, read the same way by every function. */

/** node-sdk answers some failures (inside transactions, `updateAndReturn`) as `{ code }` instead of throwing. */
export function check<T>(res: T): T {
  const code = (res as { code?: unknown } | null)?.code;
  if (code) throw Object.assign(new Error(String((res as { message?: unknown }).message ?? code)), { code });
  return res;
}

const codeOf = (err: unknown) => (err as { code?: string } | null)?.code;
/** Another transaction wrote a document this one wrote. */
export const isConflict = (err: unknown) => codeOf(err) === 'DATABASE_TRANSACTION_CONFLICT';
/** A unique index refused an insert (the same `_id`, or the same unique key). */
export const isDuplicate = (err: unknown) => codeOf(err) === 'DATABASE_DUPLICATE_WRITE';

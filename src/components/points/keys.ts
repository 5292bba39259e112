/**
 * Idempotency keys for writes: made once per form (or per decision) and reused when the person
 * retries after a failure, so a retried call can never count twice; renewed after a success.
 */
import { useCallback, useRef, useState } from 'react';

export function newKey(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** One key for a form: `renew()` after the write succeeded. */
export function useIdempotencyKey(prefix: string): [string, () => void] {
  const [key, setKey] = useState(() => newKey(prefix));
  return [key, useCallback(() => setKey(newKey(prefix)), [prefix])];
}

/** One key per target (a claim, an entry…): the same key on every retry for that target until `done(target)`. */
export function useKeysByTarget(prefix: string) {
  const keys = useRef(new Map<string, string>());
  const keyFor = useCallback(
    (target: string) => {
      let key = keys.current.get(target);
      if (!key) keys.current.set(target, (key = newKey(prefix)));
      return key;
    },
    [prefix],
  );
  const done = useCallback((target: string) => keys.current.delete(target), []);
  return { keyFor, done };
}

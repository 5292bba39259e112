/**
 * A write on one thing (a request, a wish): one idempotency key per thing and action, kept across
 * retries until it succeeds; the answer is the thing as it is now, handed to `onView`. The thing's
 * id goes into the input under `idField` (requestId, wishId…).
 */
import { useCallback, useState } from 'react';
import type { ActionInput, ActionName } from '@core/contracts/index';
import { useKeysByTarget } from './points/keys';
import { toast } from './points/toast';
import { request } from '../services';

export function useKeyedWrite<V>(keyPrefix: string, idField: string, id: string, onView: (view: V) => void) {
  const { keyFor, done } = useKeysByTarget(keyPrefix);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = useCallback(
    async (action: ActionName, input: object, okText: string): Promise<boolean> => {
      const target = `${id}:${action}`;
      setBusy(true);
      setError(null);
      const res = await request(action, { ...input, idempotencyKey: keyFor(target), [idField]: id } as ActionInput<ActionName>);
      setBusy(false);
      if (!res.ok) {
        setError(res.error.issues?.[0]?.message ?? res.error.message);
        return false;
      }
      done(target);
      toast(okText, true);
      onView(res.data as V);
      return true;
    },
    [id, idField, keyFor, done, onView],
  );

  return { run, busy, error, setError };
}

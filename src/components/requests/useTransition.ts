/**
 * A write on a request (接单, 办结, 评价…): one idempotency key per request and action, kept across
 * retries until it succeeds; the answer is the request as it is now, handed to `onView`.
 */
import { useCallback, useState } from 'react';
import type { ActionInput } from '@core/contracts/index';
import type { RequestView } from '@core/contracts/requests';
import { useKeysByTarget } from '../points/keys';
import { toast } from '../points/toast';
import { request } from '../../services';

export type TransitionAction =
  | 'requests.accept'
  | 'requests.progress'
  | 'requests.resolve'
  | 'requests.rate'
  | 'requests.reopen'
  | 'requests.withdraw'
  | 'requests.merge'
  | 'requests.escalate'
  | 'requests.consult'
  | 'requests.reassign';

export type TransitionInput<A extends TransitionAction> = Omit<ActionInput<A>, 'idempotencyKey' | 'requestId'>;

export function useTransition(view: RequestView, onView: (view: RequestView) => void) {
  const { keyFor, done } = useKeysByTarget('rq');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = useCallback(
    async <A extends TransitionAction>(action: A, input: TransitionInput<A>, okText: string): Promise<boolean> => {
      const target = `${view.id}:${action}`;
      setBusy(true);
      setError(null);
      const res = await request(action, { ...input, idempotencyKey: keyFor(target), requestId: view.id } as ActionInput<A>);
      setBusy(false);
      if (!res.ok) {
        setError(res.error.issues?.[0]?.message ?? res.error.message);
        return false;
      }
      done(target);
      toast(okText, true);
      onView(res.data as RequestView);
      return true;
    },
    [view.id, keyFor, done, onView],
  );

  return { run, busy, error, setError };
}

/**
 * A write on a request (接单, 办结, 评价…): one idempotency key per request and action, kept across
 * retries until it succeeds; the answer is the request as it is now, handed to `onView`.
 */
import type { ActionInput } from '@core/contracts/index';
import type { RequestView } from '@core/contracts/requests';
import { useKeyedWrite } from '../useKeyedWrite';

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
  const write = useKeyedWrite<RequestView>('rq', 'requestId', view.id, onView);
  return { ...write, run: write.run as <A extends TransitionAction>(action: A, input: TransitionInput<A>, okText: string) => Promise<boolean> };
}

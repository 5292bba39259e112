/**
 * A write on a wish (认领, 放弃, 登记完成, 确认, 审核): one idempotency key per wish and action, kept
 * across retries until it succeeds; the answer is the wish as it is now, handed to `onView`.
 */
import type { ActionInput } from '@core/contracts/index';
import type { WishView } from '@core/contracts/wishes';
import { useKeyedWrite } from '../useKeyedWrite';

export type WishAction = 'wishes.claim' | 'wishes.release' | 'wishes.fulfil' | 'wishes.confirm' | 'wishes.moderate';
/** the input without what the hook adds (over each member of a union: wishes.moderate's pass / reject) */
export type WishActionInput<A extends WishAction> = ActionInput<A> extends infer I ? (I extends unknown ? Omit<I, 'idempotencyKey' | 'wishId'> : never) : never;

export function useWishAction(view: WishView, onView: (view: WishView) => void) {
  const write = useKeyedWrite<WishView>('wa', 'wishId', view.id, onView);
  return { ...write, run: write.run as <A extends WishAction>(action: A, input: WishActionInput<A>, okText: string) => Promise<boolean> };
}

/**
 * The only caller of the backend. `call(action, data)` is typed by the contracts in core (types
 * only: no zod in the mini-program bundle) and never throws: every failure is a `Result` error
 * with a Chinese message fit to show.
 */
import type { ActionInput, ActionName, ActionOutput, AppErrorBody, Result } from '@core/contracts/index';
import { NotSignedInError, platformTransport } from './transport';

export type { ActionName, ActionOutput, AppErrorBody, Result };
export { DEV_OPENID_KEY } from './transport';

const NETWORK_ERROR: AppErrorBody = { code: 'INTERNAL', message: '网络不太顺畅，请稍后再试' };
const SERVICE_ERROR: AppErrorBody = { code: 'INTERNAL', message: '服务暂时不可用，请稍后再试' };
const SIGNED_OUT: AppErrorBody = { code: 'UNAUTHENTICATED', message: '请先选择演示身份' };

/** `org.directory` is served by the function `org` (core's `functionOf`, kept here to stay zod-free). */
const functionOf = (action: string) => action.split('.')[0];

function isResult(value: unknown): value is Result<unknown> {
  if (!value || typeof value !== 'object') return false;
  const v = value as { ok?: unknown; error?: { message?: unknown } };
  return v.ok === true || (v.ok === false && typeof v.error?.message === 'string');
}

/** Calls `action`; the input may be left out when the action takes none. */
export function call<A extends ActionName>(
  action: A,
  ...[data]: object extends ActionInput<A> ? [data?: ActionInput<A>] : [data: ActionInput<A>]
): Promise<Result<ActionOutput<A>>> {
  return request(action, data as ActionInput<A>);
}

/** `call` with the input always in hand (as hooks have it). */
export async function request<A extends ActionName>(action: A, data: ActionInput<A>): Promise<Result<ActionOutput<A>>> {
  let answer: unknown;
  try {
    answer = await platformTransport(functionOf(action), { action, data: data ?? {} });
  } catch (err) {
    return { ok: false, error: err instanceof NotSignedInError ? SIGNED_OUT : NETWORK_ERROR };
  }
  return isResult(answer) ? (answer as Result<ActionOutput<A>>) : { ok: false, error: SERVICE_ERROR };
}

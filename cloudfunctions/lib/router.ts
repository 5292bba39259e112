/**
 * A cloud function is a set of routes, one per action of its contracts:
 *
 *   export const main = defineFunction(
 *     route(accountMe, { access: 'user' }, async (input, ctx) => …),
 *   );
 *
 * `main(event, context)` parses the envelope and the action's input (strict, Chinese messages),
 * establishes who calls from the context, loads their person (one read), checks access, runs the
 * handler, validates its output against the contract and answers `{ ok, data | error }`.
 * A route's `prefetch` (reads that depend on the input only) runs together with the caller's read,
 * saving the handler a sequential round trip; its result is used only once access is granted.
 */
import type { z } from 'zod';
import { callEnvelope, functionOf, type ActionContract, type Result } from '../../core/contracts/common';
import type { RoleCode } from '../../core/contracts/org';
import type { PersonDoc } from '../../core/domain/org-model';
import { loadPerson } from './caller';
import { cloudApp, database, type CloudApp, type Database } from './cloud';
import { AppError, INTERNAL_MESSAGE } from './errors';
import { callerIdentity, type Identity } from './identity';
import { isPlatformPush, isServerCall } from './invocation-source';
import { log, type Log } from './log';
import { parseInput } from './validation';

/**
 * - `server`: only calls from our own functions or timer triggers, by the invocation's source
 *   chain (never merely a missing user; see invocation-source.ts): the door for timers and
 *   function-to-function calls;
 * - `push`: only WeChat's message pushes (消息推送), never a client (invocation-source.ts);
 * - `user`: any WeChat user; `person` is null when they have not bound yet;
 * - `bound`: a WeChat user bound to a person (optionally holding one of `roles`).
 */
export type Access = 'server' | 'push' | 'user' | 'bound';

interface BaseContext {
  identity: Identity;
  app: CloudApp;
  db: Database;
  log: Log;
}
export type HandlerContext<A extends Access, P = undefined> = (A extends 'bound'
  ? BaseContext & { openid: string; person: PersonDoc }
  : A extends 'user'
    ? BaseContext & { openid: string; person: PersonDoc | null }
    : BaseContext) & { prefetched: P };

export interface RouteOptions<A extends Access, I = unknown, P = undefined> {
  access: A;
  /** `bound` only: the caller must hold one of these roles (scope is the handler's to check) */
  roles?: A extends 'bound' ? readonly RoleCode[] : never;
  /** reads that need only the input, started with the caller's read (access is still checked first) */
  prefetch?: (input: I, db: Database) => Promise<P>;
}

export interface Route {
  contract: ActionContract;
  options: RouteOptions<Access, unknown, unknown>;
  handle(input: unknown, ctx: HandlerContext<Access, unknown>): Promise<unknown>;
}

export function route<C extends ActionContract, A extends Access, P = undefined>(
  contract: C,
  options: RouteOptions<A, z.output<C['input']>, P>,
  handle: (input: z.output<C['input']>, ctx: HandlerContext<A, P>) => Promise<z.input<C['output']>>,
): Route {
  return { contract, options: options as Route['options'], handle: handle as Route['handle'] };
}

export type Main = (event: unknown, context?: unknown) => Promise<Result<unknown>>;

/** WeChat adds `userInfo` to events from the mini-program; it is not ours and never trusted. */
function withoutPlatformFields(event: unknown): unknown {
  if (!event || typeof event !== 'object' || Array.isArray(event)) return event;
  const { userInfo: _ignored, ...rest } = event as Record<string, unknown>;
  return rest;
}

/**
 * CloudBase's own events carry no action: a timer trigger's `{ Type: 'Timer', TriggerName }` calls
 * the function's action named after the trigger (`requests.sweep` for the trigger `sweep`), a
 * message push's `{ MsgType, Event, … }` the action named after its event
 * (`requests.wxa_media_check`) with the push as its data. Access is checked by source as for any
 * call: a client sending these shapes is refused.
 */
function platformEnvelope(event: unknown, fn: string): unknown {
  if (!event || typeof event !== 'object' || Array.isArray(event) || 'action' in event) return event;
  const e = event as Record<string, unknown>;
  if (e.Type === 'Timer' && typeof e.TriggerName === 'string') return { action: `${fn}.${e.TriggerName}`, data: {} };
  if (typeof e.MsgType === 'string' && typeof e.Event === 'string') return { action: `${fn}.${e.Event}`, data: e };
  return event;
}

export function defineFunction(...routes: Route[]): Main {
  const byAction = new Map(routes.map((r) => [r.contract.action, r]));
  const fn = routes.length ? functionOf(routes[0].contract.action) : '';

  return async function main(event, context) {
    const started = Date.now();
    let action = '';
    try {
      const envelope = parseInput(callEnvelope, platformEnvelope(withoutPlatformFields(event), fn));
      action = envelope.action;
      const r = byAction.get(action);
      if (!r) {
        throw new AppError('VALIDATION_ERROR', '不支持的操作', [{ path: 'action', message: `不支持的操作：${action}` }]);
      }
      const input = parseInput(r.contract.input, envelope.data, ['data']);
      const ctx = await authorize(r.options, callerIdentity(context), input);
      const output = r.contract.output.safeParse(await r.handle(input, ctx));
      if (!output.success) throw new Error(`output of ${action} breaks its contract: ${output.error.message}`);
      log.info('call', { action, ms: Date.now() - started, ok: true });
      return { ok: true, data: output.data };
    } catch (err) {
      if (err instanceof AppError) {
        log.info('call', { action, ms: Date.now() - started, ok: false, code: err.code });
        return { ok: false, error: err.toBody() };
      }
      log.error('call failed', { action, ms: Date.now() - started, error: err instanceof Error ? err.stack : String(err) });
      return { ok: false, error: { code: 'INTERNAL', message: INTERNAL_MESSAGE } };
    }
  };
}

async function authorize(options: Route['options'], identity: Identity, input: unknown): Promise<HandlerContext<Access, unknown>> {
  const base: BaseContext = { identity, app: cloudApp(), db: database(), log };
  if (options.access === 'server') {
    if (!isServerCall(identity.source)) {
      log.warn('server route refused', { source: identity.source.join(','), user: identity.openid !== null });
      throw new AppError('FORBIDDEN', '此操作只能由系统内部调用');
    }
    return { ...base, prefetched: await options.prefetch?.(input, base.db) };
  }
  if (options.access === 'push') {
    if (!isPlatformPush(identity.source)) {
      log.warn('push route refused', { source: identity.source.join(','), user: identity.openid !== null });
      throw new AppError('FORBIDDEN', '此操作只能由微信消息推送调用');
    }
    return { ...base, prefetched: await options.prefetch?.(input, base.db) };
  }
  if (!identity.openid) throw new AppError('UNAUTHENTICATED', '请在微信中打开小程序后再试');
  const prefetch = options.prefetch?.(input, base.db);
  prefetch?.catch(() => undefined); // awaited below only when access is granted
  const person = await loadPerson(base.db, identity.openid);
  const granted = async <T extends BaseContext>(ctx: T) => ({ ...ctx, prefetched: await prefetch });
  if (options.access === 'user') return granted({ ...base, openid: identity.openid, person });
  if (!person) throw new AppError('UNAUTHENTICATED', '你还没有绑定身份，请先在「我的」里输入邀请码绑定');
  const roles = options.roles;
  if (roles && !person.roles.some((g) => roles.includes(g.role))) {
    throw new AppError('FORBIDDEN', '你没有权限进行此操作');
  }
  return granted({ ...base, openid: identity.openid, person });
}

/**
 * A `route` whose handler may throw a domain error (core's rule violations, which know nothing of
 * functions): `toAppError` answers it as an AppError, or hands anything else back unchanged.
 */
export function routeMapping(toAppError: (err: unknown) => unknown) {
  return function mappedRoute<C extends ActionContract, A extends Access, P = undefined>(
    contract: C,
    options: RouteOptions<A, z.output<C['input']>, P>,
    handle: (input: z.output<C['input']>, ctx: HandlerContext<A, P>) => Promise<z.input<C['output']>>,
  ): Route {
    return route(contract, options, async (input, ctx) => {
      try {
        return await handle(input, ctx);
      } catch (err) {
        throw toAppError(err);
      }
    });
  };
}

/**
 * Runs bundled cloud functions (`<functionsDir>/<name>/index.js#main`) unmodified, each invocation
 * in a child process of its own: idle instances are reused like warm CloudBase instances, a new one
 * is forked when all are busy. A thrown, crashed, timed-out or out-of-memory invocation answers a
 * function error and its instance is replaced; the server is never at risk.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { CloudError, type AdminAnswer, type AdminRequest, type CallerIdentity, type FunctionRunner, type InvokeResult } from '../types';
import { readFunctionConfig, type FunctionConfig } from './function-config';
import { instanceEnv, invocation } from './invocation-context';
import { localMiniProgram, localOfficialAccount } from '../wx/tokens';
import { LOCAL_SUBSCRIBE_TEMPLATES } from '../wx/subscribe-message';

export interface FunctionRunnerOptions {
  functionsDir: string;
  envId: string;
  /** node-sdk's endpoint on the local cloud; read when an instance starts */
  adminUrl: () => string;
  /** idle instances kept per function (default 4); more are stopped when they fall idle */
  maxIdlePerFunction?: number;
  /** where a function's output goes (default: the server's stdout/stderr, prefixed with its name) */
  log?: (functionName: string, stream: 'stdout' | 'stderr', line: string) => void;
  /** the local cloud's clock shift, passed to each invocation (tools/localcloud/clock.ts); default 0 */
  clockOffsetMs?: () => number;
}

/** CloudBase's error codes for function calls (docs.cloudbase.net/error-code/basic) */
export const FUNCTION_ERRORS = {
  notFound: 'FUNCTION_NOT_FOUND',
  executeFail: 'FUNCTIONS_EXECUTE_FAIL',
  timeLimit: 'FUNCTIONS_TIME_LIMIT_EXCEEDED',
  memoryLimit: 'FUNCTIONS_MEMORY_LIMIT_EXCEEDED',
} as const;

const WORKER = path.join(__dirname, 'worker.cjs');
const NAME = /^[A-Za-z0-9_-]{1,60}$/;
const STDERR_TAIL = 30;

type Outcome = { ok: true; responseData: string } | { ok: false; code: string; message: string };

interface Instance {
  child: ChildProcess;
  /** identifies the bundle it loaded: a rebuilt index.js retires older instances */
  stamp: string;
  busy: boolean;
  stderrTail: string[];
  /** settles the running invocation; `retire` stops the instance afterwards */
  settle?: (outcome: Outcome, retire: boolean) => void;
}

interface Located {
  dir: string;
  entry: string;
  stamp: string;
  config: FunctionConfig;
}

type WorkerMessage = { type: 'done'; id: string; ok: true; responseData: string } | { type: 'done'; id: string; ok: false; message: string; fatal: boolean };

export function createFunctionRunner(options: FunctionRunnerOptions): FunctionRunner {
  const pools = new Map<string, Instance[]>();
  const maxIdle = options.maxIdlePerFunction ?? 4;
  const log = options.log ?? defaultLog;
  let closed = false;

  const killAll = () => {
    for (const pool of pools.values()) for (const inst of pool) inst.child.kill('SIGKILL');
  };
  // a server that exits without close() still takes its instances along
  process.on('exit', killAll);

  function locate(name: string): Located | null {
    if (!NAME.test(name)) return null;
    const dir = path.join(options.functionsDir, name);
    const entry = path.join(dir, 'index.js');
    let stat: fs.Stats;
    try {
      stat = fs.statSync(entry);
    } catch {
      return null;
    }
    return { dir, entry, stamp: `${stat.mtimeMs}:${stat.size}`, config: readFunctionConfig(dir) };
  }

  function spawn(name: string, fn: Located): Instance {
    const adminUrl = options.adminUrl();
    const child = fork(WORKER, [], {
      cwd: fn.dir,
      execArgv: [`--max-old-space-size=${fn.config.memoryMb}`],
      env: instanceEnv({
        envId: options.envId,
        functionName: name,
        adminUrl,
        envVariables: fn.config.envVariables,
        localEnv: {
          WX_API_BASE_URL: `${new URL(adminUrl).origin}/wx`,
          WX_MP_APPID: localOfficialAccount.appid,
          WX_MP_SECRET: localOfficialAccount.secret,
          WX_MINIPROGRAM_APPID: localMiniProgram.appid,
          WX_MINIPROGRAM_SECRET: localMiniProgram.secret,
          // a local app is never released: its codes open the develop version, unchecked
          WX_MINIPROGRAM_ENV_VERSION: 'develop',
          SUBSCRIBE_TMPL_CLAIM_RESULT: LOCAL_SUBSCRIBE_TEMPLATES.claimResult,
          SUBSCRIBE_TMPL_NOTICE: LOCAL_SUBSCRIBE_TEMPLATES.notice,
          SUBSCRIBE_TMPL_WISH_CHASE: LOCAL_SUBSCRIBE_TEMPLATES.wishChase,
          SUBSCRIBE_TMPL_ACTIVITY_REMINDER: LOCAL_SUBSCRIBE_TEMPLATES.activityReminder,
          SUBSCRIBE_TMPL_REQUEST_ACCEPTED: LOCAL_SUBSCRIBE_TEMPLATES.requestAccepted,
          SUBSCRIBE_TMPL_REQUEST_RESOLVED: LOCAL_SUBSCRIBE_TEMPLATES.requestResolved,
          SUBSCRIBE_TMPL_REQUEST_NEW: LOCAL_SUBSCRIBE_TEMPLATES.requestNew,
          SUBSCRIBE_TMPL_REQUEST_OVERDUE: LOCAL_SUBSCRIBE_TEMPLATES.requestOverdue,
        },
      }),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const inst: Instance = { child, stamp: fn.stamp, busy: false, stderrTail: [] };
    if (child.stdout) createInterface({ input: child.stdout }).on('line', (line) => log(name, 'stdout', line));
    if (child.stderr) {
      createInterface({ input: child.stderr }).on('line', (line) => {
        inst.stderrTail.push(line);
        if (inst.stderrTail.length > STDERR_TAIL) inst.stderrTail.shift();
        log(name, 'stderr', line);
      });
    }
    child.on('message', (msg: WorkerMessage) => {
      if (msg?.type !== 'done' || !inst.settle) return;
      inst.settle(
        msg.ok ? { ok: true, responseData: msg.responseData } : { ok: false, code: FUNCTION_ERRORS.executeFail, message: msg.message },
        !msg.ok && msg.fatal,
      );
    });
    // 'close' comes after stdio has drained, so stderr (e.g. V8's out-of-memory report) is complete
    child.on('close', (code, signal) => {
      remove(name, inst);
      inst.settle?.(exitOutcome(inst, code, signal), false);
    });
    child.on('error', (err) => inst.settle?.({ ok: false, code: FUNCTION_ERRORS.executeFail, message: String(err) }, true));
    pools.set(name, [...(pools.get(name) ?? []), inst]);
    return inst;
  }

  function remove(name: string, inst: Instance): void {
    const pool = pools.get(name) ?? [];
    pools.set(
      name,
      pool.filter((i) => i !== inst),
    );
  }

  function acquire(name: string, fn: Located): Instance {
    const pool = pools.get(name) ?? [];
    for (const stale of pool.filter((i) => !i.busy && i.stamp !== fn.stamp)) retire(name, stale);
    const idle = (pools.get(name) ?? []).find((i) => !i.busy);
    const inst = idle ?? spawn(name, fn);
    inst.busy = true;
    return inst;
  }

  function retire(name: string, inst: Instance): void {
    remove(name, inst);
    inst.child.kill('SIGKILL');
  }

  function release(name: string, inst: Instance): void {
    inst.busy = false;
    const idle = (pools.get(name) ?? []).filter((i) => !i.busy);
    if (idle.length > maxIdle) retire(name, inst);
  }

  async function run(name: string, event: unknown, caller: CallerIdentity): Promise<Outcome> {
    if (closed) return { ok: false, code: FUNCTION_ERRORS.executeFail, message: 'local cloud is closing' };
    let fn: Located | null;
    try {
      fn = locate(name);
    } catch (err) {
      return { ok: false, code: FUNCTION_ERRORS.executeFail, message: String(err) };
    }
    if (!fn) return { ok: false, code: FUNCTION_ERRORS.notFound, message: `FunctionName parameter could not be found: ${name}` };
    const requestId = randomUUID();
    const { timeoutSec, memoryMb } = fn.config;
    const clockOffsetMs = options.clockOffsetMs?.() ?? 0;
    const { env, context } = invocation(caller, { envId: options.envId, functionName: name, requestId, timeoutSec, memoryMb, clockOffsetMs });
    const inst = acquire(name, fn);
    const entry = fn.entry;

    return new Promise<Outcome>((resolve) => {
      const timer = setTimeout(
        () => inst.settle?.({ ok: false, code: FUNCTION_ERRORS.timeLimit, message: `Invoking task timed out after ${timeoutSec} seconds` }, true),
        timeoutSec * 1000,
      );
      inst.settle = (outcome, retireAfter) => {
        clearTimeout(timer);
        inst.settle = undefined;
        if (retireAfter) retire(name, inst);
        else if (inst.child.exitCode === null && inst.child.signalCode === null) release(name, inst);
        resolve(outcome);
      };
      inst.child.send({ type: 'invoke', id: requestId, entry, event, context, env }, (err) => {
        if (err) inst.settle?.({ ok: false, code: FUNCTION_ERRORS.executeFail, message: `instance unreachable: ${err.message}` }, true);
      });
    });
  }

  return {
    async invoke(name, event, caller): Promise<InvokeResult> {
      const startedAt = performance.now();
      const outcome = await run(name, event, caller);
      const durationMs = performance.now() - startedAt;
      if (!outcome.ok) return { ...outcome, durationMs };
      return { ok: true, result: JSON.parse(outcome.responseData) as unknown, durationMs };
    },

    async handle(action: string, body: AdminRequest, source?: string): Promise<AdminAnswer> {
      if (action !== 'functions.invokeFunction') throw new CloudError('INVALID_ACTION', `unknown action ${action}`);
      const name = body.function_name;
      if (typeof name !== 'string' || !name) throw new CloudError('INVALID_PARAM', 'function_name must be a non-empty string');
      const raw = body.request_data;
      let event: unknown = {};
      if (typeof raw === 'string' && raw !== '') {
        try {
          event = JSON.parse(raw);
        } catch {
          throw new CloudError('INVALID_PARAM', 'request_data must be a JSON string');
        }
      }
      const outcome = await run(name, event, source ? { source } : {});
      if (!outcome.ok) throw new CloudError(outcome.code, outcome.message);
      return { data: { response_data: outcome.responseData } };
    },

    async close() {
      closed = true;
      process.off('exit', killAll);
      const all = [...pools.values()].flat();
      await Promise.all(
        all.map(
          (inst) =>
            new Promise<void>((resolve) => {
              if (inst.child.exitCode !== null || inst.child.signalCode !== null) return resolve();
              inst.child.once('close', () => resolve());
              inst.child.kill('SIGKILL');
            }),
        ),
      );
      pools.clear();
    },
  };
}

function exitOutcome(inst: Instance, code: number | null, signal: NodeJS.Signals | null): Outcome {
  const tail = inst.stderrTail.join('\n');
  if (/heap out of memory|Allocation failed/i.test(tail)) {
    return { ok: false, code: FUNCTION_ERRORS.memoryLimit, message: 'Memory limit exceeded: the instance ran out of memory' };
  }
  const how = signal ? `signal ${signal}` : `code ${code}`;
  return { ok: false, code: FUNCTION_ERRORS.executeFail, message: `the instance exited (${how})${tail ? `\n${tail}` : ''}` };
}

function defaultLog(functionName: string, stream: 'stdout' | 'stderr', line: string): void {
  (stream === 'stdout' ? process.stdout : process.stderr).write(`[${functionName}] ${line}\n`);
}

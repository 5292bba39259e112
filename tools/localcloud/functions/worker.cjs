// @ts-check
/**
 * One warm instance of one cloud function, forked by runner.ts. Plain CommonJS on purpose: it runs
 * under bare `node`, whatever loader (tsx, jest) the server itself runs under.
 *
 * Protocol over the IPC channel, one invocation at a time:
 *   parent → { type: 'invoke', id, entry, event, context, env }
 *   child  → { type: 'done', id, ok: true, responseData } | { type: 'done', id, ok: false, message, fatal }
 * `env` holds the invocation's identity; it replaces the previous invocation's, as in CloudBase.
 */
'use strict';
const { Worker } = require('node:worker_threads');

/** keys set per invocation; removed again when the next caller lacks them */
let identityKeys = /** @type {string[]} */ ([]);
/** @type {{ main: Function } | null} */
let mod = null;
/** @type {string | null} */
let currentId = null;

// No orphans: exit when the server closes the channel or dies. The watchdog thread also covers a
// function stuck in a synchronous loop, which never lets the 'disconnect' event run.
process.on('disconnect', () => process.exit(0));
const watchdog = new Worker(
  `const p = ${process.ppid}; setInterval(() => { if (process.ppid !== p) process.kill(${process.pid}, 'SIGKILL'); }, 500);`,
  { eval: true },
);
watchdog.unref();

/** @param {unknown} err */
function describe(err) {
  if (err instanceof Error) return err.stack || `${err.name}: ${err.message}`;
  try {
    return typeof err === 'string' ? err : JSON.stringify(err);
  } catch {
    return String(err);
  }
}

/** @param {Record<string, unknown>} msg */
function send(msg) {
  if (process.send) process.send(msg);
}

/** @param {unknown} err */
function crash(err) {
  if (currentId !== null) send({ type: 'done', id: currentId, ok: false, message: describe(err), fatal: true });
  process.exitCode = 1;
  // let the IPC message flush before going away
  setImmediate(() => process.exit(1));
}
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

/** @param {Record<string, string>} env */
function applyIdentity(env) {
  for (const key of identityKeys) delete process.env[key];
  Object.assign(process.env, env);
  identityKeys = Object.keys(env);
}

/**
 * @param {{ main: Function }} m
 * @param {unknown} event
 * @param {Record<string, unknown>} context
 */
function callMain(m, event, context) {
  // SCF also supports callback-style handlers: main(event, context, callback)
  if (m.main.length >= 3) {
    return new Promise((resolve, reject) => {
      m.main(event, context, (/** @type {unknown} */ err, /** @type {unknown} */ value) =>
        err ? reject(err) : resolve(value),
      );
    });
  }
  return m.main(event, context);
}

process.on('message', async (/** @type {any} */ msg) => {
  if (!msg || msg.type !== 'invoke') return;
  currentId = msg.id;
  const startedAt = Date.now();
  const timeLimit = Number(msg.context.time_limit_in_ms) || 0;
  const context = { ...msg.context, getRemainingTimeInMillis: () => Math.max(0, timeLimit - (Date.now() - startedAt)) };
  applyIdentity(msg.env);
  try {
    if (!mod) {
      try {
        mod = require(msg.entry);
      } catch (err) {
        crash(err);
        return;
      }
      if (!mod || typeof mod.main !== 'function') {
        crash(new Error(`${msg.entry} does not export a main(event, context) function`));
        return;
      }
    }
    const value = await callMain(mod, msg.event, context);
    // the result crosses CloudBase as JSON: undefined becomes null, a cycle is the function's error
    const responseData = JSON.stringify(value === undefined ? null : value);
    send({ type: 'done', id: msg.id, ok: true, responseData });
  } catch (err) {
    // a thrown error is answered, then this instance is replaced: its state may be broken
    send({ type: 'done', id: msg.id, ok: false, message: describe(err), fatal: true });
  } finally {
    currentId = null;
  }
});

/**
 * `tsx tools/localcloud/cli.ts [--data-dir .localcloud] [--port 8787] [--h5 dist-h5] [--no-gateway]
 *  [--unindexed-threshold N] [--functions-dir cloudfunctions] [--no-timers] [--parent-pid PID]`: runs the local cloud until SIGINT/SIGTERM, or until
 * the process PID is gone (so a test's server stops by itself). Prints one line tests parse:
 * `localcloud listening on http://127.0.0.1:PORT`.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT, startLocalCloud } from './server';

const USAGE =
  'usage: tsx tools/localcloud/cli.ts [--data-dir DIR] [--port N] [--h5 DIR] [--no-gateway] [--unindexed-threshold N] [--functions-dir DIR] [--no-timers] [--parent-pid PID]';

function integer(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} must be a non-negative integer, got "${value}"`);
  return n;
}

/** a path given on the command line is relative to the cwd; the defaults live in the repo */
function fromCwdOrRepo(value: string | undefined, repoDefault: string): string {
  return value === undefined ? path.join(REPO_ROOT, repoDefault) : path.resolve(value);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      h5: { type: 'string' },
      'no-gateway': { type: 'boolean', default: false },
      'unindexed-threshold': { type: 'string' },
      'functions-dir': { type: 'string' },
      // timer triggers fire only by hand (POST /__localcloud/functions/<fn>/timers/<trigger>)
      'no-timers': { type: 'boolean', default: false },
      'parent-pid': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = integer(values.port ?? process.env.PORT, '--port') ?? 8787;
  const parentPid = integer(values['parent-pid'], '--parent-pid');
  const cloud = await startLocalCloud({
    dataDir: fromCwdOrRepo(values['data-dir'], '.localcloud'),
    port,
    devGateway: values['no-gateway'] ? null : { h5Dir: fromCwdOrRepo(values.h5, 'dist-h5') },
    functionsDir: values['functions-dir'] === undefined ? undefined : path.resolve(values['functions-dir']),
    unindexedQueryThreshold: integer(values['unindexed-threshold'], '--unindexed-threshold') ?? null,
    timers: values['no-timers'] ? 'manual' : 'scheduled',
  });
  console.log(`localcloud listening on ${cloud.url}`);

  let closing = false;
  const stop = (reason: string) => {
    if (closing) return;
    closing = true;
    console.log(`localcloud stopping (${reason})`);
    cloud.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('localcloud: close failed', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  if (parentPid !== undefined) {
    setInterval(() => {
      try {
        process.kill(parentPid, 0);
      } catch (err) {
        // EPERM: alive but not ours to signal
        if ((err as NodeJS.ErrnoException).code === 'ESRCH') stop(`parent ${parentPid} is gone`);
      }
    }, 500).unref();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  console.error(USAGE);
  process.exit(1);
});

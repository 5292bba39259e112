/** A function's deployable `config.json` (CloudBase's own fields), read the way the runner needs it. */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CLOCK_OFFSET_ENV } from '../../../cloudfunctions/lib/clock';
import { CronError, parseCloudbaseCron } from './cron';

const configSchema = z.looseObject({
  /** seconds; CloudBase's default is 3, ours 10 (cold node-sdk plus a transaction needs headroom) */
  timeout: z.number().positive().max(900).optional(),
  /** MB */
  memorySize: z.number().int().min(64).max(3072).optional(),
  envVariables: z
    .record(z.string(), z.string())
    // the local cloud's clock shift must never reach a deployed function (cloudfunctions/lib/clock.ts)
    .refine((vars) => !(CLOCK_OFFSET_ENV in vars), `${CLOCK_OFFSET_ENV} is the local cloud's, never a function's setting`)
    .optional(),
  /** CloudBase allows one timer trigger per function: a 7-field cron in UTC+8 */
  triggers: z
    .array(
      z.looseObject({
        /** CloudBase: up to 60 of a-z A-Z 0-9 - _, starting with a letter */
        name: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,59}$/, 'a trigger name is up to 60 of a-z A-Z 0-9 - _, starting with a letter'),
        type: z.literal('timer'),
        config: z.string().superRefine((cron, ctx) => {
          try {
            parseCloudbaseCron(cron);
          } catch (err) {
            if (!(err instanceof CronError)) throw err;
            ctx.addIssue({ code: 'custom', message: err.message });
          }
        }),
      }),
    )
    .max(1)
    .optional(),
});

export interface FunctionConfig {
  timeoutSec: number;
  memoryMb: number;
  envVariables: Record<string, string>;
  timers: { name: string; cron: string }[];
}

export const DEFAULT_TIMEOUT_SEC = 10;
export const DEFAULT_MEMORY_MB = 256;

/** Reads `<dir>/config.json`; a missing file means the defaults, a broken one throws. */
export function readFunctionConfig(dir: string): FunctionConfig {
  const file = path.join(dir, 'config.json');
  if (!fs.existsSync(file)) return { timeoutSec: DEFAULT_TIMEOUT_SEC, memoryMb: DEFAULT_MEMORY_MB, envVariables: {}, timers: [] };
  const parsed = configSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
  return {
    timeoutSec: parsed.data.timeout ?? DEFAULT_TIMEOUT_SEC,
    memoryMb: parsed.data.memorySize ?? DEFAULT_MEMORY_MB,
    envVariables: parsed.data.envVariables ?? {},
    timers: (parsed.data.triggers ?? []).map((t) => ({ name: t.name, cron: t.config })),
  };
}

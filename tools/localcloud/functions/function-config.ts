/** A function's deployable `config.json` (CloudBase's own fields), read the way the runner needs it. */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const configSchema = z.looseObject({
  /** seconds; CloudBase's default is 3, ours 10 (cold node-sdk plus a transaction needs headroom) */
  timeout: z.number().positive().max(900).optional(),
  /** MB */
  memorySize: z.number().int().min(64).max(3072).optional(),
  envVariables: z.record(z.string(), z.string()).optional(),
  /** CloudBase allows one timer trigger per function: a 7-field cron in UTC+8 */
  triggers: z.array(z.looseObject({ name: z.string().min(1), type: z.literal('timer'), config: z.string().min(1) })).max(1).optional(),
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

/**
 * cloudbaserc.json — the CloudBase CLI's project file, and the single source of each function's
 * runtime settings for `npm run deploy` too (so `tcb fn deploy` and our script deploy alike).
 * Only the fields we use are validated; the CLI renders `{{env.ENV_ID}}` from the environment.
 * Timeout, memory, env variables and the timer trigger repeat each function's config.json (what
 * the local runner honours): functionConfigProblems() keeps the two equal.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { readFunctionConfig } from '../localcloud/functions/function-config';

/** Node.js runtimes CloudBase offers (manager-node 5.x defaults to Nodejs20.19). */
export const NODE_RUNTIMES = ['Nodejs20.19', 'Nodejs18.15', 'Nodejs16.13'] as const;

const functionEntry = z
  .object({
    name: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,59}$/, '函数名只能含字母、数字、_ 和 -，且以字母开头'),
    handler: z.literal('index.main'),
    runtime: z.enum(NODE_RUNTIMES),
    timeout: z.number().int().min(1).max(900),
    memorySize: z.union([z.literal(128), z.literal(256), z.literal(512), z.literal(1024), z.literal(2048)]),
    // our bundles inline every dependency: CloudBase must not run `npm install` on them
    installDependency: z.literal(false),
    ignore: z.array(z.string()).default([]),
    envVariables: z.record(z.string(), z.string()).optional(),
    // the timer trigger (manager-node's createFunction creates it with the function)
    triggers: z
      .array(z.object({ name: z.string(), type: z.literal('timer'), config: z.string() }).strict())
      .max(1)
      .optional(),
  })
  .strict();
export type FunctionEntry = z.infer<typeof functionEntry>;

export const cloudbasercSchema = z.object({
  version: z.literal('2.0'),
  envId: z.string().min(1),
  // build-functions writes the bundles there
  functionRoot: z.literal('cloudfunctions'),
  functions: z.array(functionEntry).min(1),
});
export type Cloudbaserc = z.infer<typeof cloudbasercSchema>;

export function loadCloudbaserc(root: string): Cloudbaserc {
  const file = join(root, 'cloudbaserc.json');
  const parsed = cloudbasercSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(根)'}: ${i.message}`);
    throw new Error(`cloudbaserc.json 无效 / invalid:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/**
 * Problems between cloudbaserc.json's function list and the folders on disk: a folder without an
 * entry would silently never be deployed, an entry without a folder would fail mid-deploy.
 * `folders` is build-functions' functionNames().
 */
export function functionListProblems(rc: Cloudbaserc, folders: readonly string[]): string[] {
  const declared = rc.functions.map((f) => f.name);
  const problems: string[] = [];
  for (const name of folders) {
    if (!declared.includes(name)) problems.push(`函数目录 ${name}/ 没有写进 cloudbaserc.json 的 functions / folder not listed`);
  }
  for (const name of declared) {
    if (!folders.includes(name)) problems.push(`cloudbaserc.json 列出的函数 ${name} 没有 src/index.ts / no such function folder`);
  }
  const seen = new Set<string>();
  for (const name of declared) {
    if (seen.has(name)) problems.push(`cloudbaserc.json 重复列出函数 ${name} / listed twice`);
    seen.add(name);
  }
  return problems;
}

/** Differences between cloudbaserc.json and each function's config.json (timeout, memory, env variables, timers). */
export function functionConfigProblems(rc: Cloudbaserc, functionRootDir: string): string[] {
  return rc.functions.flatMap((f) => {
    const local = readFunctionConfig(join(functionRootDir, f.name));
    const cloud = { timeoutSec: f.timeout, memoryMb: f.memorySize, envVariables: f.envVariables ?? {}, timers: (f.triggers ?? []).map((t) => ({ name: t.name, cron: t.config })) };
    return (['timeoutSec', 'memoryMb', 'envVariables', 'timers'] as const)
      .filter((key) => !isDeepStrictEqual(local[key], cloud[key]))
      .map((key) => `函数 ${f.name} 的 ${key} 与其 config.json 不同 / differs from config.json: ${JSON.stringify(cloud[key])} ≠ ${JSON.stringify(local[key])}`);
  });
}

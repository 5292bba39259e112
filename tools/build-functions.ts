/**
 * Bundles each cloud function (`cloudfunctions/<name>/src/index.ts`, with core, the shared lib and
 * node-sdk inlined) into `cloudfunctions/<name>/index.js`, the CloudBase handler `index.main`.
 *
 *   npx tsx tools/build-functions.ts            build every function
 *   npx tsx tools/build-functions.ts --measure  also print size and cold require time vs bare node-sdk
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';

const ROOT = path.resolve(__dirname, '..');
export const FUNCTIONS_DIR = path.join(ROOT, 'cloudfunctions');

export interface BuiltFunction {
  name: string;
  outfile: string;
  bytes: number;
}

/** Every folder of cloudfunctions/ that has a src/index.ts (lib/ is shared code, not a function). */
export function functionNames(dir = FUNCTIONS_DIR): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'src', 'index.ts')))
    .map((e) => e.name)
    .sort();
}

/**
 * zod's `z` namespace carries `z.locales`, every language's messages (~300 KB minified), which
 * esbuild cannot tree-shake off a namespace object. The functions use zh-CN only (imported
 * directly by cloudfunctions/lib/validation.ts), so the locale index resolves to zh-CN alone.
 */
const zodZhCnOnly: Plugin = {
  name: 'zod-zh-cn-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)$/.test(args.resolveDir)
        ? { path: 'zod-locales', namespace: 'zod-zh-cn-only' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-zh-cn-only' }, () => ({
      contents: "export { zhCN } from 'zod/locales';",
      resolveDir: ROOT,
      loader: 'js',
    }));
  },
};

/**
 * node-sdk loads its AI client and its data-model/MySQL client (with their polyfills) eagerly, about
 * a third of its cold require; our functions use neither (database, functions, storage and wx open
 * APIs only). Those packages resolve to a stub whose every member throws a clear error, so a future
 * use fails loudly instead of silently. node-sdk's init() wraps the model client set-up in try/catch.
 */
const UNUSED_SDK_PARTS = /^(@cloudbase\/(ai|app|wx-cloud-client-sdk)|web-streams-polyfill)$/;
const unusedSdkPartsStub: Plugin = {
  name: 'unused-sdk-parts',
  setup(b) {
    b.onResolve({ filter: UNUSED_SDK_PARTS }, (args) => ({ path: args.path, namespace: 'unused-sdk-parts' }));
    b.onLoad({ filter: /.*/, namespace: 'unused-sdk-parts' }, (args) => ({
      contents: `const fail = () => { throw new Error(${JSON.stringify(`${args.path} 未打包进云函数（红邻不使用 CloudBase AI/数据模型）`)}); };
module.exports = new Proxy({}, { get: (_, key) => (key === '__esModule' || typeof key === 'symbol' ? undefined : fail) });`,
      loader: 'js',
    }));
  },
};

/**
 * Heavy code only a rare action needs (e.g. exceljs for 台账 exports) lives in `src/chunks/*.ts`: each
 * is bundled on its own to `<name>/chunks/*.js` and left out of index.js, whose `require('./chunks/x')`
 * then loads it at run time — so it costs neither index.js's size nor its cold start.
 */
function chunkEntries(name: string): string[] {
  const dir = path.join(FUNCTIONS_DIR, name, 'src', 'chunks');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f)) : [];
}

export async function buildFunctions(names = functionNames()): Promise<BuiltFunction[]> {
  const common: BuildOptions = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [zodZhCnOnly, unusedSdkPartsStub],
  };
  return Promise.all(
    names.map(async (name) => {
      const outfile = path.join(FUNCTIONS_DIR, name, 'index.js');
      const chunks = chunkEntries(name);
      await Promise.all([
        build({ ...common, entryPoints: [path.join(FUNCTIONS_DIR, name, 'src', 'index.ts')], outfile, external: ['./chunks/*'] }),
        ...(chunks.length ? [build({ ...common, entryPoints: chunks, outdir: path.join(FUNCTIONS_DIR, name, 'chunks') })] : []),
      ]);
      return { name, outfile, bytes: fs.statSync(outfile).size };
    }),
  );
}

/**
 * Median wall time of `require(target)` in a fresh node process, in milliseconds, per target.
 * The targets take turns round by round, so a busy machine slows them all alike.
 */
export function coldRequireMs(targets: string[], rounds = 7): number[] {
  const once = (target: string) => {
    const script = `const t=process.hrtime.bigint();require(${JSON.stringify(target)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
    return Number(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }));
  };
  const times = targets.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) targets.forEach((target, i) => times[i].push(once(target)));
  return times.map((ts) => ts.sort((a, b) => a - b)[Math.floor(ts.length / 2)]);
}

async function cli(): Promise<void> {
  const built = await buildFunctions();
  const measure = process.argv.includes('--measure');
  const ms = measure ? coldRequireMs(['@cloudbase/node-sdk', ...built.map((f) => f.outfile)]) : [];
  built.forEach((f, i) => {
    const size = `${(f.bytes / 1024).toFixed(1)} KB`;
    const timing = measure ? `  cold require ${ms[i + 1].toFixed(1)} ms` : '';
    console.log(`${f.name.padEnd(12)} ${size.padStart(10)}${timing}`);
  });
  if (measure) console.log(`${'node-sdk'.padEnd(12)} ${'(bare)'.padStart(10)}  cold require ${ms[0].toFixed(1)} ms`);
}

if (require.main === module) {
  cli().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}

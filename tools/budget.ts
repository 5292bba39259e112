/**
 * Size and cold-start budgets from ARCHITECTURE.md, checked against real build output:
 * the weapp main package and each subpackage (dist/), each function bundle's size and its cold
 * `require` time next to the bare node-sdk's, and that no weapp package contains zod. Prints a table; exits 1 over any budget.
 * Run after `npm run build:weapp` and `npm run build:functions`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { coldRequireMs, FUNCTIONS_DIR } from './build-functions';
import { zodTraces } from './budget/zod-traces';

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const KB = 1024;
const BUDGET = { main: 600 * KB, subpackage: 1024 * KB, bundle: 1.5 * 1024 * KB };

function dirSize(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((sum, e) => {
    const p = path.join(dir, e.name);
    return sum + (e.isDirectory() ? dirSize(p) : fs.statSync(p).size);
  }, 0);
}

/** Subpackage roots as the compiled app.json declares them. */
function subpackageRoots(): string[] {
  const appJson = JSON.parse(fs.readFileSync(path.join(DIST, 'app.json'), 'utf8')) as {
    subPackages?: { root: string }[];
    subpackages?: { root: string }[];
  };
  return (appJson.subPackages ?? appJson.subpackages ?? []).map((s) => s.root.replace(/\/$/, ''));
}

const rows: { what: string; value: string; budget: string; ok: boolean }[] = [];
const kb = (n: number) => `${(n / KB).toFixed(1)} KB`;

if (!fs.existsSync(path.join(DIST, 'app.json'))) {
  console.error('dist/app.json missing: run `npm run build:weapp` first');
  process.exit(1);
}
const roots = subpackageRoots();
const subSizes = roots.map((root) => ({ root, size: fs.existsSync(path.join(DIST, root)) ? dirSize(path.join(DIST, root)) : 0 }));
const main = dirSize(DIST) - subSizes.reduce((s, x) => s + x.size, 0);
rows.push({ what: 'weapp main package', value: kb(main), budget: `≤ ${kb(BUDGET.main)}`, ok: main <= BUDGET.main });
for (const { root, size } of subSizes) {
  rows.push({ what: `weapp subpackage ${root}`, value: kb(size), budget: `≤ ${kb(BUDGET.subpackage)}`, ok: size <= BUDGET.subpackage });
}
// pages take only types and plain labels from core (lint enforces it); this checks what was built
for (const [what, files] of [
  ['weapp main package', zodTraces(DIST, roots)],
  ...roots.map((root) => [`weapp subpackage ${root}`, zodTraces(path.join(DIST, root))] as const),
] as const) {
  rows.push({ what: `zod in ${what}`, value: files.length ? files.join(', ') : 'none', budget: 'none', ok: files.length === 0 });
}

const functions = fs
  .readdirSync(FUNCTIONS_DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory() && fs.existsSync(path.join(FUNCTIONS_DIR, e.name, 'index.js')))
  .map((e) => e.name);
if (functions.length === 0) {
  console.error('no function bundles: run `npm run build:functions` first');
  process.exit(1);
}
const bundles = functions.map((fn) => path.join(FUNCTIONS_DIR, fn, 'index.js'));
// interleaved rounds, so machine load hits the SDK and the bundles alike
const [bare, ...bundleMs] = coldRequireMs(['@cloudbase/node-sdk', ...bundles]);
rows.push({ what: 'bare node-sdk cold require', value: `${bare.toFixed(1)} ms`, budget: '(reference)', ok: true });
functions.forEach((fn, i) => {
  const size = fs.statSync(bundles[i]).size;
  rows.push({ what: `function ${fn} bundle`, value: kb(size), budget: `≤ ${kb(BUDGET.bundle)}`, ok: size <= BUDGET.bundle });
  rows.push({ what: `function ${fn} cold require`, value: `${bundleMs[i].toFixed(1)} ms`, budget: `< ${bare.toFixed(1)} ms`, ok: bundleMs[i] < bare });
});

const width = Math.max(...rows.map((r) => r.what.length));
for (const r of rows) console.log(`${r.ok ? 'ok  ' : 'OVER'} ${r.what.padEnd(width)}  ${r.value.padStart(10)}  ${r.budget}`);
const over = rows.filter((r) => !r.ok);
if (over.length) {
  console.error(`${over.length} budget(s) exceeded`);
  process.exit(1);
}

/**
 * The budget's zod check: it must find zod in real bundled output (full zod and zod/mini, minified
 * by esbuild as a build would), in a subpackage as in the main package, and stay quiet without it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { zodTraces } from '../../tools/budget/zod-traces';

const ROOT = path.resolve(__dirname, '../..');
let dir: string;

function bundle(source: string, out: string): void {
  const entry = path.join(ROOT, `.tmp-zod-probe-${process.pid}.ts`);
  fs.writeFileSync(entry, source);
  try {
    buildSync({ entryPoints: [entry], bundle: true, minify: true, outfile: path.join(dir, out), logLevel: 'silent' });
  } finally {
    fs.rmSync(entry, { force: true });
  }
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zod-traces-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('finds minified zod and zod/mini wherever they were bundled, and skips the given folders', () => {
  bundle("import { z } from 'zod'; console.log(z.string().parse('a'));", 'app.js');
  bundle("import * as z from 'zod/mini'; console.log(z.string());", 'packages/leader/common.js');
  bundle("import { ENTRY_SOURCE_LABELS } from './core/labels/points'; console.log(ENTRY_SOURCE_LABELS);", 'packages/staff/common.js');
  expect(zodTraces(dir).sort()).toEqual(['app.js', path.join('packages', 'leader', 'common.js')]);
  expect(zodTraces(dir, ['packages/leader'])).toEqual(['app.js']);
  expect(zodTraces(path.join(dir, 'packages/staff'))).toEqual([]);
});

test('the pages’ label modules carry no zod', () => {
  bundle("export * from './core/labels/points'; export * from './core/labels/org';", 'labels.js');
  expect(zodTraces(dir)).toEqual([]);
});

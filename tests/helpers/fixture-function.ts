/**
 * Test-only cloud functions (tests/fixtures/<fixture>/index.ts), bundled with esbuild as
 * tools/build-functions.ts bundles ours (the real lib inlined) into `<functionsDir>/<name>/index.js`.
 */
import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.resolve(__dirname, '../..');

export async function buildFixtureFunction(fixture: string, functionsDir: string, name: string): Promise<void> {
  await build({
    entryPoints: [path.join(ROOT, 'tests/fixtures', fixture, 'index.ts')],
    outfile: path.join(functionsDir, name, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
  });
}

/**
 * `npm test`: every check the project has, in order — builds (functions, weapp, h5), typecheck,
 * lint, all jest projects (unit, functions, weapp, h5, e2e) and the size budgets — then one
 * closing line `N passed, N failed`. Extra arguments go to jest (e.g. `npm test -- tests/unit`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'test-output');
const CHROMIUM = '/usr/bin/chromium';

interface Step {
  name: string;
  run: () => boolean;
}

function sh(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): boolean {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

/**
 * The e2e tests need Debian's Chromium (and a CJK font, or screenshots show boxes for Chinese);
 * as root we install them, otherwise we say exactly how.
 */
function ensureChromium(): boolean {
  const hasCjkFont = spawnSync('sh', ['-c', 'fc-list :lang=zh | grep -q .']).status === 0;
  if (fs.existsSync(CHROMIUM) && hasCjkFont) return true;
  const packages = ['chromium', 'fonts-wqy-microhei'];
  if (process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get')) {
    console.log(`installing Debian's ${packages.join(' ')} (apt-get install -y)…`);
    return sh('apt-get', ['update', '-q']) && sh('apt-get', ['install', '-y', '-q', ...packages]);
  }
  console.error(`Chromium or a CJK font is missing. Install them with: sudo apt-get install -y ${packages.join(' ')}`);
  return false;
}

const jestArgs = process.argv.slice(2);
const jestJson = path.join(OUT, 'jest-results.json');

const steps: Step[] = [
  { name: 'chromium', run: ensureChromium },
  { name: 'build functions', run: () => sh('npm', ['run', '--silent', 'build:functions']) },
  { name: 'build weapp', run: () => sh('npm', ['run', '--silent', 'build:weapp']) },
  { name: 'build h5', run: () => sh('npm', ['run', '--silent', 'build:h5']) },
  { name: 'typecheck', run: () => sh('npx', ['tsc', '--noEmit', '-p', '.']) },
  { name: 'lint', run: () => sh('npx', ['eslint', '.']) },
  {
    name: 'jest',
    run: () => sh('npx', ['jest', '--ci', '--json', `--outputFile=${jestJson}`, ...jestArgs], { TZ: 'Asia/Shanghai' }),
  },
  { name: 'budgets', run: () => sh('npm', ['run', '--silent', 'budget']) },
];

function main(): void {
  fs.mkdirSync(OUT, { recursive: true });
  fs.rmSync(jestJson, { force: true });
  const results: { name: string; ok: boolean; seconds: number }[] = [];
  for (const step of steps) {
    console.log(`\n=== ${step.name} ===`);
    const started = Date.now();
    const ok = step.run();
    results.push({ name: step.name, ok, seconds: (Date.now() - started) / 1000 });
    // nothing after a failed build can mean anything
    if (!ok && step.name.startsWith('build')) break;
  }

  console.log('\n=== summary ===');
  for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(16)} ${r.seconds.toFixed(1)} s`);
  const failedSteps = results.filter((r) => !r.ok).length + (steps.length - results.length);

  let passed = 0;
  let failed = 0;
  let skipped = 0;
  if (fs.existsSync(jestJson)) {
    const j = JSON.parse(fs.readFileSync(jestJson, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
      numRuntimeErrorTestSuites: number;
    };
    passed = j.numPassedTests;
    skipped = j.numPendingTests + j.numTodoTests;
    failed = j.numFailedTests + j.numRuntimeErrorTestSuites;
  }
  // non-jest checks count as one test each, so a failed build or lint shows in the closing line
  const checks = results.filter((r) => r.name !== 'jest');
  passed += checks.filter((r) => r.ok).length;
  failed += checks.filter((r) => !r.ok).length + (steps.length - results.length);
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(failedSteps === 0 && failed === 0 ? 0 : 1);
}

main();

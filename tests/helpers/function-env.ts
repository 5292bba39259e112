/**
 * Functions that run with extra env variables, as if set in the CloudBase console: a functions
 * dir for `startTestCloud({ functionsDir })` whose `config.json`s add `env` to the built bundles'
 * own (linked, not copied, so a rebuild is picked up).
 */
import fs from 'node:fs';
import path from 'node:path';
import { seedDemo } from '../../tools/seed/seed';
import { lazyCloud, startTestCloud, tempDir, type TestCloud } from './localcloud';

const FUNCTIONS = path.resolve(__dirname, '../../cloudfunctions');

export function functionsWithEnv(env: Record<string, string>): { dir: string; remove(): void } {
  const dir = tempDir('functions');
  for (const name of fs.readdirSync(FUNCTIONS)) {
    const from = path.join(FUNCTIONS, name);
    if (!fs.existsSync(path.join(from, 'index.js'))) continue;
    fs.mkdirSync(path.join(dir, name));
    for (const entry of fs.readdirSync(from)) {
      if (entry !== 'config.json') fs.symlinkSync(path.join(from, entry), path.join(dir, name, entry));
    }
    const configFile = path.join(from, 'config.json');
    const config = fs.existsSync(configFile) ? (JSON.parse(fs.readFileSync(configFile, 'utf8')) as { envVariables?: Record<string, string> }) : {};
    fs.writeFileSync(path.join(dir, name, 'config.json'), JSON.stringify({ ...config, envVariables: { ...config.envVariables, ...env } }));
  }
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * One local cloud per test file whose functions run with `env`, seeded with the whole demo (org
 * and points): started in `beforeAll`, closed with its functions dir in `afterAll`. Queries
 * without an index fail. Use the answer's members inside tests and hooks.
 */
export function demoCloudWithEnv(env: Record<string, string>): { cloud: TestCloud; readonly functionsDir: string } {
  let functions: ReturnType<typeof functionsWithEnv> | undefined;
  let cloud: TestCloud | undefined;
  beforeAll(async () => {
    functions = functionsWithEnv(env);
    cloud = await startTestCloud({ unindexedQueryThreshold: 0, functionsDir: functions.dir });
    await seedDemo(cloud.app);
  }, 120_000);
  afterAll(async () => {
    await cloud?.close();
    functions?.remove();
  });
  const running = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('the test cloud is not running: use it inside tests or hooks');
    return v;
  };
  return {
    cloud: lazyCloud(() => running(cloud)),
    get functionsDir() {
      return running(functions).dir;
    },
  };
}

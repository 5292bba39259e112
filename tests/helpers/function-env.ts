/**
 * Functions that run with extra env variables, as if set in the CloudBase console: a functions
 * dir for `startTestCloud({ functionsDir })` whose `config.json`s add `env` to the built bundles'
 * own (linked, not copied, so a rebuild is picked up).
 */
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './localcloud';

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

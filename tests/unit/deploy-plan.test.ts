/**
 * The deploy plan built from the repo's real declarations (cloudbaserc.json, database/*.json), and
 * the `--dry-run` CLI, which must work without credentials or network.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { CreateIndex, IndexInfo } from '@cloudbase/manager-node/types/interfaces';
import { functionNames } from '../../tools/build-functions';
import { planFromRepo } from '../../tools/deploy';
import { functionConfigProblems, functionListProblems, loadCloudbaserc } from '../../tools/deploy/cloudbaserc';
import { DENY_ALL_RULES, diffIndexes, toCreateIndex } from '../../tools/deploy/plan';
import { loadDeclarations } from '../../tools/localcloud/db/declarations';

const ROOT = path.resolve(__dirname, '../..');
const declarations = loadDeclarations(path.join(ROOT, 'database'));
const run = promisify(execFile);

describe('cloudbaserc.json', () => {
  const rc = loadCloudbaserc(ROOT);

  it('lists exactly the function folders that have src/index.ts', () => {
    expect(functionListProblems(rc, functionNames(path.join(ROOT, 'cloudfunctions')))).toEqual([]);
  });

  it("repeats each function's config.json (timeout, memory, env variables) and notices drift", () => {
    const functionRoot = path.join(ROOT, 'cloudfunctions');
    expect(functionConfigProblems(rc, functionRoot)).toEqual([]);
    const [first, ...rest] = rc.functions;
    const drifted = { ...rc, functions: [{ ...first, timeout: first.timeout + 1, envVariables: { ...first.envVariables, EXTRA: '1' } }, ...rest] };
    const problems = functionConfigProblems(drifted, functionRoot);
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toMatch(new RegExp(`${first.name} 的 timeoutSec`));
    expect(problems.join('\n')).toMatch(new RegExp(`${first.name} 的 envVariables`));
  });

  it('takes envId from the environment and never lets CloudBase install dependencies', () => {
    const raw = JSON.parse(fs.readFileSync(path.join(ROOT, 'cloudbaserc.json'), 'utf8'));
    expect(raw.envId).toBe('{{env.ENV_ID}}');
    for (const f of rc.functions) {
      expect(f.installDependency).toBe(false);
      expect(f.handler).toBe('index.main');
      expect(f.ignore).toEqual(expect.arrayContaining(['src/**', 'node_modules/**']));
    }
  });

  it('reports a folder missing from the list, a listed function without folder, and duplicates', () => {
    const account = rc.functions[0];
    const problems = functionListProblems(
      { ...rc, functions: [account, account, { ...account, name: 'ghost' }] },
      [account.name, 'newfn'],
    );
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/newfn.*没有写进/);
    expect(problems.join('\n')).toMatch(/ghost.*没有 src\/index\.ts/);
    expect(problems.join('\n')).toMatch(/重复.*account/);
  });
});

describe('deploy plan from the real declarations', () => {
  const plan = planFromRepo(ROOT, 'hongling-test');

  it('deploys every function from its bundle, by zip, creating or updating', () => {
    expect(plan.functions.map((f) => f.name)).toEqual(functionNames(path.join(ROOT, 'cloudfunctions')));
    for (const f of plan.functions) {
      expect(f.bundle).toBe(path.join(ROOT, 'cloudfunctions', f.name, 'index.js'));
      expect(f.params).toMatchObject({
        functionRootPath: path.join(ROOT, 'cloudfunctions'),
        force: true,
        deployMode: 'zip',
        func: { name: f.name, installDependency: false },
      });
    }
  });

  it('has one collection step per database/*.json with every declared index', () => {
    expect(declarations.length).toBeGreaterThan(0);
    expect(plan.collections.map((c) => c.name)).toEqual(declarations.map((d) => d.name));
    for (const [i, decl] of declarations.entries()) {
      expect(plan.collections[i].indexes.map((ix) => ix.IndexName)).toEqual(decl.indexes.map((ix) => ix.name));
    }
  });

  it("writes indexes in manager-node's CreateIndex shape (Direction as a string)", () => {
    for (const decl of declarations) {
      for (const ix of decl.indexes) {
        const expected: CreateIndex = {
          IndexName: ix.name,
          MgoKeySchema: {
            MgoIndexKeys: ix.keys.map((k) => ({ Name: k.field, Direction: k.direction === 1 ? '1' : '-1' })),
            MgoIsUnique: ix.unique,
          },
        };
        expect(toCreateIndex(ix)).toStrictEqual(expected);
      }
    }
  });

  it('sets each rule as a CUSTOM ModifySafeRule call, denying clients when none is declared', () => {
    for (const [i, decl] of declarations.entries()) {
      const call = plan.collections[i].securityRule;
      expect(call).toStrictEqual({
        Action: 'ModifySafeRule',
        Param: { EnvId: 'hongling-test', CollectionName: decl.name, AclTag: 'CUSTOM', Rule: expect.any(String) },
      });
      expect(JSON.parse(call.Param.Rule)).toEqual(decl.rules ?? DENY_ALL_RULES);
    }
  });
});

describe('diffIndexes', () => {
  const ix = (name: string, keys: Array<[string, 1 | -1]>, unique = false): CreateIndex =>
    toCreateIndex({ name, keys: keys.map(([field, direction]) => ({ field, direction })), unique });
  const cloud = (name: string, keys: Array<[string, string]>, unique = false): IndexInfo => ({
    Name: name,
    Size: 4096,
    Keys: keys.map(([Name, Direction]) => ({ Name, Direction })),
    Accesses: { Ops: 0, Since: '2026-01-01T00:00:00Z' },
    Unique: unique,
  });

  it('creates the missing, keeps and reports the extra, flags a same-named index that differs', () => {
    const declared = [
      ix('openid_1', [['openid', 1]], true),
      ix('compound_total', [['compoundId', 1], ['total', -1]]),
      ix('kept_1', [['kept', 1]]),
      ix('flip_1', [['flip', 1]]),
    ];
    const existing = [
      cloud('_id_', [['_id', '1']]),
      cloud('kept_1', [['kept', '1']]),
      cloud('flip_1', [['flip', '-1']]),
      cloud('openid_1', [['openid', '1']], false),
      cloud('legacy_1', [['legacy', '1']]),
    ];
    const diff = diffIndexes(declared, existing);
    expect(diff.create.map((c) => c.IndexName)).toEqual(['compound_total']);
    expect(diff.extra).toEqual(['legacy_1']);
    expect(diff.conflicting).toEqual(['openid_1', 'flip_1']);
  });

  it('is empty when the cloud matches the declarations', () => {
    const declared = [ix('a_b', [['a', 1], ['b', -1]], true)];
    expect(diffIndexes(declared, [cloud('a_b', [['a', '1'], ['b', '-1']], true)])).toEqual({ create: [], extra: [], conflicting: [] });
  });
});

describe('npm run deploy (CLI)', () => {
  const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  // no credentials at all, and any attempt to reach the network would go to a closed port
  const bareEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', http_proxy: 'http://127.0.0.1:9', https_proxy: 'http://127.0.0.1:9' };

  it('--dry-run prints every function, collection, index and rule without credentials', async () => {
    const { stdout } = await run(tsx, ['tools/deploy.ts', '--dry-run'], { cwd: ROOT, env: bareEnv });
    expect(stdout).toContain('{{env.ENV_ID}}');
    for (const name of functionNames(path.join(ROOT, 'cloudfunctions'))) expect(stdout).toMatch(new RegExp(`^  ${name}: Nodejs`, 'm'));
    for (const decl of declarations) {
      expect(stdout).toMatch(new RegExp(`^  ${decl.name}:$`, 'm'));
      for (const index of decl.indexes) expect(stdout).toContain(`index ${index.name} {`);
    }
  }, 60_000);

  it('refuses a real run without credentials, naming each missing variable', async () => {
    const failed = run(tsx, ['tools/deploy.ts'], { cwd: ROOT, env: bareEnv });
    await expect(failed).rejects.toMatchObject({ code: 1 });
    const { stderr } = (await failed.catch((e: { stderr: string }) => e)) as { stderr: string };
    for (const name of ['ENV_ID', 'TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY']) expect(stderr).toContain(`缺少 ${name}`);
  }, 60_000);
});

/**
 * Deploys the cloud functions and the database declarations to a real CloudBase environment.
 *
 *   ENV_ID=… TENCENTCLOUD_SECRETID=… TENCENTCLOUD_SECRETKEY=… npm run deploy
 *   npm run deploy -- --dry-run     print the plan; needs no credentials and no network
 *
 * Steps: validate cloudbaserc.json against the function folders and load database/*.json, build the
 * bundles, then through @cloudbase/manager-node create/update each function and create missing
 * collections and indexes and set every collection's security rule (see tools/deploy/apply.ts).
 */
import path from 'node:path';
import { buildFunctions, functionNames } from './build-functions';
import { loadDeclarations } from './localcloud/db/declarations';
import { applyPlan } from './deploy/apply';
import { functionConfigProblems, functionListProblems, loadCloudbaserc } from './deploy/cloudbaserc';
import { dryRunEnvId, readDeployEnv } from './deploy/env';
import { buildPlan, formatPlan, type DeployPlan } from './deploy/plan';

const ROOT = path.resolve(__dirname, '..');

/** Reads and cross-checks the declarations; envId is only a label here. */
export function planFromRepo(root: string, envId: string): DeployPlan {
  const rc = loadCloudbaserc(root);
  const functionRoot = path.join(root, rc.functionRoot);
  const problems = functionListProblems(rc, functionNames(functionRoot));
  if (!problems.length) problems.push(...functionConfigProblems(rc, functionRoot));
  if (problems.length) throw new Error(`cloudbaserc.json 与函数目录不一致 / out of sync:\n  ${problems.join('\n  ')}`);
  return buildPlan({ root, envId, rc, declarations: loadDeclarations(path.join(root, 'database')) });
}

async function main(): Promise<number> {
  if (process.argv.includes('--dry-run')) {
    console.log('【演练 / dry run】不连网、不需要密钥 / no network, no credentials\n');
    console.log(formatPlan(planFromRepo(ROOT, dryRunEnvId())));
    return 0;
  }
  const env = readDeployEnv();
  const plan = planFromRepo(ROOT, env.ENV_ID);
  console.log(formatPlan(plan), '\n');

  for (const f of await buildFunctions()) console.log(`构建 / built ${f.name}: ${(f.bytes / 1024).toFixed(1)} KB`);
  // loaded only for a real run: it takes seconds to require
  const { default: CloudBase } = await import('@cloudbase/manager-node');
  const app = new CloudBase({
    envId: env.ENV_ID,
    secretId: env.TENCENTCLOUD_SECRETID,
    secretKey: env.TENCENTCLOUD_SECRETKEY,
    token: env.TENCENTCLOUD_SESSIONTOKEN,
    region: env.TCB_REGION,
  });
  const report = await applyPlan(app, plan, (line) => console.log(line));

  const conflicts = report.collections.filter((c) => c.conflictingIndexes.length);
  console.log(`\n部署完成 / deployed: ${report.functions.length} 个函数, ${report.collections.length} 个集合`);
  if (conflicts.length) {
    console.error(`有索引与声明冲突，未自动处理 / conflicting indexes left as they are: ${conflicts.map((c) => c.name).join(', ')}`);
    return 1;
  }
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`部署失败 / deploy failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}

/**
 * Executes a DeployPlan against a real CloudBase environment through @cloudbase/manager-node (the
 * library the official CLI is built on). Idempotent: collections and indexes are created only when
 * missing, rules set every time, functions created or updated (`force`). Never drops anything.
 * Collections go first so new function code never meets a missing collection.
 */
import { existsSync } from 'node:fs';
import type CloudBase from '@cloudbase/manager-node';
import { diffIndexes, type CollectionStep, type DeployPlan, type FunctionStep } from './plan';

export interface CollectionReport {
  name: string;
  created: boolean;
  createdIndexes: string[];
  extraIndexes: string[];
  conflictingIndexes: string[];
}

export interface DeployReport {
  functions: string[];
  collections: CollectionReport[];
}

type Log = (line: string) => void;

export async function applyPlan(app: CloudBase, plan: DeployPlan, log: Log): Promise<DeployReport> {
  const missing = plan.functions.filter((f) => !existsSync(f.bundle)).map((f) => f.bundle);
  if (missing.length) throw new Error(`找不到函数包 / bundle missing (先 npm run build:functions):\n  ${missing.join('\n  ')}`);

  const report: DeployReport = { functions: [], collections: [] };
  for (const step of plan.collections) report.collections.push(await applyCollection(app, step, log));
  for (const step of plan.functions) report.functions.push(await deployFunction(app, step, log));
  return report;
}

async function deployFunction(app: CloudBase, step: FunctionStep, log: Log): Promise<string> {
  // CloudBase replaces a function's env variables as a whole: keep those set by hand in the console
  // (e.g. secrets that must not live in the repo) and let the declared ones win.
  const inCloud = await cloudEnvVariables(app, step.name);
  const declared = step.params.func.envVariables ?? {};
  const kept = Object.keys(inCloud).filter((key) => !(key in declared));
  if (kept.length) log(`[函数 ${step.name}] 保留控制台设置的环境变量 / keeping console env variables: ${kept.join(', ')}`);

  log(`[函数 ${step.name}] 上传并更新配置 / uploading…`);
  await app.functions.createFunction({ ...step.params, func: { ...step.params.func, envVariables: { ...inCloud, ...declared } } });
  log(`[函数 ${step.name}] 完成 / done`);
  return step.name;
}

/** The function's current env variables, or none when it does not exist yet. */
async function cloudEnvVariables(app: CloudBase, name: string): Promise<Record<string, string>> {
  try {
    const detail = await app.functions.getFunctionDetail(name);
    return Object.fromEntries((detail.Environment?.Variables ?? []).map((v) => [v.Key, v.Value]));
  } catch (err) {
    if (String((err as { code?: unknown }).code).startsWith('ResourceNotFound')) return {};
    throw err;
  }
}

async function applyCollection(app: CloudBase, step: CollectionStep, log: Log): Promise<CollectionReport> {
  const { IsCreated } = await app.database.createCollectionIfNotExists(step.name);
  log(`[集合 ${step.name}] ${IsCreated ? '已创建 / created' : '已存在 / exists'}`);

  const { Indexes = [] } = await app.database.describeCollection(step.name);
  const diff = diffIndexes(step.indexes, Indexes);
  if (diff.create.length) {
    await app.database.updateCollection(step.name, { CreateIndexes: diff.create });
    log(`[集合 ${step.name}] 新建索引 / created indexes: ${diff.create.map((i) => i.IndexName).join(', ')}`);
  }
  if (diff.extra.length) {
    log(`[集合 ${step.name}] 云端有未声明的索引（未删除）/ undeclared indexes kept: ${diff.extra.join(', ')}`);
  }
  if (diff.conflicting.length) {
    log(
      `[集合 ${step.name}] 同名索引的字段或唯一性与声明不同，需人工在控制台删除后重跑 / ` +
        `index differs from its declaration, drop it in the console and re-run: ${diff.conflicting.join(', ')}`,
    );
  }

  await app.commonService().call(step.securityRule);
  log(`[集合 ${step.name}] 安全规则 / rule: ${step.securityRule.Param.Rule}`);
  return {
    name: step.name,
    created: IsCreated,
    createdIndexes: diff.create.map((i) => i.IndexName),
    extraIndexes: diff.extra,
    conflictingIndexes: diff.conflicting,
  };
}

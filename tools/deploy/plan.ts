/**
 * The deploy plan: pure functions from our declarations (cloudbaserc.json, database/*.json) to the
 * exact arguments of @cloudbase/manager-node's calls, so the plan can be printed (`--dry-run`) and
 * tested without credentials or network, and apply.ts only executes it.
 */
import { join, resolve } from 'node:path';
import type { ICreateFunctionParam } from '@cloudbase/manager-node/types/function';
import type { CreateIndex, IndexInfo } from '@cloudbase/manager-node/types/interfaces';
import type { CollectionDeclaration, IndexDeclaration } from '../localcloud/db/declarations';
import type { Cloudbaserc } from './cloudbaserc';

/** Applied when a declaration has no `rules`: clients may neither read nor write (functions still can). */
export const DENY_ALL_RULES = { read: false, write: false } as const;

export interface FunctionStep {
  name: string;
  /** the esbuild bundle that must exist before upload */
  bundle: string;
  /** argument of `app.functions.createFunction`: creates, or with `force` updates code + config */
  params: ICreateFunctionParam;
}

/** Argument of `app.commonService().call(…)`: the tcb `ModifySafeRule` action, as the CloudBase CLI's MCP tool calls it. */
export interface SafeRuleCall {
  Action: 'ModifySafeRule';
  Param: { EnvId: string; CollectionName: string; AclTag: 'CUSTOM'; Rule: string };
}

export interface CollectionStep {
  name: string;
  /** entries of `app.database.updateCollection(name, { CreateIndexes })`; `_id` is implicit */
  indexes: CreateIndex[];
  securityRule: SafeRuleCall;
  /** true when the declaration had no `rules` and DENY_ALL_RULES were used */
  defaultedRules: boolean;
}

export interface DeployPlan {
  envId: string;
  functions: FunctionStep[];
  collections: CollectionStep[];
}

export interface PlanInput {
  root: string;
  envId: string;
  rc: Cloudbaserc;
  declarations: readonly CollectionDeclaration[];
}

export function buildPlan({ root, envId, rc, declarations }: PlanInput): DeployPlan {
  const functionRootPath = resolve(root, rc.functionRoot);
  return {
    envId,
    functions: rc.functions.map((func) => ({
      name: func.name,
      bundle: join(functionRootPath, func.name, 'index.js'),
      // zip: the bundle goes inline as base64 (≤ 1.5 MB zipped), no temporary COS upload
      params: { func, functionRootPath, force: true, deployMode: 'zip' },
    })),
    collections: declarations.map((decl) => ({
      name: decl.name,
      indexes: decl.indexes.map(toCreateIndex),
      securityRule: {
        Action: 'ModifySafeRule',
        Param: { EnvId: envId, CollectionName: decl.name, AclTag: 'CUSTOM', Rule: JSON.stringify(decl.rules ?? DENY_ALL_RULES) },
      },
      defaultedRules: decl.rules === undefined,
    })),
  };
}

export function toCreateIndex(index: IndexDeclaration): CreateIndex {
  return {
    IndexName: index.name,
    MgoKeySchema: {
      MgoIndexKeys: index.keys.map((k) => ({ Name: k.field, Direction: String(k.direction) })),
      MgoIsUnique: index.unique,
    },
  };
}

export interface IndexDiff {
  /** declared and missing: to create */
  create: CreateIndex[];
  /** in the cloud, not declared: reported, never dropped */
  extra: string[];
  /** same name, different keys or uniqueness: needs a person to decide (drop + recreate) */
  conflicting: string[];
}

/** Compares declared indexes with `describeCollection(name).Indexes`; the built-in `_id_` is ignored. */
export function diffIndexes(declared: readonly CreateIndex[], existing: readonly IndexInfo[]): IndexDiff {
  const cloud = new Map(existing.filter((ix) => ix.Name !== '_id_').map((ix) => [ix.Name, ix]));
  const diff: IndexDiff = { create: [], extra: [], conflicting: [] };
  for (const want of declared) {
    const have = cloud.get(want.IndexName);
    if (!have) diff.create.push(want);
    else if (!sameIndex(want, have)) diff.conflicting.push(want.IndexName);
    cloud.delete(want.IndexName);
  }
  diff.extra = [...cloud.keys()].sort();
  return diff;
}

function sameIndex(want: CreateIndex, have: IndexInfo): boolean {
  const wantKeys = want.MgoKeySchema.MgoIndexKeys;
  const haveKeys = have.Keys ?? [];
  return (
    Boolean(have.Unique) === want.MgoKeySchema.MgoIsUnique &&
    wantKeys.length === haveKeys.length &&
    wantKeys.every((k, i) => k.Name === haveKeys[i].Name && k.Direction === String(haveKeys[i].Direction))
  );
}

/** Human-readable plan for `--dry-run` (and the start of a real run). */
export function formatPlan(plan: DeployPlan): string {
  const lines = [`环境 / env: ${plan.envId}`, '', `云函数 / functions (${plan.functions.length}):`];
  for (const { name, bundle, params } of plan.functions) {
    const f = params.func;
    lines.push(
      `  ${name}: ${f.runtime}, ${f.handler}, 超时 ${f.timeout}s, 内存 ${f.memorySize}MB, installDependency=${f.installDependency}`,
      `    代码 / code: ${bundle}（上传方式 ${params.deployMode}，忽略 ${[f.ignore ?? []].flat().join(' ')}）`,
    );
  }
  lines.push('', `集合 / collections (${plan.collections.length}):`);
  for (const c of plan.collections) {
    lines.push(`  ${c.name}:`);
    for (const ix of c.indexes) {
      const keys = ix.MgoKeySchema.MgoIndexKeys.map((k) => `${k.Name}:${k.Direction}`).join(', ');
      lines.push(`    索引 / index ${ix.IndexName} { ${keys} }${ix.MgoKeySchema.MgoIsUnique ? ' unique' : ''}`);
    }
    if (c.indexes.length === 0) lines.push('    索引 / index: 仅 _id');
    lines.push(`    安全规则 / rule: ${c.securityRule.Param.Rule}${c.defaultedRules ? '（未声明，默认拒绝客户端读写）' : ''}`);
  }
  return lines.join('\n');
}

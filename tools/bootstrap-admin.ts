/**
 * `npm run bootstrap [-- --name 姓名] [--days 7] [--force] [<admin url>]`: the first administrator of
 * an empty deployment. Writes one 管理员 invite (no community yet: the administrator creates one in
 * the app) and prints its code; whoever enters it in 我的 → 输入邀请码 becomes the administrator.
 *
 * Local cloud: default http://127.0.0.1:8787/admin (or BOOTSTRAP_URL). A real environment: set
 * ENV_ID, TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY (TENCENTCLOUD_SESSIONTOKEN, TCB_REGION
 * as for deploy). Refuses when an administrator exists already, unless --force.
 */
import { randomBytes } from 'node:crypto';
import tcb from '@cloudbase/node-sdk';
import { INVITE_DEFAULT_DAYS, INVITE_MAX_DAYS, inviteExpiry } from '../core/domain/account/invites';
import { newInviteCode } from '../core/domain/account/invite-code';
import { inviteDoc, type InviteDoc } from '../core/domain/account/model';
import { COLLECTIONS } from '../cloudfunctions/lib/collections';
import { readDeployEnv } from './deploy/env';
import { adminApp, type CloudbaseApp } from './localcloud/sdk';

export interface BootstrapOptions {
  /** the administrator's name, shown once they use the code (else they enter it) */
  name?: string;
  days?: number;
  /** write an invite even though an administrator exists */
  force?: boolean;
  now?: Date;
}

/** The invite written, or null when an administrator exists and `force` is off. */
export async function bootstrapAdmin(app: CloudbaseApp, options: BootstrapOptions = {}): Promise<InviteDoc | null> {
  const db = app.database();
  if (!options.force) {
    const { data } = await db.collection(COLLECTIONS.persons).where({ 'roles.role': 'admin' }).limit(1).get();
    if (data.length) return null;
  }
  const days = options.days ?? INVITE_DEFAULT_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > INVITE_MAX_DAYS) throw new Error(`有效天数应为 1 到 ${INVITE_MAX_DAYS} 的整数`);
  const now = options.now ?? new Date();
  const invite = inviteDoc.parse({
    _id: `iv_bootstrap_${randomBytes(8).toString('hex')}`,
    communityId: null,
    code: newInviteCode((n) => randomBytes(n)),
    role: 'admin',
    scope: { communityIds: [] },
    scopeLabel: '（尚未创建社区）',
    name: options.name ?? null,
    createdBy: { id: 'bootstrap', name: '初始化脚本' },
    createdAt: now.toISOString(),
    expiresAt: inviteExpiry(now, days).toISOString(),
    status: 'open',
    usedBy: null,
    revokedBy: null,
    qrFileID: null,
    idempotencyKey: 'bootstrap',
    fingerprint: 'bootstrap',
    rev: 0,
  });
  const { _id, ...fields } = invite;
  await db.collection(COLLECTIONS.invites).add({ _id, ...fields });
  return invite;
}

function realApp(): CloudbaseApp {
  const env = readDeployEnv();
  return tcb.init({
    env: env.ENV_ID,
    secretId: env.TENCENTCLOUD_SECRETID,
    secretKey: env.TENCENTCLOUD_SECRETKEY,
    ...(env.TENCENTCLOUD_SESSIONTOKEN ? { sessionToken: env.TENCENTCLOUD_SESSIONTOKEN } : {}),
    ...(env.TCB_REGION ? { region: env.TCB_REGION } : {}),
  } as Parameters<typeof tcb.init>[0]);
}

function arg(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
}

async function main(): Promise<void> {
  const url = process.argv.slice(2).find((a, i, all) => !a.startsWith('--') && !all[i - 1]?.match(/^--(name|days)$/));
  const real = Boolean(process.env.ENV_ID);
  const where = real ? `云开发环境 ${process.env.ENV_ID}` : (url ?? process.env.BOOTSTRAP_URL ?? 'http://127.0.0.1:8787/admin');
  const app = real ? realApp() : adminApp(where);
  const days = arg('days') ? Number(arg('days')) : undefined;
  const invite = await bootstrapAdmin(app, { name: arg('name'), days, force: process.argv.includes('--force') });
  if (!invite) {
    console.log(`${where} 已有管理员，未写入邀请（确需再邀请一位，请加 --force，或由现有管理员在小程序里邀请）`);
    return;
  }
  console.log(`已写入管理员邀请：${where}`);
  console.log(`邀请码：${invite.code}（${new Date(invite.expiresAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })} 前有效，只能使用一次）`);
  console.log('请在小程序「我的」→「输入邀请码」中输入，成为管理员后先创建社区。');
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error('写入管理员邀请失败：', err instanceof Error ? err.message : err);
    process.exit(1);
  });
}

/**
 * `npm start`: build what is missing, start the local cloud with the dev gateway, seed demo data
 * into an empty database, and serve the H5 app at http://127.0.0.1:8787 (PORT overrides).
 * `-- --no-seed` leaves an empty database empty, as a new deployment is (README: a community's first day).
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startLocalCloud, REPO_ROOT } from './localcloud/server';
import { buildFunctions } from './build-functions';
import { seedDemo } from './seed/seed';
import { seedShowcase } from './seed/showcase';
import { adminApp } from './localcloud/sdk';

const rebuild = process.argv.includes('--rebuild');
const seed = !process.argv.includes('--no-seed');
const port = Number(process.env.PORT ?? 8787);
const dataDir = path.resolve(process.env.LOCALCLOUD_DATA ?? path.join(REPO_ROOT, '.localcloud'));
const h5Dir = path.join(REPO_ROOT, 'dist-h5');

async function main(): Promise<void> {
  await buildFunctions();
  if (rebuild || !fs.existsSync(path.join(h5Dir, 'index.html'))) {
    console.log('构建 H5 版本（首次约 20 秒）…');
    execFileSync('npm', ['run', '--silent', 'build:h5'], { cwd: REPO_ROOT, stdio: 'inherit' });
  }
  const cloud = await startLocalCloud({ dataDir, port, devGateway: { h5Dir } });
  if (seed) {
    const seeded = await seedDemo(adminApp(cloud.adminUrl));
    console.log(seeded ? '已写入演示数据' : '数据库已有数据，未重复写入演示数据');
    if (seeded) {
      await seedShowcase(cloud);
      console.log('已写入演示公告、心愿和活动');
    }
  } else {
    console.log('未写入演示数据（--no-seed）：用 npm run bootstrap 生成第一位管理员的邀请码');
  }
  console.log(`红邻本地版已启动: ${cloud.url}  (数据目录 ${path.relative(REPO_ROOT, dataDir) || dataDir})`);
  const stop = () => void cloud.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

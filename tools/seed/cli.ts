/**
 * `npm run seed [-- <admin url>]`: seeds the demo data into a running local cloud
 * (default http://127.0.0.1:8787/admin, or SEED_URL).
 */
import { adminApp } from '../localcloud/sdk';
import { seedDemo } from './seed';

async function main(): Promise<void> {
  const url = process.argv[2] ?? process.env.SEED_URL ?? 'http://127.0.0.1:8787/admin';
  const seeded = await seedDemo(adminApp(url));
  console.log(seeded ? `已写入演示数据：${url}` : `数据库已有数据，未重复写入：${url}`);
}

main().catch((err: unknown) => {
  console.error('写入演示数据失败：', err instanceof Error ? err.message : err);
  process.exit(1);
});

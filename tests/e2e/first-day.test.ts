/**
 * A community's first day, in Chromium against an EMPTY local cloud (no demo data) and the H5 build,
 * all through the app as the README tells it: the first administrator's invite comes from
 * `tools/bootstrap-admin.ts`; a new WeChat user enters it on 输入邀请码; the administrator creates the
 * community, its compound and party branch (组织架构), imports the template files shipped under
 * `tools/seed/templates/` (名册导入: preview, then import), invites a secretary and a Red Neighbor
 * Leader (邀请码: a code and a mini-program code that decodes to the join page); they join with their
 * codes; a resident listed on the imported roster binds to their home and is bound at once.
 * Screenshots of every step: test-output/first-day/. Needs `npm run build:h5` and /usr/bin/chromium.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import jsQR from 'jsqr';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { seededBrowser } from './browser';

const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, 'test-output/first-day');
const TEMPLATES = path.join(ROOT, 'tools/seed/templates');

jest.setTimeout(300_000);
const session = seededBrowser({ seed: false });

let shots = 0;
async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  await page.waitForTimeout(300); // let a page's slide-in finish before the picture
  await page.screenshot({ path: path.join(OUT, `${String(++shots).padStart(2, '0')}-${name}.png`) });
}

/** `npm run bootstrap -- <admin url>`: the one-time administrator invite code it prints */
function bootstrapAdmin(adminUrl: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['tools/bootstrap-admin.ts', adminUrl], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const found = /邀请码：([A-Z0-9]+)/.exec(output);
      if (code === 0 && found) resolve(found[1]);
      else reject(new Error(`bootstrap-admin exited ${code}:\n${output}`));
    });
  });
}

/** a new WeChat user, as the dev login's 以新的微信用户进入 makes one */
async function newWeChatUser(page: Page, openid: string): Promise<void> {
  await page.goto(`${session.cloud.url}/`);
  await page.getByLabel('新微信用户的标识').fill(openid);
  await page.getByRole('button', { name: '以此身份进入' }).click();
  await page.waitForURL(/\/app\//);
}

const visible = (page: Page, text: string | RegExp) => page.getByText(text).locator('visible=true').first();
const button = (page: Page, name: string | RegExp) => page.getByRole('button', { name }).locator('visible=true').first();
/** a text field by its accessible name (the native input inside Taro's) */
const field = (page: Page, name: string) => page.locator(`input[aria-label="${name}"], textarea[aria-label="${name}"]`).locator('visible=true').first();

/** a big row that opens another page (服务's entries), by its title */
const entry = (page: Page, title: string) => page.locator('.entry__title', { hasText: new RegExp(`^${title}$`) }).locator('visible=true').first();
const tab = (page: Page, name: string) => page.locator('.weui-tabbar__item', { hasText: name }).first();

/** a native picker (Taro's H5 picker): open it by its label, tap the option, confirm; a single option is chosen by the page itself */
async function choose(page: Page, label: string, option: string): Promise<void> {
  const picker = button(page, new RegExp(`^${label}：`));
  await picker.waitFor();
  await page.waitForFunction(
    ([el, want]) => !/正在加载/.test(el?.getAttribute('aria-label') ?? '') || (el?.getAttribute('aria-label') ?? '').includes(want),
    [await picker.elementHandle(), option] as const,
  );
  if ((await picker.getAttribute('aria-label'))?.startsWith(`${label}：${option}`)) return;
  await picker.click();
  const confirm = page.locator('.weui-picker__action', { hasText: '确定' }).locator('visible=true').first();
  await confirm.waitFor();
  await page.waitForTimeout(400); // it slides up from the bottom
  // the picker reads where the press lands (its mask and indicator lie over the items)
  await page.locator('.weui-picker__item', { hasText: option }).locator('visible=true').first().click({ force: true });
  await confirm.click();
  await button(page, new RegExp(`^${label}：${option}`)).waitFor();
}

/** the code on the join page, entered as the invitee would (their name too, unless the invite has it) */
async function join(page: Page, code: string, name: string | null): Promise<void> {
  await visible(page, '还没有绑定身份').waitFor();
  await button(page, '输入邀请码').click();
  await field(page, '邀请码').fill(code);
  if (name) await field(page, '你的姓名').fill(name);
  await button(page, '确认使用').click();
  await visible(page, '邀请码已生效').waitFor();
}

/** 名册导入: one template file, previewed (no problem found) and imported */
async function importTemplate(page: Page, kind: string): Promise<string> {
  await button(page, kind).click();
  const chooser = page.waitForEvent('filechooser');
  await button(page, '选择 Excel 文件').click();
  await (await chooser).setFiles(path.join(TEMPLATES, `${kind}导入模板.xlsx`));
  await visible(page, /^共 \d+ 行$/).waitFor();
  const preview = await page.locator('body').innerText();
  expect(preview).not.toContain('处问题');
  await shot(page, `import-${kind}-preview`);
  await button(page, '确认导入').click();
  await page.getByText('导入', { exact: true }).locator('visible=true').last().click(); // the confirmation dialog
  await visible(page, '已导入').waitFor();
  return preview;
}

/** 邀请码: a new invite for `role`, its code, and what its mini-program code says when scanned */
async function invite(page: Page, role: string, target: (page: Page) => Promise<void>, name: string): Promise<{ code: string; scanned: string }> {
  const created = page.locator('.invite__code').locator('visible=true');
  const before = (await created.count()) ? (await created.first().innerText()).trim() : null;
  await button(page, role).click();
  await target(page);
  await field(page, '对方姓名').fill(name);
  await button(page, '生成邀请码').click();
  await page.waitForFunction((old) => {
    const shown = Array.from(document.querySelectorAll('.invite__code'), (el) => el as HTMLElement).map((el) => el.innerText.trim()).filter(Boolean);
    return shown.length > 0 && shown[0] !== old;
  }, before);
  const code = (await created.first().innerText()).trim();
  await created.first().scrollIntoViewIfNeeded();
  const img = page.locator('.invite__qr img').locator('visible=true').first();
  await page.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await img.elementHandle());
  const image = await fetch((await img.getAttribute('src'))!);
  const png = PNG.sync.read(Buffer.from(await image.arrayBuffer()));
  const scanned = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? '';
  return { code, scanned };
}

test("a community's first day: bootstrap, join, create, import, invite, join, bind", async () => {
  const page = await session.context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));

  // 1. the deployment has no one: the bootstrap script prints the first administrator's code
  const adminCode = await bootstrapAdmin(`${session.cloud.url}/admin`);
  expect(adminCode).toMatch(/^[A-Z0-9]{8}$/);

  // 2. a new WeChat user opens the app: no dead end, two ways in
  await newWeChatUser(page, 'day1-admin');
  await visible(page, '还没有绑定身份').waitFor();
  await shot(page, 'newcomer-home');
  await join(page, adminCode, '周建华');
  expect(await page.locator('body').innerText()).toContain('你现在是管理员');
  await shot(page, 'admin-joined');

  // 3. the administrator creates the community (服务 → 组织架构)
  await button(page, '回到首页').click();
  await tab(page, '服务').click();
  await entry(page, '组织架构').click();
  await field(page, '社区名称').fill('幸福里社区');
  await field(page, '所属区县、街道').fill('滨江区长河街道');
  await shot(page, 'create-community');
  await button(page, '创建社区').click();
  await visible(page, '还没有小区，点“新建小区”开始').waitFor();

  // 4. its compound and party branch, named as the templates name them
  await button(page, '新建小区').click();
  await field(page, '小区名称').fill('和平小区');
  await field(page, '物业公司名称').fill('长河物业服务有限公司');
  await field(page, '物业服务电话').fill('0571-86001234');
  await shot(page, 'new-compound');
  await button(page, '保存').click();
  await visible(page, '和平小区').waitFor();
  await button(page, '党支部').click();
  await button(page, '新建支部').click();
  await field(page, '支部名称').fill('和平小区党支部');
  await button(page, '和平小区').click();
  await button(page, '保存').click();
  await visible(page, '和平小区党支部').waitFor();
  await shot(page, 'org-branch');

  // 5. the template files, each previewed and imported (服务 → 名册导入导出)
  await page.goBack();
  await entry(page, '名册导入导出').click();
  await shot(page, 'import-page');
  const households = await importTemplate(page, '楼栋房屋');
  expect(households).toContain('共 3 行');
  await shot(page, 'import-楼栋房屋-done');
  expect(await importTemplate(page, '住户名册')).toContain('共 3 行');
  expect(await importTemplate(page, '党员名册')).toContain('共 2 行');
  expect(await importTemplate(page, '包联单位')).toContain('共 1 行');
  await shot(page, 'import-done');

  // 6. invites: the branch's secretary, and a Red Neighbor Leader for 1号楼 (服务 → 邀请码)
  await page.goBack();
  await entry(page, '邀请码').click();
  const secretary = await invite(page, '小区党支部书记', (p) => choose(p, '党支部', '和平小区党支部'), '刘卫东');
  await shot(page, 'invite-secretary');
  const leader = await invite(
    page,
    '红色近邻长',
    async (p) => {
      await choose(p, '小区', '和平小区');
      await p.getByRole('checkbox', { name: '1号楼' }).locator('visible=true').first().click();
    },
    '王建国',
  );
  await shot(page, 'invite-leader');
  expect(secretary.code).toMatch(/^[A-Z0-9]{8}$/);
  expect(leader.code).not.toBe(secretary.code);
  // the mini-program code opens the join page with the invite's code in its scene (the develop version locally)
  const joinPage = 'packages/public/pages/join/index';
  expect(secretary.scanned).toBe(`localcloud-wxacode://wx00000000000devapp/${joinPage}?scene=${encodeURIComponent(`i=${secretary.code}`)}&env_version=develop`);
  expect(leader.scanned).toContain(encodeURIComponent(`i=${leader.code}`));

  // 7. the secretary types the code; the leader "scans": WeChat opens the join page with the scene
  await newWeChatUser(page, 'day1-secretary');
  await join(page, secretary.code, null);
  expect(await page.locator('body').innerText()).toContain('你现在是小区党支部书记');
  await shot(page, 'secretary-joined');
  await newWeChatUser(page, 'day1-leader');
  const scene = new URL(leader.scanned.replace('localcloud-wxacode://', 'http://')).searchParams.get('scene')!;
  await page.goto(`${session.cloud.url}/app/#/${joinPage}?scene=${encodeURIComponent(scene)}`);
  await field(page, '邀请码').waitFor();
  expect(await field(page, '邀请码').inputValue()).toBe(leader.code);
  await shot(page, 'leader-scanned');
  await button(page, '确认使用').click();
  await visible(page, '邀请码已生效').waitFor();
  expect(await page.locator('body').innerText()).toContain('你现在是红色近邻长');
  await shot(page, 'leader-joined');

  // 8. a resident listed on the imported roster (住户名册: 张晓明, 1号楼1单元101) binds and is bound at once
  await newWeChatUser(page, 'day1-resident');
  await visible(page, '还没有绑定身份').waitFor();
  await button(page, '绑定房屋').click();
  await choose(page, '社区', '幸福里社区');
  await choose(page, '小区', '和平小区');
  await choose(page, '楼栋', '1号楼');
  await choose(page, '单元', '1单元');
  await choose(page, '房号', '101');
  await field(page, '姓名').fill('张晓明');
  await field(page, '手机号').fill('13800001001');
  await shot(page, 'resident-bind');
  await button(page, '提交绑定').click();
  await visible(page, '绑定成功').waitFor();
  const bound = await page.locator('body').innerText();
  expect(bound).toContain('和平小区 1号楼1单元101');
  expect(bound).toContain('已直接绑定');
  await shot(page, 'resident-bound');

  // 9. their board (公示牌) shows who serves them: the branch and its secretary, the leader of 1号楼
  await button(page, '查看本小区公示牌').click();
  await visible(page, '和平小区党支部').waitFor();
  const board = await page.locator('body').innerText();
  expect(board).toContain('刘卫东');
  expect(board).toContain('王建国');
  expect(board).not.toMatch(/1[3-9]\d{9}/);
  await shot(page, 'resident-board');

  expect(problems).toEqual([]);
});

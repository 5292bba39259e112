/**
 * @jest-environment jsdom
 *
 * Staff's notice pages on the compiled weapp build (dist/) in miniprogram-simulate, against the real
 * `notices` function on a seeded local cloud: a notice written in the editor (title, a bold paragraph)
 * and published, as the server then holds it; 公告管理 lists a draft with its state and opens it.
 */
import type { ActionOutput } from '../../core/contracts/index';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { seededHarnesses, waitFor, type SimNode } from './harness';

jest.setTimeout(60_000);
const seeded = seededHarnesses();
const { harnessAs } = seeded;
const TITLE = '楼道堆物清理通知';

async function direct<A extends 'notices.list' | 'notices.get' | 'notices.save'>(action: A, data: object): Promise<ActionOutput<A>> {
  const res = (await seeded.cloud.invoke('notices', { action, data }, P.staff)) as { ok: boolean; data: ActionOutput<A> };
  if (!res.ok) throw new Error(`${action}: ${JSON.stringify(res)}`);
  return res.data;
}

/** the innermost node matching `selector` whose text contains `text` */
function find(root: SimNode, selector: string, text: string): SimNode {
  const all = root.querySelectorAll(selector).filter((n) => n.dom.textContent?.includes(text));
  if (!all.length) throw new Error(`no ${selector} with ${text}; the page shows: ${root.dom.textContent?.slice(0, 400)}`);
  return all[all.length - 1];
}

test('编辑公告: written and published in the editor, held by the server as written', async () => {
  const h = harnessAs(P.staff);
  const page = await h.loadPage('packages/staff/pages/notice-edit/index');
  await page.waitForText('发给谁');
  find(page.root, '.btn', '发布').dispatchEvent('tap');
  await page.waitForText('请填写标题');

  page.root.querySelector('.pt-input')!.dispatchEvent('input', { detail: { value: TITLE } });
  await page.waitForText('8/32');
  find(page.root, '.ne-tool', '＋段落').dispatchEvent('tap');
  await page.waitForText('第 1 段 · 段落');
  // the digest's textarea comes first, then the paragraph's
  page.root.querySelectorAll('.pt-textarea')[1].dispatchEvent('input', { detail: { value: '请各位住户本周日前清理楼道里的杂物。' } });
  find(page.root, '.ne-tool', '加粗').dispatchEvent('tap');
  await waitFor(() => page.root.querySelector('.ne-tool--on'), 'the bold toggle on');
  find(page.root, '.btn', '发布').dispatchEvent('tap');
  await page.waitForText('状态：已发布');
  expect(page.text()).toContain('已读');

  const id = (await direct('notices.list', { view: 'staff' })).items.find((n) => n.title === TITLE)!.id;
  expect(await direct('notices.get', { id })).toMatchObject({
    state: 'published',
    blocks: [{ type: 'paragraph', runs: [{ text: '请各位住户本周日前清理楼道里的杂物。', bold: true }] }],
    staff: { scope: { kind: 'community' } },
  });
  page.close();
});

test('公告管理: a draft with its state; a tap opens it in the editor', async () => {
  const { id } = await direct('notices.save', {
    idempotencyKey: 'weapp-staff-nt-1',
    category: 'policy',
    title: '养老服务补贴申请说明',
    blocks: [{ type: 'paragraph', runs: [{ text: '80 岁以上老人可申请养老服务补贴。' }] }],
    scope: { kind: 'community' },
  });
  const h = harnessAs(P.staff);
  const page = await h.loadPage('packages/staff/pages/notices/index');
  await page.waitForText('养老服务补贴申请说明');
  const row = find(page.root, '.nt-row', '养老服务补贴申请说明');
  expect(row.dom.textContent).toContain('草稿');
  expect(row.dom.textContent).toContain('政策信息');
  row.dispatchEvent('tap');
  await waitFor(() => h.wxCalls.find((c) => c.api === 'navigateTo' && c.options.url === `/packages/staff/pages/notice-edit/index?id=${id}`), 'navigateTo the editor');
  page.close();
});

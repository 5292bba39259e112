/**
 * Staff's notice pages in jsdom against the real `notices` function on a seeded local cloud: a notice
 * written in the editor (blocks added, moved and made bold, a scope of one role) and published, as the
 * server then holds it; the form's Chinese messages (before sending, and the server's about a block);
 * scopes of chosen compounds and of a grid picked under its compound;
 * a held notice approved by a second staff member; withdrawal after a confirm; the list with its
 * category filter opening a notice.
 */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { ActionInput, ActionName, ActionOutput } from '@core/contracts/index';
import NoticeEdit from '../../src/packages/staff/pages/notice-edit/index';
import StaffNotices from '../../src/packages/staff/pages/notices/index';
import { renderPage } from './render-page';
import { typeInto, pickFirst, confirmDialogs } from './controls';
import { seededH5Session } from './seeded-session';

jest.setTimeout(60_000);
const session = seededH5Session();
const { as } = session;
const EDIT = '/packages/staff/pages/notice-edit/index';

async function direct<A extends Extract<ActionName, `notices.${string}`>>(action: A, data: ActionInput<A>, openid = 'demo-staff'): Promise<ActionOutput<A>> {
  const res = (await session.cloud.invoke('notices', { action, data }, openid)) as { ok: boolean; data: ActionOutput<A> };
  if (!res.ok) throw new Error(`${action} failed: ${JSON.stringify(res)}`);
  return res.data;
}

let seq = 0;
const key = () => `h5-nt-${++seq}-${Date.now()}`;
const saveOne = (title: string) =>
  direct('notices.save', { idempotencyKey: key(), category: 'activity', title, blocks: [{ type: 'paragraph', runs: [{ text: '本周六上午九点在社区广场举办义诊。' }] }], scope: { kind: 'community' } });

const sent = (action: string) => session.gateway.sent.filter((s) => (s.body as { action: string }).action === action);
const button = (name: string | RegExp) => screen.findByRole('button', { name, hidden: true }, { timeout: 20_000 });

describe('编辑公告', () => {
  test('writes a notice block by block and publishes it: the server holds it as written, for the chosen role', async () => {
    as('demo-staff');
    renderPage(NoticeEdit, EDIT);
    await typeInto('标题', '红色近邻长季度例会通知');
    expect(await screen.findByText('11/32')).toBeTruthy();
    fireEvent.click(await button('添加段落'));
    await typeInto('正文第 1 段', '请各位红色近邻长周五下午三点到社区二楼会议室开会。');
    fireEvent.click(await button('添加小标题'));
    await typeInto('第 2 段小标题', '会议安排');
    fireEvent.click(await button('第 2 段上移'));
    fireEvent.click(await button('第 2 段加粗'));
    expect((await button('第 2 段加粗')).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(await button('添加列表'));
    await typeInto('第 3 段列表，每行一项', '汇报本季度走访情况\n\n交流工单办理经验');
    // only the 红色近邻长
    fireEvent.click(screen.getByText('身份', { selector: '.pt-tabs__tab' }));
    fireEvent.click(await button('身份：红色近邻长'));

    fireEvent.click(screen.getByText('发布', { selector: '.btn' }));
    expect(await screen.findByText('状态：已发布', {}, { timeout: 20_000 })).toBeTruthy();
    expect(await screen.findByText('0 人')).toBeTruthy(); // 已读

    const [save] = sent('notices.save').map((s) => (s.body as { data: ActionInput<'notices.save'> }).data);
    const { items } = await direct('notices.list', { view: 'staff' });
    const held = await direct('notices.get', { id: items.find((n) => n.title === '红色近邻长季度例会通知')!.id });
    expect(held).toMatchObject({
      state: 'published',
      category: 'notice',
      blocks: [
        { type: 'heading', text: '会议安排' },
        { type: 'paragraph', runs: [{ text: '请各位红色近邻长周五下午三点到社区二楼会议室开会。', bold: true }] },
        { type: 'list', ordered: false, items: [[{ text: '汇报本季度走访情况' }], [{ text: '交流工单办理经验' }]] },
      ],
      staff: { scope: { kind: 'roles', roles: ['leader'] }, syncToOfficialAccount: false, verdict: 'pass' },
    });
    expect(save.idempotencyKey).toEqual(expect.any(String));
    // a resident is not in the scope; the leader is
    expect((await session.cloud.invoke('notices', { action: 'notices.get', data: { id: held.id } }, 'demo-resident')) as { ok: boolean }).toMatchObject({ ok: false });
    expect(await direct('notices.get', { id: held.id }, 'demo-leader')).toMatchObject({ title: '红色近邻长季度例会通知' });
  });

  test('says what is wrong in Chinese: before sending, and the server’s word about a block', async () => {
    as('demo-staff');
    renderPage(NoticeEdit, EDIT);
    fireEvent.click(await button('添加段落'));
    fireEvent.click(screen.getByText('发布', { selector: '.btn' }));
    expect((await screen.findByRole('alert', { hidden: true })).textContent).toBe('请填写标题');
    await typeInto('标题', '关于做好冬季用电安全和燃气安全的温馨提示以及注意事项说明请大家认真阅读');
    expect(screen.getByText('35/32').className).toContain('ne-count--over');
    fireEvent.click(screen.getByText('保存草稿', { selector: '.btn' }));
    await waitFor(() => expect(screen.getByRole('alert', { hidden: true }).textContent).toBe('标题最多 32 个字（公众号的限制），现在是 35 个字'));
    expect(sent('notices.save')).toHaveLength(0);

    await typeInto('标题', '冬季用电安全提示');
    fireEvent.click(screen.getByText('保存草稿', { selector: '.btn' }));
    // the empty paragraph: refused by the server, named by its place
    await waitFor(() => expect(screen.getByRole('alert', { hidden: true }).textContent).toBe('正文第 1 段：文字不能为空'), { timeout: 10_000 });
    expect(sent('notices.save')).toHaveLength(1);
  });

  test('sends it to chosen compounds, or to grids picked compound by compound', async () => {
    as('demo-staff');
    renderPage(NoticeEdit, EDIT);
    await typeInto('标题', '小区消防通道清理通知');
    fireEvent.click(await button('添加段落'));
    await typeInto('正文第 1 段', '本周五前请把消防通道上的电动车和杂物搬走。');
    /** 保存草稿, then the scope the server holds once this save has landed */
    const savedScope = async (saves: number) => {
      fireEvent.click(screen.getByText('保存草稿', { selector: '.btn' }));
      await waitFor(() => expect(sent('notices.save')).toHaveLength(saves), { timeout: 10_000 });
      const id = await waitFor(async () => (await direct('notices.list', { view: 'staff' })).items.find((n) => n.title === '小区消防通道清理通知')!.id, { timeout: 10_000 });
      const want = (sent('notices.save').at(-1)!.body as { data: ActionInput<'notices.save'> }).data.scope;
      await waitFor(async () => expect((await direct('notices.get', { id })).staff?.scope).toEqual(want), { timeout: 10_000 });
      return want;
    };
    fireEvent.click(screen.getByText('小区', { selector: '.pt-tabs__tab' }));
    fireEvent.click(await button('小区：和平小区'));
    fireEvent.click(await button('小区：老街小区'));
    expect(await savedScope(1)).toEqual({ kind: 'compounds', ids: ['cp-heping', 'cp-laojie'] });

    fireEvent.click(screen.getByText('网格', { selector: '.pt-tabs__tab' }));
    await pickFirst(/^网格所在小区/);
    fireEvent.click(await button('网格：和平小区第二微网格'));
    expect(await savedScope(2)).toEqual({ kind: 'grids', ids: ['gd-heping-2'] });
  });
});

describe('复核与撤回', () => {
  test('a notice the content check held: the author waits, another staff member approves it', async () => {
    const draft = await saveOne('代开发票服务说明');
    expect(await direct('notices.publish', { id: draft.id })).toMatchObject({ state: 'review' });

    as('demo-staff');
    const mine = renderPage(NoticeEdit, EDIT, { id: draft.id });
    expect(await screen.findByText('状态：待复核', {}, { timeout: 20_000 })).toBeTruthy();
    expect(screen.getByText(/请另一位工作人员打开这条公告/)).toBeTruthy();
    expect(screen.queryByText('审核通过')).toBeNull();
    mine.unmount();

    as('demo-admin');
    renderPage(NoticeEdit, EDIT, { id: draft.id });
    fireEvent.click(await button('审核通过'));
    expect(await screen.findByText('状态：已发布', {}, { timeout: 20_000 })).toBeTruthy();
    expect(await direct('notices.get', { id: draft.id })).toMatchObject({ state: 'published', staff: { approvedBy: '杨德明' } });
  });

  test('withdraws a published notice after the confirm; residents no longer reach it', async () => {
    const draft = await saveOne('社区义诊活动');
    await direct('notices.publish', { id: draft.id });
    const dialog = confirmDialogs();
    as('demo-staff');
    renderPage(NoticeEdit, EDIT, { id: draft.id });
    fireEvent.click(await button('撤回'));
    expect(await screen.findByText('状态：已撤回', {}, { timeout: 20_000 })).toBeTruthy();
    expect(dialog).toHaveBeenCalledWith(expect.objectContaining({ title: '撤回公告' }));
    dialog.mockRestore();
    expect((await direct('notices.get', { id: draft.id })).state).toBe('withdrawn');
    expect((await session.cloud.invoke('notices', { action: 'notices.get', data: { id: draft.id } }, 'demo-resident')) as { ok: boolean }).toMatchObject({ ok: false });
  });
});

describe('公告管理', () => {
  test('lists every notice with its state, filters by category and opens one', async () => {
    const draft = await saveOne('社区书法班报名');
    as('demo-staff');
    const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
    renderPage(StaffNotices, '/packages/staff/pages/notices/index');
    expect(await button(/^草稿，活动公告：社区书法班报名/)).toBeTruthy();
    fireEvent.click(screen.getByText('应急通知', { selector: '.pt-tabs__tab' }));
    expect(await screen.findByText('还没有应急通知', {}, { timeout: 10_000 })).toBeTruthy();
    fireEvent.click(screen.getByText('活动公告', { selector: '.pt-tabs__tab' }));
    fireEvent.click(await button(/^草稿，活动公告：社区书法班报名/));
    expect(navigate).toHaveBeenCalledWith({ url: `${EDIT}?id=${draft.id}` });
    fireEvent.click(screen.getByText('写公告', { selector: '.btn' }));
    expect(navigate).toHaveBeenLastCalledWith({ url: EDIT });
    navigate.mockRestore();
  });
});

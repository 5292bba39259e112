/**
 * The pages of getting in, in jsdom against the real functions: the unbound visitor's two ways in on
 * 我的, the join page taking the code from a scanned mini-program code and granting the role, and
 * 注销 refusing without the confirmation word.
 */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import Mine from '../../src/pages/mine/index';
import Join from '../../src/packages/public/pages/join/index';
import Account from '../../src/packages/resident/pages/account/index';
import { renderPage } from './render-page';
import { seededH5Session } from './seeded-session';

jest.setTimeout(30_000);
const session = seededH5Session();
const { as } = session;

/** the native input inside Taro's field with this accessible name */
const field = (name: string) => {
  const el = document.querySelector(`[aria-label="${name}"]`);
  const input = el?.tagName === 'INPUT' ? el : el?.querySelector('input');
  if (!input) throw new Error(`no field ${name}`);
  return input as HTMLInputElement;
};
const type = (name: string, value: string) => fireEvent.input(field(name), { target: { value } });

test('an unbound visitor’s 我的 offers both ways in as buttons', async () => {
  as('demo-visitor');
  renderPage(Mine, '/pages/mine/index');
  await screen.findByText('未绑定', {}, { timeout: 10_000 });
  expect(screen.getByRole('button', { name: '绑定房屋' })).toBeTruthy();
  expect(screen.getByRole('button', { name: '输入邀请码' })).toBeTruthy();
});

test('the join page takes the code from a scanned scene and makes the newcomer what the invite says', async () => {
  const created = (await session.cloud.invoke(
    'org',
    { action: 'org.invite.create', data: { idempotencyKey: 'h5-join-test-1', role: 'committee', target: { communityId: 'cm-xingfuli', branchId: 'br-heping' } } },
    'demo-staff',
  )) as { ok: boolean; data: { invite: { code: string } } };
  if (!created.ok) throw new Error(JSON.stringify(created));
  const { code } = created.data.invite;

  as('o-h5-newcomer');
  renderPage(Join, '/packages/public/pages/join/index', { scene: encodeURIComponent(`i=${code}`) });
  await screen.findByText('没有邀请码？', {}, { timeout: 10_000 });
  // Taro's H5 inputs are custom elements: their inner <input> may come a moment after the text
  await waitFor(() => expect(field('邀请码').value).toBe(code));
  await waitFor(() => field('你的姓名'));
  type('你的姓名', '沈一帆');
  fireEvent.click(screen.getByText('确认使用'));
  await screen.findByText('邀请码已生效', {}, { timeout: 10_000 });
  expect(document.body.textContent).toContain('你现在是支部委员');
  expect(document.body.textContent).toContain('幸福里社区 · 和平小区党支部');
});

test('注销 needs the word typed before anything is sent', async () => {
  as('demo-resident');
  renderPage(Account, '/packages/resident/pages/account/index');
  await screen.findByText('解除绑定（搬家）', {}, { timeout: 10_000 });
  const sent = session.gateway.sent.length;
  fireEvent.click(screen.getByRole('button', { name: '注销账号' }));
  await waitFor(() => expect(document.body.textContent).toContain('请在框里输入“注销”两个字'));
  expect(session.gateway.sent.length).toBe(sent);
});

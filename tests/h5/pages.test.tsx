/**
 * The pages in jsdom with Testing Library, fed by the real functions: `src/services` runs its own
 * H5 transport (persona from localStorage, `POST /dev/functions/:name`), carried to a seeded
 * local cloud in its own process (tests/e2e/seeded-cloud.ts) by a node:http `fetch`.
 */
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import Home from '../../src/pages/index/index';
import Mine from '../../src/pages/mine/index';
import Directory from '../../src/packages/resident/pages/directory/index';
import Compounds from '../../src/packages/staff/pages/compounds/index';
import Scope from '../../src/packages/leader/pages/scope/index';
import { renderPage } from './render-page';
import { seededH5Session } from './seeded-session';

jest.setTimeout(30_000);
const session = seededH5Session();
const { as } = session;

/** the whole text of the page once `expected` shows up */
async function pageText(expected: string): Promise<string> {
  await screen.findByText(expected, {}, { timeout: 10_000 });
  return document.body.textContent ?? '';
}

describe('公示牌 (directory)', () => {
  test('a resident sees branch, grid workers and leaders with masked phones, own building first', async () => {
    as('demo-resident');
    renderPage(Directory, '/packages/resident/pages/directory/index');
    const text = await pageText('和平小区党支部');

    expect(text).toContain('刘志强');
    expect(text).toContain('张桂英');
    expect(text).toContain('138****0003');
    expect(text).toContain('王建国');
    expect(text).toContain('138****0002');
    expect(text).toContain('安居物业服务有限公司');
    expect(text).not.toMatch(/138\d{8}/);
    expect(screen.getByText('我住这栋')).toBeTruthy();
    expect(screen.getAllByText('拨打').length).toBeGreaterThan(5);
    // what went on the wire: the org function, the action, the persona
    expect(session.gateway.sent[0]).toMatchObject({ path: '/dev/functions/org', headers: { 'x-dev-openid': 'demo-resident' }, body: { action: 'org.directory', data: {} } });
  });

  test('a dropped connection shows a plain message, and 重新加载 brings the board', async () => {
    as('demo-resident');
    session.gateway.failNext(1);
    renderPage(Directory, '/packages/resident/pages/directory/index');
    await screen.findByText('网络不太顺畅，请稍后再试');
    expect(document.body.textContent).not.toContain('和平小区党支部');

    fireEvent.click(screen.getByText('重新加载'));
    await screen.findByText('和平小区党支部', {}, { timeout: 10_000 });
  });

  test('pull-down refresh loads the board again', async () => {
    as('demo-resident');
    const page = renderPage(Directory, '/packages/resident/pages/directory/index');
    await screen.findByText('和平小区党支部', {}, { timeout: 10_000 });
    expect(session.gateway.sent).toHaveLength(1);
    act(() => page.pullDownRefresh());
    await waitFor(() => expect(session.gateway.sent).toHaveLength(2));
  });

  test('staff open 老街小区 by id: 三无小区 without a property company', async () => {
    as('demo-staff');
    renderPage(Directory, '/packages/resident/pages/directory/index', { compoundId: 'cp-laojie' });
    const text = await pageText('老街小区');
    expect(text).toContain('三无小区');
    expect(text).toContain('本小区没有物业公司');
    expect(session.gateway.sent[0].body).toEqual({ action: 'org.directory', data: { compoundId: 'cp-laojie' } });
  });
});

describe('我的 (mine)', () => {
  test('a bound resident: name, masked phone, home and role with its scope', async () => {
    as('demo-resident');
    renderPage(Mine, '/pages/mine/index');
    const text = await pageText('李秀兰');
    expect(text).toContain('138****0001');
    expect(text).toContain('幸福里社区');
    expect(text).toContain('和平小区');
    expect(text).toContain('1号楼1单元101');
    expect(screen.getByText('居民')).toBeTruthy();
    expect(text).not.toContain('13800000001');
    expect(screen.getByText('切换演示身份')).toBeTruthy();
  });

  test('a Red Neighbor Leader sees the buildings they serve', async () => {
    as('demo-leader');
    renderPage(Mine, '/pages/mine/index');
    const text = await pageText('王建国');
    expect(screen.getByText('红色近邻长')).toBeTruthy();
    expect(text).toContain('1号楼、2号楼');
    expect(screen.getByText('党员')).toBeTruthy();
  });

  test('someone not bound sees 未绑定 and what to do next', async () => {
    as('demo-visitor');
    renderPage(Mine, '/pages/mine/index');
    await screen.findByText('未绑定', {}, { timeout: 10_000 });
    expect(document.body.textContent).toContain('邀请码');
  });
});

describe('首页, 我的服务范围, 各小区公示牌', () => {
  test('首页 greets the resident by name and leads to the board; staff also get every board', async () => {
    as('demo-resident');
    const first = renderPage(Home, '/pages/index/index');
    await screen.findByText('李秀兰，您好', {}, { timeout: 10_000 });
    expect(screen.getByText('我的小区 · 公示牌')).toBeTruthy();
    expect(screen.queryByText('各小区公示牌')).toBeNull();
    first.unmount();

    as('demo-staff');
    renderPage(Home, '/pages/index/index');
    await screen.findByText('陈美华，您好', {}, { timeout: 10_000 });
    expect(screen.getByText('各小区公示牌')).toBeTruthy();
  });

  test('首页 asks for the latest 公示 and the notices together with account.me, each only once', async () => {
    as('demo-resident');
    renderPage(Home, '/pages/index/index');
    // all on the wire as the page mounts, before any has answered
    expect(session.gateway.sent.map((r) => (r.body as { action: string }).action)).toEqual(['account.me', 'points.publication.list', 'notices.list']);
    await screen.findByText(/积分排名公示/, {}, { timeout: 10_000 });
    await screen.findByText('暂时没有公告');
    expect(screen.getByText('李秀兰，您好')).toBeTruthy();
    expect(session.gateway.sent).toHaveLength(3);
  });

  test('a leader\'s 服务范围 lists the role and its scope', async () => {
    as('demo-leader');
    renderPage(Scope, '/packages/leader/pages/scope/index');
    const text = await pageText('我负责的范围');
    expect(text).toContain('红色近邻长');
    expect(text).toContain('1号楼、2号楼');
    expect(text).not.toContain('居民');
  });

  test('staff see the community\'s compounds with their type and size', async () => {
    as('demo-staff');
    renderPage(Compounds, '/packages/staff/pages/compounds/index');
    const text = await pageText('老街小区');
    expect(text).toContain('和平小区');
    expect(text).toContain('红星小区');
    expect(text).toContain('三无小区');
    expect(text).toContain('共 6 栋楼');
  });
});

/**
 * The 微心愿 pages in jsdom against the real `wishes` function on a seeded local cloud: 服务's entries,
 * posting (the form's checks, a resident's own wish, 代人许愿 with the home picked from the grid
 * worker's buildings), the wall, claiming, fulfilling with a photo (uploaded through the dev gateway)
 * and confirming on the wish page — each step asserted on what the server then holds — and staff's
 * list with its export.
 */
import http from 'node:http';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { ActionInput, ActionName, ActionOutput } from '@core/contracts/index';
import Services from '../../src/pages/services/index';
import Wishes from '../../src/packages/service/pages/wishes/index';
import Wish from '../../src/packages/service/pages/wish/index';
import WishPost from '../../src/packages/service/pages/wish-post/index';
import StaffWishes from '../../src/packages/staff/pages/wishes/index';
import { dateOf } from '../../src/components/points/format';
import { renderPage } from './render-page';
import { typeInto, pickFirst, picker } from './controls';
import { seededH5Session } from './seeded-session';

jest.setTimeout(60_000);
const session = seededH5Session();
const { as } = session;

/** a call straight to a function, as `openid` */
async function direct<A extends ActionName>(action: A, data: ActionInput<A>, openid: string): Promise<ActionOutput<A>> {
  const res = (await session.cloud.invoke(action.split('.')[0], { action, data }, openid)) as { ok: boolean; data: ActionOutput<A> };
  if (!res.ok) throw new Error(`${action} failed: ${JSON.stringify(res)}`);
  return res.data;
}
const sent = (action: string) => session.gateway.sent.filter((s) => (s.body as { action: string }).action === action);

/** the id in the url a page redirected to */
async function redirectedId(redirect: jest.SpyInstance): Promise<string> {
  await waitFor(() => expect(redirect).toHaveBeenCalled(), { timeout: 15_000 });
  const url = new URL((redirect.mock.calls[0][0] as { url: string }).url, 'https://x');
  expect(url.pathname).toBe('/packages/service/pages/wish/index');
  return url.searchParams.get('id')!;
}

/**
 * A photo chosen in WeChat's picker (mocked: jsdom has no camera) travels as the H5 build sends it:
 * its temp path read as a blob, then POST /dev/upload with the bytes — carried here over node:http,
 * since jsdom has no fetch for binary bodies.
 */
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
function withPhotoUploads() {
  const gateway = window.fetch;
  const blobs = new Map<string, { type: string; bytes: Buffer }>();
  const chosen = jest.spyOn(Taro, 'chooseImage').mockImplementation(async () => {
    const path = `blob:wish-photo-${blobs.size + 1}`;
    blobs.set(path, { type: 'image/png', bytes: PNG });
    return { tempFilePaths: [path], tempFiles: [], errMsg: 'chooseImage:ok' } as unknown as Taro.chooseImage.SuccessCallbackResult;
  });
  window.fetch = (async (input: string, init: { headers?: Record<string, string>; body?: unknown } = {}) => {
    const blob = blobs.get(input);
    if (blob) return { ok: true, status: 200, blob: async () => blob };
    if (!input.startsWith('/dev/upload')) return gateway(input, init as RequestInit);
    const body = (init.body as { bytes: Buffer }).bytes;
    const res = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(session.cloud.url + input, { method: 'POST', headers: { ...init.headers, 'content-length': body.length } }, (r) => {
        let text = '';
        r.on('data', (c: Buffer) => (text += c.toString()));
        r.on('end', () => resolve({ status: r.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.end(body);
    });
    return { ok: res.status < 400, status: res.status, json: async () => JSON.parse(res.text) as unknown };
  }) as unknown as typeof fetch;
  return () => {
    chosen.mockRestore();
    window.fetch = gateway;
  };
}

let proxyWishId = '';

describe('服务 → 微心愿', () => {
  test('bound people find 微心愿; staff also 微心愿管理', async () => {
    as('demo-resident');
    const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
    const services = renderPage(Services, '/pages/services/index');
    fireEvent.click(await screen.findByRole('button', { name: /^微心愿/ }, { timeout: 20_000 }));
    expect(navigate).toHaveBeenLastCalledWith({ url: '/packages/service/pages/wishes/index' });
    expect(screen.queryByRole('button', { name: /^微心愿管理/ })).toBeNull();
    services.unmount();
    as('demo-staff');
    renderPage(Services, '/pages/services/index');
    fireEvent.click(await screen.findByRole('button', { name: /^微心愿管理/ }, { timeout: 20_000 }));
    expect(navigate).toHaveBeenLastCalledWith({ url: '/packages/staff/pages/wishes/index' });
    navigate.mockRestore();
  });
});

describe('许个微心愿', () => {
  test('checks the form before sending, then posts the resident’s own wish and opens it', async () => {
    as('demo-resident');
    const redirect = jest.spyOn(Taro, 'redirectTo').mockResolvedValue({ errMsg: 'redirectTo:ok' });
    renderPage(WishPost, '/packages/service/pages/wish-post/index');
    fireEvent.click(await screen.findByText('发布心愿'));
    expect((await screen.findByRole('alert')).textContent).toBe('请选择心愿类别');
    await pickFirst(/^心愿类别/);
    await picker('心愿类别：生活物品，点按选择');
    fireEvent.click(screen.getByText('发布心愿'));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('请写一下心愿是什么'));
    expect(sent('wishes.post')).toHaveLength(0);
    await typeInto('心愿内容', '想要一个电热水袋过冬');
    // the date starts a week ahead
    const inAWeek = dateOf(Date.now() + 7 * 86_400_000);
    await picker(`希望完成的日期：${inAWeek}，点按选择`);
    fireEvent.click(screen.getByText('发布心愿'));
    const id = await redirectedId(redirect);
    redirect.mockRestore();
    expect(await direct('wishes.get', { wishId: id }, 'demo-resident')).toMatchObject({
      category: '生活物品',
      text: '想要一个电热水袋过冬',
      neededBy: inAWeek,
      proxy: false,
      status: 'open',
      beneficiaryDetail: { name: '李秀兰' },
    });
  });

  test('a grid worker posts for a resident of their buildings (代人许愿): the home picked from their buildings', async () => {
    as('demo-grid-worker');
    const redirect = jest.spyOn(Taro, 'redirectTo').mockResolvedValue({ errMsg: 'redirectTo:ok' });
    renderPage(WishPost, '/packages/service/pages/wish-post/index', { proxy: '1' });
    await typeInto('受助人姓名', '冯建平');
    await pickFirst(/^楼栋：/);
    await picker(/^楼栋：和平小区 1号楼/);
    await pickFirst(/^房号：/);
    const home = (await picker(/^房号：1号楼/)).getAttribute('aria-label')!.replace(/^房号：(.+)，点按选择$/, '$1');
    await pickFirst(/^受助人情况/);
    await pickFirst(/^心愿类别/);
    await typeInto('心愿内容', '希望有人陪我去医院复查');
    fireEvent.click(screen.getByText('发布心愿'));
    proxyWishId = await redirectedId(redirect);
    redirect.mockRestore();
    const view = await direct('wishes.get', { wishId: proxyWishId }, 'demo-grid-worker');
    expect(view).toMatchObject({ proxy: true, beneficiary: '冯**（独居老人）', beneficiaryDetail: { name: '冯建平', kind: '独居老人' }, poster: '张桂英', viewer: 'poster' });
    expect(view.beneficiaryDetail!.householdLabel).toContain(home);
  });
});

describe('心愿墙 and the wish page', () => {
  test('the wall shows the wish masked; the grid worker may post for others there', async () => {
    as('demo-leader');
    const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
    const wall = renderPage(Wishes, '/packages/service/pages/wishes/index');
    const row = await screen.findByRole('button', { name: /希望有人陪我去医院复查/ }, { timeout: 20_000 });
    expect(row.textContent).toContain('冯**（独居老人）');
    expect(row.textContent).not.toContain('冯建平');
    expect(screen.queryByText('代人许愿')).toBeNull();
    fireEvent.click(row);
    expect(navigate).toHaveBeenLastCalledWith({ url: `/packages/service/pages/wish/index?id=${proxyWishId}` });
    navigate.mockRestore();
    wall.unmount();
    as('demo-grid-worker');
    renderPage(Wishes, '/packages/service/pages/wishes/index');
    expect(await screen.findByText('代人许愿', {}, { timeout: 20_000 })).toBeTruthy();
  });

  test('a leader claims it, fulfils it with a photo and a note; the proxy confirms and the leader is awarded', async () => {
    as('demo-leader');
    const claimPage = renderPage(Wish, '/packages/service/pages/wish/index', { id: proxyWishId });
    fireEvent.click(await screen.findByText('我来认领', {}, { timeout: 20_000 }));
    await screen.findByText('登记完成', {}, { timeout: 15_000 });
    expect(await direct('wishes.get', { wishId: proxyWishId }, 'demo-staff')).toMatchObject({ status: 'claimed', claimer: { name: '王建国' } });
    // the claimer now learns whom they serve
    expect(screen.getAllByText(/冯建平（独居老人）/).length).toBeGreaterThan(0);
    expect((sent('wishes.claim')[0].body as { data: { remind: boolean } }).data.remind).toBe(false); // H5 has no subscribe messages

    const restore = withPhotoUploads();
    try {
      fireEvent.click(screen.getByText('登记完成'));
      fireEvent.click(screen.getByText('确认登记'));
      await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('请上传一张完成的照片'));
      fireEvent.click(screen.getByText('＋ 添加照片'));
      await screen.findByRole('button', { name: '删除第 1 张照片' }, { timeout: 15_000 });
      await typeInto('说明（选填）', '已陪同去医院复查');
      fireEvent.click(screen.getByText('确认登记'));
      await screen.findByText('完成情况', {}, { timeout: 15_000 });
    } finally {
      restore();
    }
    const fulfilled = await direct('wishes.get', { wishId: proxyWishId }, 'demo-leader');
    expect(fulfilled).toMatchObject({ status: 'fulfilled', fulfilment: { note: '已陪同去医院复查', photos: [expect.stringMatching(/wishes\/p-leader\/\d{4}-\d{2}\/.+\.png$/)] } });
    claimPage.unmount();

    as('demo-grid-worker');
    renderPage(Wish, '/packages/service/pages/wish/index', { id: proxyWishId });
    fireEvent.click(await screen.findByText('确认心愿已完成', {}, { timeout: 20_000 }));
    await screen.findAllByText(/认领人的积分已记入/, {}, { timeout: 15_000 });
    expect(await direct('wishes.get', { wishId: proxyWishId }, 'demo-grid-worker')).toMatchObject({ status: 'confirmed', awarded: true });
    const history = await direct('points.history', { pageSize: 20 }, 'demo-leader');
    expect(history.entries.filter((e) => e.source.type === 'wish' && e.source.id === proxyWishId)).toEqual([expect.objectContaining({ points: 10, item: expect.objectContaining({ code: 'BF02' }) })]);
  });

  test('the claimer may release it with a reason: it goes back to the wall', async () => {
    const w = await direct('wishes.post', { idempotencyKey: `h5-ws-${Date.now()}`, category: '学习用品', text: '想要一套课外读物', neededBy: dateOf(Date.now() + 7 * 86_400_000), photos: [] }, 'demo-resident');
    await direct('wishes.claim', { idempotencyKey: `h5-cl-${Date.now()}`, wishId: w.id, remind: false }, 'demo-leader');
    as('demo-leader');
    renderPage(Wish, '/packages/service/pages/wish/index', { id: w.id });
    fireEvent.click(await screen.findByText('放弃认领', {}, { timeout: 20_000 }));
    fireEvent.click(screen.getByText('确认放弃'));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('请写一下放弃的原因'));
    await typeInto('放弃的原因', '这周要出差，办不了');
    fireEvent.click(screen.getByText('确认放弃'));
    await screen.findByText('我来认领', {}, { timeout: 15_000 });
    const view = await direct('wishes.get', { wishId: w.id }, 'demo-staff');
    expect(view).toMatchObject({ status: 'open', claimer: null });
    expect(view.timeline.at(-1)).toMatchObject({ type: 'release', reason: '这周要出差，办不了' });
  });
});

describe('微心愿管理 (staff)', () => {
  test('lists every wish by status with the flags’ tabs, opens one, and exports the ledger', async () => {
    as('demo-staff');
    const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
    const open = jest.spyOn(window, 'open').mockReturnValue(null);
    renderPage(StaffWishes, '/packages/staff/pages/wishes/index');
    const row = await screen.findByRole('button', { name: /希望有人陪我去医院复查/ }, { timeout: 20_000 });
    // staff read whom each wish is for
    expect(row.textContent).toContain('冯建平（独居老人）');
    expect(await screen.findByRole('button', { name: '逾期未认领 0' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '已完成' }));
    const done = await screen.findByRole('button', { name: /已完成：希望有人陪我去医院复查/ }, { timeout: 15_000 });
    await waitFor(() => expect(screen.queryByRole('button', { name: /待认领：/ })).toBeNull());
    fireEvent.click(done);
    expect(navigate).toHaveBeenLastCalledWith({ url: `/packages/service/pages/wish/index?id=${proxyWishId}` });
    fireEvent.click(screen.getByText('导出心愿台账'));
    await waitFor(() => expect(open).toHaveBeenCalled(), { timeout: 15_000 });
    expect(String(open.mock.calls[0][0])).toMatch(/\.xlsx/);
    navigate.mockRestore();
    open.mockRestore();
  });

  test('passes a wish held for review onto the wall from its page, or rejects one with a reason', async () => {
    const post = (text: string) => direct('wishes.post', { idempotencyKey: `h5-held-${text.length}-${Date.now()}`, category: '其他', text, neededBy: dateOf(Date.now() + 7 * 86_400_000), photos: [] }, 'demo-resident');
    const [held, other] = [await post('需要人帮忙代开发票'), await post('谁能帮我代开发票')];
    expect([held.moderation, other.moderation]).toEqual(['review', 'review']);
    as('demo-staff');
    const first = renderPage(Wish, '/packages/service/pages/wish/index', { id: held.id });
    fireEvent.click(await screen.findByText('审核通过', {}, { timeout: 20_000 }));
    await waitFor(() => expect(screen.queryByText('审核通过')).toBeNull(), { timeout: 15_000 });
    expect(await direct('wishes.get', { wishId: held.id }, 'demo-leader')).toMatchObject({ moderation: 'pass', status: 'open' });
    first.unmount();
    renderPage(Wish, '/packages/service/pages/wish/index', { id: other.id });
    fireEvent.click(await screen.findByText('不通过', {}, { timeout: 20_000 }));
    await typeInto('不通过的原因（发布人会看到）', '开具发票请到税务窗口办理');
    fireEvent.click(screen.getByText('确认不通过'));
    await screen.findAllByText(/内容未通过/, {}, { timeout: 15_000 });
    const rejected = await direct('wishes.get', { wishId: other.id }, 'demo-resident');
    expect(rejected.moderation).toBe('rejected');
    expect(rejected.timeline.at(-1)).toMatchObject({ type: 'moderate', reason: '开具发票请到税务窗口办理' });
  });
});

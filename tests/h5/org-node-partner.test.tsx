/**
 * The org editor's partner-unit form in jsdom against the real functions: it shows the unit's
 * reporting members (报到) and saves them with the rest, so an edit keeps them.
 */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import OrgNode from '../../src/packages/staff/pages/org-node/index';
import { handOver } from '../../src/packages/staff/org/draft';
import { renderPage } from './render-page';
import { seededH5Session } from './seeded-session';

jest.setTimeout(60_000);
const session = seededH5Session();

type Partners = { ok: true; data: { rows: { id: string; rev: number; kind: string; members: { personId: string; name: string }[] }[] } };
const partner = async () =>
  ((await session.cloud.invoke('org', { action: 'org.tree', data: { section: 'partners', communityId: 'cm-xingfuli' } }, 'demo-staff')) as Partners).data.rows.find((p) => p.id === 'pt-zhujianju')!;

test("editing a partner unit keeps its reporting members and saves a change of kind with them", async () => {
  const row = await partner();
  expect(row.members.map((m) => m.name)).toEqual(['曹志勇', '林晓燕']);
  handOver('partner', row.id, row);
  session.as('demo-staff');
  renderPage(OrgNode, '/packages/staff/pages/org-node/index', { kind: 'partner', communityId: 'cm-xingfuli', id: row.id });
  expect(await screen.findByText(/报到成员（已选 2 人/)).toBeTruthy();
  // the native input inside Taro's field (a custom element: it may come a moment later)
  const input = await waitFor(() => {
    const inner = document.querySelector('[aria-label="单位类别"]')?.querySelector('input');
    if (!inner) throw new Error('no field 单位类别');
    return inner;
  });
  fireEvent.input(input, { target: { value: '机关单位' } });
  fireEvent.click(screen.getByRole('button', { name: '保存' }));
  await waitFor(async () => expect((await partner()).kind).toBe('机关单位'), { timeout: 20_000 });
  expect((await partner()).members.map((m) => m.personId)).toEqual(['p-033', 'p-019']);
});

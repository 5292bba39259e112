/**
 * The org editor's pickers in jsdom against the real functions: a compound with more buildings than
 * one page of `org.tree` (20) offers all of them when staff set which buildings a grid covers.
 */
import { screen, waitFor } from '@testing-library/react';
import OrgNode from '../../src/packages/staff/pages/org-node/index';
import { renderPage } from './render-page';
import { seededH5Session } from './seeded-session';

jest.setTimeout(60_000);
const session = seededH5Session();

test('a grid may cover the 26th building of a compound', async () => {
  // 和平小区 has 6 buildings in the demo: 20 more make 26, two pages and a bit
  for (let n = 7; n <= 26; n++) {
    const res = (await session.cloud.invoke(
      'org',
      { action: 'org.building.save', data: { idempotencyKey: `h5-picker-building-${n}`, communityId: 'cm-xingfuli', compoundId: 'cp-heping', name: `${n}号楼` } },
      'demo-staff',
    )) as { ok: boolean };
    expect(res).toMatchObject({ ok: true });
  }
  session.as('demo-staff');
  renderPage(OrgNode, '/packages/staff/pages/org-node/index', { kind: 'grid', communityId: 'cm-xingfuli', compoundId: 'cp-heping' });
  await waitFor(() => expect(screen.getByRole('button', { name: '26号楼' })).toBeTruthy(), { timeout: 20_000 });
  for (const name of ['1号楼', '20号楼', '21号楼']) expect(screen.getByRole('button', { name })).toBeTruthy();
});

/** 三率 from counts per (grid, branch): sums per group, rates in per cent with one decimal, nothing counted → null. */
import { percent, ratesOf, type GroupCounts } from '../../core/domain/requests/rates';

const counts = (gridId: string | null, branchId: string | null, filed: number, respondedOnTime: number, closed: number, rated: number, satisfied: number): GroupCounts => ({
  gridId,
  branchId,
  filed,
  respondedOnTime,
  closed,
  rated,
  satisfied,
});

test('percent rounds to one decimal and is null with nothing to count', () => {
  expect([percent(2, 3), percent(1, 3), percent(1, 8), percent(0, 5), percent(5, 5), percent(0, 0)]).toEqual([66.7, 33.3, 12.5, 0, 100, null]);
});

test('sums the groups for the community, each branch and each grid', () => {
  const groups = [counts('g1', 'b1', 3, 2, 2, 2, 1), counts('g2', 'b1', 1, 1, 0, 0, 0), counts(null, 'b2', 2, 0, 1, 1, 1), counts('g-old', null, 1, 1, 1, 0, 0)];
  const grids = [
    { id: 'g1', name: '一网格', retired: false },
    { id: 'g2', name: '二网格', retired: false },
    { id: 'g3', name: '三网格', retired: false },
    { id: 'g-old', name: '撤销的网格', retired: true },
    { id: 'g-gone', name: '早撤销的网格', retired: true },
  ];
  const branches = [
    { id: 'b1', name: '一支部', retired: false },
    { id: 'b2', name: '二支部', retired: false },
  ];
  const r = ratesOf({ id: 'c', name: '社区' }, groups, branches, grids);
  expect(r.community).toEqual({ id: 'c', name: '社区', filed: 7, respondedOnTime: 4, closed: 4, rated: 3, satisfied: 2, responseRate: 57.1, resolutionRate: 57.1, satisfactionRate: 66.7 });
  expect(r.branches.map((b) => [b.id, b.filed, b.satisfactionRate])).toEqual([
    ['b1', 4, 50],
    ['b2', 2, 100],
  ]);
  // a live grid with nothing filed is listed with null rates; a retired one only while it has requests
  expect(r.grids.map((g) => [g.id, g.filed, g.responseRate, g.satisfactionRate])).toEqual([
    ['g1', 3, 66.7, 50],
    ['g2', 1, 100, null],
    ['g3', 0, null, null],
    ['g-old', 1, 100, null],
  ]);
});

/**
 * 工单看板 (staff): the community's open, overdue and 吹哨 requests, filtered by compound, grid, branch,
 * category and handler. A row opens the request, where staff reassign or merge it.
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import type { RequestRow as Row } from '@core/contracts/requests';
import { BOARD_VIEWS, REQUEST_CATEGORY_OPTIONS, type RequestCategoryCode } from '@core/labels/requests';
import Page from '../../../../components/Page';
import Section from '../../../../components/Section';
import Tabs from '../../../../components/points/Tabs';
import { peopleOf } from '../../../../components/points/PeoplePicker';
import RequestList from '../../../../components/requests/RequestList';
import FilterPicker from '../../../../components/requests/FilterPicker';
import StaffCommunity from '../../../../components/requests/StaffCommunity';
import { useRefreshOnReturn } from '../../../../components/requests/useRefreshOnReturn';
import { PAGE_SIZE, usePaged } from '../../../../components/points/usePaged';
import { call } from '../../../../services';
import { useAction } from '../../../../services/useAction';
import { PAGES } from '../../../../routes';
import '../../../../components/points/points.scss';

type View_ = (typeof BOARD_VIEWS)[number]['value'];
const VIEWS = BOARD_VIEWS.map((v) => ({ value: v.value as View_, label: v.label }));
const CATEGORIES = REQUEST_CATEGORY_OPTIONS.map((c) => ({ id: c.code, name: c.name }));

interface Filters {
  compoundId?: string;
  gridId?: string;
  branchId?: string;
  category?: RequestCategoryCode;
  handlerId?: string;
}

/** Grids and people of the chosen compound, from its 公示牌. */
function CompoundFilters({ compoundId, filters, set }: { compoundId: string; filters: Filters; set: (f: Filters) => void }) {
  const board = useAction('org.directory', { compoundId });
  if (board.state.status !== 'ok') return null;
  const people = peopleOf(board.state.data).map((p) => ({ id: p.id, name: `${p.name}（${p.title}）` }));
  return (
    <>
      <FilterPicker label='网格' options={board.state.data.grids} value={filters.gridId} onChange={(gridId) => set({ ...filters, gridId })} />
      <FilterPicker label='办理人' options={people} value={filters.handlerId} onChange={(handlerId) => set({ ...filters, handlerId })} />
    </>
  );
}

function Board({ communityId }: { communityId: string }) {
  const [view, setView] = useState<View_>('open');
  const [filters, setFilters] = useState<Filters>({});
  const compounds = useAction('org.compounds', { pageSize: 20 });
  const branches = useAction('org.branches', { communityId });
  const query = { communityId, view, ...filters };
  const { state, reload, refresh, loadMore } = usePaged(JSON.stringify(query), (page) => call('requests.board', { ...query, page, pageSize: PAGE_SIZE }), (o) => o.rows);
  useRefreshOnReturn(() => void refresh());
  const openRow = (row: Row) => void Taro.navigateTo({ url: `${PAGES.workOrder}?id=${row.id}` });

  return (
    <Page>
      <Tabs options={VIEWS} value={view} onChange={setView} />
      <Section title='筛选'>
        <FilterPicker
          label='小区'
          options={compounds.state.status === 'ok' ? compounds.state.data.compounds : []}
          value={filters.compoundId}
          onChange={(compoundId) => setFilters({ ...filters, compoundId, gridId: undefined, handlerId: undefined })}
        />
        {filters.compoundId && <CompoundFilters compoundId={filters.compoundId} filters={filters} set={setFilters} />}
        <FilterPicker label='支部' options={branches.state.status === 'ok' ? branches.state.data.branches : []} value={filters.branchId} onChange={(branchId) => setFilters({ ...filters, branchId })} />
        <FilterPicker label='类别' options={CATEGORIES} value={filters.category} onChange={(c) => setFilters({ ...filters, category: c as RequestCategoryCode | undefined })} />
      </Section>
      <RequestList state={state} reload={reload} loadMore={loadMore} onOpen={openRow} empty={{ text: { open: '没有未办结的工单', overdue: '没有超时的工单', escalated: '没有吹哨的工单' }[view] }} />
    </Page>
  );
}

export default function RequestBoard() {
  return <StaffCommunity>{(communityId) => <Board communityId={communityId} />}</StaffCommunity>;
}

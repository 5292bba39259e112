/**
 * 组织架构 (staff): the community's tree one level at a time, 20 rows a page.
 *   no query      the community: compounds, branches, volunteer teams, partner units
 *   ?compoundId=  one compound: buildings (with units), grids, party-member central households
 *   ?buildingId=  one building: its units and households
 * Each row can be edited or retired, and a level gets new children from its 「新建」 button. An
 * administrator who runs no community yet starts one here.
 */
import { useEffect, useRef, useState } from 'react';
import { View, Text, Input, Picker } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import type { MeView } from '@core/contracts/account';
import type { TreeOutput } from '@core/contracts/org-admin';
import { GRID_LEVEL_LABELS, type OrgNodeKind } from '@core/labels/org-admin';
import Page from '../../../../components/Page';
import Section from '../../../../components/Section';
import StatusView from '../../../../components/StatusView';
import FormError from '../../../../components/points/FormError';
import MoreButton from '../../../../components/points/MoreButton';
import Tabs from '../../../../components/points/Tabs';
import { useIdempotencyKey } from '../../../../components/points/keys';
import { queryValue } from '../../../../components/points/routes';
import { toast } from '../../../../components/points/toast';
import { usePaged } from '../../../../components/points/usePaged';
import { call } from '../../../../services';
import { useAction } from '../../../../services/useAction';
import { openWith } from '../../../../routes';
import { runCommunities } from '../../org/communities';
import { handOver } from '../../org/draft';
import { retireNode } from '../../org/retire';
import '../../../../components/points/points.scss';

type SectionName = TreeOutput['section'];
type Row<S extends SectionName> = Extract<TreeOutput, { section: S }>['rows'][number];
type Where = { communityId: string } | { compoundId: string } | { buildingId: string };

/** One page after another of a section; `version` restarts it (after an edit comes back). */
function useSection<S extends SectionName>(section: S, where: Where, version: number) {
  return usePaged(
    `${section} ${JSON.stringify(where)} ${version}`,
    (page) => call('org.tree', { section, page, ...where } as never) as Promise<{ ok: true; data: Extract<TreeOutput, { section: S }> } | { ok: false; error: never }>,
    (out) => out.rows as Row<S>[],
  );
}

function Actions({ children }: { children: React.ReactNode }) {
  return <View className='pt-actions'>{children}</View>;
}
function Act({ label, onTap, name }: { label: string; onTap: () => void; name?: string }) {
  return (
    <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' aria-label={name ? `${label}${name}` : label} onClick={onTap}>
      {label}
    </View>
  );
}

interface LevelProps {
  communityId: string;
  version: number;
  changed: () => void;
}

/** Opens the editor on a node (the row goes along), or on a new node of `kind` with its context. */
function edit<R extends { id: string }>(kind: OrgNodeKind, communityId: string, row: R | null, context: Record<string, string> = {}) {
  if (row) handOver(kind, row.id, row);
  openWith('orgNode', { kind, communityId, ...(row ? { id: row.id } : {}), ...context });
}

function List<S extends SectionName>({ section, where, version, empty, render }: { section: S; where: Where; version: number; empty: string; render: (row: Row<S>) => React.ReactNode }) {
  const list = useSection(section, where, version);
  if (list.state.status === 'loading') return <StatusView kind='loading' />;
  if (list.state.status === 'error') return <StatusView kind='error' error={list.state.error} onRetry={list.reload} />;
  if (list.state.rows.length === 0) return <View className='muted'>{empty}</View>;
  return (
    <>
      {list.state.rows.map(render)}
      <MoreButton hasMore={list.state.hasMore} loading={list.state.loadingMore} onMore={() => void list.loadMore()} />
    </>
  );
}

function CommunityLevel({ communityId, version, changed }: LevelProps) {
  const [tab, setTab] = useState<'compounds' | 'branches' | 'teams' | 'partners'>('compounds');
  const where = { communityId };
  const retire = (kind: OrgNodeKind, row: { id: string; rev: number }, name: string) => void retireNode(communityId, kind, row, name).then((done) => done && changed());
  return (
    <>
      <Tabs
        options={[
          { value: 'compounds', label: '小区' },
          { value: 'branches', label: '党支部' },
          { value: 'teams', label: '服务队' },
          { value: 'partners', label: '包联单位' },
        ]}
        value={tab}
        onChange={setTab}
      />
      {tab === 'compounds' && (
        <Section title='小区' extra={<Act label='新建小区' onTap={() => edit('compound', communityId, null)} />}>
          <List section='compounds' where={where} version={version} empty='还没有小区，点“新建小区”开始' render={(c) => (
            <View key={c.id} className='pt-entry'>
              <View className='pt-entry__main'>
                <Text className='pt-entry__title'>{c.name}</Text>
                <View className='pt-entry__meta'>{[c.type, c.propertyMode, c.sanwu ? '三无小区' : '', `${c.buildingCount} 栋楼`].filter(Boolean).join(' · ')}</View>
                <Actions>
                  <Act label='楼栋和网格' name={c.name} onTap={() => openWith('org', { compoundId: c.id, communityId })} />
                  <Act label='修改' name={c.name} onTap={() => edit('compound', communityId, c)} />
                  <Act label='停用' name={c.name} onTap={() => retire('compound', c, c.name)} />
                  <Act label='变更记录' name={c.name} onTap={() => openWith('audit', { nodeId: c.id })} />
                </Actions>
              </View>
            </View>
          )} />
        </Section>
      )}
      {tab === 'branches' && (
        <Section title='党支部' extra={<Act label='新建支部' onTap={() => edit('branch', communityId, null)} />}>
          <List section='branches' where={where} version={version} empty='还没有党支部' render={(b) => (
            <View key={b.id} className='pt-entry'>
              <View className='pt-entry__main'>
                <Text className='pt-entry__title'>{b.name}</Text>
                <View className='pt-entry__meta'>{b.formation} · 覆盖 {b.compoundIds.length} 个小区</View>
                <View className='pt-entry__meta'>
                  {b.officers.length ? b.officers.map((o) => `${o.role === 'secretary' ? '书记' : '委员'} ${o.name}`).join('、') : '书记、委员通过“邀请码”任命'}
                </View>
                <Actions>
                  <Act label='修改' name={b.name} onTap={() => edit('branch', communityId, b)} />
                  <Act label='五有' name={b.name} onTap={() => openWith('wuyou', { branchId: b.id })} />
                  <Act label='停用' name={b.name} onTap={() => retire('branch', b, b.name)} />
                </Actions>
              </View>
            </View>
          )} />
        </Section>
      )}
      {tab === 'teams' && (
        <Section title='志愿服务队' extra={<Act label='新建服务队' onTap={() => edit('team', communityId, null)} />}>
          <List section='teams' where={where} version={version} empty='还没有志愿服务队' render={(t) => (
            <View key={t.id} className='pt-entry'>
              <View className='pt-entry__main'>
                <Text className='pt-entry__title'>{t.name}</Text>
                <View className='pt-entry__meta'>{t.type} · 队员 {t.members.length} 人{t.leaderId ? ` · 队长 ${t.members.find((m) => m.personId === t.leaderId)?.name ?? ''}` : ''}</View>
                <View className='pt-entry__meta'>{t.services.join('、')}</View>
                <Actions>
                  <Act label='修改' name={t.name} onTap={() => edit('team', communityId, t)} />
                  <Act label='停用' name={t.name} onTap={() => retire('team', t, t.name)} />
                </Actions>
              </View>
            </View>
          )} />
        </Section>
      )}
      {tab === 'partners' && (
        <Section title='包联单位' extra={<Act label='新增包联单位' onTap={() => edit('partner', communityId, null)} />}>
          <List section='partners' where={where} version={version} empty='还没有包联单位' render={(p) => (
            <View key={p.id} className='pt-entry'>
              <View className='pt-entry__main'>
                <Text className='pt-entry__title'>{p.name}</Text>
                <View className='pt-entry__meta'>{p.kind} · {p.compoundIds.length ? `包联 ${p.compoundIds.length} 个小区` : '包联全社区'}</View>
                <Actions>
                  <Act label='修改' name={p.name} onTap={() => edit('partner', communityId, p)} />
                  <Act label='停用' name={p.name} onTap={() => retire('partner', p, p.name)} />
                </Actions>
              </View>
            </View>
          )} />
        </Section>
      )}
    </>
  );
}

function CompoundLevel({ communityId, compoundId, version, changed }: LevelProps & { compoundId: string }) {
  const [tab, setTab] = useState<'buildings' | 'grids' | 'centralHouseholds'>('buildings');
  const where = { compoundId };
  const ctx = { compoundId };
  const retire = (kind: OrgNodeKind, row: { id: string; rev: number }, name: string) => void retireNode(communityId, kind, row, name).then((done) => done && changed());
  return (
    <>
      <Tabs
        options={[
          { value: 'buildings', label: '楼栋' },
          { value: 'grids', label: '网格' },
          { value: 'centralHouseholds', label: '党员中心户' },
        ]}
        value={tab}
        onChange={setTab}
      />
      {tab === 'buildings' && (
        <Section title='楼栋' extra={<Act label='新建楼栋' onTap={() => edit('building', communityId, null, ctx)} />}>
          <List section='buildings' where={where} version={version} empty='还没有楼栋' render={(b) => (
            <View key={b.id} className='pt-entry'>
              <View className='pt-entry__main'>
                <Text className='pt-entry__title'>{b.name}</Text>
                <View className='pt-entry__meta'>{b.units.length ? b.units.map((u) => u.name).join('、') : '还没有单元'}</View>
                <Actions>
                  <Act label='单元和住户' name={b.name} onTap={() => openWith('org', { buildingId: b.id, compoundId, communityId })} />
                  <Act label='修改' name={b.name} onTap={() => edit('building', communityId, b, ctx)} />
                  <Act label='停用' name={b.name} onTap={() => retire('building', b, b.name)} />
                </Actions>
              </View>
            </View>
          )} />
        </Section>
      )}
      {tab === 'grids' && (
        <Section title='网格' extra={<Act label='新建网格' onTap={() => edit('grid', communityId, null, ctx)} />}>
          <List section='grids' where={where} version={version} empty='还没有网格，先建大网格，再在其下建微网格' render={(g) => (
            <View key={g.id} className='pt-entry'>
              <View className='pt-entry__main'>
                <Text className='pt-entry__title'>{g.level === 'micro' ? '└ ' : ''}{g.name}</Text>
                <View className='pt-entry__meta'>{GRID_LEVEL_LABELS[g.level]} · 覆盖 {g.buildingIds.length} 栋楼{g.workers.length ? ` · ${g.workers.map((w) => w.name).join('、')}` : ''}</View>
                <Actions>
                  <Act label='修改' name={g.name} onTap={() => edit('grid', communityId, g, ctx)} />
                  <Act label='停用' name={g.name} onTap={() => retire('grid', g, g.name)} />
                </Actions>
              </View>
            </View>
          )} />
        </Section>
      )}
      {tab === 'centralHouseholds' && (
        <Section title='党员中心户' extra={<Act label='新建中心户' onTap={() => edit('centralHousehold', communityId, null, ctx)} />}>
          <List section='centralHouseholds' where={where} version={version} empty='还没有党员中心户' render={(c) => (
            <View key={c.id} className='pt-entry'>
              <View className='pt-entry__main'>
                <Text className='pt-entry__title'>{c.person.name}</Text>
                <View className='pt-entry__meta'>联系 {c.households.length} 户：{c.households.map((h) => h.label).join('、')}</View>
                <Actions>
                  <Act label='修改联系户' name={c.person.name} onTap={() => edit('centralHousehold', communityId, c, ctx)} />
                  <Act label='停用' name={c.person.name} onTap={() => retire('centralHousehold', c, `${c.person.name}的党员中心户`)} />
                </Actions>
              </View>
            </View>
          )} />
        </Section>
      )}
    </>
  );
}

function BuildingLevel({ communityId, compoundId, buildingId, version, changed }: LevelProps & { compoundId: string; buildingId: string }) {
  const units = useAction('org.tree', { section: 'buildings', compoundId, page: 1 });
  const building = units.state.status === 'ok' ? (units.state.data.rows as Row<'buildings'>[]).find((b) => b.id === buildingId) : undefined;
  const retire = (kind: OrgNodeKind, row: { id: string; rev?: number }, name: string) => void retireNode(communityId, kind, row, name).then((done) => done && (changed(), void units.reload()));
  const ctx = { compoundId, buildingId };
  return (
    <>
      <Section title={building ? `${building.name}的单元` : '单元'} extra={<Act label='新建单元' onTap={() => edit('unit', communityId, null, ctx)} />}>
        {units.state.status === 'loading' && <StatusView kind='loading' />}
        {units.state.status === 'error' && <StatusView kind='error' error={units.state.error} onRetry={units.reload} />}
        {building?.units.map((u) => (
          <View key={u.id} className='pt-entry'>
            <View className='pt-entry__main'>
              <Text className='pt-entry__title'>{u.name}</Text>
              <Actions>
                <Act label='改名' name={u.name} onTap={() => edit('unit', communityId, { ...u, rev: building.rev }, ctx)} />
                <Act label='停用' name={u.name} onTap={() => retire('unit', { id: u.id, rev: building.rev }, `${building.name}${u.name}`)} />
              </Actions>
            </View>
          </View>
        ))}
      </Section>
      <Section title='住户' extra={<Act label='新建住户' onTap={() => edit('household', communityId, null, ctx)} />}>
        <List section='households' where={{ buildingId }} version={version} empty='这栋楼还没有住户，可新建或用“名册导入”批量导入' render={(h) => (
          <View key={h.id} className='pt-entry'>
            <View className='pt-entry__main'>
              <Text className='pt-entry__title'>{h.label}</Text>
              <View className='pt-entry__meta'>{building?.units.find((u) => u.id === h.unitId)?.name ?? ''}</View>
              <Actions>
                <Act label='修改' name={h.label} onTap={() => edit('household', communityId, h, ctx)} />
                <Act label='停用' name={h.label} onTap={() => retire('household', h, h.label)} />
              </Actions>
            </View>
          </View>
        )} />
      </Section>
    </>
  );
}

/** An administrator's first step: a community to run. */
function CreateCommunity({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [district, setDistrict] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [key] = useIdempotencyKey('community');
  async function create() {
    setBusy(true);
    const res = await call('org.community.create', { idempotencyKey: key, name: name.trim(), district: district.trim() });
    setBusy(false);
    if (!res.ok) return setError(res.error.issues?.[0]?.message ?? res.error.message);
    toast(`已创建${res.data.name}`, true);
    onCreated();
  }
  return (
    <Section title='创建社区' highlight>
      <View className='muted'>你还没有负责的社区。先创建社区，再添加小区、楼栋、支部和网格。</View>
      <View className='pt-field'>
        <Text className='pt-field__label'>社区名称</Text>
        <Input className='pt-input' placeholderClass='pt-placeholder' aria-label='社区名称' value={name} placeholder='例如：幸福里社区' onInput={(e) => setName(e.detail.value)} />
      </View>
      <View className='pt-field'>
        <Text className='pt-field__label'>所属区县、街道</Text>
        <Input className='pt-input' placeholderClass='pt-placeholder' aria-label='所属区县、街道' value={district} placeholder='例如：滨江区长河街道' onInput={(e) => setDistrict(e.detail.value)} />
      </View>
      <FormError text={error} />
      <Actions>
        <View role='button' className='btn' hoverClass='btn--pressed' onClick={busy ? undefined : () => void create()}>
          {busy ? '正在创建…' : '创建社区'}
        </View>
      </Actions>
    </Section>
  );
}

function Tree({ me, reloadMe, shownAgain }: { me: MeView; reloadMe: () => void; shownAgain: number }) {
  const params = useRouter().params;
  const compoundId = queryValue(params.compoundId);
  const buildingId = queryValue(params.buildingId);
  const communities = runCommunities(me);
  const [index, setIndex] = useState(0);
  const [version, setVersion] = useState(0);
  useEffect(() => setVersion(shownAgain), [shownAgain]);
  const isAdmin = me.bound && me.roles.some((r) => r.role === 'admin');

  const communityId = queryValue(params.communityId) ?? communities[Math.min(index, communities.length - 1)];
  if (!communityId) {
    return isAdmin ? <CreateCommunity onCreated={reloadMe} /> : <StatusView kind='empty' text='你还没有负责的社区' hint='请联系管理员为你开通社区工作人员身份' />;
  }
  const props = { communityId, version, changed: () => setVersion((v) => v + 1) };
  if (buildingId && compoundId) return <BuildingLevel {...props} compoundId={compoundId} buildingId={buildingId} />;
  if (compoundId) return <CompoundLevel {...props} compoundId={compoundId} />;
  return (
    <>
      {communities.length > 1 && (
        <Picker mode='selector' range={communities} value={index} onChange={(e) => setIndex(Number(e.detail.value))}>
          <View className='pt-picker' role='button' aria-label='切换社区'>
            社区：{communityId} ▾
          </View>
        </Picker>
      )}
      <CommunityLevel {...props} />
      {isAdmin && (
        <Actions>
          <Act label='再创建一个社区' onTap={() => openWith('org', { newCommunity: '1' })} />
        </Actions>
      )}
    </>
  );
}

export default function Org() {
  const { state, reload } = useAction('account.me', {});
  const newCommunity = queryValue(useRouter().params.newCommunity) === '1';
  // back from the editor: the lists load again to show what it saved
  const [shownAgain, setShownAgain] = useState(0);
  const firstShow = useRef(true);
  useDidShow(() => {
    if (!firstShow.current) setShownAgain((n) => n + 1);
    firstShow.current = false;
  });
  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={reload} />;
  if (!state.data.bound) return <StatusView kind='empty' text='请先绑定身份' hint={state.data.nextStep} />;
  return (
    <Page>
      {newCommunity ? (
        <CreateCommunity
          onCreated={() => {
            void Taro.navigateBack();
          }}
        />
      ) : (
        <Tree me={state.data} reloadMe={() => void reload()} shownAgain={shownAgain} />
      )}
    </Page>
  );
}

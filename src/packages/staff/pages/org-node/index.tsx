/**
 * One node of the org tree, new or edited, by `?kind=`: its fields, and pickers for where it hangs
 * (compound, building, unit, parent grid, branch) and what it covers (buildings, compounds,
 * households, members). An edit opens on the row the tree page handed over and sends the `rev` it
 * showed, so a node someone else saved meanwhile is refused instead of overwritten. The form's
 * idempotency key is reused when a failed save is retried.
 */
import { createContext, useContext, useEffect, useState } from 'react';
import { View, Text, Input, Picker, Switch } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { ActionName } from '@core/contracts/index';
import type {
  BranchNode,
  BuildingNode,
  CentralHouseholdNode,
  CompoundNode,
  GridNode,
  HouseholdNode,
  PartnerNode,
  TeamNode,
  TreeOutput,
} from '@core/contracts/org-admin';
import { BRANCH_FORMATIONS, COMPOUND_TYPES, PROPERTY_MODES, TEAM_TYPES } from '@core/labels/org';
import { ORG_NODE_KINDS, ORG_NODE_LABELS, type OrgNodeKind } from '@core/labels/org-admin';
import Page from '../../../../components/Page';
import Section from '../../../../components/Section';
import StatusView from '../../../../components/StatusView';
import FormError from '../../../../components/points/FormError';
import PeoplePicker, { type PickedPerson } from '../../../../components/points/PeoplePicker';
import Tabs from '../../../../components/points/Tabs';
import { useIdempotencyKey } from '../../../../components/points/keys';
import { queryValue } from '../../../../components/points/routes';
import { toast } from '../../../../components/points/toast';
import { call } from '../../../../services';
import { takeOver } from '../../org/draft';
import '../../../../components/points/points.scss';

type Rows<S extends TreeOutput['section']> = Extract<TreeOutput, { section: S }>['rows'];

function Field({ label, value, onChange, placeholder, type }: { label: string; value: string; onChange: (v: string) => void; placeholder?: string; type?: 'text' | 'number' }) {
  return (
    <View className='pt-field'>
      <Text className='pt-field__label'>{label}</Text>
      <Input className='pt-input' placeholderClass='pt-placeholder' aria-label={label} type={type ?? 'text'} value={value} placeholder={placeholder} onInput={(e) => onChange(e.detail.value)} />
    </View>
  );
}

function Choice<V extends string>({ label, options, value, onChange }: { label: string; options: readonly V[]; value: V; onChange: (v: V) => void }) {
  return (
    <View className='pt-field'>
      <Text className='pt-field__label'>{label}</Text>
      <Tabs options={options.map((o) => ({ value: o, label: o }))} value={value} onChange={onChange} />
    </View>
  );
}

/** One of `options` (or none when `noneLabel` is given) through the native picker. */
function PickOne({ label, options, value, onChange, noneLabel }: { label: string; options: { id: string; name: string }[]; value: string | null; onChange: (id: string | null) => void; noneLabel?: string }) {
  const all = noneLabel ? [{ id: '', name: noneLabel }, ...options] : options;
  const at = Math.max(0, all.findIndex((o) => o.id === (value ?? '')));
  if (!all.length) return <View className='muted'>{label}：没有可选的</View>;
  return (
    <View className='pt-field'>
      <Text className='pt-field__label'>{label}</Text>
      <Picker mode='selector' range={all.map((o) => o.name)} value={at} onChange={(e) => onChange(all[Number(e.detail.value)].id || null)}>
        <View className='pt-picker' role='button' aria-label={`${label}：${all[at]?.name ?? '未选择'}，点按修改`}>
          {value || noneLabel ? all[at]?.name : '请选择'} ▾
        </View>
      </Picker>
    </View>
  );
}

/** Any number of `options`, each a big toggle. */
function PickMany({ label, options, value, onChange, hint }: { label: string; options: { id: string; name: string }[]; value: string[]; onChange: (ids: string[]) => void; hint?: string }) {
  return (
    <View className='pt-field'>
      <Text className='pt-field__label'>{label}</Text>
      {hint && <Text className='pt-field__hint'>{hint}</Text>}
      {options.length === 0 && <View className='muted'>没有可选的</View>}
      {options.map((o) => {
        const on = value.includes(o.id);
        return (
          <View key={o.id} className={`pt-choice${on ? ' pt-choice--on' : ''}`} role='button' aria-pressed={on} onClick={() => onChange(on ? value.filter((v) => v !== o.id) : [...value, o.id])}>
            <View className='pt-choice__body'>
              <Text className='pt-choice__name'>{o.name}</Text>
            </View>
            <Text className='pt-choice__points'>{on ? '✓' : ''}</Text>
          </View>
        );
      })}
    </View>
  );
}

/** Pickers read at most this many pages of 20: a compound's 60 buildings take 3 calls. */
const MAX_OPTION_PAGES = 25;

/**
 * A section's rows as picker options, every page of them (a grid may cover the 21st building);
 * nothing asked while `where` is unknown.
 */
function useOptions<S extends TreeOutput['section']>(section: S, where: Record<string, string> | null, name: (row: Rows<S>[number]) => string) {
  const [rows, setRows] = useState<unknown[]>([]);
  const key = where ? JSON.stringify({ section, ...where }) : null;
  useEffect(() => {
    if (!key) return setRows([]);
    let live = true;
    void (async () => {
      const all: unknown[] = [];
      for (let page = 1; page <= MAX_OPTION_PAGES; page++) {
        const res = await call('org.tree', { ...JSON.parse(key), page } as never);
        if (!live) return;
        if (!res.ok) return toast(res.error.message);
        all.push(...res.data.rows);
        setRows([...all]);
        if (!res.data.hasMore) return;
      }
    })();
    return () => {
      live = false;
    };
  }, [key]);
  const typed = rows as Rows<S>[number][];
  return { rows: typed, options: typed.map((r) => ({ id: (r as { id: string }).id, name: name(r) })) };
}

interface FormProps<N> {
  communityId: string;
  node: N | null;
  params: Record<string, string | undefined>;
  save: (action: ActionName, data: Record<string, unknown>) => void;
}

function CompoundForm({ node, save }: FormProps<CompoundNode>) {
  const [name, setName] = useState(node?.name ?? '');
  const [type, setType] = useState(node?.type ?? COMPOUND_TYPES[1]);
  const [mode, setMode] = useState(node?.propertyMode ?? PROPERTY_MODES[0]);
  const [sanwu, setSanwu] = useState(node?.sanwu ?? false);
  const [address, setAddress] = useState(node?.address ?? '');
  const [company, setCompany] = useState(node?.propertyCompany?.name ?? '');
  const [phone, setPhone] = useState(node?.propertyCompany?.phone ?? '');
  return (
    <>
      <Field label='小区名称' value={name} onChange={setName} />
      <Choice label='小区类型' options={COMPOUND_TYPES} value={type} onChange={setType} />
      <Choice label='物业管理方式' options={PROPERTY_MODES} value={mode} onChange={setMode} />
      <View className='pt-field switch-row'>
        <Text className='pt-field__label switch-row__label'>三无小区</Text>
        <Switch className='hl-switch' aria-label='三无小区' checked={sanwu} color='#c8161d' onChange={(e) => setSanwu(e.detail.value)} />
      </View>
      <Field label='地址' value={address} onChange={setAddress} />
      {mode === '物业公司' && (
        <>
          <Field label='物业公司名称' value={company} onChange={setCompany} />
          <Field label='物业服务电话' value={phone} onChange={setPhone} placeholder='手机号或带区号的座机' />
        </>
      )}
      <SaveButton
        onSave={() =>
          save('org.compound.save', {
            name: name.trim(),
            type,
            propertyMode: mode,
            sanwu,
            address: address.trim(),
            propertyCompany: mode === '物业公司' || company.trim() ? { name: company.trim(), phone: phone.trim() || null } : null,
          })
        }
      />
    </>
  );
}

function BuildingForm({ communityId, node, params, save }: FormProps<BuildingNode>) {
  const [name, setName] = useState(node?.name ?? '');
  const [order, setOrder] = useState(node ? String(node.order) : '');
  const [units, setUnits] = useState(node ? '' : '2');
  const [compoundId, setCompoundId] = useState<string | null>(node?.compoundId ?? params.compoundId ?? null);
  const compounds = useOptions('compounds', { communityId }, (c) => c.name);
  return (
    <>
      <Field label='楼栋名称' value={name} onChange={setName} placeholder='例如：7号楼' />
      <PickOne label={node ? '所在小区（有住户的楼栋不能移到其他小区）' : '所在小区'} options={compounds.options} value={compoundId} onChange={setCompoundId} />
      <Field label='排序（选填）' type='number' value={order} onChange={setOrder} placeholder='不填则排在最后' />
      {!node && <Field label='单元数' type='number' value={units} onChange={setUnits} placeholder='例如：2，会建 1单元、2单元' />}
      <SaveButton
        onSave={() =>
          save('org.building.save', {
            compoundId,
            name: name.trim(),
            ...(order.trim() ? { order: Number(order) } : {}),
            ...(node ? {} : { unitNames: Array.from({ length: Math.min(30, Number(units) || 0) }, (_, i) => `${i + 1}单元`) }),
          })
        }
      />
    </>
  );
}

function UnitForm({ node, params, save }: FormProps<{ id: string; name: string }>) {
  const [name, setName] = useState(node?.name ?? '');
  return (
    <>
      <Field label='单元名称' value={name} onChange={setName} placeholder='例如：3单元' />
      <SaveButton onSave={() => save('org.unit.save', { buildingId: params.buildingId, name: name.trim() })} />
    </>
  );
}

function HouseholdForm({ node, params, save }: FormProps<HouseholdNode>) {
  const [label, setLabel] = useState(node?.label ?? '');
  const [buildingId, setBuildingId] = useState<string | null>(node?.buildingId ?? params.buildingId ?? null);
  const [unitId, setUnitId] = useState<string | null>(node?.unitId ?? null);
  const buildings = useOptions('buildings', params.compoundId ? { compoundId: params.compoundId } : null, (b) => b.name);
  const units = (buildings.rows as BuildingNode[]).find((b) => b.id === buildingId)?.units ?? [];
  return (
    <>
      <Field label='门牌' value={label} onChange={setLabel} placeholder='例如：3号楼2单元301' />
      <PickOne label='楼栋' options={buildings.options} value={buildingId} onChange={(id) => (setBuildingId(id), setUnitId(null))} />
      <PickOne label='单元' options={units} value={unitId} onChange={setUnitId} />
      <SaveButton onSave={() => save('org.household.save', { buildingId, unitId, label: label.trim() })} />
    </>
  );
}

function BranchForm({ communityId, node, save }: FormProps<BranchNode>) {
  const [name, setName] = useState(node?.name ?? '');
  const [formation, setFormation] = useState(node?.formation ?? BRANCH_FORMATIONS[0]);
  const [compoundIds, setCompoundIds] = useState(node?.compoundIds ?? []);
  const compounds = useOptions('compounds', { communityId }, (c) => c.name);
  return (
    <>
      <Field label='支部名称' value={name} onChange={setName} placeholder='例如：和平小区党支部' />
      <Choice label='组建方式' options={BRANCH_FORMATIONS} value={formation} onChange={setFormation} />
      <PickMany label='覆盖的小区' hint={formation === '单独组建' ? '单独组建选 1 个小区' : '联建选 2 个及以上小区'} options={compounds.options} value={compoundIds} onChange={setCompoundIds} />
      {node && <View className='muted'>书记和委员通过“邀请码”任命。</View>}
      <SaveButton onSave={() => save('org.branch.save', { name: name.trim(), formation, compoundIds })} />
    </>
  );
}

function GridForm({ node, params, save }: FormProps<GridNode>) {
  const compoundId = node?.compoundId ?? params.compoundId ?? '';
  const [name, setName] = useState(node?.name ?? '');
  const [level, setLevel] = useState<'big' | 'micro'>(node?.level ?? 'big');
  const [parentId, setParentId] = useState<string | null>(node?.parentId ?? null);
  const [buildingIds, setBuildingIds] = useState(node?.buildingIds ?? []);
  const grids = useOptions('grids', { compoundId }, (g) => g.name);
  const buildings = useOptions('buildings', { compoundId }, (b) => b.name);
  const bigGrids = (grids.rows as GridNode[]).filter((g) => g.level === 'big' && g.id !== node?.id).map((g) => ({ id: g.id, name: g.name }));
  const parent = (grids.rows as GridNode[]).find((g) => g.id === parentId);
  const coverable = level === 'micro' && parent ? buildings.options.filter((b) => parent.buildingIds.includes(b.id)) : buildings.options;
  return (
    <>
      <Field label='网格名称' value={name} onChange={setName} />
      <View className='pt-field'>
        <Text className='pt-field__label'>层级</Text>
        <Tabs
          options={[{ value: 'big', label: '大网格' }, { value: 'micro', label: '微网格' }]}
          value={level}
          onChange={(v) => {
            setLevel(v);
            // a micro grid hangs under a big grid: the first one to start with
            setParentId(v === 'big' ? null : (parentId ?? bigGrids[0]?.id ?? null));
          }}
        />
      </View>
      {level === 'micro' && <PickOne label='所属大网格' options={bigGrids} value={parentId} onChange={setParentId} />}
      <PickMany label='覆盖的楼栋' hint={level === 'micro' ? '只能选所属大网格里的楼栋' : undefined} options={coverable} value={buildingIds} onChange={setBuildingIds} />
      <SaveButton onSave={() => save('org.grid.save', { compoundId, name: name.trim(), level, parentId: level === 'big' ? null : parentId, buildingIds })} />
    </>
  );
}

function CentralHouseholdForm({ node, params, save }: FormProps<CentralHouseholdNode>) {
  const [people, setPeople] = useState<PickedPerson[]>(node ? [{ id: node.person.personId, name: node.person.name, title: '党员中心户' }] : []);
  const [buildingId, setBuildingId] = useState<string | null>(node?.buildingId ?? null);
  const [householdIds, setHouseholdIds] = useState(node?.households.map((h) => h.id) ?? []);
  const buildings = useOptions('buildings', params.compoundId ? { compoundId: params.compoundId } : null, (b) => b.name);
  const households = useOptions('households', buildingId ? { buildingId } : null, (h) => h.label);
  const known = node?.households.filter((h) => !households.options.some((o) => o.id === h.id)).map((h) => ({ id: h.id, name: h.label })) ?? [];
  return (
    <>
      {node ? (
        <View className='pt-field'>
          <Text className='pt-field__label'>党员：{node.person.name}</Text>
        </View>
      ) : (
        <View className='pt-field'>
          <Text className='pt-field__label'>党员（本人须已绑定住户）</Text>
          <PeoplePicker selected={people} onChange={setPeople} single />
        </View>
      )}
      <PickOne label='从哪栋楼选联系户' options={buildings.options} value={buildingId} onChange={setBuildingId} />
      <PickMany label='联系户（最多 10 户）' options={[...known, ...households.options]} value={householdIds} onChange={setHouseholdIds} />
      <SaveButton onSave={() => save('org.centralHousehold.save', { personId: people[0]?.id ?? '', householdIds })} />
    </>
  );
}

function TeamForm({ communityId, node, save }: FormProps<TeamNode>) {
  const [name, setName] = useState(node?.name ?? '');
  const [type, setType] = useState<(typeof TEAM_TYPES)[number]>(node?.type ?? TEAM_TYPES[0]);
  const [branchId, setBranchId] = useState<string | null>(node?.branchId ?? null);
  const [members, setMembers] = useState<PickedPerson[]>(node?.members.map((m) => ({ id: m.personId, name: m.name, title: '队员' })) ?? []);
  const [leaderId, setLeaderId] = useState<string | null>(node?.leaderId ?? null);
  const [services, setServices] = useState(node?.services.join('、') ?? '');
  const [compoundIds, setCompoundIds] = useState(node?.compoundIds ?? []);
  const branches = useOptions('branches', { communityId }, (b) => b.name);
  const compounds = useOptions('compounds', { communityId }, (c) => c.name);
  return (
    <>
      <Field label='服务队名称' value={name} onChange={setName} />
      <PickOne label='类型' options={TEAM_TYPES.map((t) => ({ id: t, name: t }))} value={type} onChange={(v) => v && setType(v as (typeof TEAM_TYPES)[number])} />
      <PickOne label='所属' options={branches.options} value={branchId} onChange={setBranchId} noneLabel='社区' />
      <View className='pt-field'>
        <Text className='pt-field__label'>队员（已选 {members.length} 人）</Text>
        <PeoplePicker selected={members} onChange={setMembers} />
      </View>
      <PickOne label='队长' options={members.map((m) => ({ id: m.id, name: m.name }))} value={leaderId} onChange={setLeaderId} noneLabel='暂不设' />
      <Field label='服务内容' value={services} onChange={setServices} placeholder='用顿号隔开，例如：水电维修、代买代办' />
      <PickMany label='服务的小区' options={compounds.options} value={compoundIds} onChange={setCompoundIds} />
      <SaveButton
        onSave={() =>
          save('org.team.save', {
            name: name.trim(),
            type,
            branchId,
            leaderId: leaderId && members.some((m) => m.id === leaderId) ? leaderId : null,
            memberIds: members.map((m) => m.id),
            services: services.split(/[、，,\s]+/).map((x) => x.trim()).filter(Boolean),
            compoundIds,
          })
        }
      />
    </>
  );
}

function PartnerForm({ communityId, node, save }: FormProps<PartnerNode>) {
  const [name, setName] = useState(node?.name ?? '');
  const [kind, setKind] = useState(node?.kind ?? '');
  const [compoundIds, setCompoundIds] = useState(node?.compoundIds ?? []);
  const [members, setMembers] = useState<PickedPerson[]>(node?.members.map((m) => ({ id: m.personId, name: m.name, title: '报到成员' })) ?? []);
  const compounds = useOptions('compounds', { communityId }, (c) => c.name);
  return (
    <>
      <Field label='单位名称' value={name} onChange={setName} />
      <Field label='单位类别' value={kind} onChange={setKind} placeholder='例如：机关单位、国有企业' />
      <PickMany label='包联的小区' hint='不选则包联全社区' options={compounds.options} value={compoundIds} onChange={setCompoundIds} />
      <View className='pt-field'>
        <Text className='pt-field__label'>报到成员（已选 {members.length} 人，吹哨到本单位的工单由他们接单）</Text>
        <PeoplePicker selected={members} onChange={setMembers} />
      </View>
      <SaveButton onSave={() => save('org.partner.save', { name: name.trim(), kind: kind.trim(), compoundIds, memberIds: members.map((m) => m.id) })} />
    </>
  );
}

/** The form's end: what went wrong, 保存 and 取消 (busy and error from the page). */
const FormState = createContext<{ busy: boolean; error: string | null }>({ busy: false, error: null });
function SaveButton({ onSave }: { onSave: () => void }) {
  const { busy, error } = useContext(FormState);
  return (
    <>
      <FormError text={error} />
      <View className='pt-actions'>
        <View role='button' className='btn' hoverClass='btn--pressed' onClick={busy ? undefined : onSave}>
          {busy ? '正在保存…' : '保存'}
        </View>
        <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={() => void Taro.navigateBack()}>
          取消
        </View>
      </View>
    </>
  );
}

const FORMS: Record<OrgNodeKind, (p: FormProps<never>) => JSX.Element> = {
  compound: CompoundForm,
  building: BuildingForm,
  unit: UnitForm,
  household: HouseholdForm,
  branch: BranchForm,
  grid: GridForm,
  centralHousehold: CentralHouseholdForm,
  team: TeamForm,
  partner: PartnerForm,
};

export default function OrgNode() {
  const params = Object.fromEntries(Object.entries(useRouter().params).map(([k, v]) => [k, queryValue(v)]));
  const kind = ORG_NODE_KINDS.find((k) => k === params.kind);
  const communityId = params.communityId;
  const [key] = useIdempotencyKey('org');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!kind || !communityId) return <StatusView kind='empty' text='请从“组织架构”页面进入' />;
  const node = params.id ? takeOver<{ id: string; rev: number }>(kind, params.id) : null;
  if (params.id && !node) return <StatusView kind='empty' text='页面已过期，请返回“组织架构”重新选择' />;
  const Form = FORMS[kind];

  const save = async (action: ActionName, data: Record<string, unknown>) => {
    setBusy(true);
    const res = await call(action, { idempotencyKey: key, communityId, ...(node ? { id: node.id, rev: node.rev } : {}), ...data } as never);
    setBusy(false);
    if (!res.ok) return setError(res.error.issues?.[0]?.message ?? res.error.message);
    toast('已保存', true);
    setTimeout(() => void Taro.navigateBack(), 600);
  };

  return (
    <Page>
      <Section title={`${node ? '修改' : '新建'}${ORG_NODE_LABELS[kind]}`}>
        <FormState.Provider value={{ busy, error }}>
          <Form communityId={communityId} node={node as never} params={params} save={(a, d) => void save(a, d)} />
        </FormState.Provider>
      </Section>
    </Page>
  );
}

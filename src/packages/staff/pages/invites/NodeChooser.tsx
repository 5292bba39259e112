/**
 * Where an invited role applies, as its role needs it (INVITE_NODE): the community, a branch, a
 * grid, one or several buildings of a compound, or a unit.
 */
import { useEffect, useState } from 'react';
import { View, Text, Picker } from '@tarojs/components';
import type { BindOption } from '@core/contracts/account';
import type { InviteTarget } from '@core/contracts/org-invites';
import { INVITE_NODE, type InvitableRole } from '@core/labels/account';
import LevelPicker from '../../../../components/LevelPicker';
import { call } from '../../../../services';

interface Props {
  role: InvitableRole;
  communityId: string;
  /** a secretary's own branch: the only one they may invite to */
  ownBranch: BindOption | null;
  onChange: (target: InviteTarget | null) => void;
}

function OptionPicker({ label, options, value, onChange }: { label: string; options: BindOption[]; value: BindOption | null; onChange: (o: BindOption) => void }) {
  const text = value?.name ?? (options.length ? `请选择${label}` : `没有可选的${label}`);
  return (
    <View className='pt-field'>
      <Text className='pt-field__label'>{label}</Text>
      <Picker mode='selector' range={options.map((o) => o.name)} disabled={!options.length} onChange={(e) => onChange(options[Number(e.detail.value)])}>
        <View className='pt-picker' role='button' aria-label={`${label}：${text}，点按选择`}>
          {text} ▾
        </View>
      </Picker>
    </View>
  );
}

export default function NodeChooser({ role, communityId, ownBranch, onChange }: Props) {
  const node = INVITE_NODE[role];
  const [compound, setCompound] = useState<BindOption | null>(null);
  const [building, setBuilding] = useState<BindOption | null>(null);
  const [unit, setUnit] = useState<BindOption | null>(null);
  const [branch, setBranch] = useState<BindOption | null>(ownBranch);
  const [grid, setGrid] = useState<BindOption | null>(null);
  const [branches, setBranches] = useState<BindOption[]>([]);
  const [grids, setGrids] = useState<BindOption[]>([]);
  const [buildings, setBuildings] = useState<BindOption[]>([]);
  const [chosen, setChosen] = useState<string[]>([]);

  useEffect(() => {
    if (node !== 'branch' || ownBranch) return;
    void call('org.branches', { communityId }).then((res) => res.ok && setBranches(res.data.branches.map((b) => ({ id: b.id, name: b.name }))));
  }, [node, communityId, ownBranch]);

  useEffect(() => {
    setGrid(null);
    setGrids([]);
    setChosen([]);
    setBuildings([]);
    if (!compound) return;
    if (node === 'grid') {
      void call('org.directory', { compoundId: compound.id }).then((res) => res.ok && setGrids(res.data.grids.map((g) => ({ id: g.id, name: g.name }))));
    }
    if (node === 'buildings') {
      void call('account.bind.options', { level: 'building', parentId: compound.id }).then((res) => res.ok && setBuildings(res.data.options));
    }
  }, [node, compound]);

  useEffect(() => {
    const base = { communityId };
    const target =
      node === 'community'
        ? base
        : node === 'branch'
          ? branch && { ...base, branchId: branch.id }
          : node === 'grid'
            ? compound && grid && { ...base, compoundId: compound.id, gridId: grid.id }
            : node === 'buildings'
              ? compound && chosen.length > 0 && { ...base, compoundId: compound.id, buildingIds: chosen }
              : node === 'building'
                ? compound && building && { ...base, compoundId: compound.id, buildingIds: [building.id] }
                : compound && building && unit && { ...base, compoundId: compound.id, buildingIds: [building.id], unitId: unit.id };
    onChange(target || null);
  }, [node, communityId, branch, compound, grid, chosen, building, unit, onChange]);

  if (node === 'community') return <View className='muted'>在本社区范围内。</View>;
  if (node === 'branch') {
    return ownBranch ? (
      <View className='row'>
        <Text className='row__label'>党支部</Text>
        <Text>{ownBranch.name}</Text>
      </View>
    ) : (
      <OptionPicker label='党支部' options={branches} value={branch} onChange={setBranch} />
    );
  }
  const toggle = (id: string) => setChosen((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]));
  return (
    <>
      <LevelPicker
        level='compound'
        parentId={communityId}
        value={compound}
        onChange={(o) => {
          setCompound(o);
          setBuilding(null);
          setUnit(null);
        }}
      />
      {node === 'grid' && compound && <OptionPicker label='网格' options={grids} value={grid} onChange={setGrid} />}
      {node === 'buildings' && compound && (
        <View className='pt-field'>
          <Text className='pt-field__label'>负责的楼栋（可多选）</Text>
          <View className='pt-tabs' role='group'>
            {buildings.map((b) => (
              <View key={b.id} role='checkbox' aria-checked={chosen.includes(b.id)} className={`pt-tabs__tab${chosen.includes(b.id) ? ' pt-tabs__tab--on' : ''}`} hoverClass='btn--pressed' onClick={() => toggle(b.id)}>
                {b.name}
              </View>
            ))}
          </View>
        </View>
      )}
      {(node === 'building' || node === 'unit') && (
        <LevelPicker
          level='building'
          parentId={compound?.id ?? null}
          value={building}
          onChange={(o) => {
            setBuilding(o);
            setUnit(null);
          }}
        />
      )}
      {node === 'unit' && <LevelPicker level='unit' parentId={building?.id ?? null} value={unit} onChange={setUnit} />}
    </>
  );
}

/**
 * 位置: a building and unit of the reporter's compound (their own preselected: the 公示牌's
 * `myBuildingId`, the unit read off their household label 「1号楼1单元101」), or a common area in words.
 */
import { useEffect, useState } from 'react';
import { View, Text, Picker, Input } from '@tarojs/components';
import type { BindOption } from '@core/contracts/account';
import type { DirectoryView } from '@core/contracts/org';
import Tabs from '../points/Tabs';
import { call } from '../../services';
import '../points/points.scss';
import './requests.scss';

export type Location = { buildingId: string; unitId?: string } | { area: string };
type Mode = 'building' | 'area';
const MODES: { value: Mode; label: string }[] = [
  { value: 'building', label: '楼栋单元' },
  { value: 'area', label: '小区公共区域' },
];

interface Props {
  board: DirectoryView;
  /** the reporter's household label (「1号楼1单元101」), to preselect their unit */
  householdLabel: string | null;
  onChange: (location: Location | null) => void;
}

export default function LocationField({ board, householdLabel, onChange }: Props) {
  const [mode, setMode] = useState<Mode>(board.buildings.length ? 'building' : 'area');
  const [buildingId, setBuildingId] = useState<string | null>(board.myBuildingId ?? null);
  const [units, setUnits] = useState<BindOption[]>([]);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [area, setArea] = useState('');
  const building = board.buildings.find((b) => b.id === buildingId) ?? null;

  useEffect(() => {
    setUnits([]);
    setUnitId(null);
    if (!buildingId) return;
    let live = true;
    void call('account.bind.options', { level: 'unit', parentId: buildingId }).then((res) => {
      if (!live || !res.ok) return;
      setUnits(res.data.options);
      const b = board.buildings.find((x) => x.id === buildingId);
      const mine = b && buildingId === board.myBuildingId && householdLabel?.startsWith(b.name) ? res.data.options.find((u) => householdLabel.slice(b.name.length).startsWith(u.name)) : undefined;
      if (mine) setUnitId(mine.id);
    });
    return () => {
      live = false;
    };
  }, [buildingId, board, householdLabel]);

  useEffect(() => {
    if (mode === 'area') onChange(area.trim() ? { area: area.trim() } : null);
    else onChange(buildingId ? { buildingId, ...(unitId ? { unitId } : {}) } : null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mode, buildingId, unitId, area]);

  const unitNames = ['整栋楼 / 不清楚', ...units.map((u) => u.name)];
  const unitName = units.find((u) => u.id === unitId)?.name ?? '整栋楼 / 不清楚';
  return (
    <View className='rq-location'>
      <Tabs options={MODES} value={mode} onChange={setMode} />
      {mode === 'building' ? (
        <>
          <Picker mode='selector' range={board.buildings.map((b) => b.name)} onChange={(e) => setBuildingId(board.buildings[Number(e.detail.value)]?.id ?? null)}>
            <View className='pt-picker' role='button' aria-label={`楼栋：${building?.name ?? '请选择'}，点按选择`}>
              {building?.name ?? '请选择楼栋'} ▾
            </View>
          </Picker>
          {building && units.length > 0 && (
            <Picker mode='selector' range={unitNames} onChange={(e) => setUnitId(units[Number(e.detail.value) - 1]?.id ?? null)}>
              <View className='pt-picker' role='button' aria-label={`单元：${unitName}，点按选择`}>
                {unitName} ▾
              </View>
            </Picker>
          )}
        </>
      ) : (
        <>
          <Input className='pt-input' placeholderClass='pt-placeholder' aria-label='公共区域的位置' value={area} maxlength={40} placeholder='如：南门车棚、3号楼东侧绿地' onInput={(e) => setArea(e.detail.value)} />
          <Text className='pt-field__hint'>写清在小区里的什么地方，方便上门处理</Text>
        </>
      )}
    </View>
  );
}

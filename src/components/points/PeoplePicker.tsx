/**
 * Picks people in the caller's scope: a compound (org.compounds), then the people on its 公示牌
 * (org.directory) — branch secretary, grid workers, Red Neighbor Leaders, building heads, central
 * households, team leaders — each once.
 */
import { useMemo, useState } from 'react';
import { View, Text, Picker } from '@tarojs/components';
import type { DirectoryView } from '@core/contracts/org';
import StatusView from '../StatusView';
import { useAction } from '../../services/useAction';
import './points.scss';

export interface PickedPerson {
  id: string;
  name: string;
  title: string;
}

export function peopleOf(board: DirectoryView): PickedPerson[] {
  const seen = new Map<string, PickedPerson>();
  const add = (c: { personId: string; name: string; title: string } | null, title?: string) => {
    if (c && !seen.has(c.personId)) seen.set(c.personId, { id: c.personId, name: c.name, title: title ?? c.title });
  };
  board.buildings.forEach((b) => b.leaders.forEach((c) => add(c, `${b.name} 红色近邻长`)));
  add(board.branch?.secretary ?? null);
  board.grids.forEach((g) => g.workers.forEach((c) => add(c)));
  board.buildings.forEach((b) => [...b.heads, ...b.centralHouseholds].forEach((c) => add(c)));
  board.teams.forEach((t) => add(t.leader));
  return [...seen.values()];
}

interface Props {
  selected: PickedPerson[];
  onChange: (people: PickedPerson[]) => void;
  /** one person only (a reversal looks at one person's entries) */
  single?: boolean;
}

function Board({ compoundId, selected, onChange, single }: Props & { compoundId: string }) {
  const { state, reload } = useAction('org.directory', { compoundId });
  const people = useMemo(() => (state.status === 'ok' ? peopleOf(state.data) : []), [state]);
  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={reload} />;
  if (people.length === 0) return <View className='muted'>这个小区的公示牌上还没有人员</View>;

  const isOn = (id: string) => selected.some((p) => p.id === id);
  const toggle = (p: PickedPerson) => {
    if (single) return onChange(isOn(p.id) ? [] : [p]);
    onChange(isOn(p.id) ? selected.filter((s) => s.id !== p.id) : [...selected, p]);
  };
  return (
    <View>
      {!single && (
        <View className='pt-actions'>
          <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={() => onChange([...selected, ...people.filter((p) => !isOn(p.id))])}>
            全选本小区
          </View>
          {selected.length > 0 && (
            <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={() => onChange([])}>
              清空（已选 {selected.length} 人）
            </View>
          )}
        </View>
      )}
      {people.map((p) => (
        <View key={p.id} className={`pt-choice${isOn(p.id) ? ' pt-choice--on' : ''}`} role='button' aria-pressed={isOn(p.id)} onClick={() => toggle(p)}>
          <View className='pt-choice__body'>
            <Text className='pt-choice__name'>{p.name}</Text>
            <View className='pt-choice__desc'>{p.title}</View>
          </View>
          <Text className='pt-choice__points'>{isOn(p.id) ? '✓' : ''}</Text>
        </View>
      ))}
    </View>
  );
}

export default function PeoplePicker(props: Props) {
  const { state, reload } = useAction('org.compounds', { page: 1, pageSize: 20 });
  const [index, setIndex] = useState(0);
  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={reload} />;
  const compounds = state.data.compounds;
  if (compounds.length === 0) return <View className='muted'>您负责的范围里还没有登记小区</View>;
  const compound = compounds[Math.min(index, compounds.length - 1)];
  return (
    <View>
      <Picker mode='selector' range={compounds.map((c) => c.name)} value={index} onChange={(e) => setIndex(Number(e.detail.value))}>
        <View className='pt-picker' role='button'>
          小区：{compound.name} ▾
        </View>
      </Picker>
      <Board key={compound.id} compoundId={compound.id} {...props} />
    </View>
  );
}

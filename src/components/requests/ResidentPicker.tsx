/**
 * 代报: whom the request is for — a resident of a building the leader or grid worker serves
 * (requests.residents, by household label, a first 50), found by part of the name as it is typed.
 */
import { useState } from 'react';
import { View, Text, Picker, Input } from '@tarojs/components';
import type { ActionOutput } from '../../services';
import { useAction } from '../../services/useAction';
import '../points/points.scss';
import './requests.scss';

export type Resident = ActionOutput<'requests.residents'>['residents'][number];

const labelOf = (r: Resident) => `${r.name}（${r.householdLabel}）`;

interface Props {
  value: Resident | null;
  onChange: (resident: Resident | null) => void;
}

export default function ResidentPicker({ value, onChange }: Props) {
  const [q, setQ] = useState('');
  const { state, reload } = useAction('requests.residents', q.trim() ? { q: q.trim() } : {});
  const residents = state.status === 'ok' ? state.data.residents : [];
  return (
    <View className='rq-location'>
      <Input className='pt-input' placeholderClass='pt-placeholder' aria-label='按姓名查找居民' value={q} maxlength={20} placeholder='输入居民姓名查找' onInput={(e) => setQ(e.detail.value)} />
      {state.status === 'error' && (
        <View role='button' className='pt-field__error' onClick={() => void reload()}>
          {state.error.message}，点按重试
        </View>
      )}
      {state.status === 'ok' && residents.length === 0 && <Text className='pt-field__hint'>{q.trim() ? '没有找到这个名字的居民' : '你服务的楼栋里还没有登记的居民'}</Text>}
      {residents.length > 0 && (
        <Picker mode='selector' range={residents.map(labelOf)} onChange={(e) => onChange(residents[Number(e.detail.value)] ?? null)}>
          <View className='pt-picker' role='button' aria-label={`居民：${value ? labelOf(value) : '请选择'}，点按选择`}>
            {value ? labelOf(value) : '请选择居民'} ▾
          </View>
        </Picker>
      )}
      {state.status === 'ok' && state.data.more && <Text className='pt-field__hint'>人数较多，只列出了一部分，输入姓名可以找到其他居民</Text>}
    </View>
  );
}

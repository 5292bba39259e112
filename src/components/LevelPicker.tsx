/** One level of the home cascade (社区 → 小区 → 楼栋 → 单元 → 房号): a native picker fed by account.bind.options. */
import { useEffect, useState } from 'react';
import { View, Text, Picker } from '@tarojs/components';
import { BIND_LEVEL_LABELS, type BindLevel } from '@core/labels/account';
import type { BindOption } from '@core/contracts/account';
import { call } from '../services';

const MORE = '更多…';

interface Props {
  level: BindLevel;
  /** the node chosen one level up (null: not chosen yet; communities have none) */
  parentId: string | null;
  value: BindOption | null;
  onChange: (option: BindOption | null) => void;
}

export default function LevelPicker({ level, parentId, value, onChange }: Props) {
  const label = BIND_LEVEL_LABELS[level];
  const [options, setOptions] = useState<BindOption[]>([]);
  const [page, setPage] = useState(1);
  const [hasMore, setHasMore] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const waiting = level !== 'community' && parentId === null;

  async function load(p: number, keep: BindOption[]) {
    const res = await call('account.bind.options', { level, page: p, ...(parentId ? { parentId } : {}) });
    if (!res.ok) return setProblem(res.error.message);
    setProblem(null);
    const all = [...keep, ...res.data.options];
    setOptions(all);
    setPage(p);
    setHasMore(res.data.hasMore);
    // a single choice (one community on the deployment) is chosen for the person
    if (p === 1 && all.length === 1 && !res.data.hasMore) onChange(all[0]);
  }

  useEffect(() => {
    setOptions([]);
    if (!waiting) void load(1, []);
    // a new parent starts the level again
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [level, parentId]);

  const names = [...options.map((o) => o.name), ...(hasMore ? [MORE] : [])];
  const text = waiting ? `请先选择${previousLabel(level)}` : value ? value.name : options.length ? `请选择${label}` : problem ?? '正在加载…';
  return (
    <View className='pt-field'>
      <Text className='pt-field__label'>{label}</Text>
      <Picker
        mode='selector'
        range={names}
        disabled={waiting || names.length === 0}
        onChange={(e) => {
          const i = Number(e.detail.value);
          if (i === options.length) void load(page + 1, options);
          else onChange(options[i] ?? null);
        }}
      >
        <View className='pt-picker' role='button' aria-label={`${label}：${text}，点按选择`}>
          {text} ▾
        </View>
      </Picker>
    </View>
  );
}

function previousLabel(level: BindLevel): string {
  const order: BindLevel[] = ['community', 'compound', 'building', 'unit', 'household'];
  return BIND_LEVEL_LABELS[order[Math.max(order.indexOf(level) - 1, 0)]];
}

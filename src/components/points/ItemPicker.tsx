/** Picks a catalogue item: categories as tabs, the items of the chosen one as big rows. */
import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import type { RuleItem, RulesView } from '@core/contracts/points';
import Tabs from './Tabs';
import './points.scss';

/** 需上传照片 · 每月最多 4 次 · 支部书记审核 */
export function itemFacts(item: RuleItem): string {
  const facts = [item.evidenceRequired ? '需上传照片' : ''];
  if (item.cap) {
    const per = { month: '每月', quarter: '每季度', year: '每年' }[item.cap.period];
    const limits = [item.cap.count ? `最多 ${item.cap.count} 次` : '', item.cap.points ? `最多 ${item.cap.points} 分` : ''].filter(Boolean);
    facts.push(`${per}${limits.join('、')}`);
  }
  facts.push(item.approver === 'secretary' ? '支部书记审核' : '社区审核');
  if (!item.active) facts.push('已停用');
  return facts.filter(Boolean).join(' · ');
}

interface Props {
  rules: RulesView;
  selected: RuleItem | null;
  onChange: (item: RuleItem) => void;
  /** what to show under an item's name */
  describe?: (item: RuleItem) => string;
}

export default function ItemPicker({ rules, selected, onChange, describe }: Props) {
  const categories = rules.categories.filter((c) => c.items.length > 0);
  const [category, setCategory] = useState(selected?.categoryCode ?? categories[0]?.code ?? '');
  const items = categories.find((c) => c.code === category)?.items ?? [];
  if (categories.length === 0) return <View className='muted'>还没有积分事项</View>;
  return (
    <View>
      <Tabs options={categories.map((c) => ({ value: c.code, label: c.name }))} value={category} onChange={setCategory} />
      {items.map((i) => (
        <View
          key={i.code}
          className={`pt-choice${selected?.code === i.code ? ' pt-choice--on' : ''}`}
          role='button'
          aria-pressed={selected?.code === i.code}
          onClick={() => onChange(i)}
        >
          <View className='pt-choice__body'>
            <Text className='pt-choice__name'>{i.name}</Text>
            {describe && <View className='pt-choice__desc'>{describe(i)}</View>}
          </View>
          <Text className='pt-choice__points'>{i.points} 分</Text>
        </View>
      ))}
    </View>
  );
}

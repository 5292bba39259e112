/** One line of the ledger: what it was for, when, and the points (冲正 shown with its reason). */
import { View, Text } from '@tarojs/components';
import type { EntryView } from '@core/contracts/points';
import { ENTRY_SOURCE_LABELS } from '@core/labels/points';
import { dateTime, signed } from './format';
import './points.scss';

interface Props {
  entry: EntryView;
  /** shows the person's name (staff looking at someone's entries) */
  showPerson?: boolean;
  onClick?: () => void;
}

export function entryTitle(e: EntryView): string {
  const source = ENTRY_SOURCE_LABELS[e.source.type];
  return e.item ? `${e.item.name}` : source;
}

export default function EntryItem({ entry, showPerson, onClick }: Props) {
  const reversal = entry.kind === 'reversal';
  return (
    <View className='pt-entry' role={onClick ? 'button' : undefined} onClick={onClick} hoverClass={onClick ? 'entry--pressed' : undefined}>
      <View className='pt-entry__main'>
        <View>
          {reversal && <Text className='tag tag--solid'>冲正</Text>}
          <Text className='pt-entry__title'>{entryTitle(entry)}</Text>
        </View>
        <View className='pt-entry__meta'>
          {showPerson && `${entry.person.name} · `}
          {ENTRY_SOURCE_LABELS[entry.source.type]} · {dateTime(entry.createdAt)}
          {entry.item && ` · 第${entry.item.version}版规则`}
        </View>
        {entry.reason && <View className='pt-entry__reason'>{reversal ? '冲正原因：' : '说明：'}{entry.reason}</View>}
      </View>
      <Text className={`pt-entry__points${entry.points < 0 ? ' pt-entry__points--minus' : ''}`}>{signed(entry.points)}</Text>
    </View>
  );
}

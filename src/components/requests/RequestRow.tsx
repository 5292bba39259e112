/** One request in a list: category, status, 紧急 and 超时 tags, the first words, where and when. Tap to open. */
import { View, Text } from '@tarojs/components';
import type { RequestRow as Row } from '@core/contracts/requests';
import { OVERDUE_LABELS, URGENCY_LABELS } from '@core/labels/requests';
import { dateTime } from '../points/format';
import './requests.scss';

const CLOSED = ['closed', 'withdrawn', 'merged'];

export default function RequestRow({ row, onOpen }: { row: Row; onOpen: (row: Row) => void }) {
  return (
    <View className='rq-row' role='button' hoverClass='entry--pressed' aria-label={`${row.category}，${row.statusLabel}：${row.excerpt}`} onClick={() => onOpen(row)}>
      <View>
        <Text className={CLOSED.includes(row.status) ? 'tag tag--grey' : 'tag tag--solid'}>{row.statusLabel}</Text>
        {row.urgency === 'urgent' && <Text className='tag'>{URGENCY_LABELS.urgent}</Text>}
        {row.overdueLevel > 0 && <Text className='tag'>{OVERDUE_LABELS[row.overdueLevel]}</Text>}
        <Text className='rq-row__title'>{row.category}</Text>
      </View>
      <Text className='rq-row__text'>{row.excerpt}</Text>
      <Text className='rq-row__meta'>
        {row.location} · {dateTime(row.submittedAt)}
        {row.handlerName ? ` · ${row.handlerName}` : ''}
      </Text>
    </View>
  );
}

/** One activity in a list: title, status and the caller's sign-up, when, where, places. Tap to open. */
import { View, Text } from '@tarojs/components';
import type { ActivityCard as Card } from '@core/contracts/activities';
import { PHASE_LABELS, phaseOf, seats } from './status';
import { timeRange } from './time';
import './activities.scss';

const MINE_LABELS = { confirmed: '我已报名', waiting: '我在候补', cancelled: '' } as const;

export default function ActivityCard({ card, onOpen }: { card: Card; onOpen: (card: Card) => void }) {
  const phase = phaseOf(card);
  const mine = card.mine ? MINE_LABELS[card.mine] : '';
  return (
    <View className='ac-card' role='button' hoverClass='entry--pressed' aria-label={`${card.title}，${PHASE_LABELS[phase]}`} onClick={() => onOpen(card)}>
      <View>
        <Text className={phase === 'open' || phase === 'full' ? 'tag tag--solid' : 'tag tag--grey'}>{PHASE_LABELS[phase]}</Text>
        {mine && <Text className='tag'>{mine}</Text>}
      </View>
      <Text className='ac-card__title'>{card.title}</Text>
      <Text className='ac-card__meta'>{timeRange(card.startAt, card.endAt)}</Text>
      <Text className='ac-card__meta'>
        {card.place} · {seats(card)} · {card.organiserName}
      </Text>
    </View>
  );
}

/** A 公示 in a list or on 首页/积分: its title, window and state; tapping opens the public page. */
import { View, Text } from '@tarojs/components';
import type { PublicationSummary } from '@core/contracts/points';
import { dateTime } from './format';
import { openPoints } from './routes';
import './points.scss';

interface Props {
  publication: PublicationSummary;
  /** where a tap goes: the public page by default */
  onClick?: () => void;
}

export function publicationState(p: PublicationSummary): string {
  if (p.status === 'final') return '已定稿';
  return Date.parse(p.windowEndsAt) > Date.now() ? '公示中' : '公示期已过，待定稿';
}

export default function PublicationCard({ publication: p, onClick }: Props) {
  const state = publicationState(p);
  return (
    <View className='entry pt-pub' role='button' hoverClass='entry--pressed' onClick={onClick ?? (() => openPoints('publication', { id: p.id }))}>
      <View className='entry__body'>
        <Text className='entry__title'>{p.title}</Text>
        <View>
          <Text className={`tag${state === '公示中' ? ' tag--solid' : ''}`}>{state}</Text>
          <Text className='tag tag--grey'>{p.scope.name}</Text>
        </View>
        <View className='entry__desc'>
          {p.status === 'final' && p.finalizedAt ? `${dateTime(p.finalizedAt)} 定稿` : `公示截至 ${dateTime(p.windowEndsAt)}`} · 共 {p.rowCount} 人
          {p.openObjections > 0 && ` · ${p.openObjections} 条异议待答复`}
        </View>
      </View>
      <Text className='entry__arrow' aria-hidden='true'>
        ›
      </Text>
    </View>
  );
}

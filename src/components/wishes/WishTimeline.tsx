/** A wish's steps, oldest first (the request timeline's look; its rows are requests' own). */
import { View, Text } from '@tarojs/components';
import type { WishView } from '@core/contracts/wishes';
import { WISH_EVENT_LABELS } from '@core/labels/wishes';
import { dateTime } from '../points/format';
import '../requests/requests.scss';

export default function WishTimeline({ steps }: { steps: WishView['timeline'] }) {
  return (
    <View className='rq-steps'>
      {steps.map((s, i) => (
        <View key={`${s.at}-${i}`} className='rq-step'>
          <View className='rq-step__dot' />
          <Text className='rq-step__label'>{WISH_EVENT_LABELS[s.type]}</Text>
          <Text className='rq-step__meta'>
            {dateTime(s.at)} · {s.by}
          </Text>
          {s.reason && <Text className='rq-step__text'>{s.reason}</Text>}
        </View>
      ))}
    </View>
  );
}

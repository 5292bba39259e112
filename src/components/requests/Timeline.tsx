/** The request's steps, oldest first: what happened, who did it, when, with its note and photos. */
import { View, Text } from '@tarojs/components';
import type { RequestView } from '@core/contracts/requests';
import Photos from '../points/Photos';
import { dateTime } from '../points/format';
import './requests.scss';

export default function Timeline({ steps }: { steps: RequestView['timeline'] }) {
  return (
    <View className='rq-steps'>
      {steps.map((s, i) => (
        <View key={`${s.at}-${i}`} className='rq-step'>
          <View className='rq-step__dot' />
          <Text className='rq-step__label'>{s.label}</Text>
          {s.score !== null && <Text className='tag'>{s.score} 星</Text>}
          <Text className='rq-step__meta'>
            {dateTime(s.at)}
            {s.by ? ` · ${s.by}` : ' · 系统'}
          </Text>
          {s.text && <Text className='rq-step__text'>{s.text}</Text>}
          <Photos fileIDs={s.photos} />
        </View>
      ))}
    </View>
  );
}

/** An activity's facts, one per line: when, where, who organises, places, deadline, hours. */
import type { ReactNode } from 'react';
import { View, Text } from '@tarojs/components';
import type { ActivityView } from '@core/contracts/activities';
import { dateTime } from '../points/format';
import { timeRange } from './time';
import './activities.scss';

export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Text className='ac-facts__line'>
      <Text className='ac-facts__label'>{label}</Text>
      {children}
    </Text>
  );
}

export default function Facts({ a }: { a: ActivityView }) {
  return (
    <View className='ac-facts'>
      <Fact label='时间'>{timeRange(a.startAt, a.endAt)}</Fact>
      <Fact label='地点'>{a.place}</Fact>
      <Fact label='组织'>{a.organiser.name}</Fact>
      <Fact label='名额'>
        已报 {a.taken} 人，共 {a.capacity} 个
      </Fact>
      <Fact label='报名截止'>{dateTime(a.signupDeadline)}</Fact>
      <Fact label='面向'>{a.compoundIds ? `指定的 ${a.compoundIds.length} 个小区` : '全社区居民'}</Fact>
      {a.volunteerHours > 0 && <Fact label='志愿时长'>{a.volunteerHours} 小时</Fact>}
    </View>
  );
}

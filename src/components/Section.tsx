/** A titled card on a page. */
import type { PropsWithChildren, ReactNode } from 'react';
import { View, Text } from '@tarojs/components';
import './Section.scss';

interface Props {
  title: string;
  extra?: ReactNode;
  highlight?: boolean;
}

export default function Section({ title, extra, highlight, children }: PropsWithChildren<Props>) {
  return (
    <View className={`card section${highlight ? ' section--highlight' : ''}`}>
      <View className='section__head'>
        <Text className='section__title'>{title}</Text>
        {extra}
      </View>
      {children}
    </View>
  );
}

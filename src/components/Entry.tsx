/** A big tappable row that opens another page. */
import { View, Text } from '@tarojs/components';

interface Props {
  title: string;
  desc?: string;
  onClick: () => void;
}

export default function Entry({ title, desc, onClick }: Props) {
  return (
    <View className='entry' role='button' hoverClass='entry--pressed' onClick={onClick}>
      <View className='entry__body'>
        <Text className='entry__title'>{title}</Text>
        {desc && <View className='entry__desc'>{desc}</View>}
      </View>
      <Text className='entry__arrow' aria-hidden='true'>
        ›
      </Text>
    </View>
  );
}

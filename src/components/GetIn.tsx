/** What an unbound visitor does next: the two ways in, each a button (no dead end). */
import { View, Text } from '@tarojs/components';
import { open } from '../routes';
import './GetIn.scss';

export default function GetIn({ nextStep, title = '还没有绑定身份' }: { nextStep: string; title?: string }) {
  return (
    <View className='card'>
      <Text className='subtitle'>{title}</Text>
      <View className='muted get-in__text'>{nextStep}</View>
      <View className='get-in__actions'>
        <View role='button' className='btn' hoverClass='btn--pressed' onClick={() => open('bind')}>
          绑定房屋
        </View>
        <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={() => open('join')}>
          输入邀请码
        </View>
      </View>
    </View>
  );
}

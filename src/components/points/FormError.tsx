/** What went wrong with a form, next to its button (the server's Chinese message). */
import { View } from '@tarojs/components';
import './points.scss';

export default function FormError({ text }: { text: string | null }) {
  return text ? (
    <View className='pt-field__error' role='alert'>
      {text}
    </View>
  ) : null;
}

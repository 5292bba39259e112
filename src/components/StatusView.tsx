/** What a page shows while its data is loading, missing or failed (with a retry button). */
import { View, Text } from '@tarojs/components';
import type { AppErrorBody } from '../services';
import { useCareRoot } from '../services/care-mode';
import './StatusView.scss';

type Props =
  | { kind: 'loading'; text?: string }
  | { kind: 'empty'; text: string; hint?: string }
  | { kind: 'error'; error: AppErrorBody; onRetry: () => void };

export default function StatusView(props: Props) {
  // often a page's whole content: it carries 关怀模式 like components/Page.tsx
  const care = useCareRoot();
  const rootClass = `status ${care.className}`;
  if (props.kind === 'loading') {
    return (
      <View className={rootClass} style={care.style} aria-busy='true'>
        <View className='status__spinner' />
        <Text className='status__text'>{props.text ?? '正在加载…'}</Text>
      </View>
    );
  }
  if (props.kind === 'empty') {
    return (
      <View className={rootClass} style={care.style}>
        <Text className='status__text'>{props.text}</Text>
        {props.hint && <Text className='status__hint'>{props.hint}</Text>}
      </View>
    );
  }
  return (
    <View className={rootClass} style={care.style} role='alert'>
      <Text className='status__text'>{props.error.message}</Text>
      <View role='button' className='btn status__retry' hoverClass='btn--pressed' onClick={props.onRetry}>
        重新加载
      </View>
    </View>
  );
}

/**
 * 通过 / 不通过 for a reviewer: 不通过 first opens the reason (the caller shows its field while
 * `rejecting`), then 确认不通过 decides. The primary button shows 正在处理… and ignores taps while busy.
 */
import { View } from '@tarojs/components';

interface Props {
  busy: boolean;
  rejecting: boolean;
  onRejecting: (rejecting: boolean) => void;
  onDecide: (approve: boolean) => void;
}

export default function DecisionBar({ busy, rejecting, onRejecting, onDecide }: Props) {
  return (
    <View className='pt-actions'>
      <View role='button' className='btn' hoverClass='btn--pressed' onClick={busy ? undefined : () => onDecide(!rejecting)}>
        {busy ? '正在处理…' : rejecting ? '确认不通过' : '通过'}
      </View>
      <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={() => onRejecting(!rejecting)}>
        {rejecting ? '取消' : '不通过'}
      </View>
    </View>
  );
}

/** A form's two buttons: submit (shows 正在提交… and ignores taps while busy) and 取消. */
import { View } from '@tarojs/components';

export default function SubmitBar({ busy, text, onSubmit, onCancel }: { busy: boolean; text: string; onSubmit: () => void; onCancel: () => void }) {
  return (
    <View className='pt-actions'>
      <View role='button' className='btn' hoverClass='btn--pressed' onClick={busy ? undefined : onSubmit}>
        {busy ? '正在提交…' : text}
      </View>
      <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={onCancel}>
        取消
      </View>
    </View>
  );
}

/**
 * The root of every page: `.page` with 关怀模式 applied (services/care-mode.ts), so a page built
 * on it is care-mode ready without doing anything else.
 */
import type { PropsWithChildren } from 'react';
import { View } from '@tarojs/components';
import { useCareRoot } from '../services/care-mode';

export default function Page({ className, children }: PropsWithChildren<{ className?: string }>) {
  const care = useCareRoot();
  return (
    <View className={['page', care.className, className].filter(Boolean).join(' ')} style={care.style}>
      {children}
    </View>
  );
}

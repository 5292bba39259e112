/** 「加载更多」 under a paged list, or a quiet end-of-list line. */
import { View } from '@tarojs/components';

interface Props {
  hasMore: boolean;
  loading: boolean;
  onMore: () => void;
  /** shown when everything is on screen */
  endText?: string;
}

export default function MoreButton({ hasMore, loading, onMore, endText = '没有更多了' }: Props) {
  if (!hasMore) return <View className='pt-end'>{endText}</View>;
  return (
    <View role='button' className='btn btn--ghost more' hoverClass='btn--pressed' onClick={loading ? undefined : onMore}>
      {loading ? '正在加载…' : '加载更多'}
    </View>
  );
}

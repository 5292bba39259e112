/** The latest 积分公示 of the caller's community, as a card (首页 and the 积分 tab). */
import { View } from '@tarojs/components';
import { useAction } from '../../services/useAction';
import PublicationCard from './PublicationCard';

export default function LatestPublication() {
  const { state } = useAction('points.publication.list', { page: 1, pageSize: 1 });
  // a card among others: while loading or when it fails, it simply stays away
  if (state.status !== 'ok') return null;
  const latest = state.data.publications[0];
  if (!latest) return <View className='card muted'>社区还没有发布积分公示</View>;
  return <PublicationCard publication={latest} />;
}

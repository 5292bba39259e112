/** The latest 积分公示 of the caller's community, as a card (首页 and the 积分 tab). */
import { View } from '@tarojs/components';
import { useAction } from '../../services/useAction';
import PublicationCard from './PublicationCard';

/** what the card asks for: a page that mounts it later may ask ahead (`usePrefetch`) */
export const LATEST_PUBLICATION = { page: 1, pageSize: 1 };

export default function LatestPublication() {
  const { state } = useAction('points.publication.list', LATEST_PUBLICATION);
  // a card among others: while loading or when it fails, it simply stays away
  if (state.status !== 'ok') return null;
  const latest = state.data.publications[0];
  if (!latest) return <View className='card muted'>社区还没有发布积分公示</View>;
  return <PublicationCard publication={latest} />;
}

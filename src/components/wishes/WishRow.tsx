/** One wish in a list: status, category, the sweep's flag for staff, the words, for whom (masked) and by when. Tap to open. */
import { View, Text } from '@tarojs/components';
import type { WishCard, WishView } from '@core/contracts/wishes';
import { WISH_FLAG_LABELS } from '@core/labels/wishes';
import { dateTime } from '../points/format';
import { beneficiaryName, neededByText } from './format';
import '../requests/requests.scss';

type Row = WishCard & Partial<Pick<WishView, 'flag' | 'chases' | 'moderation' | 'beneficiaryDetail'>>;

export default function WishRow({ wish, onOpen }: { wish: Row; onOpen: (id: string) => void }) {
  // staff (and the poster, the claimer) read the name; the wall a masked one
  const who = wish.beneficiaryDetail ? beneficiaryName(wish.beneficiaryDetail) : wish.beneficiary;
  const flag = wish.flag ? (wish.flag === 'chased' ? `${WISH_FLAG_LABELS.chased} ${wish.chases ?? 1} 次` : WISH_FLAG_LABELS[wish.flag]) : null;
  return (
    <View className='rq-row' role='button' hoverClass='entry--pressed' aria-label={`${wish.category}，${wish.statusLabel}：${wish.text}`} onClick={() => onOpen(wish.id)}>
      <View>
        <Text className={wish.status === 'confirmed' ? 'tag tag--grey' : 'tag tag--solid'}>{wish.statusLabel}</Text>
        {flag && <Text className='tag'>{flag}</Text>}
        {wish.moderation === 'review' && <Text className='tag'>待审核</Text>}
        {wish.moderation === 'rejected' && <Text className='tag tag--grey'>未通过审核</Text>}
        <Text className='rq-row__title'>{wish.category}</Text>
      </View>
      <Text className='rq-row__text'>{wish.text}</Text>
      <Text className='rq-row__meta'>
        {who} · {wish.compoundName} · {neededByText(wish.neededBy)}
      </Text>
      <Text className='rq-row__meta'>发布于 {dateTime(wish.postedAt)}</Text>
    </View>
  );
}

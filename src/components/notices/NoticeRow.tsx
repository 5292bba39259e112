/** One notice in a list (首页's feed, the notices list): 未读, 置顶 and its category, the title, when. Tap to open. */
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { NoticeSummary } from '@core/contracts/notices';
import { NOTICE_CATEGORY_LABELS } from '@core/domain/notices/blocks';
import { dateTime } from '../points/format';
import { PAGES } from '../../routes';
import './notices.scss';

export const openNotice = (id: string) => void Taro.navigateTo({ url: `${PAGES.notice}?id=${id}` });

export default function NoticeRow({ notice: n }: { notice: NoticeSummary }) {
  const category = NOTICE_CATEGORY_LABELS[n.category];
  const when = n.publishedAt ? dateTime(n.publishedAt) : '';
  return (
    <View
      className={`nt-row${n.unread ? '' : ' nt-row--read'}`}
      role='button'
      hoverClass='entry--pressed'
      aria-label={`${n.unread ? '未读，' : ''}${n.pinned ? '置顶，' : ''}${category}：${n.title}，${when}`}
      onClick={() => openNotice(n.id)}
    >
      <View>
        {n.unread && (
          <Text className='nt-unread'>
            <Text className='nt-unread__dot' />
            未读
          </Text>
        )}
        {n.pinned && <Text className='tag tag--solid'>置顶</Text>}
        <Text className={n.category === 'emergency' ? 'tag tag--solid' : 'tag'}>{category}</Text>
      </View>
      <Text className='nt-row__title'>{n.title}</Text>
      <Text className='nt-row__meta'>{when}</Text>
    </View>
  );
}

/**
 * 公告 (?id=): one notice as the mini-program renders it — category, title, date and author, the cover
 * and the body's blocks; 「在公众号阅读」 when it is also on the official account. Opening it counts the
 * reader once (`notices.get`). Shareable as a WeChat card that opens this page; also where the
 * subscribe message leads.
 */
import { Text, View } from '@tarojs/components';
import Taro, { useLoad, useRouter, useShareAppMessage } from '@tarojs/taro';
import { NOTICE_CATEGORY_LABELS } from '@core/domain/notices/blocks';
import Page from '../../../../components/Page';
import StatusView from '../../../../components/StatusView';
import NoticeBlocks from '../../../../components/notices/NoticeBlocks';
import { queryValue } from '../../../../components/points/routes';
import { dateTime } from '../../../../components/points/format';
import { useAction } from '../../../../services/useAction';
import { PAGES, openWith } from '../../../../routes';
import '../../../../components/points/points.scss';
import '../../../../components/notices/reader.scss';

export default function Notice() {
  const id = queryValue(useRouter().params.id) ?? '';
  const { state, reload } = useAction('notices.get', { id });

  useLoad(() => {
    // the card for 转发 (H5 has no share menu)
    if (process.env.TARO_ENV === 'weapp') void Taro.showShareMenu({ withShareTicket: false }).catch(() => undefined);
  });
  useShareAppMessage(() => ({
    title: state.status === 'ok' ? state.data.title : '社区公告',
    path: `${PAGES.notice}?id=${encodeURIComponent(id)}`,
  }));

  if (!id) return <StatusView kind='empty' text='没有指定要查看的公告' />;
  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') {
    if (state.error.code === 'NOT_FOUND') return <StatusView kind='empty' text='这条公告已撤回或不对你公开' hint='看看社区的其他公告吧' />;
    return <StatusView kind='error' error={state.error} onRetry={reload} />;
  }

  const n = state.data;
  return (
    <Page>
      <View className='card'>
        <View>
          {n.pinned && <Text className='tag tag--solid'>置顶</Text>}
          <Text className={n.category === 'emergency' ? 'tag tag--solid' : 'tag'}>{NOTICE_CATEGORY_LABELS[n.category]}</Text>
        </View>
        <Text className='title nt-head__title'>{n.title}</Text>
        <Text className='nt-head__meta'>{[n.publishedAt ? dateTime(n.publishedAt) : null, n.authorName].filter(Boolean).join(' · ')}</Text>
      </View>
      <View className='card'>
        <NoticeBlocks blocks={n.blocks} coverFileId={n.coverFileId} />
      </View>
      {n.articleUrl && (
        <View className='pt-actions'>
          <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={() => openWith('article', { url: n.articleUrl ?? undefined })}>
            在公众号阅读
          </View>
        </View>
      )}
    </Page>
  );
}

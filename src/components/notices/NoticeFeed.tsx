/**
 * 首页's notices: the newest few in the person's scope, as the server orders them (置顶, then 应急,
 * then newest), unread marked; 「更多公告」 opens the list. Read again on pull-down and on coming back
 * (a notice just opened is no longer unread).
 */
import { useRef } from 'react';
import { View } from '@tarojs/components';
import type { NoticeSummary } from '@core/contracts/notices';
import Section from '../Section';
import { useAction } from '../../services/useAction';
import { useRefreshOnReturn } from '../requests/useRefreshOnReturn';
import { open } from '../../routes';
import NoticeRow from './NoticeRow';
import './notices.scss';

/** what the feed asks for: 首页 asks ahead with it (`usePrefetch`) */
export const NOTICE_FEED = { view: 'feed', page: 1 } as const;
const SHOWN = 3;

export default function NoticeFeed() {
  const { state, reload } = useAction('notices.list', NOTICE_FEED);
  useRefreshOnReturn(() => void reload());
  // while reading again, the rows on screen stay
  const last = useRef<NoticeSummary[] | null>(null);
  if (state.status === 'ok') last.current = state.data.items;
  const items = state.status === 'error' ? null : last.current;
  return (
    <Section title='社区公告'>
      {state.status === 'error' && (
        <View role='alert'>
          <View className='muted'>{state.error.message}</View>
          <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={() => void reload()}>
            重新加载
          </View>
        </View>
      )}
      {items === null && state.status === 'loading' && <View className='muted'>正在加载公告…</View>}
      {items?.length === 0 && <View className='muted nt-feed__empty'>暂时没有公告</View>}
      {items?.slice(0, SHOWN).map((n) => <NoticeRow key={n.id} notice={n} />)}
      <View className='nt-feed__more'>
        <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={() => open('notices')}>
          更多公告
        </View>
      </View>
    </Section>
  );
}

/** 首页: greets the person, leads to the 公示牌 (and, for staff, every compound's board) and shows the newest notices. */
import { View, Text } from '@tarojs/components';
import Page from '../../components/Page';
import Entry from '../../components/Entry';
import StatusView from '../../components/StatusView';
import GetIn from '../../components/GetIn';
import LatestPublication, { LATEST_PUBLICATION } from '../../components/points/LatestPublication';
import NoticeFeed, { NOTICE_FEED } from '../../components/notices/NoticeFeed';
import { useAction, usePrefetch } from '../../services/useAction';
import { isStaff, open, openDirectory } from '../../routes';
import './index.scss';

export default function Home() {
  const { state, reload } = useAction('account.me', {});
  // the latest 公示 shows once `account.me` has answered: ask for both at once
  usePrefetch('points.publication.list', LATEST_PUBLICATION);
  usePrefetch('notices.list', NOTICE_FEED);

  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={reload} />;

  const me = state.data;
  return (
    <Page className='home'>
      <View className='home__hello'>
        <Text className='home__greeting'>{me.bound ? `${me.person.name}，您好` : '您好'}</Text>
        <Text className='home__place'>{me.bound ? [me.person.communityName ?? '尚未加入社区', me.person.compoundName].filter(Boolean).join(' · ') : '欢迎使用红邻'}</Text>
      </View>
      {me.bound ? (
        <>
          {me.person.compoundId && (
            <Entry title='我的小区 · 公示牌' desc='党支部、网格员、红色近邻长，一看就知道找谁' onClick={() => openDirectory()} />
          )}
          {isStaff(me) && <Entry title='各小区公示牌' desc='查看社区里每个小区的公示牌' onClick={() => open('compounds')} />}
          <NoticeFeed />
          <LatestPublication />
        </>
      ) : (
        <GetIn nextStep={me.nextStep} />
      )}
    </Page>
  );
}

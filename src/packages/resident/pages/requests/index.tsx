/** 我的报事: the requests I filed (or someone filed for me), newest first; pull down to refresh. */
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { RequestRow as Row } from '@core/contracts/requests';
import Page from '../../../../components/Page';
import RequestList from '../../../../components/requests/RequestList';
import { useRefreshOnReturn } from '../../../../components/requests/useRefreshOnReturn';
import { PAGE_SIZE, usePaged } from '../../../../components/points/usePaged';
import { call } from '../../../../services';
import { PAGES, open } from '../../../../routes';

export default function MyRequests() {
  const { state, reload, refresh, loadMore } = usePaged('mine', (page) => call('requests.mine', { page, pageSize: PAGE_SIZE }), (o) => o.rows);
  useRefreshOnReturn(() => void refresh());
  const openRow = (row: Row) => void Taro.navigateTo({ url: `${PAGES.myRequest}?id=${row.id}` });

  return (
    <Page>
      <View className='pt-actions'>
        <View role='button' className='btn' hoverClass='btn--pressed' onClick={() => open('report')}>
          我要报事
        </View>
      </View>
      <RequestList state={state} reload={reload} loadMore={loadMore} onOpen={openRow} empty={{ text: '还没有报过事', hint: '小区里有需要解决的问题，点「我要报事」告诉我们' }} />
    </Page>
  );
}

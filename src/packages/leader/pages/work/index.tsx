/**
 * 工单: a handler's requests — 待接单 (theirs to accept), 办理中, 已办结 — and 上岗: the tap that
 * allows one 新工单 message (WeChat's grants are one-time; each tap adds one) and tells the server.
 * Opened with `reporting=1` for a partner unit's reporting member: the same lists, without 上岗.
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { RequestRow as Row } from '@core/contracts/requests';
import { QUEUE_TABS } from '@core/labels/requests';
import Page from '../../../../components/Page';
import Tabs from '../../../../components/points/Tabs';
import RequestList from '../../../../components/requests/RequestList';
import { useRefreshOnReturn } from '../../../../components/requests/useRefreshOnReturn';
import { useIdempotencyKey } from '../../../../components/points/keys';
import { PAGE_SIZE, usePaged } from '../../../../components/points/usePaged';
import { toast } from '../../../../components/points/toast';
import { call } from '../../../../services';
import { askToNotifyAll } from '../../../../services/subscribe';
import { PAGES } from '../../../../routes';
import { queryValue } from '../../../../components/points/routes';
import '../../../../components/points/points.scss';

type Tab = (typeof QUEUE_TABS)[number]['value'];
const TABS = QUEUE_TABS.map((t) => ({ value: t.value as Tab, label: t.label }));

function OnDuty() {
  const [key, renewKey] = useIdempotencyKey('duty');
  const [busy, setBusy] = useState(false);
  const [grantsLeft, setGrantsLeft] = useState<number | null>(null);

  async function goOnDuty() {
    // first thing in the tap: WeChat only shows its dialog for a tap
    const allowed = await askToNotifyAll({ newRequest: REQUEST_TEMPLATES.newRequest });
    setBusy(true);
    const res = await call('requests.duty', { idempotencyKey: key, granted: allowed.includes('newRequest') });
    setBusy(false);
    if (!res.ok) return toast(res.error.message);
    renewKey();
    setGrantsLeft(res.data.grantsLeft);
    toast(allowed.length ? '已上岗，有新工单会提醒你' : '已上岗', true);
  }

  return (
    <View className='card'>
      <View className='pt-actions'>
        <View role='button' className='btn' hoverClass='btn--pressed' onClick={busy ? undefined : () => void goOnDuty()}>
          {busy ? '正在上岗…' : '上岗，接收新工单提醒'}
        </View>
      </View>
      <Text className='pt-field__hint'>
        {grantsLeft === null ? '微信每次只允许提醒一次：每点一次上岗，多收一条新工单提醒' : `还能收到 ${grantsLeft} 条新工单提醒，用完了再点上岗`}
      </Text>
    </View>
  );
}

export default function Work() {
  // a reporting member (报到) takes what is escalated to their unit: no 新工单 duty roster for them yet
  const reporting = queryValue(Taro.getCurrentInstance().router?.params.reporting) === '1';
  const [tab, setTab] = useState<Tab>('todo');
  const { state, reload, refresh, loadMore } = usePaged(tab, (page) => call('requests.queue', { tab, page, pageSize: PAGE_SIZE }), (o) => o.rows);
  useRefreshOnReturn(() => void refresh());
  const openRow = (row: Row) => void Taro.navigateTo({ url: `${PAGES.workOrder}?id=${row.id}` });
  const empty = { todo: '没有待接的工单', doing: '没有正在办理的工单', done: '还没有办结的工单' }[tab];

  return (
    <Page>
      {!reporting && <OnDuty />}
      <Tabs options={TABS} value={tab} onChange={setTab} />
      <RequestList state={state} reload={reload} loadMore={loadMore} onOpen={openRow} empty={{ text: empty }} />
    </Page>
  );
}

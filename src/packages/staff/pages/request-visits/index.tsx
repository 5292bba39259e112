/**
 * 回访 (staff): requests rated 3 stars or less wait for a return visit, the most pressing first;
 * staff record how the visit went. Each record keeps its idempotency key until it succeeds.
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text, Textarea } from '@tarojs/components';
import type { ReturnVisitView } from '@core/contracts/requests';
import Page from '../../../../components/Page';
import StatusView from '../../../../components/StatusView';
import FormError from '../../../../components/points/FormError';
import Tabs from '../../../../components/points/Tabs';
import MoreButton from '../../../../components/points/MoreButton';
import StaffCommunity from '../../../../components/requests/StaffCommunity';
import { useRefreshOnReturn } from '../../../../components/requests/useRefreshOnReturn';
import { useKeysByTarget } from '../../../../components/points/keys';
import { dateTime } from '../../../../components/points/format';
import { PAGE_SIZE, usePaged } from '../../../../components/points/usePaged';
import { toast } from '../../../../components/points/toast';
import { call } from '../../../../services';
import { PAGES } from '../../../../routes';
import '../../../../components/points/points.scss';
import '../../../../components/requests/requests.scss';

type Status = 'open' | 'done';
const TABS: { value: Status; label: string }[] = [
  { value: 'open', label: '待回访' },
  { value: 'done', label: '已回访' },
];

function Record({ visit, onDone }: { visit: ReturnVisitView; onDone: () => void }) {
  const { keyFor, done } = useKeysByTarget('visit');
  const [writing, setWriting] = useState(false);
  const [outcome, setOutcome] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save() {
    setBusy(true);
    setError(null);
    const res = await call('requests.visitRecord', { idempotencyKey: keyFor(visit.id), visitId: visit.id, outcome });
    setBusy(false);
    if (!res.ok) return setError(res.error.issues?.[0]?.message ?? res.error.message);
    done(visit.id);
    toast('回访已记录', true);
    onDone();
  }

  if (!writing) {
    return (
      <View className='pt-actions'>
        <View role='button' className='btn' hoverClass='btn--pressed' onClick={() => setWriting(true)}>
          记录回访
        </View>
      </View>
    );
  }
  return (
    <View>
      <Textarea className='pt-textarea' placeholderClass='pt-placeholder' aria-label='回访情况' value={outcome} maxlength={300} placeholder='联系了谁、居民怎么说、后续怎么办' onInput={(e) => setOutcome(e.detail.value)} />
      <FormError text={error} />
      <View className='pt-actions'>
        <View role='button' className='btn' hoverClass='btn--pressed' onClick={busy ? undefined : () => void save()}>
          {busy ? '正在保存…' : '保存回访'}
        </View>
        <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={() => setWriting(false)}>
          取消
        </View>
      </View>
    </View>
  );
}

function Visit({ visit, onDone }: { visit: ReturnVisitView; onDone: () => void }) {
  return (
    <View className='rq-row'>
      <View>
        <Text className='tag tag--solid'>{visit.score} 星</Text>
        {visit.status === 'open' && visit.overdue && <Text className='tag'>已超期</Text>}
        <Text className='rq-row__title'>{visit.location}</Text>
      </View>
      <Text className='rq-row__text'>{visit.excerpt}</Text>
      {visit.comment && <Text className='rq-row__text'>居民评价：{visit.comment}</Text>}
      <Text className='rq-row__meta'>{visit.status === 'open' ? `请在 ${dateTime(visit.dueBy)} 前回访` : `${visit.visitorName ?? ''} 于 ${visit.visitedAt ? dateTime(visit.visitedAt) : ''} 回访`}</Text>
      {visit.outcome && <Text className='rq-row__text'>回访情况：{visit.outcome}</Text>}
      <View className='pt-actions'>
        <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={() => void Taro.navigateTo({ url: `${PAGES.workOrder}?id=${visit.requestId}` })}>
          查看报事
        </View>
      </View>
      {visit.status === 'open' && <Record visit={visit} onDone={onDone} />}
    </View>
  );
}

function Visits({ communityId }: { communityId: string }) {
  const [status, setStatus] = useState<Status>('open');
  const { state, reload, refresh, loadMore } = usePaged(status, (page) => call('requests.visits', { communityId, status, page, pageSize: PAGE_SIZE }), (o) => o.visits);
  useRefreshOnReturn(() => void refresh());
  return (
    <Page>
      <Tabs options={TABS} value={status} onChange={setStatus} />
      {state.status === 'loading' && <StatusView kind='loading' />}
      {state.status === 'error' && <StatusView kind='error' error={state.error} onRetry={reload} />}
      {state.status === 'ok' && state.rows.length === 0 && <StatusView kind='empty' text={status === 'open' ? '没有待回访的报事' : '还没有回访记录'} hint={status === 'open' ? '居民评了 3 星及以下，会在这里等回访' : undefined} />}
      {state.status === 'ok' && state.rows.length > 0 && (
        <>
          <View className='card'>
            {state.rows.map((v) => (
              <Visit key={v.id} visit={v} onDone={() => void refresh()} />
            ))}
          </View>
          <MoreButton hasMore={state.hasMore} loading={state.loadingMore} onMore={() => void loadMore()} />
        </>
      )}
    </Page>
  );
}

export default function RequestVisits() {
  return <StaffCommunity>{(communityId) => <Visits communityId={communityId} />}</StaffCommunity>;
}

/**
 * 待审核 (branch secretary, community staff): claims waiting for the caller, with their photos;
 * approve, or reject with a reason. The server enforces who may review (never one's own claim) and
 * the page shows its answer. Each decision keeps its idempotency key until it succeeds.
 */
import { useState } from 'react';
import { View, Textarea } from '@tarojs/components';
import type { ClaimView } from '@core/contracts/points';
import Page from '../../../../components/Page';
import StatusView from '../../../../components/StatusView';
import FormError from '../../../../components/points/FormError';
import Tabs from '../../../../components/points/Tabs';
import MoreButton from '../../../../components/points/MoreButton';
import ClaimItem from '../../../../components/points/ClaimItem';
import { useKeysByTarget } from '../../../../components/points/keys';
import { PAGE_SIZE, usePaged } from '../../../../components/points/usePaged';
import { toast } from '../../../../components/points/toast';
import { call } from '../../../../services';
import '../../../../components/points/points.scss';

type Box = 'pending' | 'reviewed';
const BOXES: { value: Box; label: string }[] = [
  { value: 'pending', label: '待审核' },
  { value: 'reviewed', label: '我审核过的' },
];

function Decision({ claim, onDone }: { claim: ClaimView; onDone: () => void }) {
  const { keyFor, done } = useKeysByTarget('review');
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function decide(decision: 'approve' | 'reject') {
    if (decision === 'reject' && reason.trim().length < 2) return setError('请填写驳回理由（至少 2 个字）');
    setBusy(true);
    setError(null);
    const target = `${claim.id}:${decision}`;
    const res = await call('points.claim.review', {
      idempotencyKey: keyFor(target),
      claimId: claim.id,
      decision,
      ...(decision === 'reject' ? { reason: reason.trim() } : {}),
    });
    setBusy(false);
    if (!res.ok) {
      setError(res.error.issues?.[0]?.message ?? res.error.message);
      toast(res.error.message);
      return;
    }
    done(target);
    toast(decision === 'approve' ? '已通过，积分已入账' : '已驳回', true);
    onDone();
  }

  return (
    <View>
      {rejecting && (
        <Textarea className='pt-textarea' placeholderClass='pt-placeholder' aria-label='驳回理由' value={reason} maxlength={200} placeholder='写明驳回理由，申报人能看到' onInput={(e) => setReason(e.detail.value)} />
      )}
      <FormError text={error} />
      <View className='pt-actions'>
        {!rejecting && (
          <View role='button' className='btn' hoverClass='btn--pressed' onClick={busy ? undefined : () => void decide('approve')}>
            {busy ? '正在处理…' : '通过'}
          </View>
        )}
        {rejecting ? (
          <>
            <View role='button' className='btn' hoverClass='btn--pressed' onClick={busy ? undefined : () => void decide('reject')}>
              {busy ? '正在处理…' : '确认驳回'}
            </View>
            <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={() => setRejecting(false)}>
              取消
            </View>
          </>
        ) : (
          <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={() => setRejecting(true)}>
            驳回
          </View>
        )}
      </View>
    </View>
  );
}

export default function Claims() {
  const [box, setBox] = useState<Box>('pending');
  const { state, reload, refresh, loadMore } = usePaged(box, (page) => call('points.claim.list', { box, page, pageSize: PAGE_SIZE }), (o) => o.claims);

  return (
    <Page>
      <Tabs options={BOXES} value={box} onChange={setBox} />
      {state.status === 'loading' && <StatusView kind='loading' />}
      {state.status === 'error' && <StatusView kind='error' error={state.error} onRetry={reload} />}
      {state.status === 'ok' && state.rows.length === 0 && (
        <StatusView kind='empty' text={box === 'pending' ? '没有待审核的申报' : '还没有审核过申报'} />
      )}
      {state.status === 'ok' && state.rows.length > 0 && (
        <>
          <View className='card'>
            {state.rows.map((c: ClaimView) => (
              <ClaimItem key={c.id} claim={c} full>
                {c.status === 'pending' && <Decision claim={c} onDone={() => void refresh()} />}
              </ClaimItem>
            ))}
          </View>
          <MoreButton hasMore={state.hasMore} loading={state.loadingMore} onMore={() => void loadMore()} />
        </>
      )}
    </Page>
  );
}

/**
 * 绑定审核 (grid worker, building head, staff): residents who asked to be bound to a household the
 * roster does not list them on. Approve, or reject with a reason the resident will read.
 */
import { useState } from 'react';
import { View, Text, Textarea } from '@tarojs/components';
import type { BindRequestView } from '@core/contracts/account';
import Page from '../../../../components/Page';
import Section from '../../../../components/Section';
import StatusView from '../../../../components/StatusView';
import DecisionBar from '../../../../components/DecisionBar';
import FormError from '../../../../components/points/FormError';
import MoreButton from '../../../../components/points/MoreButton';
import { useKeysByTarget } from '../../../../components/points/keys';
import { toast } from '../../../../components/points/toast';
import { PAGE_SIZE, usePaged } from '../../../../components/points/usePaged';
import { call } from '../../../../services';
import '../../../../components/points/points.scss';

const localTime = (at: string) => new Date(at).toLocaleString('zh-CN', { hour12: false });

function RequestRow({ request, onDone }: { request: BindRequestView; onDone: () => void }) {
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { keyFor, done } = useKeysByTarget('bind-review');

  async function decide(decision: 'approve' | 'reject') {
    const target = `${request.id}:${decision}`;
    setBusy(true);
    setError(null);
    const res = await call('account.bind.review', { idempotencyKey: keyFor(target), requestId: request.id, decision, ...(decision === 'reject' ? { reason: reason.trim() } : {}) });
    setBusy(false);
    if (!res.ok) return setError(res.error.issues?.[0]?.message ?? res.error.message);
    done(target);
    toast(decision === 'approve' ? '已通过' : '已退回', true);
    onDone();
  }

  return (
    <View className='pt-entry'>
      <View className='pt-entry__main'>
        <View className='pt-entry__title'>{`${request.name} · ${request.compoundName} ${request.householdLabel}`}</View>
        <View className='pt-entry__meta'>{`手机 ${request.maskedPhone ?? '未填'} · ${localTime(request.createdAt)} 申请`}</View>
        {rejecting && (
          <View className='pt-field'>
            <Text className='pt-field__label'>不通过的原因（居民会看到）</Text>
            <Textarea className='pt-textarea' placeholderClass='pt-placeholder' aria-label='不通过的原因' maxlength={200} value={reason} placeholder='例如：登记的住户里没有这个名字，请带身份证到社区核实' onInput={(e) => setReason(e.detail.value)} />
          </View>
        )}
        <FormError text={error} />
        <DecisionBar busy={busy} rejecting={rejecting} onRejecting={setRejecting} onDecide={(approve) => void decide(approve ? 'approve' : 'reject')} />
      </View>
    </View>
  );
}

export default function BindReviews() {
  const { state, reload, refresh, loadMore } = usePaged(
    'bind-reviews',
    (page) => call('account.bind.pending', { page, pageSize: PAGE_SIZE }),
    (out) => out.requests,
  );
  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={reload} />;
  if (state.rows.length === 0) return <StatusView kind='empty' text='没有待审核的绑定申请' hint='居民申请绑定你负责的楼栋时，会出现在这里。' />;
  return (
    <Page>
      <Section title='待审核的绑定申请'>
        <View className='muted'>请核实申请人确实住在这一户（如打电话或上门），再决定是否通过。</View>
        {state.rows.map((r) => (
          <RequestRow key={r.id} request={r} onDone={() => void refresh()} />
        ))}
        <MoreButton hasMore={state.hasMore} loading={state.loadingMore} onMore={() => void loadMore()} />
      </Section>
    </Page>
  );
}

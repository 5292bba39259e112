/**
 * 入队申请 for the team's leader and staff: the pending applications, oldest first; 通过, or 不通过
 * with a reason the applicant will read. When someone else decided first the server says so and
 * the list is read again.
 */
import { useState } from 'react';
import { View, Text, Textarea } from '@tarojs/components';
import type { ApplicationView } from '@core/contracts/teams';
import Section from '../Section';
import StatusView from '../StatusView';
import DecisionBar from '../DecisionBar';
import FormError from '../points/FormError';
import { dateTime } from '../points/format';
import { useKeysByTarget } from '../points/keys';
import { toast } from '../points/toast';
import { call } from '../../services';
import { useAction } from '../../services/useAction';
import '../points/points.scss';

function ApplicationRow({ application, onDone }: { application: ApplicationView; onDone: () => void }) {
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { keyFor, done } = useKeysByTarget('team-review');

  async function decide(approve: boolean) {
    const target = `${application.id}:${approve ? 'approve' : 'reject'}`;
    setBusy(true);
    setError(null);
    const res = await call('teams.review', approve ? { applicationId: application.id, idempotencyKey: keyFor(target), approve: true } : { applicationId: application.id, idempotencyKey: keyFor(target), approve: false, reason: reason.trim() });
    setBusy(false);
    if (!res.ok) {
      if (res.error.code !== 'CONFLICT') return setError(res.error.issues?.[0]?.message ?? res.error.message);
      // decided by someone else meanwhile: say so, and show the team as it is now
      toast(res.error.message);
      return onDone();
    }
    done(target);
    toast(approve ? `${application.personName}已加入服务队` : '已告知申请人未通过', true);
    onDone();
  }

  return (
    <View className='pt-entry'>
      <View className='pt-entry__main'>
        <View className='pt-entry__title'>{application.personName}</View>
        <View className='pt-entry__meta'>{`${dateTime(application.appliedAt)} 申请`}</View>
        {application.note && <View className='pt-entry__reason'>{`申请说明：${application.note}`}</View>}
        {rejecting && (
          <View className='pt-field'>
            <Text className='pt-field__label'>不通过的原因（申请人会看到）</Text>
            <Textarea
              className='pt-textarea'
              placeholderClass='pt-placeholder'
              aria-label='不通过的原因'
              maxlength={200}
              value={reason}
              placeholder='如：本队只服务和平小区，建议加入本小区的服务队'
              onInput={(e) => setReason(e.detail.value)}
            />
          </View>
        )}
        <FormError text={error} />
        <DecisionBar busy={busy} rejecting={rejecting} onRejecting={setRejecting} onDecide={(approve) => void decide(approve)} />
      </View>
    </View>
  );
}

/** `onDecided`: the team's page reads itself (and so this list) again: a new member shows. */
export default function Applications({ teamId, onDecided }: { teamId: string; onDecided: () => void }) {
  const { state, reload } = useAction('teams.applications', { teamId });
  return (
    <Section title='待审核的入队申请'>
      {state.status === 'loading' && <StatusView kind='loading' />}
      {state.status === 'error' && <StatusView kind='error' error={state.error} onRetry={() => void reload()} />}
      {state.status === 'ok' && state.data.items.length === 0 && <View className='muted'>没有待审核的申请。</View>}
      {state.status === 'ok' && state.data.items.map((a) => <ApplicationRow key={a.id} application={a} onDone={onDecided} />)}
    </Section>
  );
}

/**
 * The caller's application to a team: its state (待审核, or 未通过 with the reason) and the form to
 * apply (again) with a note. The idempotency key is kept until the application went through.
 */
import { useState } from 'react';
import { View, Text, Textarea } from '@tarojs/components';
import type { TeamView } from '@core/contracts/teams';
import Section from '../Section';
import FormError from '../points/FormError';
import { useIdempotencyKey } from '../points/keys';
import { toast } from '../points/toast';
import { call } from '../../services';
import '../points/points.scss';

export default function ApplyForm({ team, onApplied }: { team: TeamView; onApplied: () => void }) {
  const [key, renewKey] = useIdempotencyKey('team-apply');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { application, reason } = team.me;

  async function apply() {
    setBusy(true);
    setError(null);
    const res = await call('teams.apply', { teamId: team.id, idempotencyKey: key, note: note.trim() });
    setBusy(false);
    if (!res.ok) return setError(res.error.issues?.[0]?.message ?? res.error.message);
    renewKey();
    setNote('');
    toast('已提交，等队长审核', true);
    onApplied();
  }

  if (application === 'pending') {
    return (
      <Section title='我的入队申请' highlight>
        <Text className='tag tag--solid'>待审核</Text>
        <View className='muted'>队长或社区工作人员审核后，这里会显示结果。</View>
      </Section>
    );
  }
  return (
    <Section title={application === 'rejected' ? '重新申请加入' : '申请加入'}>
      {application === 'rejected' && (
        <View className='pt-field'>
          <Text className='tag tag--grey'>上次申请未通过</Text>
          <View>{`原因：${reason ?? '未说明'}`}</View>
        </View>
      )}
      <View className='pt-field'>
        <Text className='pt-field__label'>申请说明（选填）</Text>
        <Textarea
          className='pt-textarea'
          placeholderClass='pt-placeholder'
          aria-label='申请说明'
          value={note}
          maxlength={200}
          placeholder='如：退休在家，时间比较多，会一些水电维修'
          onInput={(e) => setNote(e.detail.value)}
        />
      </View>
      <FormError text={error} />
      <View className='pt-actions'>
        <View role='button' className='btn' hoverClass='btn--pressed' onClick={busy ? undefined : () => void apply()}>
          {busy ? '正在提交…' : '申请加入'}
        </View>
      </View>
    </Section>
  );
}

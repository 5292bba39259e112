/**
 * 积分调整 (community staff): award a catalogue item to one or many people at once (an activity's
 * participants), adjust points with a reason, or reverse (冲正) an entry with a reason. Each write
 * keeps its idempotency key until it succeeds, so retrying after a network failure is safe.
 */
import { useState } from 'react';
import { View, Text, Input, Textarea } from '@tarojs/components';
import type { EntryView, RuleItem } from '@core/contracts/points';
import Page from '../../../../components/Page';
import Section from '../../../../components/Section';
import StatusView from '../../../../components/StatusView';
import FormError from '../../../../components/points/FormError';
import Tabs from '../../../../components/points/Tabs';
import EntryItem from '../../../../components/points/EntryItem';
import MoreButton from '../../../../components/points/MoreButton';
import ItemPicker, { itemFacts } from '../../../../components/points/ItemPicker';
import PeoplePicker, { type PickedPerson } from '../../../../components/points/PeoplePicker';
import { useIdempotencyKey, useKeysByTarget } from '../../../../components/points/keys';
import { PAGE_SIZE, usePaged } from '../../../../components/points/usePaged';
import { toast } from '../../../../components/points/toast';
import { call } from '../../../../services';
import { useAction } from '../../../../services/useAction';
import '../../../../components/points/points.scss';

type Mode = 'item' | 'adjustment' | 'reverse';
const MODES: { value: Mode; label: string }[] = [
  { value: 'item', label: '按事项加分' },
  { value: 'adjustment', label: '加减分调整' },
  { value: 'reverse', label: '冲正记录' },
];

function AwardForm({ mode }: { mode: 'item' | 'adjustment' }) {
  const rules = useAction('points.rules.list', {});
  const [people, setPeople] = useState<PickedPerson[]>([]);
  const [item, setItem] = useState<RuleItem | null>(null);
  const [sign, setSign] = useState<1 | -1>(1);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [key, renewKey] = useIdempotencyKey('award');

  async function submit() {
    if (people.length === 0) return setError('请至少选择 1 人');
    const personIds = people.map((p) => p.id);
    let res;
    if (mode === 'item') {
      if (!item) return setError('请选择加分事项');
      setBusy(true);
      res = await call('points.award', { kind: 'item', idempotencyKey: key, personIds, itemCode: item.code, ...(reason.trim() ? { reason: reason.trim() } : {}) });
    } else {
      const points = Number(amount);
      if (!Number.isInteger(points) || points <= 0) return setError('请填写分值（正整数）');
      if (reason.trim().length < 2) return setError('请填写调整原因（至少 2 个字）');
      setBusy(true);
      res = await call('points.award', { kind: 'adjustment', idempotencyKey: key, personIds, points: sign * points, reason: reason.trim() });
    }
    setBusy(false);
    if (!res.ok) {
      setError(res.error.issues?.[0]?.message ?? res.error.message);
      return;
    }
    setError(null);
    toast(res.data.replayed ? '这次操作已经记过了' : `已为 ${res.data.entries.length} 人记分`, true);
    renewKey();
    setPeople([]);
    setReason('');
    setAmount('');
  }

  return (
    <>
      <Section title={`1. 选择人员（已选 ${people.length} 人）`}>
        <PeoplePicker selected={people} onChange={setPeople} />
      </Section>
      <Section title={mode === 'item' ? '2. 选择事项' : '2. 分值和原因'}>
        {mode === 'item' && rules.state.status === 'loading' && <StatusView kind='loading' />}
        {mode === 'item' && rules.state.status === 'error' && <StatusView kind='error' error={rules.state.error} onRetry={rules.reload} />}
        {mode === 'item' && rules.state.status === 'ok' && <ItemPicker rules={rules.state.data} selected={item} onChange={setItem} describe={itemFacts} />}
        {mode === 'adjustment' && (
          <View className='pt-field'>
            <Tabs options={[{ value: '1', label: '加分' }, { value: '-1', label: '扣分' }]} value={String(sign)} onChange={(v) => setSign(v === '1' ? 1 : -1)} />
            <Input className='pt-input' placeholderClass='pt-placeholder' aria-label='分值' type='number' value={amount} placeholder='分值，如 5' onInput={(e) => setAmount(e.detail.value)} />
          </View>
        )}
        <View className='pt-field'>
          <Text className='pt-field__label'>{mode === 'item' ? '说明（选填，如活动名称）' : '调整原因（必填）'}</Text>
          <Textarea className='pt-textarea' placeholderClass='pt-placeholder' aria-label={mode === 'item' ? '说明' : '调整原因'} value={reason} maxlength={200} placeholder='会写进积分台账' onInput={(e) => setReason(e.detail.value)} />
        </View>
        <FormError text={error} />
        <View className='pt-actions'>
          <View role='button' className='btn' hoverClass='btn--pressed' onClick={busy ? undefined : () => void submit()}>
            {busy ? '正在记分…' : `确认记分（${people.length} 人）`}
          </View>
        </View>
      </Section>
    </>
  );
}

function PersonEntries({ person }: { person: PickedPerson }) {
  const { state, reload, refresh, loadMore } = usePaged(
    person.id,
    (page) => call('points.history', { personId: person.id, page, pageSize: PAGE_SIZE }),
    (o) => o.entries,
  );
  const { keyFor, done } = useKeysByTarget('reverse');
  const [chosen, setChosen] = useState<EntryView | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function reverse(entry: EntryView) {
    if (reason.trim().length < 2) return setError('请填写冲正原因（至少 2 个字）');
    setBusy(true);
    const res = await call('points.reverse', { idempotencyKey: keyFor(entry.id), entryId: entry.id, reason: reason.trim() });
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    done(entry.id);
    toast('已冲正', true);
    setChosen(null);
    setReason('');
    setError(null);
    void refresh();
  }

  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={reload} />;
  if (state.rows.length === 0) return <View className='muted'>{person.name}还没有积分记录</View>;
  return (
    <View>
      <View className='muted'>点一条获得积分的记录，填写原因后冲正。冲正不删除原记录，而是记一笔相反的分。</View>
      {state.rows.map((e: EntryView) => (
        <View key={e.id}>
          <EntryItem entry={e} onClick={e.kind === 'award' ? () => setChosen(chosen?.id === e.id ? null : e) : undefined} />
          {chosen?.id === e.id && (
            <View className='card'>
              <Textarea className='pt-textarea' placeholderClass='pt-placeholder' aria-label='冲正原因' value={reason} maxlength={200} placeholder='冲正原因，会写进积分台账' onInput={(ev) => setReason(ev.detail.value)} />
              <FormError text={error} />
              <View className='pt-actions'>
                <View role='button' className='btn' hoverClass='btn--pressed' onClick={busy ? undefined : () => void reverse(e)}>
                  {busy ? '正在冲正…' : `确认冲正 ${e.points} 分`}
                </View>
              </View>
            </View>
          )}
        </View>
      ))}
      <MoreButton hasMore={state.hasMore} loading={state.loadingMore} onMore={() => void loadMore()} />
    </View>
  );
}

function ReverseForm() {
  const [people, setPeople] = useState<PickedPerson[]>([]);
  return (
    <>
      <Section title='1. 选择人员'>
        <PeoplePicker selected={people} onChange={setPeople} single />
      </Section>
      {people[0] && (
        <Section title={`2. ${people[0].name}的积分记录`}>
          <PersonEntries key={people[0].id} person={people[0]} />
        </Section>
      )}
    </>
  );
}

export default function Award() {
  const [mode, setMode] = useState<Mode>('item');
  return (
    <Page>
      <Tabs options={MODES} value={mode} onChange={setMode} />
      {mode === 'reverse' ? <ReverseForm /> : <AwardForm key={mode} mode={mode} />}
    </Page>
  );
}

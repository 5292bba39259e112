/**
 * 积分规则 (community staff): the catalogue by category. Editing an item saves a new version of the
 * rule; entries already awarded keep the version they were awarded under.
 */
import { useState } from 'react';
import { View, Text, Input, Switch } from '@tarojs/components';
import type { RuleItem, RuleItemInput } from '@core/contracts/points';
import Page from '../../../../components/Page';
import Section from '../../../../components/Section';
import StatusView from '../../../../components/StatusView';
import FormError from '../../../../components/points/FormError';
import Tabs from '../../../../components/points/Tabs';
import ItemPicker, { itemFacts } from '../../../../components/points/ItemPicker';
import { useIdempotencyKey } from '../../../../components/points/keys';
import { toast } from '../../../../components/points/toast';
import { call } from '../../../../services';
import { useAction } from '../../../../services/useAction';
import '../../../../components/points/points.scss';

type CapPeriod = 'none' | 'month' | 'quarter' | 'year';
const CAP_PERIODS: { value: CapPeriod; label: string }[] = [
  { value: 'none', label: '不限' },
  { value: 'month', label: '每月' },
  { value: 'quarter', label: '每季度' },
  { value: 'year', label: '每年' },
];

const optionalInt = (text: string) => (text.trim() === '' ? undefined : Number(text));

function ItemEditor({ item, onSaved, onCancel }: { item: RuleItem; onSaved: () => void; onCancel: () => void }) {
  const [name, setName] = useState(item.name);
  const [points, setPoints] = useState(String(item.points));
  const [capPeriod, setCapPeriod] = useState<CapPeriod>(item.cap?.period ?? 'none');
  const [capCount, setCapCount] = useState(item.cap?.count ? String(item.cap.count) : '');
  const [capPoints, setCapPoints] = useState(item.cap?.points ? String(item.cap.points) : '');
  const [evidence, setEvidence] = useState(item.evidenceRequired);
  const [approver, setApprover] = useState(item.approver);
  const [active, setActive] = useState(item.active);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [key] = useIdempotencyKey('rule');

  async function save() {
    const next: RuleItemInput = {
      code: item.code,
      categoryCode: item.categoryCode,
      name: name.trim(),
      points: Number(points),
      cap: capPeriod === 'none' ? null : { period: capPeriod, count: optionalInt(capCount), points: optionalInt(capPoints) },
      evidenceRequired: evidence,
      approver,
      active,
    };
    setBusy(true);
    const res = await call('points.rules.upsert', { idempotencyKey: key, item: next });
    setBusy(false);
    if (!res.ok) return setError(res.error.issues?.[0]?.message ?? res.error.message);
    toast(`已保存为第 ${res.data.item.version} 版`, true);
    onSaved();
  }

  return (
    <Section title={`修改：${item.code} ${item.name}（现为第 ${item.version} 版）`} highlight>
      <View className='pt-field'>
        <Text className='pt-field__label'>事项名称</Text>
        <Input className='pt-input' placeholderClass='pt-placeholder' aria-label='事项名称' value={name} onInput={(e) => setName(e.detail.value)} />
      </View>
      <View className='pt-field'>
        <Text className='pt-field__label'>分值</Text>
        <Input className='pt-input' placeholderClass='pt-placeholder' aria-label='分值' type='number' value={points} onInput={(e) => setPoints(e.detail.value)} />
      </View>
      <View className='pt-field'>
        <Text className='pt-field__label'>每人上限</Text>
        <Tabs options={CAP_PERIODS} value={capPeriod} onChange={setCapPeriod} />
        {capPeriod !== 'none' && (
          <>
            <Input className='pt-input' placeholderClass='pt-placeholder' aria-label='每人最多几次' type='number' value={capCount} placeholder='最多几次（可不填）' onInput={(e) => setCapCount(e.detail.value)} />
            <Input className='pt-input' placeholderClass='pt-placeholder' aria-label='每人最多几分' type='number' value={capPoints} placeholder='最多几分（可不填）' onInput={(e) => setCapPoints(e.detail.value)} />
          </>
        )}
      </View>
      <View className='pt-field switch-row'>
        <Text className='pt-field__label switch-row__label'>需要照片凭证</Text>
        <Switch className='hl-switch' aria-label='需要照片凭证' checked={evidence} color='#c8161d' onChange={(e) => setEvidence(e.detail.value)} />
      </View>
      <View className='pt-field'>
        <Text className='pt-field__label'>由谁审核</Text>
        <Tabs
          options={[
            { value: 'secretary', label: '小区党支部书记' },
            { value: 'staff', label: '社区工作人员' },
          ]}
          value={approver}
          onChange={setApprover}
        />
      </View>
      <View className='pt-field switch-row'>
        <Text className='pt-field__label switch-row__label'>启用</Text>
        <Switch className='hl-switch' aria-label='启用这个事项' checked={active} color='#c8161d' onChange={(e) => setActive(e.detail.value)} />
      </View>
      <FormError text={error} />
      <View className='pt-actions'>
        <View role='button' className='btn' hoverClass='btn--pressed' onClick={busy ? undefined : () => void save()}>
          {busy ? '正在保存…' : '保存为新版本'}
        </View>
        <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={onCancel}>
          取消
        </View>
      </View>
    </Section>
  );
}

export default function Rules() {
  const { state, reload } = useAction('points.rules.list', { includeInactive: true });
  const [editing, setEditing] = useState<RuleItem | null>(null);

  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={reload} />;
  const grading = state.data.grading.month;
  return (
    <Page>
      {editing && (
        <ItemEditor
          key={`${editing.code}@${editing.version}`}
          item={editing}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void reload();
          }}
        />
      )}
      <Section title='积分事项'>
        <View className='muted'>点一个事项进行修改。修改后生成新版本，已记的积分仍按原版本。</View>
        <ItemPicker rules={state.data} selected={editing} onChange={setEditing} describe={(i) => `${i.code} · 第${i.version}版 · ${itemFacts(i)}`} />
      </Section>
      <Section title='月度等次分数线'>
        {grading.map((g) => (
          <View className='row' key={g.label}>
            <Text className='tag'>{g.label}</Text>
            <Text>{g.minPoints > 0 ? `${g.minPoints} 分及以上` : '其余'}</Text>
          </View>
        ))}
      </Section>
    </Page>
  );
}

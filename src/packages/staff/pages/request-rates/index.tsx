/**
 * 三率统计 (staff): for a month, the community's, each branch's and each grid's 响应率, 解决率 and
 * 满意率 with the counts behind them (requests count in the month they were filed); and the Excel
 * 台账 of requests and return visits for a span of months.
 */
import { useState } from 'react';
import { View, Text, Picker } from '@tarojs/components';
import type { RequestRates } from '@core/contracts/requests';
import Page from '../../../../components/Page';
import Section from '../../../../components/Section';
import StatusView from '../../../../components/StatusView';
import StaffCommunity from '../../../../components/requests/StaffCommunity';
import { currentPeriod } from '../../../../components/points/format';
import { openExport } from '../../../../components/points/openExport';
import { toast } from '../../../../components/points/toast';
import { call } from '../../../../services';
import { useAction } from '../../../../services/useAction';
import '../../../../components/points/points.scss';
import '../../../../components/requests/requests.scss';

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 10) / 10}%`);
const monthLabel = (m: string) => `${m.slice(0, 4)}年${Number(m.slice(5))}月`;

function MonthPicker({ label, value, onChange }: { label: string; value: string; onChange: (m: string) => void }) {
  return (
    <Picker mode='date' fields='month' value={value} end={currentPeriod('month')} onChange={(e) => onChange(String(e.detail.value).slice(0, 7))}>
      <View className='pt-picker' role='button' aria-label={`${label}：${monthLabel(value)}，点按修改`}>
        {monthLabel(value)} ▾
      </View>
    </Picker>
  );
}

function Rate({ value, label, basis }: { value: number | null; label: string; basis: string }) {
  return (
    <View className='rq-rate'>
      <Text className='rq-rate__value'>{percent(value)}</Text>
      <Text className='rq-rate__label'>{label}</Text>
      <Text className='rq-rate__label'>{basis}</Text>
    </View>
  );
}

function Rates({ r }: { r: RequestRates }) {
  return (
    <View className='rq-rates'>
      <Rate value={r.responseRate} label='响应率' basis={`按时接单 ${r.respondedOnTime}/${r.filed}`} />
      <Rate value={r.resolutionRate} label='解决率' basis={`办结 ${r.closed}/${r.filed}`} />
      <Rate value={r.satisfactionRate} label='满意率' basis={`4—5 星 ${r.satisfied}/${r.rated}`} />
    </View>
  );
}

function Group({ title, rows }: { title: string; rows: RequestRates[] }) {
  return (
    <Section title={title}>
      {rows.length === 0 && <View className='muted'>这个月没有</View>}
      {rows.map((r) => (
        <View key={r.id} className='rq-row'>
          <Text className='rq-row__title'>{r.name}</Text>
          <Text className='rq-row__meta'>受理 {r.filed} 件</Text>
          <Rates r={r} />
        </View>
      ))}
    </Section>
  );
}

function ExportLedger({ communityId, month }: { communityId: string; month: string }) {
  const [from, setFrom] = useState(month);
  const [to, setTo] = useState(month);
  const [busy, setBusy] = useState(false);
  async function exportLedger() {
    if (from > to) return toast('开始月份不能晚于结束月份');
    setBusy(true);
    const res = await call('requests.export', { communityId, from, to });
    setBusy(false);
    if (!res.ok) return toast(res.error.message);
    await openExport(res.data);
  }
  return (
    <Section title='台账导出'>
      <View className='pt-field'>
        <Text className='pt-field__label'>从</Text>
        <MonthPicker label='开始月份' value={from} onChange={setFrom} />
      </View>
      <View className='pt-field'>
        <Text className='pt-field__label'>到</Text>
        <MonthPicker label='结束月份' value={to} onChange={setTo} />
      </View>
      <View className='pt-actions'>
        <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={busy ? undefined : () => void exportLedger()}>
          {busy ? '正在导出…' : '导出报事和回访台账（Excel）'}
        </View>
      </View>
    </Section>
  );
}

function MonthRates({ communityId }: { communityId: string }) {
  const [month, setMonth] = useState(currentPeriod('month'));
  const { state, reload } = useAction('requests.rates', { communityId, month });
  return (
    <Page>
      <View className='pt-field'>
        <Text className='pt-field__label'>统计月份（按报事提交的月份）</Text>
        <MonthPicker label='统计月份' value={month} onChange={setMonth} />
      </View>
      {state.status === 'loading' && <StatusView kind='loading' />}
      {state.status === 'error' && <StatusView kind='error' error={state.error} onRetry={() => void reload()} />}
      {state.status === 'ok' && (
        <>
          <Section title={`${state.data.community.name} · 全社区`} highlight>
            <Text className='rq-row__meta'>受理 {state.data.community.filed} 件</Text>
            <Rates r={state.data.community} />
          </Section>
          <Group title='各支部' rows={state.data.branches} />
          <Group title='各网格' rows={state.data.grids} />
        </>
      )}
      <ExportLedger communityId={communityId} month={month} />
    </Page>
  );
}

export default function RequestRatesPage() {
  return <StaffCommunity>{(communityId) => <MonthRates communityId={communityId} />}</StaffCommunity>;
}

/**
 * 公示管理 (community staff). Without `?id`: publish a period's ranking of the community or of one
 * party branch (freezes it for a notice window), the list of publications, and the Excel ledger (台账)
 * of a period. With `?id`: one
 * publication — its objections (10 at a time) to answer, the ones WeChat's content check held to
 * release or reject (待审核), finalizing after the window, its Excel export.
 */
import { useEffect, useState } from 'react';
import { View, Text, Input, Switch, Textarea } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { BranchSummary } from '@core/contracts/org';
import type { ObjectionView, PeriodType, PublicationSummary } from '@core/contracts/points';
import type { ExportFile } from '@core/contracts/points-export';
import Page from '../../../../components/Page';
import Entry from '../../../../components/Entry';
import Section from '../../../../components/Section';
import StatusView from '../../../../components/StatusView';
import FormError from '../../../../components/points/FormError';
import Tabs from '../../../../components/points/Tabs';
import MoreButton from '../../../../components/points/MoreButton';
import PublicationCard, { publicationState } from '../../../../components/points/PublicationCard';
import PeoplePicker, { type PickedPerson } from '../../../../components/points/PeoplePicker';
import { currentPeriod, dateTime, previousPeriod } from '../../../../components/points/format';
import { useIdempotencyKey, useKeysByTarget } from '../../../../components/points/keys';
import { useObjections } from '../../../../components/points/useObjections';
import { openExport } from '../../../../components/points/openExport';
import { openPoints, queryValue } from '../../../../components/points/routes';
import { PAGE_SIZE, usePaged } from '../../../../components/points/usePaged';
import { toast } from '../../../../components/points/toast';
import { call, type Result } from '../../../../services';
import { useAction } from '../../../../services/useAction';
import { OBJECTION_STATUS_LABELS, PERIOD_TYPE_LABELS, PERIOD_TYPES } from '@core/labels/points';
import '../../../../components/points/points.scss';

const TYPES = PERIOD_TYPES.map((value) => ({ value, label: PERIOD_TYPE_LABELS[value] }));

/** 2026-11 → 2026年11月 (for the choices; the server names periods the same way) */
function periodName(key: string): string {
  if (key.length === 4) return `${key}年度`;
  if (key[5] === 'Q') return `${key.slice(0, 4)}年第${key.slice(6)}季度`;
  return `${key.slice(0, 4)}年${Number(key.slice(5))}月`;
}

/** The period picker: type, then the current or the previous period of that type. */
function PeriodChoice({ value, onChange }: { value: string; onChange: (key: string) => void }) {
  const type: PeriodType = value.length === 4 ? 'year' : value[5] === 'Q' ? 'quarter' : 'month';
  const now = currentPeriod(type);
  return (
    <>
      <Tabs options={TYPES} value={type} onChange={(t) => onChange(previousPeriod(currentPeriod(t)))} />
      <Tabs
        options={[previousPeriod(now), now].map((k) => ({ value: k, label: periodName(k) }))}
        value={value}
        onChange={onChange}
      />
    </>
  );
}

function useExport() {
  const [busy, setBusy] = useState(false);
  return {
    busy,
    async run(request: () => Promise<Result<ExportFile>>) {
      setBusy(true);
      const res = await request();
      setBusy(false);
      if (!res.ok) return toast(res.error.message);
      toast(`已导出 ${res.data.rows} 行`, true);
      await openExport(res.data);
    },
  };
}

const WHOLE_COMMUNITY = '';

/** 全社区, or one of the community's party branches (offered once they have loaded). */
function ScopeChoice({ value, onChange }: { value: string; onChange: (branchId: string) => void }) {
  const [branches, setBranches] = useState<BranchSummary[]>([]);
  useEffect(() => {
    void call('org.branches', {}).then((res) => res.ok && setBranches(res.data.branches));
  }, []);
  if (!branches.length) return null;
  return <Tabs options={[{ value: WHOLE_COMMUNITY, label: '全社区' }, ...branches.map((b) => ({ value: b.id, label: b.name }))]} value={value} onChange={onChange} />;
}

function CreateForm({ onCreated }: { onCreated: () => void }) {
  const [branchId, setBranchId] = useState(WHOLE_COMMUNITY);
  const [period, setPeriod] = useState(() => previousPeriod(currentPeriod('month')));
  const [days, setDays] = useState('5');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [key, renewKey] = useIdempotencyKey('publish');
  const ledger = useExport();

  async function create() {
    setBusy(true);
    const scope = branchId === WHOLE_COMMUNITY ? { scope: 'community' as const } : { scope: 'branch' as const, scopeId: branchId };
    const res = await call('points.publication.create', { idempotencyKey: key, period, ...scope, noticeDays: Number(days) || 5 });
    setBusy(false);
    if (!res.ok) return setError(res.error.issues?.[0]?.message ?? res.error.message);
    setError(null);
    renewKey();
    toast('已发布公示', true);
    onCreated();
    openPoints('publications', { id: res.data.id });
  }

  return (
    <Section title='发布积分公示'>
      <View className='muted'>发布时冻结所选范围、所选周期的排名和账本链头，公示期内居民和近邻长可以提出异议。</View>
      <ScopeChoice value={branchId} onChange={setBranchId} />
      <PeriodChoice value={period} onChange={setPeriod} />
      <View className='pt-field'>
        <Text className='pt-field__label'>公示天数</Text>
        <Input className='pt-input' placeholderClass='pt-placeholder' aria-label='公示天数' type='number' value={days} onInput={(e) => setDays(e.detail.value)} />
      </View>
      <FormError text={error} />
      <View className='pt-actions'>
        <View role='button' className='btn' hoverClass='btn--pressed' onClick={busy ? undefined : () => void create()}>
          {busy ? '正在发布…' : `发布${periodName(period)}公示`}
        </View>
        <View
          role='button'
          className='btn btn--ghost'
          hoverClass='btn--pressed'
          onClick={ledger.busy ? undefined : () => void ledger.run(() => call('points.export.ledger', { period }))}
        >
          {ledger.busy ? '正在导出…' : '导出积分台账'}
        </View>
      </View>
    </Section>
  );
}

function List() {
  const { state, reload, refresh, loadMore } = usePaged('list', (page) => call('points.publication.list', { page, pageSize: PAGE_SIZE }), (o) => o.publications);
  return (
    <Page>
      <CreateForm onCreated={() => void refresh()} />
      {state.status === 'loading' && <StatusView kind='loading' />}
      {state.status === 'error' && <StatusView kind='error' error={state.error} onRetry={reload} />}
      {state.status === 'ok' && state.rows.length === 0 && <StatusView kind='empty' text='还没有发布过积分公示' />}
      {state.status === 'ok' &&
        state.rows.map((p: PublicationSummary) => <PublicationCard key={p.id} publication={p} onClick={() => openPoints('publications', { id: p.id })} />)}
      {state.status === 'ok' && state.rows.length > 0 && <MoreButton hasMore={state.hasMore} loading={state.loadingMore} onMore={() => void loadMore()} />}
    </Page>
  );
}

/** An optional correction booked with the answer: one person, points up or down, a reason. */
function CorrectionFields({ value, onChange }: { value: Correction; onChange: (c: Correction) => void }) {
  return (
    <View className='card'>
      <Text className='pt-field__label'>更正谁的积分</Text>
      <PeoplePicker selected={value.person ? [value.person] : []} onChange={(p) => onChange({ ...value, person: p[0] ?? null })} single />
      <Tabs options={[{ value: '1', label: '补加' }, { value: '-1', label: '扣减' }]} value={String(value.sign)} onChange={(v) => onChange({ ...value, sign: v === '1' ? 1 : -1 })} />
      <Input className='pt-input' placeholderClass='pt-placeholder' aria-label='更正分值' type='number' value={value.amount} placeholder='分值，如 3' onInput={(e) => onChange({ ...value, amount: e.detail.value })} />
      <Input className='pt-input' placeholderClass='pt-placeholder' aria-label='更正原因' value={value.reason} placeholder='更正原因，会写进积分台账' onInput={(e) => onChange({ ...value, reason: e.detail.value })} />
    </View>
  );
}

interface Correction {
  person: PickedPerson | null;
  sign: 1 | -1;
  amount: string;
  reason: string;
}

function Objection({ objection: o, onAnswered }: { objection: ObjectionView; onAnswered: () => void }) {
  const [answer, setAnswer] = useState('');
  const [correcting, setCorrecting] = useState(false);
  const [correction, setCorrection] = useState<Correction>({ person: null, sign: 1, amount: '', reason: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { keyFor, done } = useKeysByTarget('resolve');
  const moderation = useKeysByTarget('moderate');

  async function moderate(decision: 'release' | 'reject') {
    setBusy(true);
    const res = await call('points.publication.moderate', { idempotencyKey: moderation.keyFor(o.id), objectionId: o.id, decision });
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    moderation.done(o.id);
    toast(decision === 'release' ? '已公开，请核实后答复' : '已不予公开', true);
    onAnswered();
  }

  async function resolve() {
    const points = Number(correction.amount);
    if (correcting && (!correction.person || !Number.isInteger(points) || points <= 0)) return setError('请选择更正的人员并填写分值（正整数）');
    setBusy(true);
    const corrections = correcting && correction.person ? [{ personId: correction.person.id, points: correction.sign * points, reason: correction.reason.trim() }] : [];
    const res = await call('points.publication.resolve', { idempotencyKey: keyFor(o.id), objectionId: o.id, answer: answer.trim(), corrections });
    setBusy(false);
    if (!res.ok) return setError(res.error.issues?.[0]?.message ?? res.error.message);
    done(o.id);
    toast(corrections.length ? '已答复，积分已更正并重新冻结名单' : '已答复', true);
    onAnswered();
  }

  return (
    <View className='pt-claim'>
      <View>
        <Text className={o.status === 'open' || o.status === 'held' ? 'tag' : 'tag tag--grey'}>{o.status === 'open' ? '待答复' : OBJECTION_STATUS_LABELS[o.status]}</Text>
        <Text className='pt-entry__title'>{o.by.name}</Text>
      </View>
      <View className='pt-entry__meta'>{dateTime(o.createdAt)}</View>
      <View>{o.text}</View>
      {o.answer && <View className='pt-entry__reason'>答复：{o.answer}</View>}
      {o.correctionEntryIds.length > 0 && <View className='pt-entry__meta'>已记 {o.correctionEntryIds.length} 笔更正</View>}
      {o.status === 'held' && (
        <>
          <View className='muted'>微信内容安全检查建议人工审核：公开后居民才能看到，再核实答复。</View>
          <FormError text={error} />
          <View className='pt-actions'>
            <View role='button' className='btn' hoverClass='btn--pressed' onClick={busy ? undefined : () => void moderate('release')}>
              公开
            </View>
            <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={busy ? undefined : () => void moderate('reject')}>
              不予公开
            </View>
          </View>
        </>
      )}
      {o.status === 'open' && (
        <>
          <Textarea className='pt-textarea' placeholderClass='pt-placeholder' aria-label='答复内容' value={answer} maxlength={500} placeholder='核实情况后答复，异议人能看到' onInput={(e) => setAnswer(e.detail.value)} />
          <View className='pt-field switch-row'>
            <Text className='pt-field__label switch-row__label'>同时更正积分</Text>
            <Switch className='hl-switch' aria-label='同时更正积分' checked={correcting} color='#c8161d' onChange={(e) => setCorrecting(e.detail.value)} />
          </View>
          {correcting && <CorrectionFields value={correction} onChange={setCorrection} />}
          <FormError text={error} />
          <View className='pt-actions'>
            <View role='button' className='btn' hoverClass='btn--pressed' onClick={busy ? undefined : () => void resolve()}>
              {busy ? '正在提交…' : '提交答复'}
            </View>
          </View>
        </>
      )}
    </View>
  );
}

function Manage({ id }: { id: string }) {
  const { state, reload } = useAction('points.publication.get', { publicationId: id, page: 1, pageSize: 1 });
  const objections = useObjections(id, state.status === 'ok' ? state.data : null);
  const [finalizeKey] = useIdempotencyKey('finalize');
  const [busy, setBusy] = useState(false);
  const exporter = useExport();

  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={reload} />;
  const { publication: p } = state.data;

  async function finalize() {
    setBusy(true);
    const res = await call('points.publication.finalize', { idempotencyKey: finalizeKey, publicationId: id });
    setBusy(false);
    if (!res.ok) return toast(res.error.message);
    toast('已定稿', true);
    void reload();
  }

  return (
    <Page>
      <Section title={p.title} extra={<Text className='tag tag--solid'>{publicationState(p)}</Text>} highlight>
        <View className='muted'>
          {p.scope.name} · 共 {p.rowCount} 人 · 第 {p.revision} 版
        </View>
        <View className='muted'>
          发布于 {dateTime(p.createdAt)}，公示截至 {dateTime(p.windowEndsAt)}
        </View>
        {p.finalizedAt && <View className='muted'>定稿于 {dateTime(p.finalizedAt)}</View>}
        {p.status === 'open' && Date.parse(p.windowEndsAt) > Date.now() && <View className='muted'>公示期结束、异议都答复后即可定稿。</View>}
        <View className='pt-actions'>
          {p.status === 'open' && Date.parse(p.windowEndsAt) <= Date.now() && (
            <View role='button' className='btn' hoverClass='btn--pressed' onClick={busy ? undefined : () => void finalize()}>
              {busy ? '正在定稿…' : '定稿'}
            </View>
          )}
          <View
            role='button'
            className='btn btn--ghost'
            hoverClass='btn--pressed'
            onClick={exporter.busy ? undefined : () => void exporter.run(() => call('points.export.publication', { publicationId: id }))}
          >
            {exporter.busy ? '正在导出…' : '导出 Excel'}
          </View>
        </View>
      </Section>
      <Entry title='查看公示名单' desc='居民看到的公示页面' onClick={() => openPoints('publication', { id })} />
      <Section title={`异议（待处理 ${p.openObjections}）`}>
        {objections.objections.length === 0 ? (
          <View className='muted'>暂无异议</View>
        ) : (
          <>
            {objections.objections.map((o) => <Objection key={o.id} objection={o} onAnswered={() => void reload()} />)}
            <MoreButton hasMore={objections.hasMore} loading={objections.loading} onMore={() => void objections.loadMore()} endText='异议到此为止' />
          </>
        )}
      </Section>
    </Page>
  );
}

export default function Publications() {
  const id = queryValue(useRouter().params.id);
  return id ? <Manage id={id} /> : <List />;
}

/**
 * 积分公示 (public): one publication — period, scope, notice window, the frozen list (rank, masked or
 * consented name, points, grade) and the ledger's chain head it was frozen at, so anyone can check
 * it, and the objections shown to the public (10 at a time). During the window a resident or leader
 * of the community can raise an objection (held for staff if WeChat's content check asks). Shareable as
 * a WeChat card that opens this publication.
 */
import { useState } from 'react';
import { View, Text, Textarea } from '@tarojs/components';
import { useRouter, useShareAppMessage } from '@tarojs/taro';
import type { ObjectionView, PublicationRow } from '@core/contracts/points';
import Page from '../../../../components/Page';
import Section from '../../../../components/Section';
import StatusView from '../../../../components/StatusView';
import FormError from '../../../../components/points/FormError';
import MoreButton from '../../../../components/points/MoreButton';
import { publicationState } from '../../../../components/points/PublicationCard';
import { dateTime } from '../../../../components/points/format';
import { useIdempotencyKey } from '../../../../components/points/keys';
import { useObjections } from '../../../../components/points/useObjections';
import { OBJECTION_STATUS_LABELS } from '@core/labels/points';
import { pathTo, queryValue } from '../../../../components/points/routes';
import { PAGE_SIZE, usePaged } from '../../../../components/points/usePaged';
import { toast } from '../../../../components/points/toast';
import { call } from '../../../../services';
import '../../../../components/points/points.scss';

function ObjectionForm({ publicationId, onSent }: { publicationId: string; onSent: () => void }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [key, renewKey] = useIdempotencyKey('object');

  async function send() {
    if (text.trim().length < 5) return setError('请把异议写清楚（至少 5 个字）');
    setBusy(true);
    const res = await call('points.publication.object', { idempotencyKey: key, publicationId, text: text.trim() });
    setBusy(false);
    if (!res.ok) return setError(res.error.issues?.[0]?.message ?? res.error.message);
    renewKey();
    setText('');
    setOpen(false);
    setError(null);
    toast(res.data.status === 'held' ? '已提交，审核后公示' : '异议已提交，社区会核实答复', true);
    onSent();
  }

  if (!open) {
    return (
      <View role='button' className='btn btn--ghost more' hoverClass='btn--pressed' onClick={() => setOpen(true)}>
        我有异议
      </View>
    );
  }
  return (
    <Section title='我有异议'>
      <Textarea className='pt-textarea' placeholderClass='pt-placeholder' aria-label='异议内容' value={text} maxlength={500} placeholder='写明对谁的积分、哪一项有异议，以及理由' onInput={(e) => setText(e.detail.value)} />
      <FormError text={error} />
      <View className='pt-actions'>
        <View role='button' className='btn' hoverClass='btn--pressed' onClick={busy ? undefined : () => void send()}>
          {busy ? '正在提交…' : '提交异议'}
        </View>
        <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={() => setOpen(false)}>
          取消
        </View>
      </View>
    </Section>
  );
}

export default function Publication() {
  const id = queryValue(useRouter().params.id) ?? '';
  const { state, reload, refresh, loadMore } = usePaged(
    id,
    (page) => call('points.publication.get', { publicationId: id, page, pageSize: PAGE_SIZE }),
    (o) => o.rows,
  );
  const objections = useObjections(id, state.status === 'ok' ? state.first : null);

  useShareAppMessage(() => ({
    title: state.status === 'ok' ? `${state.first.publication.title}（${publicationState(state.first.publication)}）` : '红色近邻长积分公示',
    path: pathTo('publication', { id }),
  }));

  if (!id) return <StatusView kind='empty' text='没有指定要查看的公示' />;
  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={reload} />;

  const { publication: p, canObject } = state.first;
  return (
    <Page>
      <Section title={p.title} extra={<Text className='tag tag--solid'>{publicationState(p)}</Text>} highlight>
        <View className='row'>
          <Text className='pt-label'>范围</Text>
          <Text>{p.scope.name}</Text>
        </View>
        <View className='row'>
          <Text className='pt-label'>周期</Text>
          <Text>{p.period.label}</Text>
        </View>
        <View className='row'>
          <Text className='pt-label'>公示期</Text>
          <Text>
            {dateTime(p.createdAt)} 至 {dateTime(p.windowEndsAt)}
          </Text>
        </View>
        {p.finalizedAt && (
          <View className='row'>
            <Text className='pt-label'>定稿</Text>
            <Text>{dateTime(p.finalizedAt)}</Text>
          </View>
        )}
        <View className='muted'>未同意公开姓名的人员只显示姓氏。</View>
      </Section>

      <Section title={`公示名单（共 ${p.rowCount} 人）`}>
        {state.rows.length === 0 ? (
          <View className='muted'>本期没有人获得积分</View>
        ) : (
          <>
            <View className='pt-rank'>
              <Text className='pt-rank__no'>名次</Text>
              <Text className='pt-rank__name'>姓名</Text>
              <Text className='pt-rank__points'>积分</Text>
              <Text className='pt-rank__grade'>等次</Text>
            </View>
            {state.rows.map((r: PublicationRow) => (
              <View key={r.personId} className='pt-rank'>
                <Text className='pt-rank__no'>{r.rank}</Text>
                <Text className='pt-rank__name'>{r.name}</Text>
                <Text className='pt-rank__points'>{r.points}</Text>
                <Text className='pt-rank__grade'>{r.grade}</Text>
              </View>
            ))}
          </>
        )}
        <MoreButton hasMore={state.hasMore} loading={state.loadingMore} onMore={() => void loadMore()} endText='名单到此为止' />
      </Section>

      <Section title='核验信息'>
        <View className='muted'>名单冻结时的积分账本链头，可与「积分核验」的结果对照：</View>
        <View className='pt-entry__meta'>第 {p.head.seq} 号记录</View>
        <View className='pt-hash'>{p.head.hash}</View>
        <View className='pt-entry__meta'>名单哈希（第 {p.revision} 版）</View>
        <View className='pt-hash'>{p.rowsHash}</View>
      </Section>

      {objections.objections.length > 0 && (
        <Section title='异议'>
          {objections.objections.map((o: ObjectionView) => (
            <View key={o.id} className='pt-claim'>
              <View>
                <Text className={o.status === 'open' ? 'tag' : 'tag tag--grey'}>{OBJECTION_STATUS_LABELS[o.status]}</Text>
                <Text>{o.by.name} · {dateTime(o.createdAt)}</Text>
              </View>
              <View>{o.text}</View>
              {o.answer && <View className='pt-entry__reason'>社区答复：{o.answer}</View>}
            </View>
          ))}
          <MoreButton hasMore={objections.hasMore} loading={objections.loading} onMore={() => void objections.loadMore()} endText='异议到此为止' />
        </Section>
      )}

      {canObject && <ObjectionForm publicationId={p.id} onSent={() => void refresh()} />}
    </Page>
  );
}

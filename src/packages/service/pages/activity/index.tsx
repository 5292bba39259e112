/**
 * 活动详情 (?id=): what, when, where and how many places; the caller's sign-up — 报名 (the tap also
 * asks WeChat for the day-before reminder), 候补第 N 位, 取消报名 after a confirm — and on the day the
 * way to 签到 / 签退. The organiser opens the on-site screen from here. Shared as a card.
 */
import { useState } from 'react';
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { ActivityView } from '@core/contracts/activities';
import Page from '../../../../components/Page';
import Section from '../../../../components/Section';
import StatusView from '../../../../components/StatusView';
import FormError from '../../../../components/points/FormError';
import Photos from '../../../../components/points/Photos';
import { dateTime } from '../../../../components/points/format';
import { useKeysByTarget } from '../../../../components/points/keys';
import { queryValue } from '../../../../components/points/routes';
import { toast } from '../../../../components/points/toast';
import { useRefreshOnReturn } from '../../../../components/requests/useRefreshOnReturn';
import Facts from '../../../../components/activities/Facts';
import { PHASE_LABELS, phaseOf } from '../../../../components/activities/status';
import { isOnTheDay } from '../../../../components/activities/time';
import { call } from '../../../../services';
import { askToNotifyAll } from '../../../../services/subscribe';
import { useLoadedView } from '../../../../services/useAction';
import { openWith, PAGES } from '../../../../routes';
import '../../../../components/points/points.scss';
import '../../../../components/activities/activities.scss';

function Button({ text, ghost, onClick }: { text: string; ghost?: boolean; onClick?: () => void }) {
  return (
    <View role='button' className={ghost ? 'btn btn--ghost' : 'btn'} hoverClass='btn--pressed' onClick={onClick}>
      {text}
    </View>
  );
}

function MySignup({ a, onChange }: { a: ActivityView; onChange: () => Promise<void> }) {
  const { keyFor, done } = useKeysByTarget('ac');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const phase = phaseOf(a);
  const mine = a.mine && a.mine.status !== 'cancelled' ? a.mine : null;

  async function signUp() {
    // first thing in the tap: WeChat shows its dialog only for a tap
    const allowed = await askToNotifyAll({ reminder: a.reminderTemplateId });
    setBusy(true);
    setError(null);
    const target = `${a.id}:signup`;
    const res = await call('activities.signup', { activityId: a.id, idempotencyKey: keyFor(target), remind: allowed.includes('reminder') });
    if (res.ok) {
      done(target);
      toast(res.data.status === 'confirmed' ? '报名成功' : `名额已满，你在候补第 ${res.data.waitingPosition ?? 1} 位`, res.data.status === 'confirmed');
      await onChange();
    } else setError(res.error.message);
    setBusy(false);
  }

  async function cancel() {
    const waiting = mine?.status === 'waiting';
    const { confirm } = await Taro.showModal({
      title: waiting ? '取消候补' : '取消报名',
      content: waiting ? '取消后会从候补名单上去掉' : '取消后名额会让给候补的居民，确定不去了吗？',
      confirmText: waiting ? '取消候补' : '取消报名',
      cancelText: '再想想',
    });
    if (!confirm) return;
    setBusy(true);
    setError(null);
    const target = `${a.id}:cancel`;
    const res = await call('activities.cancel', { activityId: a.id, idempotencyKey: keyFor(target) });
    if (res.ok) {
      done(target);
      toast('已取消报名', true);
      await onChange();
    } else setError(res.error.message);
    setBusy(false);
  }

  const act = (fn: () => Promise<void>) => (busy ? undefined : () => void fn());
  const started = Date.now() >= Date.parse(a.startAt);
  let state: string;
  const buttons: { text: string; ghost?: boolean; onClick?: () => void }[] = [];
  if (mine?.status === 'confirmed') {
    state = mine.checkedOutAt ? `已签退（${dateTime(mine.checkedOutAt)}）` : mine.checkedInAt ? `已签到（${dateTime(mine.checkedInAt)}）` : '你已报名';
    if (a.status === 'open' && !mine.checkedInAt && isOnTheDay(a)) buttons.push({ text: '签到', onClick: () => openWith('checkin', { id: a.id }) });
    if (a.status === 'open' && mine.checkedInAt && !mine.checkedOutAt) buttons.push({ text: '签退', onClick: () => openWith('checkin', { id: a.id }) });
    if (a.status === 'open' && !mine.checkedInAt && !started) buttons.push({ text: '取消报名', ghost: true, onClick: act(cancel) });
  } else if (mine?.status === 'waiting') {
    state = `名额已满，你在候补第 ${mine.waitingPosition ?? 1} 位；有人取消时按顺序递补`;
    if (a.status === 'open' && !started) buttons.push({ text: '取消候补', ghost: true, onClick: act(cancel) });
  } else if (phase === 'open' || phase === 'full') {
    state = phase === 'full' ? '名额已满，现在报名会排在候补名单上' : '还有名额，欢迎报名';
    buttons.push({ text: busy ? '正在报名…' : phase === 'full' ? '报名候补' : '报名', onClick: act(signUp) });
  } else state = phase === 'closed' ? '报名已经截止了' : '活动已经结束了';

  return (
    <Section title='我的报名'>
      <Text className='ac-state'>{state}</Text>
      {mine?.status === 'confirmed' && !mine.checkedInAt && a.status === 'open' && <Text className='pt-field__hint'>活动当天到现场后，在这里签到</Text>}
      <FormError text={error} />
      {buttons.length > 0 && (
        <View className='pt-actions'>
          {buttons.map((b) => (
            <Button key={b.text} {...b} />
          ))}
        </View>
      )}
    </Section>
  );
}

function Detail({ a, onChange }: { a: ActivityView; onChange: () => Promise<void> }) {
  const phase = phaseOf(a);
  return (
    <>
      <Section title={a.title}>
        <View>
          <Text className={phase === 'open' || phase === 'full' ? 'tag tag--solid' : 'tag tag--grey'}>{PHASE_LABELS[phase]}</Text>
        </View>
        <Facts a={a} />
        <Text className='ac-text'>{a.description}</Text>
      </Section>
      {a.status === 'finished' && (
        <Section title='活动小结'>
          {a.summary && <Text className='ac-text'>{a.summary}</Text>}
          <Photos fileIDs={a.photos} />
        </Section>
      )}
      {a.organising && (
        <Section title='组织者'>
          <Text className='pt-field__hint'>{a.status === 'open' ? '活动现场打开签到码给大家签到，也可以替没带手机的居民代签到' : '查看签到名单，导出 Excel'}</Text>
          <View className='pt-actions'>
            <Button text={a.status === 'open' ? '现场签到' : '签到名单'} onClick={() => openWith('activityRun', { id: a.id })} />
          </View>
        </Section>
      )}
      <MySignup a={a} onChange={onChange} />
    </>
  );
}

export default function Activity() {
  const id = queryValue(useRouter().params.id) ?? '';
  // a reload (pull-down, retry, coming back from 签到) shows the server's answer again
  const { state, reload, latest, setLatest } = useLoadedView('activities.get', { activityId: id });
  useRefreshOnReturn(() => void reload());

  useShareAppMessage(() => ({
    title: state.status === 'ok' ? `${state.data.title}：欢迎报名` : '社区活动',
    path: `${PAGES.activity}?id=${encodeURIComponent(id)}`,
  }));

  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={() => void reload()} />;

  async function refreshView() {
    const res = await call('activities.get', { activityId: id });
    if (res.ok) setLatest(res.data);
  }
  return (
    <Page>
      <Detail a={latest ?? state.data} onChange={refreshView} />
    </Page>
  );
}

/**
 * 活动签到 / 签退. Opened from the activity (?id=): 「扫码签到」 scans the organiser's 小程序码, or the
 * person types the 6 digits on the organiser's screen; once checked in, the same page checks out.
 * Opened by WeChat's own scanner from the 小程序码 (?scene=…): checks in at once; someone already
 * checked in is offered 签退 (never done without asking: it ends their volunteer hours).
 */
import { useEffect, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { View, Text, Input } from '@tarojs/components';
import type { ActionOutput } from '@core/contracts/index';
import type { CodeInput } from '@core/contracts/activities';
import Page from '../../../../components/Page';
import Section from '../../../../components/Section';
import StatusView from '../../../../components/StatusView';
import FormError from '../../../../components/points/FormError';
import { dateTime } from '../../../../components/points/format';
import { queryValue } from '../../../../components/points/routes';
import { call, type AppErrorBody } from '../../../../services';
import { useAction } from '../../../../services/useAction';
import { sceneOf } from '../../../../components/activities/scene';
import { openWith } from '../../../../routes';
import '../../../../components/points/points.scss';
import '../../../../components/activities/activities.scss';

type Mode = 'checkin' | 'checkout';
type Answer =
  | { kind: 'checkin'; data: ActionOutput<'activities.checkin'> }
  | { kind: 'checkout'; data: ActionOutput<'activities.checkout'> };

function AnswerCard({ answer }: { answer: Answer }) {
  if (answer.kind === 'checkout') {
    const d = answer.data;
    return (
      <View className='ac-answer' role='status'>
        <Text className='ac-answer__title'>{d.already ? '已签退过' : '签退成功'}</Text>
        <Text className='ac-answer__text'>{d.title}</Text>
        <Text className='ac-answer__text'>签退时间 {dateTime(d.checkedOutAt)}</Text>
        <Text className='ac-answer__text'>活动结束后记入志愿时长 {d.hours} 小时</Text>
      </View>
    );
  }
  const d = answer.data;
  return (
    <View className='ac-answer' role='status'>
      <Text className='ac-answer__title'>{d.already ? '已签到过' : '签到成功'}</Text>
      <Text className='ac-answer__text'>{d.title}</Text>
      <Text className='ac-answer__text'>
        {d.personName} · 签到时间 {dateTime(d.checkedInAt)}
        {d.by === 'proxy' ? '（组织者代签）' : ''}
      </Text>
      {d.checkedOutAt && <Text className='ac-answer__text'>签退时间 {dateTime(d.checkedOutAt)}</Text>}
    </View>
  );
}

function CheckinForm({ activityId, title, start }: { activityId: string | null; title?: string; start: { mode: Mode; scene?: string } }) {
  const [mode, setMode] = useState<Mode>(start.mode);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorBody | null>(null);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [id, setId] = useState(activityId);
  /** the scene just scanned: someone scanning again while checked in may check out with it */
  const [scene, setScene] = useState(start.scene);
  const word = mode === 'checkin' ? '签到' : '签退';

  async function send(input: CodeInput, as: Mode = mode) {
    setBusy(true);
    setError(null);
    const res = as === 'checkin' ? await call('activities.checkin', input) : await call('activities.checkout', input);
    setBusy(false);
    if (!res.ok) return setError(res.error);
    setId(res.data.activityId);
    setCode('');
    if (as === 'checkin') {
      const d = res.data as ActionOutput<'activities.checkin'>;
      setAnswer({ kind: 'checkin', data: d });
      if (!d.checkedOutAt) setMode('checkout');
    } else setAnswer({ kind: 'checkout', data: res.data as ActionOutput<'activities.checkout'> });
  }

  // opened from the scanned 小程序码: check in at once
  const started = useRef(false);
  useEffect(() => {
    if (started.current || !start.scene) return;
    started.current = true;
    void send({ scene: start.scene }, 'checkin');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  async function scan() {
    let path: string | undefined;
    try {
      path = (await Taro.scanCode({ onlyFromCamera: true })).path;
    } catch (err) {
      // closing the camera is no error; a phone (or the H5 build) that cannot scan is told to type
      if (!/cancel/.test((err as { errMsg?: string } | undefined)?.errMsg ?? '')) setError({ code: 'INTERNAL', message: `没能打开扫码，请输入现场屏幕上的 6 位${word}码` });
      return;
    }
    const scanned = sceneOf(path);
    if (!scanned) return setError({ code: 'VALIDATION_ERROR', message: '这不是活动签到的小程序码，请扫组织者屏幕上的码' });
    setScene(scanned);
    await send({ scene: scanned });
  }

  function typed() {
    if (!/^\d{6}$/.test(code)) return setError({ code: 'VALIDATION_ERROR', message: '签到码是 6 位数字，请看现场屏幕' });
    if (!id) return setError({ code: 'VALIDATION_ERROR', message: '请扫组织者屏幕上的小程序码' });
    void send({ activityId: id, code });
  }

  const done = answer?.kind === 'checkout' || (answer?.kind === 'checkin' && answer.data.checkedOutAt !== null);
  return (
    <>
      {title && (
        <Section title={title}>
          <Text className='pt-field__hint'>{mode === 'checkin' ? '到了活动现场，扫组织者屏幕上的小程序码，或输入屏幕上的 6 位签到码' : '活动结束离开前签退，按签到到签退的时间记志愿时长'}</Text>
        </Section>
      )}
      {answer && (
        <View className='card'>
          <AnswerCard answer={answer} />
        </View>
      )}
      {busy && !answer && <StatusView kind='loading' text={`正在${word}…`} />}
      {!done && (
        <Section title={answer ? '离开时签退' : `扫码或输入${word}码`}>
          <View className='pt-actions'>
            <View role='button' className='btn' hoverClass='btn--pressed' onClick={busy ? undefined : () => void scan()}>
              扫码{word}
            </View>
            {answer?.kind === 'checkin' && answer.data.already && scene && mode === 'checkout' && (
              <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={busy ? undefined : () => void send({ scene })}>
                用刚才扫的码签退
              </View>
            )}
          </View>
          {id && (
            <View className='pt-field'>
              <Text className='pt-field__label'>或输入现场屏幕上的 6 位{word}码</Text>
              <Input className='pt-input' type='number' aria-label={`${word}码`} value={code} maxlength={6} placeholder='6 位数字' placeholderClass='pt-placeholder' onInput={(e) => setCode(e.detail.value)} />
              <View className='pt-actions'>
                <View role='button' className='btn' hoverClass='btn--pressed' onClick={busy ? undefined : typed}>
                  {busy ? `正在${word}…` : `确认${word}`}
                </View>
              </View>
            </View>
          )}
          <FormError text={error?.message ?? null} />
        </Section>
      )}
      {id && (
        <View className='pt-actions'>
          <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={() => openWith('activity', { id })}>
            查看活动详情
          </View>
        </View>
      )}
    </>
  );
}

/** ?id=: the activity and where the person stands decide whether this checks in or out. */
function ForActivity({ activityId }: { activityId: string }) {
  const { state, reload } = useAction('activities.get', { activityId });
  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={reload} />;
  const a = state.data;
  const mine = a.mine;
  if (mine?.checkedOutAt) return <StatusView kind='empty' text={`你已签退（${dateTime(mine.checkedOutAt)}）`} hint='谢谢参加，活动结束后记入志愿时长' />;
  if (a.status !== 'open') return <StatusView kind='empty' text='这个活动已经结束了' />;
  if (!mine || mine.status === 'cancelled') return <StatusView kind='empty' text='你没有报名这个活动' hint='先在活动详情里报名，活动当天再来签到' />;
  if (mine.status === 'waiting') return <StatusView kind='empty' text='你还在候补名单上' hint='递补上以后才能签到' />;
  return <CheckinForm activityId={a.id} title={a.title} start={{ mode: mine.checkedInAt ? 'checkout' : 'checkin' }} />;
}

export default function Checkin() {
  const params = useRouter().params;
  const id = queryValue(params.id);
  const scene = queryValue(params.scene);
  return <Page>{scene ? <CheckinForm activityId={null} start={{ mode: 'checkin', scene }} /> : id ? <ForActivity activityId={id} /> : <CheckinForm activityId={null} start={{ mode: 'checkin' }} />}</Page>;
}

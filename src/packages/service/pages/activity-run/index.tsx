/**
 * 现场签到 (?id=, the organiser): the 6-digit code in big digits with the seconds until it changes and
 * the 小程序码 to scan, a 签到 / 签退 switch for what the screen asks of people, the roster with 代签到,
 * and once the activity has started (by the server's clock) 「结束活动」: a summary and photos, after
 * which attendees get their points and hours. A finished activity's roster exports to Excel.
 */
import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { View, Text, Image, Textarea } from '@tarojs/components';
import type { ActivityView } from '@core/contracts/activities';
import Page from '../../../../components/Page';
import Section from '../../../../components/Section';
import StatusView from '../../../../components/StatusView';
import PhotoUploader, { type Photo } from '../../../../components/PhotoUploader';
import FormError from '../../../../components/points/FormError';
import Tabs from '../../../../components/points/Tabs';
import { dateOf } from '../../../../components/points/format';
import { useIdempotencyKey } from '../../../../components/points/keys';
import { openExport } from '../../../../components/points/openExport';
import { queryValue } from '../../../../components/points/routes';
import { toast } from '../../../../components/points/toast';
import { usePaged } from '../../../../components/points/usePaged';
import Roster from '../../../../components/activities/Roster';
import { useRotatingCode, type CodeState } from '../../../../components/activities/useRotatingCode';
import { timeRange } from '../../../../components/activities/time';
import { call, type ActionOutput } from '../../../../services';
import { myActivityPhotoFolder } from '../../../../services/upload';
import { useAction } from '../../../../services/useAction';
import '../../../../components/points/points.scss';
import '../../../../components/activities/activities.scss';

type Purpose = 'checkin' | 'checkout';
const PURPOSES: { value: Purpose; label: string }[] = [
  { value: 'checkin', label: '签到' },
  { value: 'checkout', label: '签退' },
];

function CodeCard({ code, purpose, onPurpose }: { code: CodeState; purpose: Purpose; onPurpose: (p: Purpose) => void }) {
  const word = purpose === 'checkin' ? '签到' : '签退';
  return (
    <Section title={`${word}码`}>
      <Tabs options={PURPOSES} value={purpose} onChange={onPurpose} />
      {code.status === 'loading' && <StatusView kind='loading' text={`正在生成${word}码…`} />}
      {code.status === 'error' && <FormError text={code.error.message} />}
      {code.status === 'ok' && (
        <View className='ac-code'>
          <Text className='pt-field__hint'>{purpose === 'checkin' ? '请参加的居民用微信扫下面的小程序码，或在「活动签到」里输入这 6 位数字' : '离开前请扫码签退，或输入这 6 位数字签退'}</Text>
          <Text className='ac-code__digits' aria-label={`${word}码 ${code.code.code.split('').join(' ')}`}>
            {code.code.code}
          </Text>
          <View className='ac-code__left' role='timer'>
            {code.secondsLeft} 秒后换新码
          </View>
          {code.code.image && (
            <View className='ac-qr'>
              <Image className='ac-qr__image' src={code.code.image} mode='widthFix' aria-label={`${word}小程序码`} />
            </View>
          )}
        </View>
      )}
    </Section>
  );
}

function Finish({ a, onFinished }: { a: ActivityView; onFinished: (r: ActionOutput<'activities.finish'>) => void }) {
  const [summary, setSummary] = useState('');
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [uploading, setUploading] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [key] = useIdempotencyKey('acf');
  const month = dateOf(Date.now()).slice(0, 7);

  async function finish() {
    setBusy(true);
    setError(null);
    const input = { activityId: a.id, idempotencyKey: key, summary, photos: photos.map((p) => p.fileID) };
    let res = await call('activities.finish', input);
    // the server books a few at a time: call again while some are left
    for (let rounds = 0; res.ok && res.data.pending > 0 && rounds < 20; rounds++) res = await call('activities.finish', input);
    setBusy(false);
    if (!res.ok) return setError(res.error.issues?.[0]?.message ?? res.error.message);
    toast('活动已结束', true);
    onFinished(res.data);
  }

  return (
    <Section title='结束活动'>
      <Text className='pt-field__hint'>写几句活动小结、传几张照片。结束后签到的人各得积分并记入志愿时长，不能再签到。</Text>
      <View className='pt-field'>
        <Text className='pt-field__label'>活动小结</Text>
        <Textarea className='pt-textarea' placeholderClass='pt-placeholder' aria-label='活动小结' value={summary} maxlength={500} placeholder='来了多少人、做了什么、效果怎样' onInput={(e) => setSummary(e.detail.value)} />
      </View>
      <View className='pt-field'>
        <Text className='pt-field__label'>活动照片（至少 1 张，最多 9 张）</Text>
        <PhotoUploader photos={photos} onChange={setPhotos} onBusy={setUploading} max={9} folder={() => myActivityPhotoFolder(month)} />
      </View>
      <FormError text={error} />
      <View className='pt-actions'>
        <View role='button' className='btn' hoverClass='btn--pressed' onClick={busy || uploading ? undefined : () => void finish()}>
          {busy ? '正在结束并记积分…' : '确认结束活动'}
        </View>
      </View>
    </Section>
  );
}

function ExportButton({ activityId }: { activityId: string }) {
  const [busy, setBusy] = useState(false);
  async function exportRoster() {
    setBusy(true);
    const res = await call('activities.export', { activityId });
    setBusy(false);
    if (!res.ok) return toast(res.error.message);
    await openExport(res.data);
  }
  return (
    <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={busy ? undefined : () => void exportRoster()}>
      {busy ? '正在导出…' : '导出名单'}
    </View>
  );
}

function Run({ a }: { a: ActivityView }) {
  const [purpose, setPurpose] = useState<Purpose>('checkin');
  const [result, setResult] = useState<ActionOutput<'activities.finish'> | null>(null);
  const open = a.status === 'open' && !result;
  const roster = usePaged(a.id, (page) => call('activities.roster', { activityId: a.id, page }), (o) => o.items);
  // each new code: the roster again, so check-ins show up as they come
  const code = useRotatingCode(a.id, open, () => void roster.refresh());
  const started = code.status === 'ok' && code.serverNow >= Date.parse(a.startAt);

  return (
    <>
      <Section title={a.title}>
        <Text className='pt-field__hint'>
          {timeRange(a.startAt, a.endAt)} · {a.place}
        </Text>
      </Section>
      {open && <CodeCard code={code} purpose={purpose} onPurpose={setPurpose} />}
      {!open && (
        <Section title='活动已结束'>
          {result && (
            <Text className='ac-state'>
              {result.attendees} 人签到，{result.awarded} 人已记积分和志愿时长
            </Text>
          )}
          {a.summary && <Text className='ac-text'>{a.summary}</Text>}
          <View className='pt-actions'>
            <ExportButton activityId={a.id} />
          </View>
        </Section>
      )}
      <Section title='报名名单'>
        <Roster activityId={a.id} open={open} {...roster} />
      </Section>
      {open && started && (
        <Finish
          a={a}
          onFinished={(r) => {
            setResult(r);
            void roster.refresh();
          }}
        />
      )}
      {open && code.status === 'ok' && !started && <Text className='pt-field__hint'>活动开始后可以在这里结束活动、上传照片</Text>}
    </>
  );
}

export default function ActivityRun() {
  const id = queryValue(useRouter().params.id) ?? '';
  const { state, reload } = useAction('activities.get', { activityId: id });
  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={reload} />;
  if (!state.data.organising) return <StatusView kind='empty' text='只有活动的组织者可以打开现场签到' />;
  return (
    <Page>
      <Run a={state.data} />
    </Page>
  );
}

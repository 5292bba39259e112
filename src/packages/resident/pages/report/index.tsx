/**
 * 我要报事: what kind of problem, what happened, photos, where (the reporter's own building and unit
 * preselected, or a common area) and how urgent. The tap that submits also asks WeChat for the
 * 受理 / 办结 messages. The form's idempotency key is kept until a submit succeeds, so a retry after a
 * failure never files the request twice. A Red Neighbor Leader or grid worker may instead file for a
 * resident of a building they serve (代报): the place starts at that resident's building and unit.
 */
import { useMemo, useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text, Picker, Textarea } from '@tarojs/components';
import type { MeView } from '@core/contracts/account';
import type { DirectoryView } from '@core/contracts/org';
import { REQUEST_CATEGORY_OPTIONS, URGENCIES, URGENCY_LABELS, type RequestCategoryCode, type Urgency } from '@core/labels/requests';
import Page from '../../../../components/Page';
import Section from '../../../../components/Section';
import StatusView from '../../../../components/StatusView';
import GetIn from '../../../../components/GetIn';
import FormError from '../../../../components/points/FormError';
import Tabs from '../../../../components/points/Tabs';
import PhotoUploader, { type Photo } from '../../../../components/PhotoUploader';
import LocationField, { type Location } from '../../../../components/requests/LocationField';
import ResidentPicker, { type Resident } from '../../../../components/requests/ResidentPicker';
import { dateOf } from '../../../../components/points/format';
import { useIdempotencyKey } from '../../../../components/points/keys';
import { toast } from '../../../../components/points/toast';
import { call } from '../../../../services';
import { askToNotifyAll } from '../../../../services/subscribe';
import { myRequestPhotoFolder } from '../../../../services/upload';
import { useAction } from '../../../../services/useAction';
import { filesForResidents, PAGES } from '../../../../routes';
import '../../../../components/points/points.scss';

const URGENCY_TABS = URGENCIES.map((u) => ({ value: u, label: URGENCY_LABELS[u] }));
type ForWhom = 'self' | 'resident';
const FOR_WHOM_TABS: { value: ForWhom; label: string }[] = [
  { value: 'self', label: '我自己报事' },
  { value: 'resident', label: '替居民报事（代报）' },
];

function ReportForm({ me, board }: { me: Extract<MeView, { bound: true }>; board: DirectoryView }) {
  const [category, setCategory] = useState<RequestCategoryCode | null>(null);
  const [text, setText] = useState('');
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [location, setLocation] = useState<Location | null>(null);
  const [urgency, setUrgency] = useState<Urgency>('normal');
  const [forWhom, setForWhom] = useState<ForWhom>('self');
  const [resident, setResident] = useState<Resident | null>(null);
  const proxy = forWhom === 'resident';
  // kept while the resident stays: a new board object would make LocationField read the units afresh
  const residentBoard = useMemo(() => (resident ? { ...board, myBuildingId: resident.buildingId } : null), [board, resident]);
  const [uploading, setUploading] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [key] = useIdempotencyKey('request');
  const month = dateOf(Date.now()).slice(0, 7);
  const categoryName = REQUEST_CATEGORY_OPTIONS.find((c) => c.code === category)?.name;

  async function submit() {
    if (proxy && !resident) return setError('请选择替哪位居民报事');
    if (!category) return setError('请选择问题类别');
    if (text.trim().length < 5) return setError('请把问题写清楚，至少 5 个字');
    if (!location) return setError('请选择楼栋单元，或写明小区里的位置');
    setError(null);
    // first thing in the tap: WeChat only shows its dialog for a tap
    const notify = await askToNotifyAll({ accepted: REQUEST_TEMPLATES.accepted, resolved: REQUEST_TEMPLATES.resolved });
    setBusy(true);
    const forPersonId = proxy && resident ? { forPersonId: resident.id } : {};
    const res = await call('requests.submit', { idempotencyKey: key, category, text: text.trim(), photos: photos.map((p) => p.fileID), location, urgency, notify, ...forPersonId });
    setBusy(false);
    if (!res.ok) {
      // the key stays: tapping 提交 again retries the same request
      setError(res.error.issues?.[0]?.message ?? res.error.message);
      return;
    }
    toast(proxy && resident ? `已替${resident.name}提交，会尽快有人处理` : '已提交，会尽快有人处理', true);
    void Taro.redirectTo({ url: `${PAGES.myRequest}?id=${res.data.id}` });
  }

  return (
    <Section title='我要报事'>
      {filesForResidents(me) && (
        <View className='pt-field'>
          <Tabs options={FOR_WHOM_TABS} value={forWhom} onChange={setForWhom} />
          {proxy && (
            <>
              <Text className='pt-field__hint'>替不方便用手机的居民报事，办理进展居民和你都能看到</Text>
              <ResidentPicker value={resident} onChange={setResident} />
            </>
          )}
        </View>
      )}
      <View className='pt-field'>
        <Text className='pt-field__label'>1. 问题类别</Text>
        <Picker mode='selector' range={REQUEST_CATEGORY_OPTIONS.map((c) => c.name)} onChange={(e) => setCategory(REQUEST_CATEGORY_OPTIONS[Number(e.detail.value)]?.code ?? null)}>
          <View className='pt-picker' role='button' aria-label={`问题类别：${categoryName ?? '请选择'}，点按选择`}>
            {categoryName ?? '请选择问题类别'} ▾
          </View>
        </Picker>
      </View>
      <View className='pt-field'>
        <Text className='pt-field__label'>2. 遇到了什么问题</Text>
        <Textarea className='pt-textarea' placeholderClass='pt-placeholder' aria-label='问题描述' value={text} maxlength={500} placeholder='说说是什么问题、从什么时候开始的' onInput={(e) => setText(e.detail.value)} />
      </View>
      <View className='pt-field'>
        <Text className='pt-field__label'>3. 照片（选填，最多 9 张）</Text>
        <PhotoUploader photos={photos} onChange={setPhotos} onBusy={setUploading} max={9} folder={() => myRequestPhotoFolder(month)} />
      </View>
      <View className='pt-field'>
        <Text className='pt-field__label'>4. 在哪里</Text>
        {proxy ? (
          resident && residentBoard ? (
            // remounted per resident: their building and unit come preselected
            <LocationField key={resident.id} board={residentBoard} householdLabel={resident.householdLabel} onChange={setLocation} />
          ) : (
            <Text className='pt-field__hint'>先选择居民，再选择位置</Text>
          )
        ) : (
          <LocationField key='self' board={board} householdLabel={me.person.householdLabel} onChange={setLocation} />
        )}
      </View>
      <View className='pt-field'>
        <Text className='pt-field__label'>5. 紧急程度</Text>
        <Tabs options={URGENCY_TABS} value={urgency} onChange={setUrgency} />
        {urgency === 'urgent' && <Text className='pt-field__hint'>紧急的事 2 小时内会有人接单；遇到危险请先拨打 110、119 或 120</Text>}
      </View>
      <FormError text={error} />
      <View className='pt-actions'>
        <View role='button' className='btn' hoverClass='btn--pressed' onClick={busy || uploading ? undefined : () => void submit()}>
          {busy ? '正在提交…' : '提交'}
        </View>
      </View>
    </Section>
  );
}

function WithCompound({ me }: { me: Extract<MeView, { bound: true }> }) {
  const board = useAction('org.directory', {});
  if (board.state.status === 'loading') return <StatusView kind='loading' />;
  if (board.state.status === 'error') return <StatusView kind='error' error={board.state.error} onRetry={board.reload} />;
  return (
    <Page>
      <ReportForm me={me} board={board.state.data} />
    </Page>
  );
}

export default function Report() {
  const { state, reload } = useAction('account.me', {});
  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={reload} />;
  const me = state.data;
  if (!me.bound || !me.person.compoundId) {
    return (
      <Page>
        <GetIn title='绑定房屋后就能报事' nextStep={me.bound ? '先绑定你家的住址，报的事会交给你所在楼栋的网格员和红色近邻长' : me.nextStep} />
      </Page>
    );
  }
  return <WithCompound me={me} />;
}

/**
 * 许个微心愿: what kind, what is wished for, by when, photos (through WeChat's check before others see
 * them). With `?proxy=1` a grid worker or building head posts for a resident of a building they serve
 * (代人许愿): the resident's name, their home (picked from those buildings: wishes.households) and
 * their situation. The form's idempotency key is kept until a post succeeds, so a retry never posts twice.
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text, Picker, Textarea, Input } from '@tarojs/components';
import { BENEFICIARY_KINDS, WISH_CATEGORIES, type BeneficiaryKind, type WishCategory } from '@core/labels/wishes';
import Page from '../../../../components/Page';
import Section from '../../../../components/Section';
import StatusView from '../../../../components/StatusView';
import FormError from '../../../../components/points/FormError';
import PhotoUploader, { type Photo } from '../../../../components/PhotoUploader';
import { dateOf } from '../../../../components/points/format';
import { useIdempotencyKey } from '../../../../components/points/keys';
import { queryValue } from '../../../../components/points/routes';
import { toast } from '../../../../components/points/toast';
import { call } from '../../../../services';
import { myWishPhotoFolder } from '../../../../services/upload';
import { useAction } from '../../../../services/useAction';
import { PAGES } from '../../../../routes';
import '../../../../components/points/points.scss';

const DAY_MS = 86_400_000;
/** the server takes dates up to 180 days ahead */
const MAX_AHEAD_DAYS = 180;
/** what the date starts at: a week gives a helper time to come */
const DEFAULT_AHEAD_DAYS = 7;

function Choice<T extends string>({ label, options, value, onChange, placeholder }: { label: string; options: readonly T[]; value: T | null; onChange: (v: T) => void; placeholder: string }) {
  return (
    <Picker mode='selector' range={[...options]} onChange={(e) => onChange(options[Number(e.detail.value)])}>
      <View className='pt-picker' role='button' aria-label={`${label}：${value ?? '请选择'}，点按选择`}>
        {value ?? placeholder} ▾
      </View>
    </Picker>
  );
}

export interface Beneficiary {
  name: string;
  householdId: string | null;
  householdLabel: string | null;
  kind: BeneficiaryKind | null;
}

/** The homes of one building the poster serves. */
function HomeChoice({ buildingId, value, onChange }: { buildingId: string; value: Beneficiary; onChange: (b: Beneficiary) => void }) {
  const homes = useAction('wishes.households', { buildingId });
  if (homes.state.status === 'loading') return <Text className='pt-field__hint'>正在读取房号…</Text>;
  if (homes.state.status === 'error') return <StatusView kind='error' error={homes.state.error} onRetry={homes.reload} />;
  const households = homes.state.data.households;
  return (
    <Picker
      mode='selector'
      range={households.map((h) => h.label)}
      onChange={(e) => {
        const h = households[Number(e.detail.value)];
        if (h) onChange({ ...value, householdId: h.id, householdLabel: h.label });
      }}
    >
      <View className='pt-picker' role='button' aria-label={`房号：${value.householdLabel ?? '请选择'}，点按选择`}>
        {value.householdLabel ?? '请选择房号'} ▾
      </View>
    </Picker>
  );
}

/** The home of the resident posted for: a building they serve (wishes.households), then a home in it. */
function HomePicker({ value, onChange }: { value: Beneficiary; onChange: (b: Beneficiary) => void }) {
  const [buildingId, setBuildingId] = useState<string | null>(null);
  const buildings = useAction('wishes.households', {});
  if (buildings.state.status === 'loading') return <StatusView kind='loading' />;
  if (buildings.state.status === 'error') return <StatusView kind='error' error={buildings.state.error} onRetry={buildings.reload} />;
  const list = buildings.state.data.buildings;
  if (list.length === 0) return <Text className='pt-field__hint'>你还没有负责的楼栋</Text>;
  const building = list.find((b) => b.id === buildingId);
  const nameOf = (b: (typeof list)[number]) => `${b.compoundName} ${b.name}`;
  return (
    <>
      <Picker
        mode='selector'
        range={list.map(nameOf)}
        onChange={(e) => {
          setBuildingId(list[Number(e.detail.value)]?.id ?? null);
          onChange({ ...value, householdId: null, householdLabel: null });
        }}
      >
        <View className='pt-picker' role='button' aria-label={`楼栋：${building ? nameOf(building) : '请选择'}，点按选择`}>
          {building ? nameOf(building) : '请选择楼栋'} ▾
        </View>
      </Picker>
      {buildingId && <HomeChoice key={buildingId} buildingId={buildingId} value={value} onChange={onChange} />}
    </>
  );
}

function PostForm({ proxy }: { proxy: boolean }) {
  const [category, setCategory] = useState<WishCategory | null>(null);
  const [text, setText] = useState('');
  const [neededBy, setNeededBy] = useState(() => dateOf(Date.now() + DEFAULT_AHEAD_DAYS * DAY_MS));
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [beneficiary, setBeneficiary] = useState<Beneficiary>({ name: '', householdId: null, householdLabel: null, kind: null });
  const [uploading, setUploading] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [key] = useIdempotencyKey('wish');
  const today = dateOf(Date.now());
  const month = today.slice(0, 7);

  async function submit() {
    if (proxy && !beneficiary.name.trim()) return setError('请填写受助人姓名');
    if (proxy && !beneficiary.householdId) return setError('请选择受助人住的楼栋和房号');
    if (proxy && !beneficiary.kind) return setError('请选择受助人情况');
    if (!category) return setError('请选择心愿类别');
    if (!text.trim()) return setError('请写一下心愿是什么');
    setError(null);
    setBusy(true);
    const onBehalfOf = proxy && beneficiary.householdId && beneficiary.kind ? { onBehalfOf: { name: beneficiary.name.trim(), householdId: beneficiary.householdId, kind: beneficiary.kind } } : {};
    const res = await call('wishes.post', { idempotencyKey: key, category, text: text.trim(), neededBy, photos: photos.map((p) => p.fileID), ...onBehalfOf });
    setBusy(false);
    if (!res.ok) {
      // the key stays: tapping 发布 again retries the same wish
      setError(res.error.issues?.[0]?.message ?? res.error.message);
      return;
    }
    toast(res.data.moderation === 'review' ? '已提交，审核通过后上墙' : '心愿已发布', true);
    void Taro.redirectTo({ url: `${PAGES.wish}?id=${res.data.id}` });
  }

  return (
    <Section title={proxy ? '代人许愿' : '我要许愿'}>
      {proxy && (
        <>
          <Text className='pt-field__hint'>替不方便用手机的居民发布，受助人的姓名和住址只有认领人和社区工作人员能看到</Text>
          <View className='pt-field'>
            <Text className='pt-field__label'>受助人姓名</Text>
            <Input className='pt-input' placeholderClass='pt-placeholder' aria-label='受助人姓名' value={beneficiary.name} maxlength={20} placeholder='如：冯建平' onInput={(e) => setBeneficiary({ ...beneficiary, name: e.detail.value })} />
          </View>
          <View className='pt-field'>
            <Text className='pt-field__label'>住址</Text>
            <HomePicker value={beneficiary} onChange={setBeneficiary} />
          </View>
          <View className='pt-field'>
            <Text className='pt-field__label'>受助人情况</Text>
            <Choice label='受助人情况' options={BENEFICIARY_KINDS} value={beneficiary.kind} onChange={(kind) => setBeneficiary({ ...beneficiary, kind })} placeholder='请选择受助人情况' />
          </View>
        </>
      )}
      <View className='pt-field'>
        <Text className='pt-field__label'>心愿类别</Text>
        <Choice label='心愿类别' options={WISH_CATEGORIES} value={category} onChange={setCategory} placeholder='请选择心愿类别' />
      </View>
      <View className='pt-field'>
        <Text className='pt-field__label'>心愿是什么</Text>
        <Textarea className='pt-textarea' placeholderClass='pt-placeholder' aria-label='心愿内容' value={text} maxlength={300} placeholder='如：想要一个电热水袋过冬' onInput={(e) => setText(e.detail.value)} />
      </View>
      <View className='pt-field'>
        <Text className='pt-field__label'>希望哪天前完成</Text>
        <Picker mode='date' value={neededBy} start={today} end={dateOf(Date.now() + MAX_AHEAD_DAYS * DAY_MS)} onChange={(e) => setNeededBy(String(e.detail.value))}>
          <View className='pt-picker' role='button' aria-label={`希望完成的日期：${neededBy}，点按选择`}>
            {neededBy} ▾
          </View>
        </Picker>
      </View>
      <View className='pt-field'>
        <Text className='pt-field__label'>照片（选填，最多 3 张）</Text>
        <PhotoUploader photos={photos} onChange={setPhotos} onBusy={setUploading} max={3} folder={() => myWishPhotoFolder(month)} />
      </View>
      <FormError text={error} />
      <View className='pt-actions'>
        <View role='button' className='btn' hoverClass='btn--pressed' onClick={busy || uploading ? undefined : () => void submit()}>
          {busy ? '正在发布…' : '发布心愿'}
        </View>
      </View>
    </Section>
  );
}

export default function WishPost() {
  const proxy = queryValue(Taro.getCurrentInstance().router?.params.proxy) === '1';
  return (
    <Page>
      <PostForm proxy={proxy} />
    </Page>
  );
}

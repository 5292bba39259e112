/**
 * 积分申报: choose a catalogue item by category, the date, a note and — when the item asks for it —
 * evidence photos; then the list of my claims with their status. The form's idempotency key is made
 * once and reused when a failed submit is retried, so a retry can never file the claim twice.
 */
import { useState } from 'react';
import { View, Text, Picker, Textarea } from '@tarojs/components';
import type { ClaimView, RuleItem, RulesView } from '@core/contracts/points';
import Page from '../../../../components/Page';
import Section from '../../../../components/Section';
import StatusView from '../../../../components/StatusView';
import FormError from '../../../../components/points/FormError';
import PhotoUploader, { type Photo } from '../../../../components/PhotoUploader';
import ItemPicker, { itemFacts } from '../../../../components/points/ItemPicker';
import MoreButton from '../../../../components/points/MoreButton';
import ClaimItem from '../../../../components/points/ClaimItem';
import { dateOf } from '../../../../components/points/format';
import { useIdempotencyKey } from '../../../../components/points/keys';
import { PAGE_SIZE, usePaged } from '../../../../components/points/usePaged';
import { toast } from '../../../../components/points/toast';
import { call } from '../../../../services';
import { askToNotify } from '../../../../services/subscribe';
import { myClaimPhotoFolder } from '../../../../services/upload';
import { useAction } from '../../../../services/useAction';
import '../../../../components/points/points.scss';

const MAX_PHOTOS = 9;

function ClaimForm({ rules, onSubmitted }: { rules: RulesView; onSubmitted: () => void }) {
  const [item, setItem] = useState<RuleItem | null>(null);
  const today = dateOf(Date.now());
  const [date, setDate] = useState(today);
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [uploading, setUploading] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [key, renewKey] = useIdempotencyKey('claim');

  if (rules.categories.every((c) => c.items.length === 0)) return <StatusView kind='empty' text='社区还没有公布可申报的事项' />;

  async function submit() {
    if (!item) return setError('请先选择申报的事项');
    if (item.evidenceRequired && photos.length === 0) return setError('这个事项需要上传照片作为凭证');
    setError(null);
    // first thing in the tap: WeChat only shows the dialog for a tap
    await askToNotify(rules.subscribeTemplates.claimResult);
    setBusy(true);
    const res = await call('points.claim.submit', { idempotencyKey: key, itemCode: item.code, date, note, photos: photos.map((p) => p.fileID) });
    setBusy(false);
    if (!res.ok) {
      // the key stays: tapping 提交 again retries the same claim
      setError(res.error.issues?.[0]?.message ?? res.error.message);
      return;
    }
    toast('已提交，等待审核', true);
    renewKey();
    setItem(null);
    setNote('');
    setPhotos([]);
    onSubmitted();
  }

  return (
    <Section title='申报积分'>
      <View className='pt-field'>
        <Text className='pt-field__label'>1. 选择类别和事项</Text>
        <ItemPicker rules={rules} selected={item} onChange={setItem} describe={itemFacts} />
      </View>
      <View className='pt-field'>
        <Text className='pt-field__label'>2. 服务日期</Text>
        <Picker mode='date' value={date} end={today} onChange={(e) => setDate(String(e.detail.value))}>
          <View className='pt-picker' role='button' aria-label={`服务日期：${date}，点按修改`}>
            {date}
          </View>
        </Picker>
      </View>
      <View className='pt-field'>
        <Text className='pt-field__label'>3. 情况说明（选填）</Text>
        <Textarea className='pt-textarea' placeholderClass='pt-placeholder' aria-label='情况说明' value={note} maxlength={200} placeholder='做了什么、帮了谁，简单写几句' onInput={(e) => setNote(e.detail.value)} />
      </View>
      <View className='pt-field'>
        <Text className='pt-field__label'>4. 照片凭证{item?.evidenceRequired ? '（必传）' : '（选填）'}</Text>
        <PhotoUploader photos={photos} onChange={setPhotos} onBusy={setUploading} max={MAX_PHOTOS} folder={() => myClaimPhotoFolder(today.slice(0, 7))} />
      </View>
      <FormError text={error} />
      <View className='pt-actions'>
        <View role='button' className='btn' hoverClass='btn--pressed' onClick={busy || uploading ? undefined : () => void submit()}>
          {busy ? '正在提交…' : '提交申报'}
        </View>
      </View>
    </Section>
  );
}

export default function Claim() {
  const rules = useAction('points.rules.list', {});
  const mine = usePaged('mine', (page) => call('points.claim.list', { box: 'mine', page, pageSize: PAGE_SIZE }), (o) => o.claims);

  return (
    <Page>
      {rules.state.status === 'loading' && <StatusView kind='loading' />}
      {rules.state.status === 'error' && <StatusView kind='error' error={rules.state.error} onRetry={rules.reload} />}
      {rules.state.status === 'ok' && <ClaimForm rules={rules.state.data} onSubmitted={() => void mine.refresh()} />}
      <Section title='我的申报'>
        {mine.state.status === 'loading' && <StatusView kind='loading' />}
        {mine.state.status === 'error' && <StatusView kind='error' error={mine.state.error} onRetry={mine.reload} />}
        {mine.state.status === 'ok' && mine.state.rows.length === 0 && <View className='muted'>还没有申报过</View>}
        {mine.state.status === 'ok' && mine.state.rows.map((c: ClaimView) => <ClaimItem key={c.id} claim={c} />)}
        {mine.state.status === 'ok' && mine.state.rows.length > 0 && (
          <MoreButton hasMore={mine.state.hasMore} loading={mine.state.loadingMore} onMore={() => void mine.loadMore()} />
        )}
      </Section>
    </Page>
  );
}

/**
 * What the viewer may do with a wish now — exactly the actions its `can` lists: a party member or
 * leader 认领 (the tap asks WeChat for the chase message first), the claimer 放弃 with a reason or
 * 登记完成 with photos and a note, the poster (or proxy) 确认完成, staff pass or reject a held wish.
 */
import { useState } from 'react';
import { View, Text, Textarea } from '@tarojs/components';
import type { WishView } from '@core/contracts/wishes';
import FormError from '../points/FormError';
import PhotoUploader, { type Photo } from '../PhotoUploader';
import { dateOf } from '../points/format';
import { askToNotifyAll } from '../../services/subscribe';
import { myWishPhotoFolder } from '../../services/upload';
import { useWishAction, type WishAction, type WishActionInput } from './useWishAction';
import SubmitBar from '../SubmitBar';
import '../points/points.scss';

type Form = 'release' | 'fulfil' | 'reject';
const FORM_LABELS: Record<Form, string> = { release: '放弃认领', fulfil: '登记完成', reject: '不通过' };

type Run = <A extends WishAction>(action: A, input: WishActionInput<A>, okText: string) => Promise<boolean>;

function ReasonField({ label, value, onInput, placeholder }: { label: string; value: string; onInput: (v: string) => void; placeholder: string }) {
  return (
    <View className='pt-field'>
      <Text className='pt-field__label'>{label}</Text>
      <Textarea className='pt-textarea' placeholderClass='pt-placeholder' aria-label={label} value={value} maxlength={200} placeholder={placeholder} onInput={(e) => onInput(e.detail.value)} />
    </View>
  );
}

function ReasonForm({ kind, run, busy, onCancel }: { kind: 'release' | 'reject'; run: Run; busy: boolean; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  function submit() {
    if (!reason.trim()) return setProblem(kind === 'release' ? '请写一下放弃的原因' : '请写一下不通过的原因，发布人会看到');
    setProblem(null);
    void (kind === 'release' ? run('wishes.release', { reason: reason.trim() }, '已放弃，心愿回到心愿墙') : run('wishes.moderate', { pass: false, reason: reason.trim() }, '已标记为不通过'));
  }
  return (
    <View>
      {kind === 'release' ? (
        <ReasonField label='放弃的原因' value={reason} onInput={setReason} placeholder='如：这周要出差，办不了了' />
      ) : (
        <ReasonField label='不通过的原因（发布人会看到）' value={reason} onInput={setReason} placeholder='如：心愿须是生活所需' />
      )}
      <FormError text={problem} />
      <SubmitBar busy={busy} text={kind === 'release' ? '确认放弃' : '确认不通过'} onSubmit={submit} onCancel={onCancel} />
    </View>
  );
}

/** 登记完成: at least one photo of the wish fulfilled (the claimer's own uploads) and a note. */
function FulfilForm({ run, busy, onCancel }: { run: Run; busy: boolean; onCancel: () => void }) {
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [note, setNote] = useState('');
  const [uploading, setUploading] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const month = dateOf(Date.now()).slice(0, 7);
  function submit() {
    if (photos.length === 0) return setProblem('请上传一张完成的照片');
    setProblem(null);
    void run('wishes.fulfil', { photos: photos.map((p) => p.fileID), note: note.trim() }, '已登记，等发布人确认');
  }
  return (
    <View>
      <View className='pt-field'>
        <Text className='pt-field__label'>完成的照片（至少 1 张，最多 6 张）</Text>
        <PhotoUploader photos={photos} onChange={setPhotos} onBusy={setUploading} max={6} folder={() => myWishPhotoFolder(month)} />
      </View>
      <ReasonField label='说明（选填）' value={note} onInput={setNote} placeholder='如：已送去两袋大米和一桶油' />
      <FormError text={problem} />
      <SubmitBar busy={busy || uploading} text='确认登记' onSubmit={submit} onCancel={onCancel} />
    </View>
  );
}

export default function WishActions({ view, onView }: { view: WishView; onView: (view: WishView) => void }) {
  const [form, setForm] = useState<Form | null>(null);
  const { run, busy, error, setError } = useWishAction(view, (next) => {
    setForm(null);
    onView(next);
  });
  const can = (e: WishView['can'][number]) => view.can.includes(e);
  if (view.can.length === 0) return null;

  async function claim() {
    // first thing in the tap: WeChat shows its dialog only for a tap
    const allowed = await askToNotifyAll({ chase: view.chaseTemplateId });
    void run('wishes.claim', { remind: allowed.includes('chase') }, '认领成功，完成后记得登记');
  }
  const cancel = () => {
    setForm(null);
    setError(null);
  };

  return (
    <View className='card'>
      {form === null && (
        <View className='pt-actions'>
          {can('claim') && (
            <View role='button' className='btn' hoverClass='btn--pressed' onClick={busy ? undefined : () => void claim()}>
              {busy ? '正在认领…' : '我来认领'}
            </View>
          )}
          {can('fulfil') && (
            <View role='button' className='btn' hoverClass='btn--pressed' onClick={() => setForm('fulfil')}>
              登记完成
            </View>
          )}
          {can('confirm') && (
            <View role='button' className='btn' hoverClass='btn--pressed' onClick={busy ? undefined : () => void run('wishes.confirm', {}, '已确认，谢谢')}>
              {busy ? '正在确认…' : '确认心愿已完成'}
            </View>
          )}
          {can('moderate') && (
            <View role='button' className='btn' hoverClass='btn--pressed' onClick={busy ? undefined : () => void run('wishes.moderate', { pass: true }, '已通过，心愿上墙')}>
              审核通过
            </View>
          )}
          {can('moderate') && (
            <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={() => setForm('reject')}>
              不通过
            </View>
          )}
          {can('release') && (
            <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={() => setForm('release')}>
              放弃认领
            </View>
          )}
        </View>
      )}
      {form !== null && <Text className='subtitle'>{FORM_LABELS[form]}</Text>}
      {(form === 'release' || form === 'reject') && <ReasonForm kind={form} run={run} busy={busy} onCancel={cancel} />}
      {form === 'fulfil' && <FulfilForm run={run} busy={busy} onCancel={cancel} />}
      <FormError text={error} />
    </View>
  );
}

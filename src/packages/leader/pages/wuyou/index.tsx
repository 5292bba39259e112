/**
 * 支部“五有”: the branch's five items, each with its evidence (a note and photos). Its secretary keeps
 * them (one item at a time, the form's key reused on a retry); committee members and community staff
 * read them (staff open it with `?branchId=` from the coverage page).
 */
import { useState } from 'react';
import { View, Text, Textarea, Switch } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { WUYOU_LABELS, type WuyouItem } from '@core/labels/org-admin';
import type { WuyouItemView, WuyouView } from '@core/contracts/org-admin';
import Page from '../../../../components/Page';
import Section from '../../../../components/Section';
import StatusView from '../../../../components/StatusView';
import PhotoUploader, { type Photo } from '../../../../components/PhotoUploader';
import FormError from '../../../../components/points/FormError';
import Photos from '../../../../components/points/Photos';
import { dateOf } from '../../../../components/points/format';
import { useIdempotencyKey } from '../../../../components/points/keys';
import { queryValue } from '../../../../components/points/routes';
import { toast } from '../../../../components/points/toast';
import { call } from '../../../../services';
import { myWuyouPhotoFolder } from '../../../../services/upload';
import { useAction } from '../../../../services/useAction';
import '../../../../components/points/points.scss';

/** what a note on each item usually says */
const HINTS: Record<WuyouItem, string> = {
  organisation: '例如：组建时间、党员人数、支委分工',
  venue: '例如：阵地地址、面积、开放时间',
  register: '例如：台账存放处、最近更新时间',
  liaison: '例如：接待日、党员联系户的做法',
  emergency: '例如：预案名称、最近一次演练',
};

function ItemEditor({ item, branchId, rev, onSaved, onCancel }: { item: WuyouItemView; branchId: string; rev: number; onSaved: (v: WuyouView) => void; onCancel: () => void }) {
  const [done, setDone] = useState(item.done);
  const [text, setText] = useState(item.text);
  const [photos, setPhotos] = useState<Photo[]>(item.photos.map((id) => ({ src: id, fileID: id })));
  const [uploading, setUploading] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [key] = useIdempotencyKey('wuyou');
  const label = WUYOU_LABELS[item.key as WuyouItem];

  async function save() {
    setBusy(true);
    const res = await call('org.wuyou.save', { idempotencyKey: key, branchId, key: item.key, rev, evidence: { done, text: text.trim(), photos: photos.map((p) => p.fileID) } });
    setBusy(false);
    if (!res.ok) return setError(res.error.issues?.[0]?.message ?? res.error.message);
    toast('已保存', true);
    onSaved(res.data);
  }

  return (
    <Section title={`修改：${label}`} highlight>
      <View className='pt-field switch-row'>
        <Text className='pt-field__label switch-row__label'>已具备</Text>
        <Switch className='hl-switch' aria-label={`${label}：已具备`} checked={done} color='#c8161d' onChange={(e) => setDone(e.detail.value)} />
      </View>
      <View className='pt-field'>
        <Text className='pt-field__label'>说明</Text>
        <Textarea className='pt-textarea' placeholderClass='pt-placeholder' aria-label='说明' value={text} maxlength={500} placeholder={HINTS[item.key as WuyouItem]} onInput={(e) => setText(e.detail.value)} />
      </View>
      <View className='pt-field'>
        <Text className='pt-field__label'>照片佐证（选填）</Text>
        <PhotoUploader photos={photos} onChange={setPhotos} onBusy={setUploading} folder={() => myWuyouPhotoFolder(dateOf(Date.now()).slice(0, 7))} />
      </View>
      <FormError text={error} />
      <View className='pt-actions'>
        <View role='button' className='btn' hoverClass='btn--pressed' onClick={busy || uploading ? undefined : () => void save()}>
          {busy ? '正在保存…' : '保存'}
        </View>
        <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={onCancel}>
          取消
        </View>
      </View>
    </Section>
  );
}

export default function Wuyou() {
  const branchId = queryValue(useRouter().params.branchId);
  const { state, reload } = useAction('org.wuyou.get', branchId ? { branchId } : {});
  const [shown, setShown] = useState<WuyouView | null>(null);
  const [editing, setEditing] = useState<string | null>(null);

  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={reload} />;
  const view = shown && shown.branch.id === state.data.branch.id && shown.rev >= state.data.rev ? shown : state.data;
  const count = view.items.filter((i) => i.done).length;
  return (
    <Page>
      <Section title={view.branch.name}>
        <View className='muted'>五有已具备 {count} 项，共 5 项{view.editable ? '。点“修改”填写说明、上传照片。' : ''}</View>
      </Section>
      {view.items.map((item) =>
        editing === item.key ? (
          <ItemEditor
            key={item.key}
            item={item}
            branchId={view.branch.id}
            rev={view.rev}
            onCancel={() => setEditing(null)}
            onSaved={(v) => {
              setShown(v);
              setEditing(null);
            }}
          />
        ) : (
          <Section
            key={item.key}
            title={WUYOU_LABELS[item.key as WuyouItem]}
            extra={<Text className={item.done ? 'tag tag--solid' : 'tag tag--grey'}>{item.done ? '已具备' : '未具备'}</Text>}
          >
            {item.text ? <View>{item.text}</View> : <View className='muted'>还没有填写说明</View>}
            <Photos fileIDs={item.photos} />
            {item.updatedBy && <View className='muted'>{item.updatedBy} 更新于 {dateOf(item.updatedAt ?? '')}</View>}
            {view.editable && (
              <View className='pt-actions'>
                <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' aria-label={`修改${WUYOU_LABELS[item.key as WuyouItem]}`} onClick={() => setEditing(item.key)}>
                  修改
                </View>
              </View>
            )}
          </Section>
        ),
      )}
    </Page>
  );
}

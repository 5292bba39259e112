/**
 * 编辑公告 (staff; ?id= an existing notice, none: a new one). A draft opens in the editor: category,
 * title (≤ 32, the 公众号's limit), digest, the body's blocks, cover, who it is for, 置顶, 过期日期 and
 * 同步到公众号; 保存草稿 (notices.save, one idempotency key per new notice) and 发布 (saved, then
 * notices.publish: the content check's refusal is shown with its reason). A notice past the draft
 * opens as its status (StaffNoticeStatus) above a preview of what residents see.
 */
import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Image, Input, Picker, Switch, Text, Textarea, View } from '@tarojs/components';
import type { NoticeScope, NoticeView } from '@core/contracts/notices';
import { charCount, NOTICE_CATEGORIES, NOTICE_CATEGORY_LABELS, NOTICE_LIMITS, type NoticeCategory } from '@core/domain/notices/blocks';
import Page from '../../../../components/Page';
import Section from '../../../../components/Section';
import StatusView from '../../../../components/StatusView';
import FormError from '../../../../components/points/FormError';
import NoticeBlocks from '../../../../components/notices/NoticeBlocks';
import EditorBlocks from '../../../../components/notices/EditorBlocks';
import EditorScope from '../../../../components/notices/EditorScope';
import StaffNoticeStatus from '../../../../components/notices/StaffNoticeStatus';
import { chooseNoticeImage, type NoticeImage } from '../../../../components/notices/EditorImage';
import { fromBlocks, issueText, toBlocks, type EditorBlock } from '../../../../components/notices/EditorModel';
import { dateOf } from '../../../../components/points/format';
import { useIdempotencyKey } from '../../../../components/points/keys';
import { queryValue } from '../../../../components/points/routes';
import { toast } from '../../../../components/points/toast';
import { request, type AppErrorBody } from '../../../../services';
import { useAction } from '../../../../services/useAction';
import '../../../../components/points/points.scss';
import '../../../../components/notices/editor.scss';

const CATEGORY_NAMES = NOTICE_CATEGORIES.map((c) => NOTICE_CATEGORY_LABELS[c]);
/** the end of the chosen day, China time */
const endOfDay = (date: string) => `${date}T23:59:59+08:00`;

const messageOf = (error: AppErrorBody) => (error.issues?.[0] ? issueText(error.issues[0]) : error.message);

const PUBLISHED_TEXT: Partial<Record<NoticeView['state'], string>> = {
  published: '已发布',
  checking: '图片审核中，通过后自动发布',
  review: '需要另一位工作人员复核',
};

function Editor({ communityId, draft, onView }: { communityId: string; draft: NoticeView | null; onView: (view: NoticeView) => void }) {
  const [id, setId] = useState(draft?.id);
  const [category, setCategory] = useState<NoticeCategory>(draft?.category ?? 'notice');
  const [title, setTitle] = useState(draft?.title ?? '');
  const [digest, setDigest] = useState(draft?.digest ?? '');
  const [blocks, setBlocks] = useState<EditorBlock[]>(() => fromBlocks(draft?.blocks ?? []));
  const [cover, setCover] = useState<NoticeImage | null>(draft?.coverFileId ? { fileID: draft.coverFileId, src: '' } : null);
  const [scope, setScope] = useState<NoticeScope>(draft?.staff?.scope ?? { kind: 'community' });
  const [pinned, setPinned] = useState(draft?.pinned ?? false);
  const [expires, setExpires] = useState<string | null>(draft?.expiresAt ? dateOf(draft.expiresAt) : null);
  const [sync, setSync] = useState(draft?.staff?.syncToOfficialAccount ?? false);
  const [key] = useIdempotencyKey('notice');
  const [uploading, setUploading] = useState(false);
  const [busy, setBusy] = useState<'save' | 'publish' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const rejection = draft?.staff?.rejection ?? null;
  const titleChars = charCount(title.trim());

  /** what the server will refuse anyway, said before anything is sent */
  function problem(): string | null {
    if (!title.trim()) return '请填写标题';
    if (titleChars > NOTICE_LIMITS.title) return `标题最多 ${NOTICE_LIMITS.title} 个字（公众号的限制），现在是 ${titleChars} 个字`;
    if (!blocks.length) return '正文不能为空，请添加至少一段文字';
    if (sync && !cover) return '同步到公众号需要一张封面图片';
    return null;
  }

  async function save(): Promise<string | null> {
    const wrong = problem();
    if (wrong) {
      setError(wrong);
      return null;
    }
    setError(null);
    const res = await request('notices.save', {
      ...(id ? { id } : {}),
      idempotencyKey: key,
      category,
      title: title.trim(),
      digest: digest.trim(),
      blocks: toBlocks(blocks),
      coverFileId: cover?.fileID ?? null,
      scope,
      pinned,
      expiresAt: expires ? endOfDay(expires) : null,
      syncToOfficialAccount: sync,
    });
    if (!res.ok) {
      // the key stays: saving again replaces the same draft
      setError(messageOf(res.error));
      return null;
    }
    setId(res.data.id);
    return res.data.id;
  }

  async function saveDraft() {
    setBusy('save');
    const saved = await save();
    setBusy(null);
    if (saved) toast('草稿已保存', true);
  }

  async function publish() {
    setBusy('publish');
    const saved = await save();
    const res = saved ? await request('notices.publish', { id: saved }) : null;
    setBusy(null);
    if (!res) return;
    if (!res.ok) return setError(messageOf(res.error));
    toast(PUBLISHED_TEXT[res.data.state] ?? '已提交', true);
    onView(res.data);
  }

  async function chooseCover() {
    setUploading(true);
    const chosen = await chooseNoticeImage();
    setUploading(false);
    if (!chosen) return;
    if (!chosen.ok) return setError(chosen.error.message);
    setCover(chosen.data);
  }

  const today = dateOf(Date.now());
  const waiting = busy !== null || uploading;
  return (
    <Section title={id ? '编辑公告' : '写公告'}>
      {rejection && (
        <View className='ne-notice' role='alert'>
          上次发布没有成功：{rejection}
        </View>
      )}
      <View className='pt-field'>
        <Text className='pt-field__label'>类别</Text>
        <Picker mode='selector' range={CATEGORY_NAMES} value={NOTICE_CATEGORIES.indexOf(category)} onChange={(e) => setCategory(NOTICE_CATEGORIES[Number(e.detail.value)] ?? category)}>
          <View className='pt-picker' role='button' aria-label={`类别：${NOTICE_CATEGORY_LABELS[category]}，点按选择`}>
            {NOTICE_CATEGORY_LABELS[category]} ▾
          </View>
        </Picker>
      </View>
      <View className='pt-field'>
        <Text className='pt-field__label'>标题</Text>
        <Input className='pt-input' placeholderClass='pt-placeholder' aria-label='标题' value={title} maxlength={64} placeholder='最多 32 个字' onInput={(e) => setTitle(e.detail.value)} />
        <Text className={`ne-count${titleChars > NOTICE_LIMITS.title ? ' ne-count--over' : ''}`}>
          {titleChars}/{NOTICE_LIMITS.title}
        </Text>
      </View>
      <View className='pt-field'>
        <Text className='pt-field__label'>摘要（选填）</Text>
        <Textarea className='pt-textarea' placeholderClass='pt-placeholder' aria-label='摘要' value={digest} maxlength={NOTICE_LIMITS.digest} placeholder='不填就用正文开头的 54 个字' onInput={(e) => setDigest(e.detail.value)} />
      </View>
      <View className='pt-field'>
        <Text className='pt-field__label'>正文</Text>
        <EditorBlocks blocks={blocks} onChange={setBlocks} onBusy={setUploading} />
      </View>
      <View className='pt-field'>
        <Text className='pt-field__label'>封面图片{sync ? '' : '（选填）'}</Text>
        {cover && <CoverImage cover={cover} />}
        <View className='pt-actions'>
          <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={uploading ? undefined : () => void chooseCover()}>
            {uploading ? '上传中…' : cover ? '换一张封面' : '选择封面'}
          </View>
          {cover && (
            <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={() => setCover(null)}>
              去掉封面
            </View>
          )}
        </View>
        <Text className='pt-field__hint'>图片需小于 1 MB，较大的会在手机上自动压缩</Text>
      </View>
      <View className='pt-field'>
        <Text className='pt-field__label'>发给谁</Text>
        <EditorScope communityId={communityId} value={scope} onChange={setScope} />
      </View>
      <View className='pt-field switch-row'>
        <Text className='pt-field__label switch-row__label'>置顶</Text>
        <Switch className='hl-switch' aria-label='置顶' checked={pinned} color='#c8161d' onChange={(e) => setPinned(e.detail.value)} />
      </View>
      <View className='pt-field'>
        <Text className='pt-field__label'>过期日期（选填）</Text>
        <Picker mode='date' value={expires ?? today} start={today} onChange={(e) => setExpires(e.detail.value)}>
          <View className='pt-picker' role='button' aria-label={`过期日期：${expires ?? '不过期'}，点按选择`}>
            {expires ? `${expires} 之后不再显示` : '不过期'} ▾
          </View>
        </Picker>
        {expires && (
          <View className='btn btn--ghost ne-tool' role='button' hoverClass='btn--pressed' onClick={() => setExpires(null)}>
            改为不过期
          </View>
        )}
      </View>
      <View className='pt-field switch-row'>
        <Text className='pt-field__label switch-row__label'>同步到公众号</Text>
        <Switch className='hl-switch' aria-label='同步到公众号' checked={sync} color='#c8161d' onChange={(e) => setSync(e.detail.value)} />
      </View>
      <Text className='pt-field__hint'>勾选后，发布时同时在社区公众号发表这篇文章（需要一张封面图片）。公众号发表不会推送给关注者，如需推送请在公众号后台群发。</Text>
      <FormError text={error} />
      <View className='pt-actions'>
        <View role='button' className='btn' hoverClass='btn--pressed' onClick={waiting ? undefined : () => void publish()}>
          {busy === 'publish' ? '正在发布…' : '发布'}
        </View>
        <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={waiting ? undefined : () => void saveDraft()}>
          {busy === 'save' ? '正在保存…' : '保存草稿'}
        </View>
      </View>
    </Section>
  );
}

/** the cover: the chosen image, or a stored one by its link */
function CoverImage({ cover }: { cover: NoticeImage }) {
  return cover.src ? <Image className='ne-cover' src={cover.src} mode='widthFix' /> : <NoticeBlocks blocks={[]} coverFileId={cover.fileID} />;
}

/** What residents see, under the status of a notice past its draft. */
function Preview({ view }: { view: NoticeView }) {
  return (
    <Section title='公告内容'>
      <Text className='tag'>{NOTICE_CATEGORY_LABELS[view.category]}</Text>
      <View className='subtitle'>{view.title}</View>
      <NoticeBlocks blocks={view.blocks} coverFileId={view.coverFileId} />
    </Section>
  );
}

function Notice({ communityId, meId, initial }: { communityId: string; meId: string; initial: NoticeView | null }) {
  const [view, setView] = useState(initial);
  const show = (next: NoticeView) => {
    setView(next);
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
  };
  return (
    <Page>
      {view && view.state !== 'draft' ? (
        <>
          <StaffNoticeStatus view={view} meId={meId} onView={show} />
          <Preview view={view} />
        </>
      ) : (
        <Editor communityId={communityId} draft={view} onView={show} />
      )}
    </Page>
  );
}

function Existing({ id, communityId, meId }: { id: string; communityId: string; meId: string }) {
  const { state, reload } = useAction('notices.get', { id });
  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={() => void reload()} />;
  return <Notice communityId={communityId} meId={meId} initial={state.data} />;
}

export default function NoticeEdit() {
  const id = queryValue(useRouter().params.id);
  const me = useAction('account.me', {});
  if (me.state.status === 'loading') return <StatusView kind='loading' />;
  if (me.state.status === 'error') return <StatusView kind='error' error={me.state.error} onRetry={() => void me.reload()} />;
  const person = me.state.data.bound ? me.state.data.person : null;
  if (!person?.communityId) return <StatusView kind='empty' text='你还没有负责的社区' hint='社区工作人员和管理员才能编写公告' />;
  return id ? <Existing id={id} communityId={person.communityId} meId={person.id} /> : <Notice communityId={person.communityId} meId={person.id} initial={null} />;
}

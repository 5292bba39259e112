/**
 * What the viewer may do with a request now — exactly the actions its `can` lists: the reporter
 * rates, reopens or withdraws; a handler accepts, notes progress, resolves, calls in a partner unit
 * (吹哨) or records a consultation (会商); staff also reassign and merge. One form open at a time.
 */
import { useState, type ReactNode } from 'react';
import { View, Text, Textarea, Input, Picker } from '@tarojs/components';
import type { RequestView } from '@core/contracts/requests';
import type { DirectoryView } from '@core/contracts/org';
import StatusView from '../StatusView';
import FormError from '../points/FormError';
import Tabs from '../points/Tabs';
import PhotoUploader, { type Photo } from '../PhotoUploader';
import { peopleOf } from '../points/PeoplePicker';
import { dateOf } from '../points/format';
import Stars from './Stars';
import { useTransition, type TransitionAction, type TransitionInput } from './useTransition';
import { myRequestPhotoFolder } from '../../services/upload';
import { useAction } from '../../services/useAction';
import SubmitBar from '../SubmitBar';
import '../points/points.scss';

type Form = 'progress' | 'resolve' | 'rate' | 'reopen' | 'withdraw' | 'escalate' | 'consult' | 'reassign' | 'merge';
const FORM_LABELS: Record<Form, string> = {
  progress: '记录进展',
  resolve: '办结',
  rate: '评价',
  reopen: '不满意，重新办理',
  withdraw: '撤回',
  escalate: '吹哨',
  consult: '记录会商',
  reassign: '改派',
  merge: '合并重复',
};
const FORM_ORDER: Form[] = ['rate', 'progress', 'resolve', 'escalate', 'consult', 'reopen', 'withdraw', 'reassign', 'merge'];

type Run = <A extends TransitionAction>(action: A, input: TransitionInput<A>, okText: string) => Promise<boolean>;
interface FormProps {
  view: RequestView;
  run: Run;
  busy: boolean;
  onCancel: () => void;
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <View className='pt-field'>
      <Text className='pt-field__label'>{label}</Text>
      {children}
    </View>
  );
}

function TextField({ label, value, onInput, placeholder, max }: { label: string; value: string; onInput: (v: string) => void; placeholder: string; max: number }) {
  return (
    <Field label={label}>
      <Textarea className='pt-textarea' placeholderClass='pt-placeholder' aria-label={label} value={value} maxlength={max} placeholder={placeholder} onInput={(e) => onInput(e.detail.value)} />
    </Field>
  );
}

/** 记录进展 / 办结: words and photos (the handler's own uploads). */
function NoteForm({ run, busy, onCancel, kind }: FormProps & { kind: 'progress' | 'resolve' }) {
  const [text, setText] = useState('');
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [uploading, setUploading] = useState(false);
  const month = dateOf(Date.now()).slice(0, 7);
  const ids = photos.map((p) => p.fileID);
  const submit = () =>
    kind === 'progress'
      ? run('requests.progress', { note: text, photos: ids }, '进展已记录')
      : run('requests.resolve', { summary: text, photos: ids }, '已办结，等居民评价');
  return (
    <View>
      <TextField
        label={kind === 'progress' ? '进展说明' : '办理结果'}
        value={text}
        onInput={setText}
        max={300}
        placeholder={kind === 'progress' ? '如：已联系物业，明天上午来修' : '如：已更换路灯，晚上能照明了'}
      />
      <Field label='照片（选填）'>
        <PhotoUploader photos={photos} onChange={setPhotos} onBusy={setUploading} max={9} folder={() => myRequestPhotoFolder(month)} />
      </Field>
      <SubmitBar busy={busy || uploading} text={kind === 'progress' ? '保存进展' : '确认办结'} onSubmit={() => void submit()} onCancel={onCancel} />
    </View>
  );
}

function RateForm({ run, busy, onCancel }: FormProps) {
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  function submit() {
    if (score === 0) return setProblem('请点星星打分');
    setProblem(null);
    void run('requests.rate', { score, comment }, '谢谢你的评价');
  }
  return (
    <View>
      <Field label='对这次办理满意吗'>
        <Stars value={score} onChange={setScore} />
      </Field>
      <TextField label='评价（选填）' value={comment} onInput={setComment} max={200} placeholder='说说办得怎么样' />
      <FormError text={problem} />
      <SubmitBar busy={busy} text='提交评价' onSubmit={submit} onCancel={onCancel} />
    </View>
  );
}

function ReasonForm({ run, busy, onCancel, kind }: FormProps & { kind: 'reopen' | 'withdraw' }) {
  const [reason, setReason] = useState('');
  return (
    <View>
      {kind === 'reopen' ? (
        <TextField label='哪里还没解决' value={reason} onInput={setReason} max={200} placeholder='说明原因，会交回办理人重新办理' />
      ) : (
        <TextField label='撤回原因（选填）' value={reason} onInput={setReason} max={200} placeholder='如：问题已经自己解决了' />
      )}
      <SubmitBar
        busy={busy}
        text={kind === 'reopen' ? '重新办理' : '确认撤回'}
        onSubmit={() => void (kind === 'reopen' ? run('requests.reopen', { reason }, '已交回重新办理') : run('requests.withdraw', { reason }, '已撤回'))}
        onCancel={onCancel}
      />
    </View>
  );
}

/** The request's compound's 公示牌: its grids, people, teams and partner units to pick from. */
function useBoard(view: RequestView) {
  return useAction('org.directory', { compoundId: view.location.compoundId });
}

function Choice<T extends { id: string }>({ label, items, nameOf, value, onChange, empty }: { label: string; items: T[]; nameOf: (t: T) => string; value: string | null; onChange: (id: string) => void; empty: string }) {
  if (items.length === 0) return <View className='muted'>{empty}</View>;
  const chosen = items.find((i) => i.id === value);
  return (
    <Picker mode='selector' range={items.map(nameOf)} onChange={(e) => onChange(items[Number(e.detail.value)]?.id ?? '')}>
      <View className='pt-picker' role='button' aria-label={`${label}：${chosen ? nameOf(chosen) : '请选择'}，点按选择`}>
        {chosen ? nameOf(chosen) : `请选择${label}`} ▾
      </View>
    </Picker>
  );
}

function BoardLoaded({ view, children }: { view: RequestView; children: (board: DirectoryView) => ReactNode }) {
  const board = useBoard(view);
  if (board.state.status === 'loading') return <StatusView kind='loading' />;
  if (board.state.status === 'error') return <StatusView kind='error' error={board.state.error} onRetry={board.reload} />;
  return <>{children(board.state.data)}</>;
}

function EscalateForm(props: FormProps) {
  const [partnerId, setPartnerId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  function submit() {
    if (!partnerId) return setProblem('请选择包联单位');
    setProblem(null);
    void props.run('requests.escalate', { partnerId, reason }, '已吹哨，等报到单位接单');
  }
  return (
    <BoardLoaded view={props.view}>
      {(board) => (
        <View>
          <Field label='叫哪个包联单位'>
            <Choice label='包联单位' items={board.partners} nameOf={(p) => p.name} value={partnerId} onChange={setPartnerId} empty='本小区还没有包联单位' />
          </Field>
          <TextField label='吹哨原因' value={reason} onInput={setReason} max={200} placeholder='为什么需要他们来，需要做什么' />
          <FormError text={problem} />
          <SubmitBar busy={props.busy} text='确认吹哨' onSubmit={submit} onCancel={props.onCancel} />
        </View>
      )}
    </BoardLoaded>
  );
}

function ConsultForm({ run, busy, onCancel }: FormProps) {
  const [attendees, setAttendees] = useState('');
  const [outcome, setOutcome] = useState('');
  const names = attendees.split(/[，,、\s]+/).filter(Boolean);
  return (
    <View>
      <Field label='参会人（用逗号或空格隔开）'>
        <Input className='pt-input' placeholderClass='pt-placeholder' aria-label='参会人' value={attendees} placeholder='如：张桂英 物业王经理 住建局李科长' onInput={(e) => setAttendees(e.detail.value)} />
      </Field>
      <TextField label='会商结果' value={outcome} onInput={setOutcome} max={300} placeholder='商量定了什么、谁来做、什么时候做完' />
      <SubmitBar busy={busy} text='保存会商记录' onSubmit={() => void run('requests.consult', { attendees: names, outcome }, '会商已记录')} onCancel={onCancel} />
    </View>
  );
}

type Kind = 'grid' | 'person' | 'team' | 'partner';
const KINDS: { value: Kind; label: string }[] = [
  { value: 'grid', label: '网格' },
  { value: 'person', label: '人员' },
  { value: 'team', label: '服务队' },
  { value: 'partner', label: '包联单位' },
];

function ReassignForm(props: FormProps) {
  const [kind, setKind] = useState<Kind>('grid');
  const [id, setId] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const pickKind = (k: Kind) => {
    setKind(k);
    setId(null);
  };
  function submit() {
    if (!id) return setProblem('请选择派给谁');
    setProblem(null);
    const to =
      kind === 'grid' ? { kind, gridId: id } : kind === 'person' ? { kind, personId: id } : kind === 'team' ? { kind, teamId: id } : { kind, partnerId: id };
    void props.run('requests.reassign', { to }, '已改派');
  }
  return (
    <BoardLoaded view={props.view}>
      {(board) => {
        const label = KINDS.find((k) => k.value === kind)?.label ?? '';
        const items: { id: string; name: string }[] =
          kind === 'grid' ? board.grids : kind === 'person' ? peopleOf(board).map((p) => ({ id: p.id, name: `${p.name}（${p.title}）` })) : kind === 'team' ? board.teams : board.partners;
        return (
          <View>
            <Field label='派给'>
              <Tabs options={KINDS} value={kind} onChange={pickKind} />
              <Choice label={label} items={items} nameOf={(i) => i.name} value={id} onChange={setId} empty={`本小区没有可选的${label}`} />
            </Field>
            <FormError text={problem} />
            <SubmitBar busy={props.busy} text='确认改派' onSubmit={submit} onCancel={props.onCancel} />
          </View>
        );
      }}
    </BoardLoaded>
  );
}

/** 合并: into another open request of the same compound (from the board). */
function MergeForm(props: FormProps) {
  const me = useAction('account.me', {});
  const communityId = me.state.status === 'ok' && me.state.data.bound ? me.state.data.person.communityId : null;
  return communityId ? <MergeInto {...props} communityId={communityId} /> : <StatusView kind='loading' />;
}

function MergeInto(props: FormProps & { communityId: string }) {
  const others = useAction('requests.board', { communityId: props.communityId, view: 'open', compoundId: props.view.location.compoundId, pageSize: 20 });
  const [intoId, setIntoId] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (others.state.status === 'loading') return <StatusView kind='loading' />;
  if (others.state.status === 'error') return <StatusView kind='error' error={others.state.error} onRetry={others.reload} />;
  const rows = others.state.data.rows.filter((r) => r.id !== props.view.id);
  function submit() {
    if (!intoId) return setProblem('请选择要合并到的报事');
    setProblem(null);
    void props.run('requests.merge', { intoId }, '已合并，两位居民都能看到进度');
  }
  return (
    <View>
      <Field label='合并到哪条报事（同一件事，留下那条）'>
        <Choice label='报事' items={rows} nameOf={(r) => `${r.category}：${r.excerpt}`} value={intoId} onChange={setIntoId} empty='本小区没有其他未办结的报事' />
      </Field>
      <FormError text={problem} />
      <SubmitBar busy={props.busy} text='确认合并' onSubmit={submit} onCancel={props.onCancel} />
    </View>
  );
}

export default function RequestActions({ view, onView }: { view: RequestView; onView: (view: RequestView) => void }) {
  const [form, setForm] = useState<Form | null>(null);
  const { run, busy, error, setError } = useTransition(view, (next) => {
    setForm(null);
    onView(next);
  });
  const forms = FORM_ORDER.filter((f) => view.can.includes(f));
  if (!view.can.includes('accept') && forms.length === 0) return null;

  const props: FormProps = {
    view,
    run,
    busy,
    onCancel: () => {
      setForm(null);
      setError(null);
    },
  };
  return (
    <View className='card'>
      {form === null && (
        <View className='pt-actions'>
          {view.can.includes('accept') && (
            <View role='button' className='btn' hoverClass='btn--pressed' onClick={busy ? undefined : () => void run('requests.accept', {}, '已接单')}>
              {busy ? '正在接单…' : '接单'}
            </View>
          )}
          {forms.map((f, i) => (
            <View key={f} role='button' className={i === 0 && !view.can.includes('accept') ? 'btn' : 'btn btn--ghost'} hoverClass='btn--pressed' onClick={() => setForm(f)}>
              {FORM_LABELS[f]}
            </View>
          ))}
        </View>
      )}
      {form !== null && <Text className='subtitle'>{FORM_LABELS[form]}</Text>}
      {(form === 'progress' || form === 'resolve') && <NoteForm {...props} kind={form} />}
      {form === 'rate' && <RateForm {...props} />}
      {(form === 'reopen' || form === 'withdraw') && <ReasonForm {...props} kind={form} />}
      {form === 'escalate' && <EscalateForm {...props} />}
      {form === 'consult' && <ConsultForm {...props} />}
      {form === 'reassign' && <ReassignForm {...props} />}
      {form === 'merge' && <MergeForm {...props} />}
      <FormError text={error} />
    </View>
  );
}

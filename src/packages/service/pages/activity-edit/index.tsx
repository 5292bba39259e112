/**
 * 发布活动: title, description, start and end (date and time pickers), place, places, sign-up
 * deadline, in whose name (community, branch or team, as the caller may; ?teamId= from a team's page
 * preselects that team), for the whole community or chosen compounds, volunteer hours and the points
 * item attendance earns (志愿服务 ZY01 unless changed). The server's Chinese messages are shown at their fields. The form's idempotency key is
 * kept until a submit succeeds, so a retry never publishes twice.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { View, Text, Input, Textarea, Picker } from '@tarojs/components';
import type { MeView } from '@core/contracts/account';
import type { RuleItem, RulesView } from '@core/contracts/points';
import Page from '../../../../components/Page';
import Section from '../../../../components/Section';
import StatusView from '../../../../components/StatusView';
import FormError from '../../../../components/points/FormError';
import ItemPicker from '../../../../components/points/ItemPicker';
import Tabs from '../../../../components/points/Tabs';
import { dateOf } from '../../../../components/points/format';
import { useIdempotencyKey } from '../../../../components/points/keys';
import { queryValue } from '../../../../components/points/routes';
import { toast } from '../../../../components/points/toast';
import { secretaryBranches } from '../../../../components/activities/organisers';
import { daysFromToday, instantOf } from '../../../../components/activities/time';
import { call, type ActionOutput, type Result } from '../../../../services';
import { useAction } from '../../../../services/useAction';
import { isStaff, PAGES } from '../../../../routes';
import '../../../../components/points/points.scss';
import '../../../../components/activities/activities.scss';

type BoundMe = Extract<MeView, { bound: true }>;
type Organiser = { kind: 'community' } | { kind: 'branch'; branchId: string } | { kind: 'team'; teamId: string };
interface OrganiserOption {
  key: string;
  label: string;
  value: Organiser;
}
const DEFAULT_ITEM = 'ZY01';
const HOURS = Array.from({ length: 17 }, (_, i) => i / 2);

/**
 * In whose name the caller may organise: staff any, a secretary their branch, and the team the form
 * was opened for (?teamId=, from the team's page, where its leader publishes; the server checks).
 */
function organiserOptions(me: BoundMe, branches: { id: string; name: string }[], teams: ActionOutput<'teams.list'>['items'], teamId?: string): OrganiserOption[] {
  const staff = isStaff(me);
  const own = staff ? branches : secretaryBranches(me);
  return [
    ...(staff ? [{ key: 'community', label: `社区（${me.person.communityName ?? '本社区'}）`, value: { kind: 'community' as const } }] : []),
    ...own.map((b) => ({ key: `branch:${b.id}`, label: b.name, value: { kind: 'branch' as const, branchId: b.id } })),
    ...teams.filter((t) => staff || t.id === teamId).map((t) => ({ key: `team:${t.id}`, label: t.name, value: { kind: 'team' as const, teamId: t.id } })),
  ];
}

function Field({ label, error, hint, children }: { label: string; error?: string; hint?: string; children: ReactNode }) {
  return (
    <View className='pt-field'>
      <Text className='pt-field__label'>{label}</Text>
      {hint && <Text className='pt-field__hint'>{hint}</Text>}
      {children}
      <FormError text={error ?? null} />
    </View>
  );
}

function When({ what, date, time, onDate, onTime }: { what: string; date: string; time: string; onDate: (v: string) => void; onTime: (v: string) => void }) {
  return (
    <View className='ac-when'>
      <Picker mode='date' value={date} start={dateOf(Date.now())} onChange={(e) => onDate(String(e.detail.value))}>
        <View className='pt-picker' role='button' aria-label={`${what}日期：${date}，点按选择`}>
          {date} ▾
        </View>
      </Picker>
      <Picker mode='time' value={time} onChange={(e) => onTime(String(e.detail.value))}>
        <View className='pt-picker' role='button' aria-label={`${what}时间：${time}，点按选择`}>
          {time} ▾
        </View>
      </Picker>
    </View>
  );
}

interface FormProps {
  me: BoundMe;
  organisers: OrganiserOption[];
  compounds: { id: string; name: string }[];
  rules: RulesView;
  teamId?: string;
}

function ActivityForm({ me, organisers, compounds, rules, teamId }: FormProps) {
  const day = daysFromToday(3);
  const [organiser, setOrganiser] = useState<OrganiserOption | null>(organisers.find((o) => o.key === `team:${teamId}`) ?? (organisers.length === 1 ? organisers[0] : null));
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [start, setStart] = useState({ date: day, time: '09:00' });
  const [end, setEnd] = useState({ date: day, time: '11:00' });
  const [deadline, setDeadline] = useState({ date: daysFromToday(2), time: '18:00' });
  const [place, setPlace] = useState('');
  const [capacity, setCapacity] = useState('30');
  const [scope, setScope] = useState<'community' | 'compounds'>('community');
  const [chosen, setChosen] = useState<string[]>([]);
  const [hours, setHours] = useState(2);
  const [item, setItem] = useState<RuleItem | null>(() => rules.categories.flatMap((c) => c.items).find((i) => i.code === DEFAULT_ITEM) ?? null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [key, renew] = useIdempotencyKey('ac');

  async function submit() {
    if (!organiser) return setError('请选择以谁的名义组织');
    if (!item) return setError('请选择参加活动可得的积分事项');
    setError(null);
    setErrors({});
    setBusy(true);
    const res = await call('activities.create', {
      idempotencyKey: key,
      organiser: organiser.value,
      title,
      description,
      startAt: instantOf(start.date, start.time),
      endAt: instantOf(end.date, end.time),
      place,
      capacity: Number(capacity),
      signupDeadline: instantOf(deadline.date, deadline.time),
      ...(scope === 'compounds' ? { compoundIds: chosen } : {}),
      itemCode: item.code,
      volunteerHours: hours,
    });
    setBusy(false);
    if (!res.ok) {
      // each field's message next to it; the first of them (or the whole answer) by the button too
      const byField: Record<string, string> = {};
      for (const i of res.error.issues ?? []) byField[i.path.replace(/^data\./, '').split('.')[0]] ??= i.message;
      setErrors(byField);
      setError(Object.keys(byField).length ? '有几处需要修改，请看上面的红字' : res.error.message);
      return;
    }
    renew();
    toast('活动已发布', true);
    void Taro.redirectTo({ url: `${PAGES.activity}?id=${res.data.id}` });
  }

  const toggle = (id: string) => setChosen(chosen.includes(id) ? chosen.filter((c) => c !== id) : [...chosen, id]);
  return (
    <Section title='发布活动'>
      <Field label='以谁的名义组织' error={errors.organiser}>
        {organisers.length === 0 && <Text className='pt-field__hint'>社区工作人员、支部书记可以在这里发布活动；服务队队长请从服务队页面发布</Text>}
        {organisers.map((o) => (
          <View key={o.key} className={`pt-choice${organiser?.key === o.key ? ' pt-choice--on' : ''}`} role='button' aria-pressed={organiser?.key === o.key} onClick={() => setOrganiser(o)}>
            <Text className='pt-choice__name'>{o.label}</Text>
          </View>
        ))}
      </Field>
      <Field label='活动名称' error={errors.title}>
        <Input className='pt-input' placeholderClass='pt-placeholder' aria-label='活动名称' value={title} maxlength={40} placeholder='如：冬季义诊进小区' onInput={(e) => setTitle(e.detail.value)} />
      </Field>
      <Field label='活动介绍' error={errors.description}>
        <Textarea className='pt-textarea' placeholderClass='pt-placeholder' aria-label='活动介绍' value={description} maxlength={1000} placeholder='做什么、要带什么、适合哪些居民参加' onInput={(e) => setDescription(e.detail.value)} />
      </Field>
      <Field label='开始时间' error={errors.startAt}>
        <When what='开始' date={start.date} time={start.time} onDate={(date) => setStart({ ...start, date })} onTime={(time) => setStart({ ...start, time })} />
      </Field>
      <Field label='结束时间' error={errors.endAt}>
        <When what='结束' date={end.date} time={end.time} onDate={(date) => setEnd({ ...end, date })} onTime={(time) => setEnd({ ...end, time })} />
      </Field>
      <Field label='报名截止时间' error={errors.signupDeadline} hint='须在活动开始之前'>
        <When what='报名截止' date={deadline.date} time={deadline.time} onDate={(date) => setDeadline({ ...deadline, date })} onTime={(time) => setDeadline({ ...deadline, time })} />
      </Field>
      <Field label='活动地点' error={errors.place}>
        <Input className='pt-input' placeholderClass='pt-placeholder' aria-label='活动地点' value={place} maxlength={60} placeholder='如：和平小区活动室' onInput={(e) => setPlace(e.detail.value)} />
      </Field>
      <Field label='名额（人）' error={errors.capacity} hint='报满后再报名的人进入候补，有人取消时按顺序递补'>
        <Input className='pt-input' type='number' aria-label='名额' value={capacity} maxlength={4} onInput={(e) => setCapacity(e.detail.value)} />
      </Field>
      <Field label='面向' error={errors.compoundIds}>
        <Tabs
          options={[
            { value: 'community', label: '全社区居民' },
            ...(compounds.length ? [{ value: 'compounds' as const, label: '指定小区' }] : []),
          ]}
          value={scope}
          onChange={setScope}
        />
        {scope === 'compounds' &&
          compounds.map((c) => (
            <View key={c.id} className={`pt-choice${chosen.includes(c.id) ? ' pt-choice--on' : ''}`} role='checkbox' aria-checked={chosen.includes(c.id)} onClick={() => toggle(c.id)}>
              <Text className='pt-choice__name'>{c.name}</Text>
            </View>
          ))}
      </Field>
      <Field label='志愿时长' error={errors.volunteerHours} hint='参加并签到的人在活动结束后记入志愿服务时长'>
        <Picker mode='selector' range={HOURS.map((h) => `${h} 小时`)} value={HOURS.indexOf(hours)} onChange={(e) => setHours(HOURS[Number(e.detail.value)] ?? hours)}>
          <View className='pt-picker' role='button' aria-label={`志愿时长：${hours} 小时，点按选择`}>
            {hours} 小时 ▾
          </View>
        </Picker>
      </Field>
      <Field label='参加可得的积分事项' error={errors.itemCode} hint='活动结束后，签到的人各得一次这项积分'>
        <ItemPicker rules={rules} selected={item} onChange={setItem} />
      </Field>
      <FormError text={error} />
      <View className='pt-actions'>
        <View role='button' className='btn' hoverClass='btn--pressed' onClick={busy ? undefined : () => void submit()}>
          {busy ? '正在发布…' : '发布活动'}
        </View>
      </View>
      {me.person.communityName && <Text className='pt-field__hint'>发布后{me.person.communityName}的居民就能看到并报名</Text>}
    </Section>
  );
}

interface Choices {
  rules: RulesView;
  organisers: OrganiserOption[];
  compounds: { id: string; name: string }[];
}

/** What the form needs besides the caller, read together: the catalogue, and the branches, teams and compounds to choose from. */
async function loadChoices(me: BoundMe, teamId?: string): Promise<Result<Choices>> {
  const staff = isStaff(me);
  const officer = staff || secretaryBranches(me).length > 0;
  const [rules, teams, branches, compounds] = await Promise.all([
    call('points.rules.list', {}),
    call('teams.list', {}),
    staff ? call('org.branches', {}) : null,
    officer ? call('org.compounds', { page: 1, pageSize: 20 }) : null,
  ]);
  for (const r of [rules, teams, branches, compounds]) if (r && !r.ok) return r;
  if (!rules.ok || !teams.ok) throw new Error('unreachable');
  const own = me.person.compoundId ? [{ id: me.person.compoundId, name: me.person.compoundName ?? '本小区' }] : [];
  return {
    ok: true,
    data: {
      rules: rules.data,
      organisers: organiserOptions(me, branches?.ok ? branches.data.branches : [], teams.data.items, teamId),
      compounds: compounds?.ok ? compounds.data.compounds : own,
    },
  };
}

function WithChoices({ me, teamId }: { me: BoundMe; teamId?: string }) {
  const [state, setState] = useState<{ status: 'loading' } | { status: 'done'; result: Result<Choices> }>({ status: 'loading' });
  const load = useCallback(() => {
    setState({ status: 'loading' });
    void loadChoices(me, teamId).then((result) => setState({ status: 'done', result }));
  }, [me, teamId]);
  useEffect(load, [load]);
  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (!state.result.ok) return <StatusView kind='error' error={state.result.error} onRetry={load} />;
  return (
    <Page>
      <ActivityForm me={me} teamId={teamId} {...state.result.data} />
    </Page>
  );
}

export default function ActivityEdit() {
  const teamId = queryValue(useRouter().params.teamId);
  const { state, reload } = useAction('account.me', {});
  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={reload} />;
  if (!state.data.bound) return <StatusView kind='empty' text='绑定身份后才能发布活动' hint={state.data.nextStep} />;
  return <WithChoices me={state.data} teamId={teamId} />;
}

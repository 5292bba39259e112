/**
 * 邀请码 (staff, administrators; a branch secretary for their branch): invite someone to a role on
 * a node of the tree. The answer is an 8-character code and a mini-program code to scan, valid for
 * a few days and once; the list shows every invite with who used it, and open ones can be revoked.
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text, Input, Image } from '@tarojs/components';
import type { InviteTarget, InviteView } from '@core/contracts/org-invites';
import { INVITABLE_ROLES, INVITE_STATUS_LABELS, type InvitableRole } from '@core/labels/account';
import { ROLE_LABELS } from '@core/labels/org';
import Page from '../../../../components/Page';
import Section from '../../../../components/Section';
import StatusView from '../../../../components/StatusView';
import FormError from '../../../../components/points/FormError';
import MoreButton from '../../../../components/points/MoreButton';
import Tabs from '../../../../components/points/Tabs';
import { useIdempotencyKey, useKeysByTarget } from '../../../../components/points/keys';
import { toast } from '../../../../components/points/toast';
import { PAGE_SIZE, usePaged } from '../../../../components/points/usePaged';
import { call } from '../../../../services';
import { useAction } from '../../../../services/useAction';
import NodeChooser from './NodeChooser';
import '../../../../components/points/points.scss';
import './index.scss';

const DAYS = [
  { value: '3', label: '3 天' },
  { value: '7', label: '7 天' },
  { value: '15', label: '15 天' },
  { value: '30', label: '30 天' },
] as const;
type Days = (typeof DAYS)[number]['value'];

const localTime = (at: string) => new Date(at).toLocaleString('zh-CN', { hour12: false });

function Created({ invite, qrProblem }: { invite: InviteView; qrProblem: string | null }) {
  return (
    <Section title='邀请已生成' highlight>
      <View className='invite__code' aria-label={`邀请码 ${invite.code.split('').join(' ')}`}>
        {invite.code}
      </View>
      <View className='row'>
        <Text className='row__label'>角色</Text>
        <Text>{`${invite.label}（${invite.scopeLabel}）`}</Text>
      </View>
      <View className='row'>
        <Text className='row__label'>有效期至</Text>
        <Text>{localTime(invite.expiresAt)}，只能使用一次</Text>
      </View>
      {invite.qrUrl ? (
        <Image className='invite__qr' src={invite.qrUrl} mode='aspectFit' aria-label='邀请小程序码，微信扫一扫即可使用' showMenuByLongpress />
      ) : (
        <View className='muted'>{qrProblem ?? '小程序码暂时无法生成，请把邀请码发给对方。'}</View>
      )}
      <View className='muted'>把邀请码或小程序码发给对方：在小程序「我的」→「输入邀请码」中输入，或用微信扫小程序码。</View>
    </Section>
  );
}

function InviteRow({ invite, onRevoked }: { invite: InviteView; onRevoked: () => void }) {
  const { keyFor, done } = useKeysByTarget('invite-revoke');
  async function revoke() {
    const ok = (await Taro.showModal({ title: '撤销邀请', content: `撤销后这个邀请码（${invite.code}）就不能再用了。确定撤销吗？`, confirmText: '撤销', confirmColor: '#c8161d', cancelText: '不撤销' })).confirm;
    if (!ok) return;
    const res = await call('org.invite.revoke', { idempotencyKey: keyFor(invite.id), inviteId: invite.id });
    if (!res.ok) return toast(res.error.message);
    done(invite.id);
    toast('已撤销', true);
    onRevoked();
  }
  return (
    <View className='pt-entry'>
      <View className='pt-entry__main'>
        <View className='pt-entry__title'>{`${invite.label}${invite.name ? ` · ${invite.name}` : ''}`}</View>
        <View className='pt-entry__meta'>{invite.scopeLabel}</View>
        <View className='pt-entry__meta'>
          {`${INVITE_STATUS_LABELS[invite.status]} · 邀请码 ${invite.code} · ${invite.usedBy ? `${invite.usedBy.name} 于 ${localTime(invite.usedBy.at)} 使用` : `有效期至 ${localTime(invite.expiresAt)}`} · ${invite.createdByName} 发出`}
        </View>
        {invite.status === 'open' && (
          <View className='pt-actions'>
            <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={() => void revoke()}>
              撤销
            </View>
          </View>
        )}
      </View>
    </View>
  );
}

export default function Invites() {
  const me = useAction('account.me', {});
  const [role, setRole] = useState<InvitableRole | null>(null);
  const [target, setTarget] = useState<InviteTarget | null>(null);
  const [name, setName] = useState('');
  const [days, setDays] = useState<Days>('7');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ invite: InviteView; qrProblem: string | null } | null>(null);
  const [key, renewKey] = useIdempotencyKey('invite');
  const list = usePaged('invites', (page) => call('org.invite.list', { page, pageSize: PAGE_SIZE }), (out) => out.invites);

  if (me.state.status === 'loading') return <StatusView kind='loading' />;
  if (me.state.status === 'error') return <StatusView kind='error' error={me.state.error} onRetry={me.reload} />;
  if (!me.state.data.bound || !me.state.data.person.communityId) {
    return <StatusView kind='empty' text='请先创建或加入社区，再发出邀请' />;
  }
  const { person, roles } = me.state.data;
  const communityId = person.communityId!;
  const staff = roles.some((r) => r.role === 'staff' || r.role === 'admin');
  const admin = roles.some((r) => r.role === 'admin');
  const secretaryOf = roles.find((r) => r.role === 'secretary' && r.scope.branchId);
  const allowed = INVITABLE_ROLES.filter((r) => (r === 'admin' ? admin : staff || ((r === 'leader' || r === 'committee') && secretaryOf)));
  const chosenRole = role ?? allowed[0];
  const ownBranch = !staff && secretaryOf ? { id: secretaryOf.scope.branchId!, name: secretaryOf.scopeLabel } : null;

  async function create() {
    if (!target) return setError('请选择邀请的范围');
    setBusy(true);
    setError(null);
    const res = await call('org.invite.create', { idempotencyKey: key, role: chosenRole, target, expiresInDays: Number(days), ...(name.trim() ? { name: name.trim() } : {}) });
    setBusy(false);
    if (!res.ok) return setError(res.error.issues?.[0]?.message ?? res.error.message);
    renewKey();
    setCreated(res.data);
    setName('');
    void list.refresh();
  }

  return (
    <Page>
      {created && <Created invite={created.invite} qrProblem={created.qrProblem} />}
      <Section title='发出新邀请'>
        <View className='pt-field'>
          <Text className='pt-field__label'>邀请担任</Text>
          <Tabs options={allowed.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} value={chosenRole} onChange={(r) => setRole(r)} />
        </View>
        <NodeChooser key={chosenRole} role={chosenRole} communityId={communityId} ownBranch={ownBranch} onChange={setTarget} />
        <View className='pt-field'>
          <Text className='pt-field__label'>对方姓名（可不填，由对方填写）</Text>
          <Input className='pt-input' placeholderClass='pt-placeholder' aria-label='对方姓名' maxlength={20} value={name} onInput={(e) => setName(e.detail.value)} />
        </View>
        <View className='pt-field'>
          <Text className='pt-field__label'>有效期</Text>
          <Tabs options={[...DAYS]} value={days} onChange={setDays} />
        </View>
        <FormError text={error} />
        <View className='pt-actions'>
          <View role='button' className='btn' hoverClass='btn--pressed' onClick={busy ? undefined : () => void create()}>
            {busy ? '正在生成…' : '生成邀请码'}
          </View>
        </View>
      </Section>
      <Section title='已发出的邀请'>
        {list.state.status === 'loading' && <View className='muted'>正在加载…</View>}
        {list.state.status === 'error' && <View className='muted'>{list.state.error.message}</View>}
        {list.state.status === 'ok' && (
          <>
            {list.state.rows.length === 0 && <View className='muted'>还没有发出过邀请。</View>}
            {list.state.rows.map((i) => (
              <InviteRow key={i.id} invite={i} onRevoked={() => void list.refresh()} />
            ))}
            <MoreButton hasMore={list.state.hasMore} loading={list.state.loadingMore} onMore={() => void list.loadMore()} />
          </>
        )}
      </Section>
    </Page>
  );
}

/**
 * 人员与角色 (staff, administrators): everyone holding a role in the community, 20 at a time, with
 * each role's scope. Revoking one role keeps the person's others; the 公示牌 changes at once.
 */
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { PersonRolesView } from '@core/contracts/org-invites';
import Page from '../../../../components/Page';
import Section from '../../../../components/Section';
import StatusView from '../../../../components/StatusView';
import MoreButton from '../../../../components/points/MoreButton';
import { useKeysByTarget } from '../../../../components/points/keys';
import { toast } from '../../../../components/points/toast';
import { PAGE_SIZE, usePaged } from '../../../../components/points/usePaged';
import { call } from '../../../../services';
import { open } from '../../../../routes';
import '../../../../components/points/points.scss';

function PersonRow({ person, onChanged }: { person: PersonRolesView; onChanged: () => void }) {
  const { keyFor, done } = useKeysByTarget('role-revoke');
  async function revoke(i: number) {
    const grant = person.roles[i];
    const ok = (
      await Taro.showModal({
        title: '撤销角色',
        content: `撤销${person.name}的「${grant.label}」（${grant.scopeLabel}）？${person.roles.length > 1 ? '其他角色保留。' : ''}公示牌会同时更新。`,
        confirmText: '撤销',
        confirmColor: '#c8161d',
        cancelText: '不撤销',
      })
    ).confirm;
    if (!ok) return;
    const target = `${person.id}:${i}:${grant.role}`;
    const res = await call('org.role.revoke', { idempotencyKey: keyFor(target), personId: person.id, role: grant.role, scope: grant.scope });
    if (!res.ok) return toast(res.error.message);
    done(target);
    toast('已撤销', true);
    onChanged();
  }
  return (
    <View className='pt-entry'>
      <View className='pt-entry__main'>
        <View className='pt-entry__title'>{person.name}</View>
        <View className='pt-entry__meta'>{[person.maskedPhone ?? '未登记电话', person.householdLabel].filter(Boolean).join(' · ')}</View>
        {person.roles.map((r, i) => (
          <View className='row' key={`${r.role}-${i}`}>
            <Text className='tag'>{r.label}</Text>
            <Text>{r.scopeLabel}</Text>
            <View role='button' className='btn btn--ghost' aria-label={`撤销${person.name}的${r.label}`} hoverClass='btn--pressed' onClick={() => void revoke(i)}>
              撤销
            </View>
          </View>
        ))}
      </View>
    </View>
  );
}

export default function People() {
  const { state, reload, refresh, loadMore } = usePaged('people', (page) => call('org.people', { page, pageSize: PAGE_SIZE }), (out) => out.people);
  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={reload} />;
  return (
    <Page>
      <Section
        title='有角色的人员'
        extra={
          <View role='button' className='btn' hoverClass='btn--pressed' onClick={() => open('invites')}>
            发出邀请
          </View>
        }
      >
        {state.rows.length === 0 && <View className='muted'>还没有人。先发出邀请，对方使用邀请码后会出现在这里。</View>}
        {state.rows.map((p) => (
          <PersonRow key={p.id} person={p} onChanged={() => void refresh()} />
        ))}
        <MoreButton hasMore={state.hasMore} loading={state.loadingMore} onMore={() => void loadMore()} />
      </Section>
    </Page>
  );
}

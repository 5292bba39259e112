/**
 * 我的房屋与账号: the household one is bound to, moving out (解除绑定), and deleting the account
 * (注销) with what it erases and what it keeps said plainly, confirmed by typing 注销.
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text, Input } from '@tarojs/components';
import { DELETE_CONFIRM_WORD } from '@core/labels/account';
import Page from '../../../../components/Page';
import Section from '../../../../components/Section';
import StatusView from '../../../../components/StatusView';
import FormError from '../../../../components/points/FormError';
import { useIdempotencyKey } from '../../../../components/points/keys';
import { toast } from '../../../../components/points/toast';
import { call } from '../../../../services';
import { useAction } from '../../../../services/useAction';
import { PAGES, open } from '../../../../routes';
import '../../../../components/points/points.scss';

const confirm = async (title: string, content: string, confirmText: string) =>
  (await Taro.showModal({ title, content, confirmText, confirmColor: '#c8161d', cancelText: '再想想' })).confirm;

export default function Account() {
  const { state, reload } = useAction('account.me', {});
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [leaveKey, renewLeaveKey] = useIdempotencyKey('leave');
  const [deleteKey] = useIdempotencyKey('delete');

  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={reload} />;
  const me = state.data;
  if (!me.bound) return <StatusView kind='empty' text='你还没有绑定身份，也就没有需要注销的账号' hint={me.nextStep} />;
  const { person, roles } = me;
  const otherRoles = roles.filter((r) => r.role !== 'resident');

  async function leave() {
    const place = `${person.compoundName ?? ''}${person.householdLabel ?? ''}`;
    if (!(await confirm('解除绑定', `确定不再住在${place}了吗？解除后不能再查看这个小区的公示牌${otherRoles.length ? '；你的其他身份不受影响' : ''}。`, '解除绑定'))) return;
    setBusy(true);
    const res = await call('account.household.leave', { idempotencyKey: leaveKey });
    setBusy(false);
    if (!res.ok) return toast(res.error.message);
    renewLeaveKey();
    toast('已解除绑定', true);
    void reload();
  }

  async function remove() {
    if (typed.trim() !== DELETE_CONFIRM_WORD) return setError(`请在框里输入“${DELETE_CONFIRM_WORD}”两个字`);
    if (!(await confirm('注销账号', '注销后不能恢复，你的姓名、手机号和住址会被清除，所有身份都会撤销。确定注销吗？', '确定注销'))) return;
    setBusy(true);
    setError(null);
    const res = await call('account.delete', { idempotencyKey: deleteKey, confirm: DELETE_CONFIRM_WORD });
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    toast('账号已注销', true);
    void Taro.reLaunch({ url: PAGES.home });
  }

  return (
    <Page>
      <Section title='我的房屋'>
        {person.householdId ? (
          <>
            <View className='row'>
              <Text className='row__label'>小区</Text>
              <Text>{person.compoundName}</Text>
            </View>
            <View className='row'>
              <Text className='row__label'>门牌</Text>
              <Text>{person.householdLabel}</Text>
            </View>
            <View className='muted'>搬家了？解除绑定后可以绑定新的房屋。{otherRoles.length ? '你的其他身份（如红色近邻长、网格员）不受影响。' : ''}</View>
            <View className='pt-actions'>
              <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={busy ? undefined : () => void leave()}>
                解除绑定（搬家）
              </View>
            </View>
          </>
        ) : (
          <>
            <View className='muted'>你还没有绑定房屋。</View>
            <View className='pt-actions'>
              <View role='button' className='btn' hoverClass='btn--pressed' onClick={() => open('bind')}>
                绑定房屋
              </View>
            </View>
          </>
        )}
      </Section>
      <Section title='注销账号'>
        <View className='pt-field'>
          <Text className='pt-field__label'>会清除</Text>
          <Text className='pt-field__hint'>你的姓名、手机号、微信身份和住址；你的所有身份（居民、红色近邻长等）都会撤销，公示牌上不再有你；还在审核的绑定申请会撤回。</Text>
        </View>
        <View className='pt-field'>
          <Text className='pt-field__label'>会保留</Text>
          <Text className='pt-field__hint'>积分台账里的记录会保留，但姓名改为“已注销用户”：台账要能核验、社区要按规定留存，其中不再有能认出你的信息。已经发布的积分公示不会改动。</Text>
        </View>
        <View className='pt-field'>
          <Text className='pt-field__label'>{`确认注销，请输入“${DELETE_CONFIRM_WORD}”`}</Text>
          <Input className='pt-input' placeholderClass='pt-placeholder' aria-label='输入注销两个字确认' maxlength={4} value={typed} onInput={(e) => setTyped(e.detail.value)} />
        </View>
        <FormError text={error} />
        <View className='pt-actions'>
          <View role='button' className='btn' hoverClass='btn--pressed' onClick={busy ? undefined : () => void remove()}>
            注销账号
          </View>
        </View>
      </Section>
    </Page>
  );
}

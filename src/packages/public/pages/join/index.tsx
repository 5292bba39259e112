/**
 * 输入邀请码: the invitee enters the code they were given, or arrives here by scanning the invite's
 * mini-program code (its `scene`, i=<code>, fills the code in). A newcomer also gives their name
 * unless the inviter wrote it on the invite.
 */
import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { View, Text, Input } from '@tarojs/components';
import { codeFromScene } from '@core/domain/account/invite-code';
import Page from '../../../../components/Page';
import Section from '../../../../components/Section';
import StatusView from '../../../../components/StatusView';
import FormError from '../../../../components/points/FormError';
import { useIdempotencyKey } from '../../../../components/points/keys';
import { call } from '../../../../services';
import { useAction } from '../../../../services/useAction';
import { PAGES } from '../../../../routes';
import '../../../../components/points/points.scss';

export default function Join() {
  const { params } = useRouter();
  const { state, reload } = useAction('account.me', {});
  const [code, setCode] = useState(() => codeFromScene(params.scene) ?? '');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ label: string; scopeLabel: string } | null>(null);
  const [key, renewKey] = useIdempotencyKey('join');

  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={reload} />;
  const newcomer = !state.data.bound;

  async function submit() {
    setBusy(true);
    setError(null);
    const res = await call('account.bind.invite', { idempotencyKey: key, code, ...(name.trim() ? { name: name.trim() } : {}) });
    setBusy(false);
    if (!res.ok) return setError(res.error.issues?.[0]?.message ?? res.error.message);
    renewKey();
    setDone({ label: res.data.label, scopeLabel: res.data.scopeLabel });
  }

  if (done) {
    return (
      <Page>
        <View className='card'>
          <Text className='title'>邀请码已生效</Text>
          <View className='subtitle'>你现在是{done.label}</View>
          <View className='muted'>{done.scopeLabel}</View>
          <View className='pt-actions'>
            <View role='button' className='btn' hoverClass='btn--pressed' onClick={() => void Taro.switchTab({ url: PAGES.home })}>
              回到首页
            </View>
          </View>
        </View>
      </Page>
    );
  }

  return (
    <Page>
      <Section title='使用邀请码'>
        <View className='muted'>社区工作人员或支部书记发给你的 8 位邀请码，字母不分大小写。扫小程序码进来的，邀请码已经填好。</View>
        <View className='pt-field'>
          <Text className='pt-field__label'>邀请码</Text>
          <Input className='pt-input' placeholderClass='pt-placeholder' aria-label='邀请码' maxlength={12} value={code} placeholder='例如 K7Q2M9XA' onInput={(e) => setCode(e.detail.value)} />
        </View>
        {newcomer && (
          <View className='pt-field'>
            <Text className='pt-field__label'>你的姓名</Text>
            <Text className='pt-field__hint'>邀请人已写上你的姓名时可以不填</Text>
            <Input className='pt-input' placeholderClass='pt-placeholder' aria-label='你的姓名' maxlength={20} value={name} onInput={(e) => setName(e.detail.value)} />
          </View>
        )}
        <FormError text={error} />
        <View className='pt-actions'>
          <View role='button' className='btn' hoverClass='btn--pressed' onClick={busy || !code.trim() ? undefined : () => void submit()}>
            {busy ? '正在核对…' : '确认使用'}
          </View>
        </View>
      </Section>
      {newcomer && (
        <Section title='没有邀请码？'>
          <View className='muted'>居民不需要邀请码：选择所住的房号，填写姓名和手机号即可申请绑定。</View>
          <View className='pt-actions'>
            <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={() => void Taro.redirectTo({ url: PAGES.bind })}>
              绑定房屋
            </View>
          </View>
        </Section>
      )}
    </Page>
  );
}

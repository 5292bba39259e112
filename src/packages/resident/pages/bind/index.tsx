/**
 * 绑定房屋: a resident picks their home (社区 → 小区 → 楼栋 → 单元 → 房号) and gives name and phone —
 * in WeChat with the phone-number button, typed otherwise. Listed on the household roster: bound at
 * once; else the request goes to the building's grid worker or building head, and this page shows
 * its status and, if it was not approved, the reviewer's reason.
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text, Input, Button } from '@tarojs/components';
import type { BindOption, BindRequestView } from '@core/contracts/account';
import { BIND_REQUEST_STATUS_LABELS } from '@core/labels/account';
import Page from '../../../../components/Page';
import Section from '../../../../components/Section';
import StatusView from '../../../../components/StatusView';
import FormError from '../../../../components/points/FormError';
import { useIdempotencyKey } from '../../../../components/points/keys';
import { call } from '../../../../services';
import { useAction } from '../../../../services/useAction';
import { PAGES, open, openDirectory } from '../../../../routes';
import LevelPicker from '../../../../components/LevelPicker';
import '../../../../components/points/points.scss';

const localTime = (at: string) => new Date(at).toLocaleString('zh-CN', { hour12: false });

function RequestCard({ request }: { request: BindRequestView }) {
  return (
    <Section title={`绑定申请：${BIND_REQUEST_STATUS_LABELS[request.status]}`} highlight={request.status === 'rejected'}>
      <View className='row'>
        <Text className='row__label'>房屋</Text>
        <Text>{`${request.compoundName} ${request.householdLabel}`}</Text>
      </View>
      <View className='row'>
        <Text className='row__label'>申请人</Text>
        <Text>{`${request.name} ${request.maskedPhone ?? ''}`}</Text>
      </View>
      <View className='row'>
        <Text className='row__label'>提交时间</Text>
        <Text>{localTime(request.createdAt)}</Text>
      </View>
      {request.status === 'pending' && <View className='muted'>已交给本楼栋的网格员、楼栋长核实，通过后就能使用。</View>}
      {request.status === 'rejected' && (
        <View className='row'>
          <Text className='row__label'>未通过原因</Text>
          <Text>{request.reason}</Text>
        </View>
      )}
    </Section>
  );
}

function BindForm({ onPending }: { onPending: () => void }) {
  const [community, setCommunity] = useState<BindOption | null>(null);
  const [compound, setCompound] = useState<BindOption | null>(null);
  const [building, setBuilding] = useState<BindOption | null>(null);
  const [unit, setUnit] = useState<BindOption | null>(null);
  const [household, setHousehold] = useState<BindOption | null>(null);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [phoneCode, setPhoneCode] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [bound, setBound] = useState<string | null>(null);
  const [key, renewKey] = useIdempotencyKey('bind');
  const weapp = process.env.TARO_ENV === 'weapp';

  // choosing a level clears the ones below it
  const pick = (setter: (o: BindOption | null) => void, below: Array<(o: null) => void>) => (o: BindOption | null) => {
    setter(o);
    below.forEach((clear) => clear(null));
  };

  async function submit() {
    if (!compound || !household) return setError('请选择到房号');
    setBusy(true);
    setError(null);
    const res = await call('account.bind.apply', {
      idempotencyKey: key,
      compoundId: compound.id,
      householdId: household.id,
      name: name.trim(),
      ...(phoneCode ? { phoneCode } : { phone: phone.trim() }),
    });
    setBusy(false);
    if (!res.ok) {
      // a phone code is good once: after a failure the person types the number or taps again
      setPhoneCode(null);
      return setError(res.error.issues?.[0]?.message ?? res.error.message);
    }
    renewKey();
    if (res.data.outcome === 'bound') return setBound(`${res.data.compoundName} ${res.data.householdLabel}`);
    onPending();
  }

  if (bound) {
    return (
      <View className='card'>
        <Text className='title'>绑定成功</Text>
        <View className='subtitle'>{bound}</View>
        <View className='muted'>你的姓名和手机号与小区登记的住户名单一致，已直接绑定。</View>
        <View className='pt-actions'>
          <View role='button' className='btn' hoverClass='btn--pressed' onClick={() => openDirectory()}>
            查看本小区公示牌
          </View>
          <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={() => void Taro.switchTab({ url: PAGES.home })}>
            回到首页
          </View>
        </View>
      </View>
    );
  }

  return (
    <Section title='选择你住的房屋'>
      <LevelPicker level='community' parentId={null} value={community} onChange={pick(setCommunity, [setCompound, setBuilding, setUnit, setHousehold])} />
      <LevelPicker level='compound' parentId={community?.id ?? null} value={compound} onChange={pick(setCompound, [setBuilding, setUnit, setHousehold])} />
      <LevelPicker level='building' parentId={compound?.id ?? null} value={building} onChange={pick(setBuilding, [setUnit, setHousehold])} />
      <LevelPicker level='unit' parentId={building?.id ?? null} value={unit} onChange={pick(setUnit, [setHousehold])} />
      <LevelPicker level='household' parentId={unit?.id ?? null} value={household} onChange={setHousehold} />
      <View className='pt-field'>
        <Text className='pt-field__label'>姓名</Text>
        <Input className='pt-input' placeholderClass='pt-placeholder' aria-label='姓名' maxlength={20} value={name} onInput={(e) => setName(e.detail.value)} />
      </View>
      <View className='pt-field'>
        <Text className='pt-field__label'>手机号</Text>
        {phoneCode ? (
          <View className='row'>
            <Text>已获取微信绑定的手机号</Text>
            <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={() => setPhoneCode(null)}>
              改为手动填写
            </View>
          </View>
        ) : (
          <>
            {weapp && (
              <Button className='btn' openType='getPhoneNumber' onGetPhoneNumber={(e) => e.detail.code && setPhoneCode(e.detail.code)}>
                用微信手机号填写
              </Button>
            )}
            <Input className='pt-input' placeholderClass='pt-placeholder' aria-label='手机号' type='number' maxlength={11} value={phone} placeholder={weapp ? '或手动填写 11 位手机号' : '11 位手机号'} onInput={(e) => setPhone(e.detail.value)} />
          </>
        )}
        <Text className='pt-field__hint'>与小区登记的住户名单一致时立即绑定，否则交给本楼栋的网格员或楼栋长核实。</Text>
      </View>
      <FormError text={error} />
      <View className='pt-actions'>
        <View role='button' className='btn' hoverClass='btn--pressed' onClick={busy ? undefined : () => void submit()}>
          {busy ? '正在提交…' : '提交绑定'}
        </View>
      </View>
    </Section>
  );
}

export default function Bind() {
  const me = useAction('account.me', {});
  const mine = useAction('account.bind.mine', {});

  if (me.state.status === 'loading' || mine.state.status === 'loading') return <StatusView kind='loading' />;
  if (me.state.status === 'error') return <StatusView kind='error' error={me.state.error} onRetry={me.reload} />;
  if (mine.state.status === 'error') return <StatusView kind='error' error={mine.state.error} onRetry={mine.reload} />;

  const person = me.state.data.bound ? me.state.data.person : null;
  if (person?.householdId) {
    return (
      <Page>
        <View className='card'>
          <Text className='title'>你已绑定房屋</Text>
          <View className='subtitle'>{`${person.compoundName ?? ''} ${person.householdLabel ?? ''}`}</View>
          <View className='muted'>一个人同时只能绑定一处房屋。搬家后请先解除绑定，再绑定新的房屋。</View>
          <View className='pt-actions'>
            <View role='button' className='btn' hoverClass='btn--pressed' onClick={() => open('account')}>
              我的房屋与账号
            </View>
          </View>
        </View>
      </Page>
    );
  }
  const [latest] = mine.state.data.requests;
  return (
    <Page>
      {latest && latest.status !== 'withdrawn' && latest.status !== 'approved' && <RequestCard request={latest} />}
      {latest?.status === 'pending' ? null : <BindForm onPending={() => void mine.reload()} />}
      <Section title='社区工作人员、网格员、红色近邻长'>
        <View className='muted'>请使用社区发给你的邀请码。</View>
        <View className='pt-actions'>
          <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={() => open('join')}>
            输入邀请码
          </View>
        </View>
      </Section>
    </Page>
  );
}

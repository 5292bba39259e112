/**
 * 我的: who the app knows the person to be — name, phone, home and roles — or how to bind; and the
 * 关怀模式 switch, there for everyone, bound or not.
 */
import { View, Text, Switch } from '@tarojs/components';
import Page from '../../components/Page';
import StatusView from '../../components/StatusView';
import Section from '../../components/Section';
import Entry from '../../components/Entry';
import GetIn from '../../components/GetIn';
import { open } from '../../routes';
import { useAction } from '../../services/useAction';
import { setCareMode, useCareMode } from '../../services/care-mode';
import './index.scss';

function SwitchPersona() {
  if (process.env.TARO_ENV !== 'h5') return null;
  return (
    <View className='mine__switch'>
      <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={() => window.location.assign('/')}>
        切换演示身份
      </View>
    </View>
  );
}

function CareModeSwitch() {
  const { on } = useCareMode();
  return (
    <Section title='关怀模式'>
      <View className='switch-row'>
        <Text className='switch-row__label'>大字体、大按钮</Text>
        <Switch className='hl-switch' aria-label='关怀模式' checked={on} color='#c8161d' onChange={(e) => setCareMode(e.detail.value)} />
      </View>
      <View className='mine__care-hint'>打开后，所有页面的字和按钮都会变大，颜色更清楚。</View>
    </Section>
  );
}

export default function Mine() {
  const { state, reload } = useAction('account.me', {});

  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={reload} />;

  const me = state.data;
  if (!me.bound) {
    return (
      <Page>
        <GetIn title='未绑定' nextStep={me.nextStep} />
        <CareModeSwitch />
        <SwitchPersona />
      </Page>
    );
  }

  const { person, roles } = me;
  return (
    <Page>
      <View className='card mine__person'>
        <Text className='title'>{person.name}</Text>
        {person.partyMember && <Text className='tag tag--solid mine__party'>党员</Text>}
        <View className='mine__phone'>{person.maskedPhone ?? '未登记电话'}</View>
      </View>
      <Section title='我的住址'>
        <View className='row'>
          <Text className='row__label'>社区</Text>
          <Text>{person.communityName ?? '尚未加入社区'}</Text>
        </View>
        <View className='row'>
          <Text className='row__label'>小区</Text>
          <Text>{person.compoundName ?? '未登记'}</Text>
        </View>
        <View className='row'>
          <Text className='row__label'>门牌</Text>
          <Text>{person.householdLabel ?? '未登记'}</Text>
        </View>
      </Section>
      <Section title='我的身份'>
        {roles.length === 0 ? (
          <View className='muted'>暂无身份</View>
        ) : (
          roles.map((r, i) => (
            <View className='row' key={`${r.role}-${i}`}>
              <Text className='tag'>{r.label}</Text>
              <Text>{r.scopeLabel}</Text>
            </View>
          ))
        )}
      </Section>
      <Section title='账号'>
        <Entry
          title={person.householdId ? '我的房屋与账号' : '绑定房屋'}
          desc={person.householdId ? '解除绑定（搬家）、注销账号' : '选择所住的房号；也可在这里注销账号'}
          onClick={() => open(person.householdId ? 'account' : 'bind')}
        />
        {person.householdId ? null : <Entry title='注销账号' desc='清除你的个人信息' onClick={() => open('account')} />}
        <Entry title='输入邀请码' desc='收到邀请码或小程序码时在这里使用' onClick={() => open('join')} />
      </Section>
      <CareModeSwitch />
      <SwitchPersona />
    </Page>
  );
}

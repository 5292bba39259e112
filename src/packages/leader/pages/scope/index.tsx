/** 我的服务范围: where each of the person's serving roles applies, with the way to that compound's board. */
import { View, Text } from '@tarojs/components';
import Page from '../../../../components/Page';
import Entry from '../../../../components/Entry';
import Section from '../../../../components/Section';
import StatusView from '../../../../components/StatusView';
import { useAction } from '../../../../services/useAction';
import { openDirectory, servesResidents } from '../../../../routes';

export default function Scope() {
  const { state, reload } = useAction('account.me', {});

  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={reload} />;

  const me = state.data;
  if (!me.bound) return <StatusView kind='empty' text='还没有绑定身份' hint={me.nextStep} />;
  if (!servesResidents(me)) return <StatusView kind='empty' text='您目前没有服务岗位' hint='成为红色近邻长、网格员或楼栋长后，这里会列出您负责的范围。' />;

  const serving = me.roles.filter((r) => r.role !== 'resident');
  return (
    <Page>
      <Section title='我负责的范围'>
        {serving.map((r, i) => (
          <View className='row' key={`${r.role}-${i}`}>
            <Text className='tag tag--solid'>{r.label}</Text>
            <Text>{r.scopeLabel}</Text>
          </View>
        ))}
      </Section>
      {me.person.compoundId && (
        <Entry title={`${me.person.compoundName ?? '本小区'}公示牌`} desc='查看并联系同一小区的党支部、网格员和近邻长' onClick={() => openDirectory(me.person.compoundId ?? undefined)} />
      )}
    </Page>
  );
}

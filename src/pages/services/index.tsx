/** 服务: the services that exist today, by what the person is allowed to use. */
import Page from '../../components/Page';
import Entry from '../../components/Entry';
import StatusView from '../../components/StatusView';
import { useAction } from '../../services/useAction';
import { isStaff, open, openDirectory, servesResidents } from '../../routes';

export default function Services() {
  const { state, reload } = useAction('account.me', {});

  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={reload} />;

  const me = state.data;
  if (!me.bound) return <StatusView kind='empty' text='绑定身份后就能使用各项服务' hint={me.nextStep} />;
  return (
    <Page>
      {me.person.compoundId && <Entry title='我的小区 · 公示牌' desc='本小区的党支部、网格和联系人' onClick={() => openDirectory()} />}
      {servesResidents(me) && <Entry title='我的服务范围' desc='我负责的楼栋、网格和小区' onClick={() => open('scope')} />}
      {isStaff(me) && <Entry title='各小区公示牌' desc='社区里每个小区的公示牌' onClick={() => open('compounds')} />}
    </Page>
  );
}

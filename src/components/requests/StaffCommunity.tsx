/** Staff pages of one community: the caller's (account.me), with loading and error states around the page. */
import type { ReactNode } from 'react';
import Page from '../Page';
import StatusView from '../StatusView';
import { useAction } from '../../services/useAction';

export default function StaffCommunity({ children }: { children: (communityId: string) => ReactNode }) {
  const { state, reload } = useAction('account.me', {});
  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={() => void reload()} />;
  const communityId = state.data.bound ? state.data.person.communityId : null;
  if (!communityId) {
    return (
      <Page>
        <StatusView kind='empty' text='你还没有负责的社区' hint='社区工作人员和管理员才能使用这里' />
      </Page>
    );
  }
  return <>{children(communityId)}</>;
}

/**
 * The organiser's roster: counts, then each person with where they stand (已报名, 候补第 N 位, 已签到
 * with the time, 代签 when the organiser did it, 已签退); 代签到 for a confirmed person without a phone
 * (after a confirm), recorded as the organiser's.
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { RosterEntry } from '@core/contracts/activities';
import StatusView from '../StatusView';
import FormError from '../points/FormError';
import MoreButton from '../points/MoreButton';
import { dateTime } from '../points/format';
import { useKeysByTarget } from '../points/keys';
import { toast } from '../points/toast';
import type { PagedState } from '../points/usePaged';
import type { ActionOutput } from '../../services';
import { call } from '../../services';
import './activities.scss';

type RosterPage = ActionOutput<'activities.roster'>;

function standing(p: RosterEntry): string {
  if (p.status === 'waiting') return `候补第 ${p.waitingPosition ?? 1} 位`;
  if (p.status === 'cancelled') return '已取消';
  if (p.checkedOutAt) return `已签退 ${dateTime(p.checkedOutAt)}`;
  if (p.checkedInAt) return `已签到 ${dateTime(p.checkedInAt)}${p.by === 'proxy' ? '（代签）' : ''}`;
  return '已报名，未签到';
}

interface Props {
  activityId: string;
  open: boolean;
  state: PagedState<RosterEntry, RosterPage>;
  reload: () => void;
  refresh: () => Promise<void>;
  loadMore: () => Promise<void>;
}

export default function Roster({ activityId, open, state, reload, refresh, loadMore }: Props) {
  const { keyFor, done } = useKeysByTarget('acp');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function proxy(p: RosterEntry) {
    const { confirm } = await Taro.showModal({ title: '代签到', content: `替${p.name}签到？适用于没带手机的居民，会记录为你代签。`, confirmText: '代签到', cancelText: '不了' });
    if (!confirm) return;
    setBusy(p.personId);
    setError(null);
    const res = await call('activities.checkin.proxy', { activityId, personId: p.personId, idempotencyKey: keyFor(p.personId) });
    setBusy(null);
    if (!res.ok) return setError(res.error.message);
    done(p.personId);
    toast(`已替${res.data.personName}签到`, true);
    await refresh();
  }

  if (state.status === 'loading') return <StatusView kind='loading' text='正在读取名单…' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={reload} />;
  const { confirmed, waiting, checkedIn } = state.first;
  return (
    <View>
      <View className='ac-counts'>
        {[
          { label: '已报名', value: confirmed },
          { label: '已签到', value: checkedIn },
          { label: '候补', value: waiting },
        ].map((c) => (
          <View key={c.label} className='ac-count'>
            <Text className='ac-count__value'>{c.value}</Text>
            <Text className='ac-count__label'>{c.label}</Text>
          </View>
        ))}
      </View>
      <FormError text={error} />
      {state.rows.length === 0 && <Text className='pt-field__hint'>还没有人报名</Text>}
      {state.rows.map((p) => (
        <View key={p.personId} className='ac-person'>
          <View className='ac-person__who'>
            <Text className='ac-person__name'>{p.name}</Text>
            <Text className='ac-person__meta'>{standing(p)}</Text>
          </View>
          {open && p.status === 'confirmed' && !p.checkedInAt && (
            <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' aria-label={`替${p.name}代签到`} onClick={busy ? undefined : () => void proxy(p)}>
              {busy === p.personId ? '正在签到…' : '代签到'}
            </View>
          )}
        </View>
      ))}
      <MoreButton hasMore={state.hasMore} loading={state.loadingMore} onMore={() => void loadMore()} endText='名单就这些' />
    </View>
  );
}

/**
 * 公告提醒 on the notices list: how many reminders the person may still get, and 「订阅公告提醒」 for
 * the category they choose. WeChat's one-time subscribe prompt is asked inside the tap (nothing awaited
 * before it); each 「允许」 lets the community send one message with the notices' template, so each
 * accepted prompt records one grant, of the chosen category (`notices.subscribe`). The H5 build has no
 * prompt and says so.
 */
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { NOTICE_CATEGORIES, NOTICE_CATEGORY_LABELS, type NoticeCategory } from '@core/domain/notices/blocks';
import Section from '../Section';
import Tabs from '../points/Tabs';
import { toast } from '../points/toast';
import { call, type ActionOutput } from '../../services';
import { useAction } from '../../services/useAction';
import { askToNotifyAll, canAskToNotify } from '../../services/subscribe';
import './reader.scss';

type Grants = ActionOutput<'notices.grants'>;
const CHOICES = NOTICE_CATEGORIES.map((c) => ({ value: c, label: NOTICE_CATEGORY_LABELS[c] }));

export default function NoticeReminders() {
  const { state } = useAction('notices.grants', {});
  const [chosen, setChosen] = useState<NoticeCategory>('notice');
  const [updated, setUpdated] = useState<Grants | null>(null);
  const [busy, setBusy] = useState(false);
  const [choosing, setChoosing] = useState(false);
  if (state.status !== 'ok') return null; // a card among others: the list shows what went wrong
  const grants = updated ?? state.data;
  const { templateId } = grants;

  if (!templateId) {
    return (
      <Section title='公告提醒'>
        <Text className='nt-hint'>社区还没有开通公告提醒</Text>
      </Section>
    );
  }

  const subscribe = () => {
    if (busy) return;
    if (!canAskToNotify()) {
      toast('公告提醒要在微信里打开小程序才能订阅');
      return;
    }
    // WeChat shows its prompt only when asked from the tap itself: ask before anything is awaited
    const asking = askToNotifyAll({ [chosen]: templateId } as Partial<Record<NoticeCategory, string>>);
    setBusy(true);
    void (async () => {
      const allowed = await asking;
      if (allowed.length === 0) {
        toast('没有订阅：在微信的提示里点「允许」才能收到提醒');
        return;
      }
      const res = await call('notices.subscribe', { categories: allowed });
      if (!res.ok) {
        toast(res.error.message);
        return;
      }
      setUpdated(res.data);
      setChoosing(false);
      toast('订阅成功', true);
    })().finally(() => setBusy(false));
  };

  const held = NOTICE_CATEGORIES.filter((c) => grants.counts[c] > 0);
  const total = held.reduce((sum, c) => sum + grants.counts[c], 0);
  return (
    <Section title='公告提醒'>
      <Text className='nt-grants'>还可以收到 {total} 条提醒</Text>
      {held.length > 0 && <Text className='nt-hint'>其中{held.map((c) => `${NOTICE_CATEGORY_LABELS[c]} ${grants.counts[c]} 条`).join('、')}</Text>}
      {choosing ? (
        <>
          <Text className='nt-hint'>微信规定：每次订阅并点「允许」，社区只能给你发一条提醒；想多收几条，就多订阅几次。应急通知会用你订阅的任意一条提醒发给你。</Text>
          <Text className='nt-hint'>提醒哪一类公告：</Text>
          <Tabs options={CHOICES} value={chosen} onChange={setChosen} />
          <View className='pt-actions'>
            <View role='button' className='btn' hoverClass='btn--pressed' onClick={subscribe}>
              {busy ? '正在订阅…' : `订阅一条${NOTICE_CATEGORY_LABELS[chosen]}提醒`}
            </View>
            <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={() => setChoosing(false)}>
              取消
            </View>
          </View>
        </>
      ) : (
        <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={() => setChoosing(true)}>
          订阅公告提醒
        </View>
      )}
    </Section>
  );
}

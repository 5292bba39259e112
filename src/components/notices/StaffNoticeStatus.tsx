/**
 * A notice that has left the draft, as its staff see it: where it stands (图片审核中, 待复核,
 * 已发布, 已撤回), its readers and subscribe messages (notices.stats), the 公众号 sync with WeChat's
 * guidance, and what they can do — 审核通过 (someone other than the author), 重新同步, 撤回.
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { NoticeView } from '@core/contracts/notices';
import { MP_STATUS_LABELS, NOTICE_STATE_LABELS } from '@core/labels/notices';
import Section from '../Section';
import FormError from '../points/FormError';
import { toast } from '../points/toast';
import { request } from '../../services';
import { useAction } from '../../services/useAction';
import { PAGES } from '../../routes';
import './editor.scss';

type Act = 'notices.get' | 'notices.approve' | 'notices.resync' | 'notices.withdraw';

function Readers({ id }: { id: string }) {
  const stats = useAction('notices.stats', { id });
  if (stats.state.status !== 'ok') return <Text className='pt-field__hint'>{stats.state.status === 'loading' ? '正在读取已读人数…' : stats.state.error.message}</Text>;
  const { readers, delivery } = stats.state.data;
  return (
    <View>
      <View className='row'>
        <Text className='row__label'>已读</Text>
        <Text>{readers} 人</Text>
      </View>
      {delivery && (
        <View className='row'>
          <Text className='row__label'>订阅消息</Text>
          <Text>
            已送达 {delivery.sent} 人，拒收 {delivery.refused} 人，失败 {delivery.failed} 人{delivery.done ? '' : '（还在发送）'}
          </Text>
        </View>
      )}
    </View>
  );
}

export default function StaffNoticeStatus({ view, meId, onView }: { view: NoticeView; meId: string; onView: (view: NoticeView) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const staff = view.staff;
  const mp = staff?.mp ?? null;

  async function run(action: Act, okText: string | null) {
    setBusy(true);
    setError(null);
    const res = await request(action, { id: view.id });
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    if (okText) toast(okText, true);
    onView(res.data);
  }

  async function withdraw() {
    const { confirm } = await Taro.showModal({ title: '撤回公告', content: '撤回后居民不再看到这条公告；已同步到公众号的文章也会删除。确定撤回吗？', confirmText: '撤回', cancelText: '不撤回' });
    if (confirm) await run('notices.withdraw', '已撤回');
  }

  const button = (label: string, onClick: () => void, ghost = false) => (
    <View role='button' className={`btn${ghost ? ' btn--ghost' : ''}`} hoverClass='btn--pressed' onClick={busy ? undefined : onClick}>
      {label}
    </View>
  );

  return (
    <Section title={`状态：${NOTICE_STATE_LABELS[view.state]}`}>
      {view.state === 'checking' && <Text className='ne-notice'>公告里的图片正在接受微信的图片审核（一般几分钟，最长 30 分钟），审核通过后自动发布。</Text>}
      {view.state === 'review' && (
        <Text className='ne-notice'>
          {staff?.authorId === meId ? '内容检查要求人工复核：请另一位工作人员打开这条公告，审核通过后才会发布。' : '内容检查要求人工复核：请你核对内容，没有问题就点「审核通过」发布。'}
        </Text>
      )}
      {view.state === 'published' && view.publishedAt && <Text className='pt-field__hint'>发布人：{view.authorName}{staff?.approvedBy ? `，审核人：${staff.approvedBy}` : ''}</Text>}
      {(view.state === 'published' || view.state === 'withdrawn') && <Readers id={view.id} />}
      {mp && (
        <View className='pt-field'>
          <Text className='pt-field__label'>公众号：{MP_STATUS_LABELS[mp.status]}</Text>
          {mp.message && <Text className='ne-notice'>{mp.message}</Text>}
          {mp.articleUrl && (
            <View className='btn btn--ghost' role='button' hoverClass='btn--pressed' onClick={() => void Taro.navigateTo({ url: `${PAGES.article}?url=${encodeURIComponent(mp.articleUrl!)}` })}>
              在公众号阅读
            </View>
          )}
        </View>
      )}
      <FormError text={error} />
      <View className='pt-actions'>
        {view.state === 'checking' && button('刷新审核结果', () => void run('notices.get', null), true)}
        {view.state === 'review' && staff?.authorId !== meId && button('审核通过', () => void run('notices.approve', '已审核通过并发布'))}
        {view.state === 'published' && mp?.status === 'failed' && button('重新同步', () => void run('notices.resync', '已重新开始同步'))}
        {view.state !== 'withdrawn' && button('撤回', () => void withdraw(), true)}
      </View>
    </Section>
  );
}

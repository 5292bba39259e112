/**
 * 报事详情, for whoever may see the request (the reporter, its handlers, staff): what and where, its
 * status and deadlines, photos (those WeChat still checks as 「n 张照片审核中」), the reporter with
 * 拨打 for handlers, the steps so far, then what the viewer may do now.
 */
import type { ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { RequestView } from '@core/contracts/requests';
import { OVERDUE_LABELS, URGENCY_LABELS } from '@core/labels/requests';
import Page from '../Page';
import Section from '../Section';
import StatusView from '../StatusView';
import Photos from '../points/Photos';
import { dateTime } from '../points/format';
import { queryValue } from '../points/routes';
import Timeline from './Timeline';
import RequestActions from './RequestActions';
import { call } from '../../services';
import { useLoadedView } from '../../services/useAction';
import '../ContactRow.scss';
import './requests.scss';

const WAITING_ACCEPT = ['submitted', 'assigned', 'escalated'];
const OPEN = [...WAITING_ACCEPT, 'accepted', 'in_progress', 'reopened'];

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Text className='rq-facts__line'>
      <Text className='rq-facts__label'>{label}</Text>
      {children}
    </Text>
  );
}

async function callReporter(requestId: string) {
  const res = await call('requests.revealPhone', { requestId });
  if (!res.ok) {
    void Taro.showToast({ title: res.error.message, icon: 'none', duration: 2500 });
    return;
  }
  try {
    await Taro.makePhoneCall({ phoneNumber: res.data.phone });
  } catch {
    // the person closed the dialer
  }
}

function Detail({ view, onView, detailPath }: { view: RequestView; onView: (v: RequestView) => void; detailPath: string }) {
  return (
    <>
      <Section title={view.category.name}>
        <View>
          <Text className={OPEN.includes(view.status) || view.status === 'resolved' ? 'tag tag--solid' : 'tag tag--grey'}>{view.statusLabel}</Text>
          {view.urgency === 'urgent' && <Text className='tag'>{URGENCY_LABELS.urgent}</Text>}
          {view.overdueLevel > 0 && <Text className='tag'>{OVERDUE_LABELS[view.overdueLevel]}</Text>}
        </View>
        <View className='rq-row__text'>{view.text}</View>
        <Photos fileIDs={view.photos} />
        {view.photosUnderReview > 0 && <View className='muted'>{view.photosUnderReview} 张照片审核中</View>}
        <View className='rq-facts'>
          <Fact label='位置'>{view.location.label}</Fact>
          <Fact label='提交时间'>{dateTime(view.submittedAt)}</Fact>
          {WAITING_ACCEPT.includes(view.status) && <Fact label='接单期限'>{dateTime(view.respondBy)} 前</Fact>}
          {OPEN.includes(view.status) && <Fact label='办结期限'>{dateTime(view.resolveBy)} 前</Fact>}
          {view.handler && <Fact label='办理人'>{view.handler.name}</Fact>}
          {view.escalation && (
            <Fact label='吹哨'>
              {view.escalation.partnerName}：{view.escalation.reason}
            </Fact>
          )}
          {view.rating && (
            <Fact label='评价'>
              {view.rating.score} 星{view.rating.comment ? `，${view.rating.comment}` : ''}
            </Fact>
          )}
        </View>
        {view.mergedInto && (
          <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={() => void Taro.redirectTo({ url: `${detailPath}?id=${view.mergedInto}` })}>
            同一件事已合并办理，查看进度
          </View>
        )}
      </Section>
      {view.reporter && (
        <Section title='报事人'>
          <View className='contact'>
            <View className='contact__who'>
              <Text className='contact__name'>{view.reporter.name}</Text>
              <Text className='contact__phone'>{view.reporter.phone ?? '未留电话'}</Text>
            </View>
            {view.can.includes('revealPhone') && view.reporter.phone && (
              <View role='button' className='btn btn--ghost contact__call' hoverClass='btn--pressed' aria-label={`拨打${view.reporter.name}的电话`} onClick={() => void callReporter(view.id)}>
                拨打
              </View>
            )}
          </View>
        </Section>
      )}
      <RequestActions view={view} onView={onView} />
      <Section title='办理进度'>
        <Timeline steps={view.timeline} />
      </Section>
    </>
  );
}

/** The page: the request named by `?id=`; `detailPath` opens another one (a merged duplicate's). */
export default function RequestDetail({ detailPath }: { detailPath: string }) {
  const requestId = queryValue(Taro.getCurrentInstance().router?.params.id) ?? '';
  const { state, reload, latest, setLatest } = useLoadedView('requests.get', { requestId });

  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={() => void reload()} />;
  return (
    <Page>
      <Detail view={latest ?? state.data} onView={setLatest} detailPath={detailPath} />
    </Page>
  );
}

/**
 * 微心愿详情, for whoever may see the wish: what and by when, for whom (the name only to the poster,
 * claimer and staff), photos (others' once WeChat passed them; 「n 张照片审核中」; staff see held ones
 * marked), who claimed it, the fulfilment, the steps, then what the viewer may do now.
 */
import type { ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { WishView } from '@core/contracts/wishes';
import { MODERATION_LABELS, PHOTO_MARK_LABELS, WISH_FLAG_LABELS } from '@core/labels/wishes';
import Page from '../Page';
import Section from '../Section';
import StatusView from '../StatusView';
import Photos from '../points/Photos';
import { dateTime } from '../points/format';
import { queryValue } from '../points/routes';
import { useLoadedView } from '../../services/useAction';
import WishActions from './WishActions';
import WishTimeline from './WishTimeline';
import { beneficiaryName, neededByText } from './format';
import '../requests/requests.scss';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Text className='rq-facts__line'>
      <Text className='rq-facts__label'>{label}</Text>
      {children}
    </Text>
  );
}

/** Photos, with staff's marks on the ones WeChat held or refused (shown to staff alone). */
function CheckedPhotos({ view, fileIDs }: { view: WishView; fileIDs: string[] }) {
  const marked = fileIDs.flatMap((id, i) => {
    const m = view.photoMarks.find((x) => x.fileId === id);
    return m ? [`第 ${i + 1} 张：${PHOTO_MARK_LABELS[m.mark]}`] : [];
  });
  return (
    <>
      <Photos fileIDs={fileIDs} />
      {marked.length > 0 && <View className='muted'>{marked.join('；')}（只有工作人员能看到）</View>}
    </>
  );
}

function Detail({ view, onView }: { view: WishView; onView: (v: WishView) => void }) {
  const flag = view.flag === 'chased' ? `${WISH_FLAG_LABELS.chased} ${view.chases} 次` : view.flag ? WISH_FLAG_LABELS[view.flag] : null;
  return (
    <>
      <Section title={view.category}>
        <View>
          <Text className={view.status === 'confirmed' ? 'tag tag--grey' : 'tag tag--solid'}>{view.statusLabel}</Text>
          {flag && <Text className='tag'>{flag}</Text>}
          {view.moderation !== 'pass' && <Text className='tag'>{view.moderation === 'review' ? '内容待审核' : `内容${MODERATION_LABELS.rejected}`}</Text>}
        </View>
        <View className='rq-row__text'>{view.text}</View>
        <CheckedPhotos view={view} fileIDs={view.photos} />
        {view.photosUnderReview > 0 && <View className='muted'>{view.photosUnderReview} 张照片审核中</View>}
        <View className='rq-facts'>
          <Fact label='受助人'>{view.beneficiaryDetail ? beneficiaryName(view.beneficiaryDetail) : view.beneficiary}</Fact>
          {view.beneficiaryDetail && <Fact label='住址'>{view.beneficiaryDetail.householdLabel}</Fact>}
          <Fact label='小区'>{view.compoundName}</Fact>
          <Fact label='时间'>{neededByText(view.neededBy)}</Fact>
          {view.poster && <Fact label={view.proxy ? '代发人' : '发布人'}>{view.poster}</Fact>}
          {!view.poster && view.proxy && <Fact label='发布'>网格员代为发布</Fact>}
          <Fact label='发布时间'>{dateTime(view.postedAt)}</Fact>
          {view.claimer && <Fact label='认领人'>{view.claimer.name}</Fact>}
          {view.status === 'confirmed' && <Fact label='积分'>{view.awarded ? '认领人的积分已记入' : '积分正在记入'}</Fact>}
        </View>
        {view.viewer === 'poster' && view.moderation === 'review' && <View className='muted'>内容正在审核，通过后会出现在心愿墙上</View>}
      </Section>
      {view.fulfilment && (
        <Section title='完成情况'>
          <View className='rq-facts'>
            <Fact label='登记时间'>{dateTime(view.fulfilment.at)}</Fact>
            {view.fulfilment.note && <Fact label='说明'>{view.fulfilment.note}</Fact>}
          </View>
          <CheckedPhotos view={view} fileIDs={view.fulfilment.photos} />
        </Section>
      )}
      <WishActions view={view} onView={onView} />
      <Section title='心愿进度'>
        <WishTimeline steps={view.timeline} />
      </Section>
    </>
  );
}

/** The page: the wish named by `?id=`. */
export default function WishDetail() {
  const wishId = queryValue(Taro.getCurrentInstance().router?.params.id) ?? '';
  const { state, reload, latest, setLatest } = useLoadedView('wishes.get', { wishId });

  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={() => void reload()} />;
  return (
    <Page>
      <Detail view={latest ?? state.data} onView={setLatest} />
    </Page>
  );
}

/** A points claim: the item, date, note, status (待审核/已通过/已驳回) and the reviewer's reason. */
import type { ReactNode } from 'react';
import { View, Text } from '@tarojs/components';
import type { ClaimView } from '@core/contracts/points';
import { CLAIM_STATUS_LABELS } from '@core/labels/points';
import { dateTime } from './format';
import Photos from './Photos';
import './points.scss';

export const CLAIM_STATUS: Record<ClaimView['status'], { label: string; className: string }> = {
  pending: { label: CLAIM_STATUS_LABELS.pending, className: 'tag' },
  approved: { label: CLAIM_STATUS_LABELS.approved, className: 'tag tag--solid' },
  rejected: { label: CLAIM_STATUS_LABELS.rejected, className: 'tag tag--grey' },
};

interface Props {
  claim: ClaimView;
  /** show who filed it and the photos (a reviewer's view) */
  full?: boolean;
  children?: ReactNode;
}

export default function ClaimItem({ claim: c, full, children }: Props) {
  const status = CLAIM_STATUS[c.status];
  return (
    <View className='pt-claim'>
      <View>
        <Text className={status.className}>{status.label}</Text>
        <Text className='pt-entry__title'>
          {full && `${c.person.name} · `}
          {c.item.name}
        </Text>
        <Text className='pt-choice__points'> {c.item.points} 分</Text>
      </View>
      <View className='pt-entry__meta'>
        服务日期 {c.date} · 提交于 {dateTime(c.createdAt)}
      </View>
      {c.note && <View className='pt-entry__reason'>说明：{c.note}</View>}
      {full && <Photos fileIDs={c.photos} />}
      {c.review && c.status === 'rejected' && <View className='pt-field__error'>驳回理由：{c.review.reason ?? '未填写'}</View>}
      {c.review && c.status === 'approved' && (
        <View className='pt-entry__meta'>
          {c.review.by.name} 于 {dateTime(c.review.at)} 审核通过
        </View>
      )}
      {children}
    </View>
  );
}

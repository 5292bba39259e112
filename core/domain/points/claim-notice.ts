/**
 * The subscribe message (订阅消息) a leader gets when their claim is reviewed. The template chosen in
 * 微信公众平台 must have these keywords (e.g. 「审核结果通知」): 申报事项 thing1, 审核结果 phrase2,
 * 说明 thing3, 审核时间 time4. Values are cut to WeChat's limits (thing ≤ 20 characters, phrase ≤ 5).
 */
import { minuteOf } from './periods';

export const CLAIM_PAGE = 'packages/leader/pages/claim/index';

/** At most `max` characters (not UTF-16 units), with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

export function claimResultData(review: {
  itemName: string;
  points: number;
  decision: 'approve' | 'reject';
  reason: string | null;
  at: string;
}): Record<string, string> {
  const note = review.decision === 'approve' ? `已记 ${review.points} 分${review.reason ? `：${review.reason}` : ''}` : `驳回理由：${review.reason ?? '无'}`;
  return {
    thing1: clip(review.itemName, 20),
    phrase2: review.decision === 'approve' ? '已通过' : '未通过',
    thing3: clip(note, 20),
    time4: minuteOf(review.at),
  };
}

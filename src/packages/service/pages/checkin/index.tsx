/** Placeholder until its page is built (this session). */
import StatusView from '../../../../components/StatusView';

export default function Placeholder() {
  return <StatusView kind='empty' text='活动签到：建设中' />;
}

/** Placeholder until its page is built (this session). */
import StatusView from '../../../../components/StatusView';

export default function Placeholder() {
  return <StatusView kind='empty' text='社区公告：建设中' />;
}

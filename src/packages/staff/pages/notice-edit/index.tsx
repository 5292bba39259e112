/** Placeholder until its page is built (this session). */
import StatusView from '../../../../components/StatusView';

export default function Placeholder() {
  return <StatusView kind='empty' text='编辑公告：建设中' />;
}

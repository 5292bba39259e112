/**
 * 工单详情 for handlers and staff: the reporter (拨打 reveals the number, logged), the steps, and
 * accept, progress, resolve, 吹哨, 会商 — for staff also 改派 and 合并 — as the request allows.
 */
import RequestDetail from '../../../../components/requests/RequestDetail';
import { PAGES } from '../../../../routes';

export default function WorkOrder() {
  return <RequestDetail detailPath={PAGES.workOrder} />;
}

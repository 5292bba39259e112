/** 报事详情 for the reporter: status, deadlines, steps; rate, reopen or withdraw when they may. */
import RequestDetail from '../../../../components/requests/RequestDetail';
import { PAGES } from '../../../../routes';

export default function MyRequest() {
  return <RequestDetail detailPath={PAGES.myRequest} />;
}

/** 微心愿详情 (?id=): also where the chase message opens. */
import WishDetail from '../../../../components/wishes/WishDetail';

export default function Wish() {
  return <WishDetail />;
}

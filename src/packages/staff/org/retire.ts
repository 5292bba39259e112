/** 停用 a node after the person confirms; the server says why when something still hangs on it. */
import Taro from '@tarojs/taro';
import { ORG_NODE_LABELS, type OrgNodeKind } from '@core/labels/org-admin';
import { newKey } from '../../../components/points/keys';
import { toast } from '../../../components/points/toast';
import { call } from '../../../services';

export async function retireNode(communityId: string, kind: OrgNodeKind, node: { id: string; rev?: number }, name: string): Promise<boolean> {
  const { confirm } = await Taro.showModal({
    title: `停用${ORG_NODE_LABELS[kind]}`,
    content: `停用后「${name}」不再出现在公示牌和选择列表里，历史记录仍然保留。确定停用吗？`,
    confirmText: '停用',
    confirmColor: '#c8161d',
  });
  if (!confirm) return false;
  const res = await call('org.node.retire', { idempotencyKey: newKey('retire'), communityId, kind, id: node.id, rev: node.rev });
  if (!res.ok) {
    await Taro.showModal({ title: '暂时不能停用', content: res.error.message, showCancel: false, confirmText: '知道了' });
    return false;
  }
  toast('已停用', true);
  return true;
}

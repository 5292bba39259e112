/**
 * 组织架构变更记录 (staff): who changed what in the org tree, newest first, 20 at a time (by cursor);
 * a row opens what changed, before → after. `?nodeId=` shows one node's changes. Exports to .xlsx.
 */
import { useCallback, useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import type { AuditEntry } from '@core/contracts/org-admin';
import Page from '../../../../components/Page';
import Section from '../../../../components/Section';
import StatusView from '../../../../components/StatusView';
import MoreButton from '../../../../components/points/MoreButton';
import { dateTime } from '../../../../components/points/format';
import { openExport } from '../../../../components/points/openExport';
import { queryValue } from '../../../../components/points/routes';
import { toast } from '../../../../components/points/toast';
import { call, type AppErrorBody } from '../../../../services';
import '../../../../components/points/points.scss';

/** what a stored field is called, for the fields a person edits */
const FIELDS: Record<string, string> = {
  name: '名称', label: '门牌', type: '类型', propertyMode: '物业管理方式', sanwu: '三无小区', address: '地址', propertyCompany: '物业公司',
  order: '排序', units: '单元', compoundId: '所属小区', buildingId: '楼栋', unitId: '单元', level: '层级', parentId: '上级网格',
  buildingIds: '覆盖楼栋', formation: '组建方式', compoundIds: '覆盖小区', branchId: '所属支部', householdIds: '联系户', leaderId: '队长',
  memberIds: '队员', services: '服务内容', kind: '类别', retiredAt: '停用时间', done: '已具备', text: '说明', photos: '照片',
};

function shown(v: unknown): string {
  if (v === null || v === undefined) return '无';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (Array.isArray(v)) return v.every((x) => typeof x === 'string') ? (v.length > 3 ? `${v.length} 项` : v.join('、') || '无') : `${v.length} 项`;
  if (typeof v === 'object') return Object.values(v as Record<string, unknown>).map(shown).join(' ');
  return String(v);
}

/** `字段：前 → 后` for each edited field that differs */
function changes(before: unknown, after: unknown): string[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  return Object.keys(FIELDS)
    .filter((k) => (k in a || k in b) && JSON.stringify(a[k]) !== JSON.stringify(b[k]))
    .map((k) => `${FIELDS[k]}：${before === null ? '' : `${shown(b[k])} → `}${shown(a[k])}`);
}

type State = { status: 'loading' } | { status: 'error'; error: AppErrorBody } | { status: 'ok'; rows: AuditEntry[]; next: string | null; loadingMore: boolean };

export default function Audit() {
  const nodeId = queryValue(useRouter().params.nodeId);
  const [state, setState] = useState<State>({ status: 'loading' });
  const [open, setOpen] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);

  const first = useCallback(async () => {
    const res = await call('org.audit.list', nodeId ? { nodeId } : {});
    setState(res.ok ? { status: 'ok', rows: res.data.entries, next: res.data.nextCursor, loadingMore: false } : { status: 'error', error: res.error });
  }, [nodeId]);
  useEffect(() => void first(), [first]);
  usePullDownRefresh(() => void first().finally(() => Taro.stopPullDownRefresh()));

  async function more() {
    if (state.status !== 'ok' || !state.next) return;
    setState({ ...state, loadingMore: true });
    const res = await call('org.audit.list', { cursor: state.next, ...(nodeId ? { nodeId } : {}) });
    if (!res.ok) {
      setState({ ...state, loadingMore: false });
      return toast(res.error.message);
    }
    setState({ status: 'ok', rows: [...state.rows, ...res.data.entries], next: res.data.nextCursor, loadingMore: false });
  }

  async function exportAll() {
    setExporting(true);
    const res = await call('org.audit.export', nodeId ? { nodeId } : {});
    setExporting(false);
    if (!res.ok) return toast(res.error.message);
    await openExport(res.data);
  }

  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={() => void first()} />;
  return (
    <Page>
      <Section title={nodeId && state.rows[0] ? `「${state.rows[0].target.label}」的变更` : '全部变更'}>
        <View className='pt-actions'>
          <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={exporting ? undefined : () => void exportAll()}>
            {exporting ? '正在导出…' : '导出 Excel'}
          </View>
        </View>
        {state.rows.length === 0 && <View className='muted'>还没有变更记录</View>}
        {state.rows.map((e) => (
          <View key={e.id} className='pt-entry' role='button' aria-expanded={open === e.id} onClick={() => setOpen(open === e.id ? null : e.id)}>
            <View className='pt-entry__main'>
              <Text className='pt-entry__title'>{e.summary}</Text>
              <View className='pt-entry__meta'>
                {dateTime(e.at)} · {e.actor.name}
              </View>
              {open === e.id && changes(e.before, e.after).map((line) => (
                <View key={line} className='pt-entry__reason'>
                  {line}
                </View>
              ))}
            </View>
          </View>
        ))}
        {state.rows.length > 0 && <MoreButton hasMore={state.next !== null} loading={state.loadingMore} onMore={() => void more()} />}
      </Section>
    </Page>
  );
}

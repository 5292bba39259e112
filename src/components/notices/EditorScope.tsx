/**
 * Who a notice is for: 全社区, or chosen 小区, 网格 (a compound first, then its grids), 服务队 or
 * 身份 (e.g. every 红色近邻长). Choices come from the org actions staff already use (org.compounds,
 * org.tree); the first 20 of each are offered.
 */
import { Picker, Text, View } from '@tarojs/components';
import type { NoticeScope } from '@core/contracts/notices';
import { ROLE_CODES, ROLE_LABELS, type RoleCode } from '@core/labels/org';
import { useState } from 'react';
import Tabs from '../points/Tabs';
import { useAction } from '../../services/useAction';
import './editor.scss';

type Kind = NoticeScope['kind'];
const KINDS: { value: Kind; label: string }[] = [
  { value: 'community', label: '全社区' },
  { value: 'compounds', label: '小区' },
  { value: 'grids', label: '网格' },
  { value: 'teams', label: '服务队' },
  { value: 'roles', label: '身份' },
];

const emptyScope = (kind: Kind): NoticeScope => (kind === 'community' ? { kind } : kind === 'roles' ? { kind, roles: [] } : { kind, ids: [] });

interface Option {
  id: string;
  name: string;
}

function Choices({ what, options, chosen, onToggle }: { what: string; options: Option[]; chosen: string[]; onToggle: (id: string) => void }) {
  if (!options.length) return <Text className='pt-field__hint'>还没有可选的{what}</Text>;
  return (
    <View>
      {options.map((o) => {
        const on = chosen.includes(o.id);
        return (
          <View key={o.id} className={`pt-choice${on ? ' pt-choice--on' : ''}`} role='button' aria-pressed={on} aria-label={`${what}：${o.name}${on ? '，已选' : ''}`} onClick={() => onToggle(o.id)}>
            <View className='pt-choice__body'>
              <Text className='pt-choice__name'>
                {on ? '✓ ' : ''}
                {o.name}
              </Text>
            </View>
          </View>
        );
      })}
    </View>
  );
}

const toggled = (ids: string[], id: string) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]);

function CompoundChoices({ ids, onChange }: { ids: string[]; onChange: (ids: string[]) => void }) {
  const compounds = useAction('org.compounds', { pageSize: 20 });
  if (compounds.state.status !== 'ok') return <Text className='pt-field__hint'>{compounds.state.status === 'loading' ? '正在读取小区…' : compounds.state.error.message}</Text>;
  return <Choices what='小区' options={compounds.state.data.compounds} chosen={ids} onToggle={(id) => onChange(toggled(ids, id))} />;
}

function GridChoices({ ids, onChange }: { ids: string[]; onChange: (ids: string[]) => void }) {
  const compounds = useAction('org.compounds', { pageSize: 20 });
  const [compoundId, setCompoundId] = useState<string | null>(null);
  const list = compounds.state.status === 'ok' ? compounds.state.data.compounds : [];
  const compound = list.find((c) => c.id === compoundId);
  return (
    <View>
      <Picker mode='selector' range={list.map((c) => c.name)} onChange={(e) => setCompoundId(list[Number(e.detail.value)]?.id ?? null)}>
        <View className='pt-picker' role='button' aria-label={`网格所在小区：${compound?.name ?? '请选择'}，点按选择`}>
          {compound?.name ?? '先选择小区'} ▾
        </View>
      </Picker>
      {ids.length > 0 && <Text className='pt-field__hint'>已选 {ids.length} 个网格（可以在几个小区里选）</Text>}
      {compoundId && <CompoundGrids compoundId={compoundId} ids={ids} onChange={onChange} />}
    </View>
  );
}

function CompoundGrids({ compoundId, ids, onChange }: { compoundId: string; ids: string[]; onChange: (ids: string[]) => void }) {
  const grids = useAction('org.tree', { section: 'grids', compoundId });
  if (grids.state.status !== 'ok') return <Text className='pt-field__hint'>{grids.state.status === 'loading' ? '正在读取网格…' : grids.state.error.message}</Text>;
  const rows = grids.state.data.section === 'grids' ? grids.state.data.rows : [];
  return <Choices what='网格' options={rows} chosen={ids} onToggle={(id) => onChange(toggled(ids, id))} />;
}

function TeamChoices({ communityId, ids, onChange }: { communityId: string; ids: string[]; onChange: (ids: string[]) => void }) {
  const teams = useAction('org.tree', { section: 'teams', communityId });
  if (teams.state.status !== 'ok') return <Text className='pt-field__hint'>{teams.state.status === 'loading' ? '正在读取服务队…' : teams.state.error.message}</Text>;
  const rows = teams.state.data.section === 'teams' ? teams.state.data.rows : [];
  return <Choices what='服务队' options={rows} chosen={ids} onToggle={(id) => onChange(toggled(ids, id))} />;
}

const ROLE_OPTIONS = ROLE_CODES.map((r) => ({ id: r, name: ROLE_LABELS[r] }));

export default function EditorScope({ communityId, value, onChange }: { communityId: string; value: NoticeScope; onChange: (scope: NoticeScope) => void }) {
  return (
    <View>
      <Tabs options={KINDS} value={value.kind} onChange={(kind) => onChange(emptyScope(kind))} />
      {value.kind === 'community' && <Text className='pt-field__hint'>社区里所有居民和工作人员都能看到</Text>}
      {value.kind === 'compounds' && <CompoundChoices ids={value.ids} onChange={(ids) => onChange({ kind: 'compounds', ids })} />}
      {value.kind === 'grids' && <GridChoices ids={value.ids} onChange={(ids) => onChange({ kind: 'grids', ids })} />}
      {value.kind === 'teams' && <TeamChoices communityId={communityId} ids={value.ids} onChange={(ids) => onChange({ kind: 'teams', ids })} />}
      {value.kind === 'roles' && (
        <Choices what='身份' options={ROLE_OPTIONS} chosen={value.roles} onToggle={(id) => onChange({ kind: 'roles', roles: toggled(value.roles, id) as RoleCode[] })} />
      )}
    </View>
  );
}

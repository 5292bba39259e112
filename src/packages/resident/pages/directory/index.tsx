/**
 * 我的小区 · 公示牌: who serves this compound — branch and secretary, grids and workers, each
 * building's Red Neighbor Leaders, heads and central households, volunteer teams, partner units.
 * `?compoundId=` shows another compound's board (staff); without it, the viewer's own.
 */
import { View, Text } from '@tarojs/components';
import { useRouter, useShareAppMessage } from '@tarojs/taro';
import type { Contact, DirectoryView } from '@core/contracts/org';
import Page from '../../../../components/Page';
import ContactRow from '../../../../components/ContactRow';
import Section from '../../../../components/Section';
import StatusView from '../../../../components/StatusView';
import { callContact } from '../../../../services/phone';
import { useAction } from '../../../../services/useAction';
import { PAGES } from '../../../../routes';
import './index.scss';

type Building = DirectoryView['buildings'][number];

function BuildingSection({ building, mine, onCall }: { building: Building; mine: boolean; onCall?: (c: Contact) => void }) {
  const b = building;
  return (
    <Section title={b.name} highlight={mine} extra={mine ? <Text className='tag tag--solid'>我住这栋</Text> : undefined}>
      {b.gridName && <View className='muted'>所属网格：{b.gridName}</View>}
      <Contacts label='红色近邻长' list={b.leaders} onCall={onCall} />
      <Contacts label='楼栋长' list={b.heads} onCall={onCall} />
      <Contacts label='党员中心户' list={b.centralHouseholds} onCall={onCall} />
      {b.leaders.length + b.heads.length + b.centralHouseholds.length === 0 && <View className='muted'>暂无公示联系人</View>}
    </Section>
  );
}

function Contacts({ label, list, onCall }: { label: string; list: Contact[]; onCall?: (c: Contact) => void }) {
  if (list.length === 0) return null;
  return (
    <View className='dir__group'>
      <Text className='dir__label'>{label}</Text>
      {list.map((c) => (
        <ContactRow key={c.personId} contact={c} onCall={onCall} hideTitle={c.title === label} />
      ))}
    </View>
  );
}

export default function Directory() {
  const { compoundId } = useRouter().params;
  const { state, reload } = useAction('org.directory', compoundId ? { compoundId } : {});

  useShareAppMessage(() => {
    const name = state.status === 'ok' ? state.data.compound.name : '我的小区';
    const id = state.status === 'ok' ? state.data.compound.id : compoundId;
    return { title: `${name}公示牌：有事找得到人`, path: id ? `${PAGES.directory}?compoundId=${id}` : PAGES.directory };
  });

  if (state.status === 'loading') return <StatusView kind='loading' text='正在打开公示牌…' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={reload} />;

  const d = state.data;
  const onCall = d.canCall ? (c: Contact) => void callContact(d.compound.id, c.personId) : undefined;
  const { compound, branch } = d;
  const myBuilding = d.buildings.find((b) => b.id === d.myBuildingId);

  return (
    <Page className='dir'>
      <View className='card dir__head'>
        <Text className='title'>{compound.name}</Text>
        <View className='dir__tags'>
          <Text className='tag tag--solid'>{compound.type}</Text>
          <Text className='tag'>{compound.propertyMode}</Text>
          {compound.sanwu && <Text className='tag tag--grey'>三无小区</Text>}
        </View>
        <View className='muted'>
          {[d.community.name, compound.address].filter(Boolean).join(' · ')}
        </View>
        {compound.propertyCompany ? (
          <View className='dir__property'>
            <View>物业：{compound.propertyCompany.name}</View>
            {compound.propertyCompany.maskedPhone && <View>物业电话：{compound.propertyCompany.maskedPhone}</View>}
          </View>
        ) : (
          <View className='dir__property'>本小区没有物业公司，由{compound.propertyMode === '社区托底' ? '社区兜底服务' : '业主自行管理'}</View>
        )}
      </View>

      {/* the viewer's own building first: the people they are most likely to need */}
      {myBuilding && <BuildingSection building={myBuilding} mine onCall={onCall} />}

      <Section title='小区党支部'>
        {branch ? (
          <>
            <View className='subtitle'>{branch.name}</View>
            <View className='muted'>
              {branch.formation}
              {branch.compoundNames.length > 1 && `：${branch.compoundNames.join('、')}`}
            </View>
            {branch.secretary && <ContactRow contact={branch.secretary} onCall={onCall} />}
          </>
        ) : (
          <View className='muted'>党支部正在组建中，有事可先联系网格员。</View>
        )}
      </Section>

      <Section title='网格'>
        {d.grids.length === 0 ? (
          <View className='muted'>暂未划分网格</View>
        ) : (
          d.grids.map((g) => (
            <View className='dir__grid' key={g.id}>
              <View className='subtitle'>
                {g.name}
                <Text className='tag tag--grey dir__level'>{g.level === 'big' ? '大网格' : '微网格'}</Text>
              </View>
              {g.parentName && <View className='muted'>属于{g.parentName}</View>}
              {g.buildingNames.length > 0 && <View className='muted'>负责：{g.buildingNames.join('、')}</View>}
              <Contacts label='网格员' list={g.workers} onCall={onCall} />
            </View>
          ))
        )}
      </Section>

      {d.buildings
        .filter((b) => b.id !== d.myBuildingId)
        .map((b) => (
          <BuildingSection key={b.id} building={b} mine={false} onCall={onCall} />
        ))}

      {d.teams.length > 0 && (
        <Section title='志愿服务队'>
          {d.teams.map((t) => (
            <View className='dir__grid' key={t.id}>
              <View className='subtitle'>
                {t.name}
                <Text className='tag dir__level'>{t.type}</Text>
              </View>
              {t.services.length > 0 && <View className='muted'>服务：{t.services.join('、')}</View>}
              {t.leader && <ContactRow contact={t.leader} onCall={onCall} />}
            </View>
          ))}
        </Section>
      )}

      {d.partners.length > 0 && (
        <Section title='包联单位'>
          {d.partners.map((p) => (
            <View className='dir__partner' key={p.id}>
              <Text className='subtitle'>{p.name}</Text>
              <Text className='muted dir__kind'>{p.kind}</Text>
            </View>
          ))}
        </Section>
      )}

      {!d.canCall && <View className='muted dir__note'>绑定为本小区居民后，可以直接拨打电话。</View>}
    </Page>
  );
}

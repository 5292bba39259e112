/** 支部“五有”情况 (staff): per item, how many of the community's branches have it and which lack it; a branch opens its checklist. */
import { View, Text } from '@tarojs/components';
import { WUYOU_LABELS, type WuyouItem } from '@core/labels/org-admin';
import Page from '../../../../components/Page';
import Section from '../../../../components/Section';
import StatusView from '../../../../components/StatusView';
import { useAction } from '../../../../services/useAction';
import { openWith } from '../../../../routes';
import '../../../../components/points/points.scss';

export default function WuyouCoverage() {
  const { state, reload } = useAction('org.wuyou.coverage', {});
  if (state.status === 'loading') return <StatusView kind='loading' />;
  if (state.status === 'error') return <StatusView kind='error' error={state.error} onRetry={reload} />;
  const { branchCount, items } = state.data;
  if (branchCount === 0) return <StatusView kind='empty' text='社区里还没有党支部' hint='先在“组织架构”里新建支部' />;
  return (
    <Page>
      <Section title={`共 ${branchCount} 个支部`}>
        <View className='muted'>五有由各支部书记填写，点支部名称可查看它的五有情况。</View>
      </Section>
      {items.map((item) => (
        <Section
          key={item.key}
          title={WUYOU_LABELS[item.key as WuyouItem]}
          extra={<Text className={item.done === branchCount ? 'tag tag--solid' : 'tag'}>{item.done}/{branchCount} 个支部已具备</Text>}
        >
          {item.missing.length === 0 ? (
            <View className='muted'>全部支部都已具备</View>
          ) : (
            <>
              <View className='muted'>尚未具备：</View>
              {item.missing.map((b) => (
                <View key={b.id} className='entry' role='button' hoverClass='entry--pressed' onClick={() => openWith('wuyou', { branchId: b.id })}>
                  <View className='entry__body'>
                    <Text className='entry__title'>{b.name}</Text>
                  </View>
                  <Text className='entry__arrow' aria-hidden='true'>
                    ›
                  </Text>
                </View>
              ))}
            </>
          )}
        </Section>
      ))}
    </Page>
  );
}

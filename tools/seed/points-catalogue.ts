/**
 * The demo rules catalogue: 7 categories × 5 items (the "7类35项服务清单" of 泉港区's 智汇邻里·红色积分),
 * with items taken from what the seeds' leaders actually do: policy publicity and 双报到, mediation
 * and 板凳议事会, patrols of fire lanes and 飞线充电, clearing 菜园 and corridors, visiting lone elders
 * and 微心愿, civility persuasion and the property 红黑榜, volunteering and 回家日.
 */
import type { Approver, RuleCap, RuleCategory, RuleItem } from '../../core/contracts/points';
import { GENESIS_HASH } from '../../core/domain/points/canonical';
import type { BookDoc } from '../../core/domain/points/model';
import { DEFAULT_GRADING } from '../../core/domain/points/ranking';

export const CATEGORIES: RuleCategory[] = [
  { code: 'ZC', name: '政策宣传', order: 1 },
  { code: 'TJ', name: '矛盾调解', order: 2 },
  { code: 'XC', name: '安全巡查', order: 3 },
  { code: 'HJ', name: '环境整治', order: 4 },
  { code: 'BF', name: '爱心帮扶', order: 5 },
  { code: 'DD', name: '文明督导', order: 6 },
  { code: 'ZY', name: '志愿服务', order: 7 },
];

const m = (count?: number, points?: number): RuleCap => ({ period: 'month', ...(count ? { count } : {}), ...(points ? { points } : {}) });
const q = (count: number): RuleCap => ({ period: 'quarter', count });
const y = (count: number): RuleCap => ({ period: 'year', count });

type Spec = [code: string, name: string, points: number, cap: RuleCap | null, evidence: boolean, approver: Approver];

const SPECS: Spec[] = [
  ['ZC01', '入户宣传政策法规', 5, m(4), true, 'secretary'],
  ['ZC02', '组织政策宣讲或微党课', 10, m(2), true, 'staff'],
  ['ZC03', '在楼栋群转发解读社区通知', 2, m(10, 20), false, 'secretary'],
  ['ZC04', '反诈与法律知识宣传', 5, m(4), true, 'secretary'],
  ['ZC05', '动员在职党员到小区报到', 5, m(3), false, 'secretary'],
  ['TJ01', '调解邻里纠纷', 8, m(5), false, 'secretary'],
  ['TJ02', '协调物业服务矛盾', 10, m(3), false, 'secretary'],
  ['TJ03', '参加板凳议事会协商', 5, m(4), true, 'secretary'],
  ['TJ04', '化解重大矛盾纠纷（社区确认）', 20, q(3), true, 'staff'],
  ['TJ05', '排查上报矛盾隐患', 3, m(6), false, 'secretary'],
  ['XC01', '巡查楼道消防通道', 3, m(8), true, 'secretary'],
  ['XC02', '劝导电动车飞线充电', 5, m(6), true, 'secretary'],
  ['XC03', '排查高空抛物隐患', 3, m(4), true, 'secretary'],
  ['XC04', '防汛与应急值守', 10, q(4), true, 'staff'],
  ['XC05', '上报安全隐患（经核实）', 5, m(6), true, 'secretary'],
  ['HJ01', '清理楼道堆放杂物', 3, m(8), true, 'secretary'],
  ['HJ02', '清理毁绿种菜', 5, m(4), true, 'secretary'],
  ['HJ03', '垃圾分类督导值守', 3, m(10), true, 'secretary'],
  ['HJ04', '清除小广告', 2, m(10, 20), true, 'secretary'],
  ['HJ05', '组织环境卫生集中整治', 10, m(2), true, 'staff'],
  ['BF01', '走访慰问独居空巢老人', 5, m(8), true, 'secretary'],
  ['BF02', '认领并完成微心愿', 10, null, false, 'staff'],
  ['BF03', '帮办代办便民事项', 3, m(10), false, 'secretary'],
  ['BF04', '结对帮扶困难家庭', 10, q(3), true, 'staff'],
  ['BF05', '敲门问需收集诉求', 2, m(10), false, 'secretary'],
  ['DD01', '劝导不文明养犬', 2, m(10), false, 'secretary'],
  ['DD02', '劝导文明停车', 2, m(10), false, 'secretary'],
  ['DD03', '参与物业红黑榜评议', 5, m(1), false, 'staff'],
  ['DD04', '宣传移风易俗文明新风', 5, m(4), true, 'secretary'],
  ['DD05', '推荐身边好人与模范党员', 5, y(2), false, 'staff'],
  ['ZY01', '参加社区志愿服务活动', 5, m(8), false, 'staff'],
  ['ZY02', '参加主题党日', 3, m(4), false, 'secretary'],
  ['ZY03', '办结居民诉求（居民确认）', 5, null, false, 'staff'],
  ['ZY04', '协助健康义诊与便民服务', 5, m(4), true, 'secretary'],
  ['ZY05', '在职党员回家日服务', 5, m(2), true, 'secretary'],
];

export function catalogueItems(now: Date): RuleItem[] {
  return SPECS.map(([code, name, points, cap, evidenceRequired, approver]) => ({
    code,
    categoryCode: code.slice(0, 2),
    name,
    points,
    cap,
    evidenceRequired,
    approver,
    active: true,
    version: 1,
    updatedAt: now.toISOString(),
  }));
}

/** A community's empty book: the catalogue, default grading and the chain's genesis. */
export function newBook(communityId: string, now: Date): BookDoc {
  return {
    _id: communityId,
    communityId,
    categories: CATEGORIES,
    items: catalogueItems(now),
    grading: DEFAULT_GRADING,
    head: { seq: 0, hash: GENESIS_HASH },
    issued: 0,
    ops: {},
    updatedAt: now.toISOString(),
  };
}

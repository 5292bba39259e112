import { DEFAULT_CATEGORIES, limitsOf, REQUEST_CATEGORY_CODES, URGENCIES } from '../../core/domain/requests/categories';
import { dueAt } from '../../core/domain/requests/deadlines';

describe('request categories', () => {
  it('are the ten categories the seeds name, in their order', () => {
    expect(DEFAULT_CATEGORIES.map((c) => c.name)).toEqual(['物业服务', '环境卫生', '停车', '电动车充电/飞线充电', '高空抛物', '邻里纠纷', '设施维修', '安全隐患', '政策咨询', '其他']);
    expect(DEFAULT_CATEGORIES.map((c) => c.code)).toEqual([...REQUEST_CATEGORY_CODES]);
  });

  it('give every category and urgency limits a deadline can be computed from, urgent ones in hours', () => {
    const start = new Date('2026-11-02T02:00:00Z');
    for (const c of DEFAULT_CATEGORIES) {
      for (const u of URGENCIES) {
        const { response, resolution } = limitsOf(DEFAULT_CATEGORIES, c.code, u);
        expect(u === 'urgent' ? 'hours' in response && 'hours' in resolution : 'workingDays' in response && 'workingDays' in resolution).toBe(true);
        // responding never takes longer than resolving
        expect(dueAt(start, response).at.getTime()).toBeLessThanOrEqual(dueAt(start, resolution).at.getTime());
      }
    }
  });

  it('refuses an unknown category', () => {
    expect(() => limitsOf(DEFAULT_CATEGORIES, 'nope' as never, 'normal')).toThrow(/unknown request category/);
  });
});

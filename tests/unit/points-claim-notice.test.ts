import { claimResultData, clip } from '../../core/domain/points/claim-notice';

describe('the claim result notice', () => {
  it('fits WeChat limits: thing ≤ 20 characters, phrase ≤ 5, time on the Shanghai clock', () => {
    const data = claimResultData({
      itemName: '参加社区组织的老旧小区加装电梯协调议事会并形成书面意见',
      points: 8,
      decision: 'approve',
      reason: '材料齐全，感谢对邻里事务的热心付出',
      at: '2026-11-22T02:05:00.000Z',
    });
    expect([...data.thing1]).toHaveLength(20);
    expect(data.thing1.endsWith('…')).toBe(true);
    expect(data.phrase2).toBe('已通过');
    expect([...data.thing3].length).toBeLessThanOrEqual(20);
    expect(data.thing3.startsWith('已记 8 分：材料齐全')).toBe(true);
    expect(data.time4).toBe('2026-11-22 10:05');
  });

  it('a rejection carries its reason', () => {
    const data = claimResultData({ itemName: '义诊', points: 5, decision: 'reject', reason: '日期不对', at: '2026-11-22T16:30:00Z' });
    expect(data).toEqual({ thing1: '义诊', phrase2: '未通过', thing3: '驳回理由：日期不对', time4: '2026-11-23 00:30' });
  });

  it('clip counts characters, not UTF-16 units', () => {
    expect(clip('𠮷'.repeat(3), 3)).toBe('𠮷𠮷𠮷');
    expect(clip('𠮷'.repeat(4), 3)).toBe('𠮷𠮷…');
  });
});

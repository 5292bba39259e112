/** Wishes' dates as people read them. */

/** 2026-12-20 → 「希望 12月20日 前完成」 */
export function neededByText(neededBy: string): string {
  const [, m, d] = neededBy.split('-').map(Number);
  return `希望 ${m}月${d}日 前完成`;
}

/** 冯建平（独居老人）: the beneficiary as the poster, claimer and staff read them */
export const beneficiaryName = (b: { name: string; kind: string | null }) => `${b.name}${b.kind ? `（${b.kind}）` : ''}`;

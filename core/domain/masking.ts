/**
 * Masking of personal data shown to people other than its owner: phones on the 公示牌, names in
 * public lists of people who did not consent to show them.
 */

/** Two-character surnames common enough to keep whole when masking (欧阳娜娜 → 欧阳**). */
const COMPOUND_SURNAMES = new Set([
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '长孙', '宇文',
  '司徒', '夏侯', '轩辕', '端木', '独孤', '南宫', '西门', '钟离', '澹台', '万俟', '闻人', '赫连',
  '申屠', '太史', '仲孙', '呼延', '淳于', '单于', '公冶', '濮阳', '百里', '东郭', '左丘', '第五',
]);

/**
 * 13812341234 → 138****1234: the first three and last four digits of a mobile or long landline
 * number stay; shorter numbers keep only their last four. Separators and a +86 prefix are dropped.
 */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (digits.length > 4) return '*'.repeat(digits.length - 4) + digits.slice(-4);
  return '*'.repeat(digits.length);
}

/** 张三 → 张*, 王小明 → 王**, 欧阳娜娜 → 欧阳**. A one-character name is shown as it is. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return chars.join('');
  const head = chars.length > 2 && COMPOUND_SURNAMES.has(chars[0] + chars[1]) ? 2 : 1;
  return chars.slice(0, head).join('') + '*'.repeat(chars.length - head);
}

/** The name a public list may show: the real one only with the person's consent. */
export function publicName(name: string, consent: boolean): string {
  return consent ? name : maskName(name);
}

/**
 * What a spreadsheet cell says, read the way staff mean it: full-width digits and letters as
 * half-width (NFKC), surrounding spaces dropped; names compared without any spaces; a phone with
 * its separators and +86 prefix dropped.
 */

/** The cell's text as written, tidied: NFKC, trimmed, runs of spaces as one. */
export function cellText(value: string): string {
  return value.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

/** How two names are compared: 「和平 小区」 and 「和平小区」 are the same compound. */
export function nameKey(name: string): string {
  return cellText(name).replace(/\s/g, '');
}

/** 13812345678 from 「138 1234 5678」, 「138-1234-5678」 or 「+86 13812345678」; null when it is no mainland mobile number. */
export function mobileNumber(text: string): string | null {
  const digits = cellText(text).replace(/[\s()（）-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

/** 「3」 → 「3号楼」: a bare number names a building the way the boards write it. */
export function buildingName(text: string): string {
  const t = nameKey(text);
  return /^\d+$/.test(t) ? `${Number(t)}号楼` : t;
}

/** 「2」 → 「2单元」 */
export function unitName(text: string): string {
  const t = nameKey(text);
  return /^\d+$/.test(t) ? `${Number(t)}单元` : t;
}

/** A room number: letters, digits and 「-」, at most 10 characters. */
export function roomNumber(text: string): string | null {
  const t = nameKey(text).toUpperCase();
  return /^[0-9A-Z-]{1,10}$/.test(t) ? t : null;
}

/** A household's label as the boards show it: 3号楼2单元301. */
export const householdLabel = (building: string, unit: string, room: string) => `${building}${unit}${room}`;

/** Text cut for quoting back in a message. */
export function quote(text: string, max = 20): string {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
}

/** Splits a cell listing several names (「和平小区、红星小区」) into names; empty parts are dropped. */
export function nameList(text: string): string[] {
  return cellText(text)
    .split(/[、，,;；/]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

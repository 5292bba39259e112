/**
 * What staff can import from Excel and export to it, with their Chinese names. A plain module (no
 * zod): the import page takes its kinds and labels from here.
 */
export const IMPORT_KINDS = ['households', 'residents', 'partyMembers', 'partners'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_KIND_LABELS: Record<ImportKind, string> = {
  households: '楼栋房屋',
  residents: '住户名册',
  partyMembers: '党员名册',
  partners: '包联单位',
};

/** What each kind's file does, as the import page explains it. */
export const IMPORT_KIND_HINTS: Record<ImportKind, string> = {
  households: '小区里的楼栋、单元和房号；小区要先在组织架构里建好',
  residents: '每户住着谁（姓名、手机号）；名单上的居民绑定时核对一致就能直接通过',
  partyMembers: '党员的姓名、手机号、类别和所在支部，已绑定的党员会标上党员身份',
  partners: '包联单位的名称、类型和包联的小区',
};

export const EXPORT_KINDS = ['households', 'residents', 'partyMembers', 'partners', 'people'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const EXPORT_KIND_LABELS: Record<ExportKind, string> = {
  households: '住户清单（含名册人数）',
  residents: '住户名册',
  partyMembers: '党员名册',
  partners: '包联单位',
  people: '有职务的人员',
};

/** The folder an import file is uploaded to: the caller's own, like a claim's photos. */
export const importFolder = (personId: string) => `imports/${personId}`;

/** The action that exports each list. */
export const EXPORT_ACTIONS = {
  households: 'org.export.households',
  residents: 'org.export.residents',
  partyMembers: 'org.export.partyMembers',
  partners: 'org.export.partners',
  people: 'org.export.people',
} as const satisfies Record<ExportKind, string>;

/**
 * The stored documents of the org model, one zod schema per collection. Functions parse what they
 * read with these (ARCHITECTURE decision 3); the seed and the directory builder produce them.
 * Names and labels are denormalised where a read path needs them, so that an action stays within
 * its round-trip budget: a person carries their roles with scope labels, a compound has one
 * directory document holding its whole board.
 */
import { z } from 'zod';
import { idSchema } from '../contracts/common';
import { canonicalEncode, sha256Hex } from './points/canonical';
import {
  BRANCH_FORMATIONS,
  COMPOUND_TYPES,
  PROPERTY_MODES,
  TEAM_TYPES,
  directoryOutput,
  roleCode,
  roleScope,
} from '../contracts/org';

/** The org tree's collections (database/*.json); cloudfunctions/lib/collections.ts lists them with the rest. */
export const ORG_COLLECTIONS = {
  communities: 'communities',
  compounds: 'compounds',
  branches: 'branches',
  grids: 'grids',
  buildings: 'buildings',
  households: 'households',
  centralHouseholds: 'central_households',
  teams: 'teams',
  partners: 'partners',
  persons: 'persons',
} as const;

export const PARTY_CATEGORIES = ['居民党员', '在职党员', '离退休党员', '流动党员'] as const;

export const communityDoc = z.object({ _id: idSchema, name: z.string(), district: z.string() });
export type CommunityDoc = z.infer<typeof communityDoc>;

export const compoundDoc = z.object({
  _id: idSchema,
  communityId: idSchema,
  communityName: z.string(),
  name: z.string(),
  type: z.enum(COMPOUND_TYPES),
  propertyMode: z.enum(PROPERTY_MODES),
  sanwu: z.boolean(),
  address: z.string(),
  propertyCompany: z.object({ name: z.string(), phone: z.string().nullable() }).nullable(),
  branchId: idSchema.nullable(),
  /** kept by the org rebuild, so the compound list needs no count per compound */
  buildingCount: z.number().int(),
  /** optimistic concurrency: bumped by every write (lib/org-change.ts) */
  rev: z.number().int().default(0),
  /** retired nodes stay (history points at them); boards and pickers leave them out */
  retiredAt: z.string().nullable().default(null),
});
export type CompoundDoc = z.infer<typeof compoundDoc>;

export const branchDoc = z.object({
  _id: idSchema,
  communityId: idSchema,
  name: z.string(),
  formation: z.enum(BRANCH_FORMATIONS),
  compoundIds: z.array(idSchema),
  /** optimistic concurrency: bumped by every write (lib/org-change.ts) */
  rev: z.number().int().default(0),
  /** retired nodes stay (history points at them); boards and pickers leave them out */
  retiredAt: z.string().nullable().default(null),
});
export type BranchDoc = z.infer<typeof branchDoc>;

export const gridDoc = z.object({
  _id: idSchema,
  communityId: idSchema,
  compoundId: idSchema,
  name: z.string(),
  level: z.enum(['big', 'micro']),
  parentId: idSchema.nullable(),
  buildingIds: z.array(idSchema),
  /** optimistic concurrency: bumped by every write (lib/org-change.ts) */
  rev: z.number().int().default(0),
  /** retired nodes stay (history points at them); boards and pickers leave them out */
  retiredAt: z.string().nullable().default(null),
});
export type GridDoc = z.infer<typeof gridDoc>;

export const buildingDoc = z.object({
  _id: idSchema,
  communityId: idSchema,
  compoundId: idSchema,
  name: z.string(),
  /** display order within the compound */
  order: z.number().int(),
  /** a unit is retired in place (households keep pointing at it) */
  units: z.array(z.object({ id: idSchema, name: z.string(), retiredAt: z.string().nullable().default(null) })),
  /** optimistic concurrency: bumped by every write (lib/org-change.ts) */
  rev: z.number().int().default(0),
  /** retired nodes stay (history points at them); boards and pickers leave them out */
  retiredAt: z.string().nullable().default(null),
});
export type BuildingDoc = z.infer<typeof buildingDoc>;

export const householdDoc = z.object({
  _id: idSchema,
  communityId: idSchema,
  compoundId: idSchema,
  buildingId: idSchema,
  unitId: idSchema,
  /** e.g. 3号楼2单元301 */
  label: z.string(),
  /** optimistic concurrency: bumped by every write (lib/org-change.ts) */
  rev: z.number().int().default(0),
  /** retired nodes stay (history points at them); boards and pickers leave them out */
  retiredAt: z.string().nullable().default(null),
});
export type HouseholdDoc = z.infer<typeof householdDoc>;

/** 党员中心户: a party member's household linked to about ten neighbouring ones (十户联治). */
export const centralHouseholdDoc = z.object({
  _id: idSchema,
  communityId: idSchema,
  compoundId: idSchema,
  buildingId: idSchema,
  personId: idSchema,
  householdIds: z.array(idSchema),
  /** optimistic concurrency: bumped by every write (lib/org-change.ts) */
  rev: z.number().int().default(0),
  /** retired nodes stay (history points at them); boards and pickers leave them out */
  retiredAt: z.string().nullable().default(null),
});
export type CentralHouseholdDoc = z.infer<typeof centralHouseholdDoc>;

export const teamDoc = z.object({
  _id: idSchema,
  communityId: idSchema,
  /** owning branch; null: owned by the community */
  branchId: idSchema.nullable(),
  name: z.string(),
  type: z.enum(TEAM_TYPES),
  leaderId: idSchema.nullable(),
  memberIds: z.array(idSchema),
  services: z.array(z.string()),
  compoundIds: z.array(idSchema),
  /** optimistic concurrency: bumped by every write (lib/org-change.ts) */
  rev: z.number().int().default(0),
  /** retired nodes stay (history points at them); boards and pickers leave them out */
  retiredAt: z.string().nullable().default(null),
});
export type TeamDoc = z.infer<typeof teamDoc>;

/** 包联单位 */
export const partnerDoc = z.object({
  _id: idSchema,
  communityId: idSchema,
  name: z.string(),
  kind: z.string(),
  compoundIds: z.array(idSchema),
  /** in-service members who report to the community (报到): they see and accept requests escalated to the unit */
  memberIds: z.array(idSchema).default([]),
  /** optimistic concurrency: bumped by every write (lib/org-change.ts) */
  rev: z.number().int().default(0),
  /** retired nodes stay (history points at them); boards and pickers leave them out */
  retiredAt: z.string().nullable().default(null),
});
export type PartnerDoc = z.infer<typeof partnerDoc>;

export const roleGrant = z.object({ role: roleCode, scope: roleScope, scopeLabel: z.string() });
export type RoleGrant = z.infer<typeof roleGrant>;

/** A person; `openid` is set once they bind their WeChat identity. Roles live here: one read. */
export const personDoc = z.object({
  _id: idSchema,
  openid: z.string().nullable(),
  name: z.string(),
  phone: z.string().nullable(),
  /** null: a county administrator who has not created or joined a community yet */
  communityId: idSchema.nullable(),
  communityName: z.string().nullable(),
  compoundId: idSchema.nullable(),
  compoundName: z.string().nullable(),
  buildingId: idSchema.nullable(),
  householdId: idSchema.nullable(),
  householdLabel: z.string().nullable(),
  partyMember: z.boolean(),
  partyCategory: z.enum(PARTY_CATEGORIES).nullable(),
  publicNameConsent: z.boolean(),
  roles: z.array(roleGrant),
  /** optimistic concurrency: bumped by every write (lib/org-change.ts; `_.inc(1)` elsewhere) */
  rev: z.number().int().default(0),
});
export type PersonDoc = z.infer<typeof personDoc>;

/** What every viewer of a compound's board sees; the viewer-specific fields are added per call. */
export const directoryBoard = directoryOutput.omit({ myBuildingId: true, canCall: true });
export type DirectoryBoard = z.infer<typeof directoryBoard>;

/**
 * One per compound (`_id` = compound id), rebuilt whenever the org changes. `phones` holds the full
 * numbers of the people on the board, keyed by person id; it never leaves the server except
 * through `org.revealPhone`.
 */
export const directoryDoc = z.object({
  _id: idSchema,
  communityId: idSchema,
  branchId: idSchema.nullable(),
  board: directoryBoard,
  phones: z.record(z.string(), z.string()),
});
export type DirectoryDoc = z.infer<typeof directoryDoc>;

/** One per community (`_id` = community id): bumped by every org change, which checks it on commit. */
export const orgVersionDoc = z.object({ _id: idSchema, version: z.number().int(), updatedAt: z.string() });
export type OrgVersionDoc = z.infer<typeof orgVersionDoc>;

/** A node of the tree as the audit log names it. */
export const orgTarget = z.object({ kind: z.string(), id: z.string(), label: z.string() });
export type OrgTarget = z.infer<typeof orgTarget>;

/** One org change: who, when, what, the node before and after. Never updated or removed. */
export const orgAuditDoc = z.object({
  _id: z.string(),
  communityId: idSchema,
  actorId: idSchema,
  actorName: z.string(),
  action: z.string(),
  target: orgTarget,
  summary: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  at: z.string(),
  /** hash of the action's input: the same idempotency key with other input is refused */
  fingerprint: z.string(),
});
export type OrgAuditDoc = z.infer<typeof orgAuditDoc>;

/** A resident listed on a household by a roster import: whoever binds with this name and phone there is bound at once. */
export const rosterDoc = z.object({
  _id: z.string(),
  communityId: idSchema,
  compoundId: idSchema,
  buildingId: idSchema,
  unitId: idSchema,
  householdId: idSchema,
  name: z.string(),
  phone: z.string(),
  importId: z.string(),
  rev: z.number().int().default(0),
});
export type RosterDoc = z.infer<typeof rosterDoc>;

/** The roster's natural key: the same household, name and phone always make the same id. */
export function rosterId(householdId: string, name: string, phone: string): string {
  return `r_${sha256Hex(canonicalEncode([householdId, name.trim(), phone.trim()])).slice(0, 32)}`;
}

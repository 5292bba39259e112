/**
 * The stored documents of the org model, one zod schema per collection. Functions parse what they
 * read with these (ARCHITECTURE decision 3); the seed and the directory builder produce them.
 * Names and labels are denormalised where a read path needs them, so that an action stays within
 * its round-trip budget: a person carries their roles with scope labels, a compound has one
 * directory document holding its whole board.
 */
import { z } from 'zod';
import { idSchema } from '../contracts/common';
import {
  BRANCH_FORMATIONS,
  COMPOUND_TYPES,
  PROPERTY_MODES,
  TEAM_TYPES,
  directoryOutput,
  roleCode,
  roleScope,
} from '../contracts/org';

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
});
export type CompoundDoc = z.infer<typeof compoundDoc>;

export const branchDoc = z.object({
  _id: idSchema,
  communityId: idSchema,
  name: z.string(),
  formation: z.enum(BRANCH_FORMATIONS),
  compoundIds: z.array(idSchema),
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
});
export type GridDoc = z.infer<typeof gridDoc>;

export const buildingDoc = z.object({
  _id: idSchema,
  communityId: idSchema,
  compoundId: idSchema,
  name: z.string(),
  /** display order within the compound */
  order: z.number().int(),
  units: z.array(z.object({ id: idSchema, name: z.string() })),
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
});
export type TeamDoc = z.infer<typeof teamDoc>;

/** 包联单位 */
export const partnerDoc = z.object({
  _id: idSchema,
  communityId: idSchema,
  name: z.string(),
  kind: z.string(),
  compoundIds: z.array(idSchema),
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
  communityId: idSchema,
  communityName: z.string(),
  compoundId: idSchema.nullable(),
  compoundName: z.string().nullable(),
  buildingId: idSchema.nullable(),
  householdId: idSchema.nullable(),
  householdLabel: z.string().nullable(),
  partyMember: z.boolean(),
  partyCategory: z.enum(PARTY_CATEGORIES).nullable(),
  publicNameConsent: z.boolean(),
  roles: z.array(roleGrant),
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

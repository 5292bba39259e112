/**
 * The org model as the mini-program sees it: roles, scopes and the compound's directory (公示牌).
 */
import { z } from 'zod';
import { defineAction, idSchema, pageInput } from './common';
import { BRANCH_FORMATIONS, COMPOUND_TYPES, PROPERTY_MODES, ROLE_CODES, TEAM_TYPES } from '../labels/org';

export * from '../labels/org';
export const roleCode = z.enum(ROLE_CODES);

/** Where a role applies. Only the keys that narrow it are present. */
export const roleScope = z
  .object({
    communityIds: z.array(idSchema).optional(), // admin: several communities
    communityId: idSchema.optional(),
    compoundId: idSchema.optional(),
    branchId: idSchema.optional(),
    gridId: idSchema.optional(),
    buildingIds: z.array(idSchema).optional(),
    unitId: idSchema.optional(),
    householdId: idSchema.optional(),
  })
  .strict();
export type RoleScope = z.infer<typeof roleScope>;


/** A person as shown on the board: the phone is always masked here (138****1234). */
export const contact = z.object({
  personId: idSchema,
  name: z.string(),
  title: z.string(),
  maskedPhone: z.string().nullable(),
});
export type Contact = z.infer<typeof contact>;

export const directoryOutput = z.object({
  community: z.object({ id: idSchema, name: z.string() }),
  compound: z.object({
    id: idSchema,
    name: z.string(),
    type: z.enum(COMPOUND_TYPES),
    propertyMode: z.enum(PROPERTY_MODES),
    sanwu: z.boolean(),
    address: z.string(),
    propertyCompany: z.object({ name: z.string(), maskedPhone: z.string().nullable() }).nullable(),
  }),
  branch: z
    .object({
      id: idSchema,
      name: z.string(),
      formation: z.enum(BRANCH_FORMATIONS),
      compoundNames: z.array(z.string()),
      secretary: contact.nullable(),
    })
    .nullable(),
  grids: z.array(
    z.object({
      id: idSchema,
      name: z.string(),
      level: z.enum(['big', 'micro']),
      parentName: z.string().nullable(),
      workers: z.array(contact),
      buildingNames: z.array(z.string()),
    }),
  ),
  buildings: z.array(
    z.object({
      id: idSchema,
      name: z.string(),
      gridName: z.string().nullable(),
      leaders: z.array(contact),
      heads: z.array(contact),
      centralHouseholds: z.array(contact),
    }),
  ),
  teams: z.array(
    z.object({
      id: idSchema,
      name: z.string(),
      type: z.enum(TEAM_TYPES),
      leader: contact.nullable(),
      services: z.array(z.string()),
    }),
  ),
  partners: z.array(z.object({ id: idSchema, name: z.string(), kind: z.string() })),
  /** the viewer's own building in this compound, if they live here */
  myBuildingId: idSchema.nullable(),
  /** whether the viewer may reveal phone numbers (a bound resident or worker of this compound) */
  canCall: z.boolean(),
  updatedAt: z.string(),
});
export type DirectoryView = z.infer<typeof directoryOutput>;

export const orgDirectory = defineAction(
  'org.directory',
  z
    .object({
      /** omitted: the caller's own compound */
      compoundId: idSchema.optional(),
    })
    .strict()
    .default({}),
  directoryOutput,
);

export const orgRevealPhone = defineAction(
  'org.revealPhone',
  z
    .object({
      compoundId: idSchema,
      personId: idSchema,
    })
    .strict(),
  z.object({ phone: z.string() }),
);

/** The compounds a staff member, administrator or branch officer looks after, a page at a time. */
export const compoundSummary = z.object({
  id: idSchema,
  name: z.string(),
  communityName: z.string(),
  type: z.enum(COMPOUND_TYPES),
  propertyMode: z.enum(PROPERTY_MODES),
  sanwu: z.boolean(),
  buildingCount: z.number().int(),
});
export type CompoundSummary = z.infer<typeof compoundSummary>;

export const orgCompounds = defineAction(
  'org.compounds',
  pageInput.default({ page: 1, pageSize: 20 }),
  z.object({ compounds: z.array(compoundSummary), hasMore: z.boolean() }),
);

export const branchSummary = z.object({
  id: idSchema,
  name: z.string(),
  formation: z.enum(BRANCH_FORMATIONS),
  compoundCount: z.number().int(),
});
export type BranchSummary = z.infer<typeof branchSummary>;

/** The party branches of a community the caller administers (staff, admin), e.g. to publish per branch. */
export const orgBranches = defineAction(
  'org.branches',
  z
    .object({
      /** omitted: the caller's own community */
      communityId: idSchema.optional(),
    })
    .strict()
    .default({}),
  z.object({ branches: z.array(branchSummary) }),
);

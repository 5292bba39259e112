/** Who the caller is: their person, roles and scopes, or what to do to bind. */
import { z } from 'zod';
import { defineAction, emptyInput, idSchema } from './common';
import { roleCode, roleScope } from './org';

export const meOutput = z.discriminatedUnion('bound', [
  z.object({
    bound: z.literal(true),
    person: z.object({
      id: idSchema,
      name: z.string(),
      maskedPhone: z.string().nullable(),
      communityId: idSchema,
      communityName: z.string(),
      compoundId: idSchema.nullable(),
      compoundName: z.string().nullable(),
      householdLabel: z.string().nullable(),
      partyMember: z.boolean(),
      publicNameConsent: z.boolean(),
    }),
    roles: z.array(
      z.object({
        role: roleCode,
        label: z.string(),
        scope: roleScope,
        scopeLabel: z.string(),
      }),
    ),
  }),
  z.object({
    bound: z.literal(false),
    /** Chinese: what the person should do next */
    nextStep: z.string(),
  }),
]);
export type MeView = z.infer<typeof meOutput>;

export const accountMe = defineAction('account.me', emptyInput, meOutput);

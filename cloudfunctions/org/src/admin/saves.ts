/**
 * org.<kind>.save and org.node.retire: each plans its change from the community's snapshot (and the
 * few documents outside it that the change needs, read inside the plan so that a re-plan after a
 * conflict sees them fresh) and commits it through changeOrg with its audit entry and boards.
 */
import type { z } from 'zod';
import type { ActionContract } from '../../../../core/contracts/common';
import {
  orgBranchSave,
  orgBuildingSave,
  orgCentralHouseholdSave,
  orgCompoundSave,
  orgGridSave,
  orgHouseholdSave,
  orgNodeRetire,
  orgPartnerSave,
  orgTeamSave,
  orgUnitSave,
  type SaveOutput,
} from '../../../../core/contracts/org-admin';
import type { OrgSnapshot } from '../../../../core/domain/org';
import type { OrgChange } from '../../../../core/domain/org-change';
import { householdDoc, personDoc, type HouseholdDoc, type PersonDoc } from '../../../../core/domain/org-model';
import type { PlanContext } from '../../../../core/domain/org-admin/change';
import { planCompoundSave } from '../../../../core/domain/org-admin/compound';
import { planBuildingSave, planUnitSave } from '../../../../core/domain/org-admin/building';
import { planHouseholdSave } from '../../../../core/domain/org-admin/household';
import { planBranchSave } from '../../../../core/domain/org-admin/branch';
import { planGridSave } from '../../../../core/domain/org-admin/grid';
import { planCentralHouseholdSave } from '../../../../core/domain/org-admin/central-household';
import { planTeamSave } from '../../../../core/domain/org-admin/team';
import { planPartnerSave } from '../../../../core/domain/org-admin/partner';
import { planRetire } from '../../../../core/domain/org-admin/retire';
import { COLLECTIONS, changeOrg, route, type Database, type Route } from '../../../lib';
import { now } from '../../../lib/clock';
import { getByIds, getDoc } from '../../../lib/ledger/store';
import { STAFF, asAppError, staffCommunity } from './access';

type WriteInput = { idempotencyKey: string; communityId?: string };
type Planner<I> = (s: OrgSnapshot, input: I, ctx: PlanContext, db: Database) => OrgChange | Promise<OrgChange>;

/** One write action: staff of the community, one change through changeOrg. */
function saveRoute<C extends ActionContract>(contract: C, planner: Planner<z.output<C['input']>>): Route {
  return route(contract, { access: 'bound', roles: STAFF }, async (raw, { db, person }) => {
    const input = raw as z.output<C['input']> & WriteInput;
    const communityId = staffCommunity(person, input.communityId);
    const { auditId, replayed, audit } = await changeOrg(db, {
      communityId,
      actor: person,
      action: contract.action,
      idempotencyKey: input.idempotencyKey,
      input,
      plan: async (snapshot, planDb) => {
        const ctx = { idempotencyKey: input.idempotencyKey, actorId: person._id, now: now().toISOString() };
        try {
          return await planner(snapshot, input, ctx, planDb);
        } catch (err) {
          throw asAppError(err);
        }
      },
    });
    const out: SaveOutput = { id: audit.target.id, auditId, replayed };
    return out as z.input<C['output']>;
  });
}

const H = COLLECTIONS.households;
async function householdsWhere(db: Database, where: object): Promise<HouseholdDoc[]> {
  const { data } = await db.collection(H).where(where).limit(1000).get();
  return (data as unknown[]).map((d) => householdDoc.parse(d));
}
async function residentsOf(db: Database, householdId: string): Promise<PersonDoc[]> {
  const { data } = await db.collection(COLLECTIONS.persons).where({ householdId }).limit(100).get();
  return (data as unknown[]).map((d) => personDoc.parse(d));
}

export const saveRoutes = [
  saveRoute(orgCompoundSave, (s, input, ctx) => planCompoundSave(s, input, ctx)),
  saveRoute(orgBuildingSave, async (s, input, ctx, db) => {
    const moving = input.id !== undefined && s.buildings.some((b) => b._id === input.id && b.compoundId !== input.compoundId);
    return planBuildingSave(s, input, ctx, moving && input.id ? await householdsWhere(db, { buildingId: input.id }) : []);
  }),
  saveRoute(orgUnitSave, (s, input, ctx) => planUnitSave(s, input, ctx)),
  saveRoute(orgHouseholdSave, async (s, input, ctx, db) => {
    const [households, self, residents] = await Promise.all([
      householdsWhere(db, { buildingId: input.buildingId }),
      input.id ? getDoc(db, H, input.id, householdDoc) : null,
      input.id ? residentsOf(db, input.id) : [],
    ]);
    return planHouseholdSave(s, input, ctx, { households: self && !households.some((h) => h._id === self._id) ? [...households, self] : households, residents });
  }),
  saveRoute(orgBranchSave, (s, input, ctx) => planBranchSave(s, input, ctx)),
  saveRoute(orgGridSave, (s, input, ctx) => planGridSave(s, input, ctx)),
  saveRoute(orgCentralHouseholdSave, async (s, input, ctx, db) => {
    const [person, households] = await Promise.all([
      s.persons.find((p) => p._id === input.personId) ?? getDoc(db, COLLECTIONS.persons, input.personId, personDoc),
      getByIds(db, H, input.householdIds, householdDoc),
    ]);
    return planCentralHouseholdSave(s, input, ctx, { person, households });
  }),
  saveRoute(orgTeamSave, async (s, input, ctx, db) => {
    const ids = [...new Set([...input.memberIds, ...(input.leaderId ? [input.leaderId] : [])])];
    return planTeamSave(s, input, ctx, await getByIds(db, COLLECTIONS.persons, ids, personDoc));
  }),
  saveRoute(orgPartnerSave, async (s, input, ctx, db) => planPartnerSave(s, input, ctx, await getByIds(db, COLLECTIONS.persons, input.memberIds, personDoc))),
  saveRoute(orgNodeRetire, async (s, input, ctx, db) => {
    const unitBuilding = input.kind === 'unit' ? s.buildings.find((b) => b.units.some((u) => u.id === input.id)) : undefined;
    const [households, residents] = await Promise.all([
      input.kind === 'building'
        ? householdsWhere(db, { buildingId: input.id })
        : unitBuilding
          ? householdsWhere(db, { unitId: input.id })
          : input.kind === 'household'
            ? getDoc(db, H, input.id, householdDoc).then((h) => (h ? [h] : []))
            : [],
      input.kind === 'household' ? residentsOf(db, input.id) : [],
    ]);
    return planRetire(s, input, ctx, { households, residents });
  }),
];

/**
 * What an import is checked against, read for one community: its nodes (retired ones too), and per
 * kind the roster ids, the party-member register and the people already there. Every list is read
 * by index a thousand at a time, by `_id` ranges rather than skips.
 */
import { z } from 'zod';
import type { ImportKind } from '../../../../core/labels/org-import';
import {
  branchDoc,
  buildingDoc,
  compoundDoc,
  householdDoc,
  partnerDoc,
  personDoc,
  type PersonDoc,
} from '../../../../core/domain/org-model';
import { partyMemberDoc, type PartyMemberDoc } from '../../../../core/domain/org-import/model';
import type { ExistingOrg } from '../../../../core/domain/org-import/place';
import type { PlanContext } from '../../../../core/domain/org-import/plan';
import { COLLECTIONS, type Database } from '../../../lib';

const PAGE = 1000;

/** Every document of the community in `collection` (index communityId_1), parsed. */
export async function communityDocs<S extends z.ZodType>(db: Database, collection: string, communityId: string, schema: S, field?: object): Promise<z.output<S>[]> {
  const _ = db.command;
  const out: z.output<S>[] = [];
  let last = '';
  for (;;) {
    let query = db.collection(collection).where({ communityId, _id: _.gt(last) });
    if (field) query = query.field(field);
    const { data } = await query.orderBy('_id', 'asc').limit(PAGE).get();
    out.push(...(data as unknown[]).map((d) => schema.parse(d)));
    if (data.length < PAGE) return out;
    last = (data[data.length - 1] as { _id: string })._id;
  }
}

export async function loadExistingOrg(db: Database, communityId: string, kind: ImportKind): Promise<ExistingOrg> {
  const need = {
    households: kind !== 'partners',
    branches: kind === 'partyMembers',
    partners: kind === 'partners',
  };
  const [compounds, buildings, households, branches, partners] = await Promise.all([
    communityDocs(db, COLLECTIONS.compounds, communityId, compoundDoc),
    kind === 'partners' ? [] : communityDocs(db, COLLECTIONS.buildings, communityId, buildingDoc),
    need.households ? communityDocs(db, COLLECTIONS.households, communityId, householdDoc) : [],
    need.branches ? communityDocs(db, COLLECTIONS.branches, communityId, branchDoc) : [],
    need.partners ? communityDocs(db, COLLECTIONS.partners, communityId, partnerDoc) : [],
  ]);
  return { communityId, compounds, buildings, households, branches, partners };
}

const idOnly = z.object({ _id: z.string() }).transform((d) => d._id);

/** Everything the kind's planner needs besides the import id. */
export async function loadPlanContext(db: Database, communityId: string, kind: ImportKind): Promise<Omit<PlanContext, 'importId'>> {
  const [org, rosterIds, register, persons] = await Promise.all([
    loadExistingOrg(db, communityId, kind),
    kind === 'residents' ? communityDocs(db, COLLECTIONS.rosters, communityId, idOnly, { _id: true }) : [],
    kind === 'partyMembers' ? communityDocs(db, COLLECTIONS.partyMembers, communityId, partyMemberDoc) : ([] as PartyMemberDoc[]),
    kind === 'partyMembers' ? communityDocs(db, COLLECTIONS.persons, communityId, personDoc) : ([] as PersonDoc[]),
  ]);
  return { org, rosterIds: new Set(rosterIds), register, persons };
}

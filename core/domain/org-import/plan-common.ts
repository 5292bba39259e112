/** What the per-kind planners share: the plan's shape, their context, counting and duplicates. */
import type { ImportKind } from '../../labels/org-import';
import type { BuildingDoc, HouseholdDoc, PartnerDoc, PersonDoc, RosterDoc } from '../org-model';
import type { PartyMemberDoc, SummaryLine } from './model';
import type { ExistingOrg } from './place';
import type { ImportIssue, ImportRow } from './rows';
import { TEMPLATES } from './templates';

export type ImportPlan =
  | { kind: 'households'; buildings: BuildingDoc[]; households: HouseholdDoc[] }
  | { kind: 'residents'; rosters: RosterDoc[] }
  | { kind: 'partyMembers'; register: PartyMemberDoc[]; persons: { personId: string; category: PersonDoc['partyCategory'] }[] }
  | { kind: 'partners'; partners: PartnerDoc[] };

export interface PlanContext {
  org: ExistingOrg;
  importId: string;
  /** residents: roster entries already there */
  rosterIds?: ReadonlySet<string>;
  /** party members: the register as it is, and the community's people */
  register?: readonly PartyMemberDoc[];
  persons?: readonly PersonDoc[];
}

export interface PlanResult {
  issues: ImportIssue[];
  summary: SummaryLine[];
  plan: ImportPlan;
}

/** The rows' problems with their required cells; the kind's own checks follow for rows without any. */
export function missingCells(kind: ImportKind, row: ImportRow): ImportIssue[] {
  return TEMPLATES[kind].columns.filter((c) => c.required && !row.values[c.key]).map((c) => ({ row: row.row, column: c.header, message: '没有填写' }));
}

/** A counter of one line of the summary. */
export class Tally {
  created = 0;
  changed = 0;
  unchanged = 0;
  constructor(readonly what: string) {}
  line(): SummaryLine {
    return { what: this.what, created: this.created, changed: this.changed, unchanged: this.unchanged };
  }
}

/** The first row a natural key was seen on: later rows with it are duplicates. */
export class FirstSeen {
  private readonly rows = new Map<string, number>();
  /** null when new; else the row it repeats */
  repeatOf(key: string, row: number): number | null {
    const first = this.rows.get(key);
    if (first !== undefined) return first;
    this.rows.set(key, row);
    return null;
  }
}

/**
 * An org change as data: the documents it writes (whole, by `_id`) and what the audit log says
 * about it. A planner (core/domain/org-admin, account) turns a request and the community's
 * snapshot into one; lib/org-change.ts commits it in one transaction together with the audit entry
 * and the boards (公示牌) it changes. Nothing is ever deleted: nodes are retired.
 */
import { buildDirectory, type OrgSnapshot } from './org';
import { ORG_COLLECTIONS, type DirectoryDoc, type OrgTarget } from './org-model';

export interface OrgWrite {
  collection: string;
  /** the whole document after the change; `rev` is set on commit */
  doc: { _id: string } & Record<string, unknown>;
}

export interface OrgChange {
  writes: OrgWrite[];
  audit: { target: OrgTarget; summary: string; before: unknown; after: unknown };
}

const C = ORG_COLLECTIONS;
/** The snapshot's lists by the collection their documents live in. */
const SNAPSHOT_LISTS: Record<string, Exclude<keyof OrgSnapshot, 'community'>> = {
  [C.compounds]: 'compounds',
  [C.branches]: 'branches',
  [C.grids]: 'grids',
  [C.buildings]: 'buildings',
  [C.centralHouseholds]: 'centralHouseholds',
  [C.teams]: 'teams',
  [C.partners]: 'partners',
  [C.persons]: 'persons',
};

/** The snapshot as it is once `writes` are applied (documents of other collections leave it as is). */
export function applyWrites(snapshot: OrgSnapshot, writes: OrgWrite[]): OrgSnapshot {
  const next: OrgSnapshot = { ...snapshot };
  for (const { collection, doc } of writes) {
    if (collection === C.communities) {
      next.community = { ...next.community, ...doc } as OrgSnapshot['community'];
      continue;
    }
    const key = Object.hasOwn(SNAPSHOT_LISTS, collection) ? SNAPSHOT_LISTS[collection] : undefined;
    if (!key) continue;
    const list = next[key] as Array<{ _id: string }>;
    const at = list.findIndex((d) => d._id === doc._id);
    (next[key] as Array<{ _id: string }>) = at < 0 ? [...list, doc] : list.map((d, i) => (i === at ? doc : d));
  }
  return next;
}

const liveCompounds = (snapshot: OrgSnapshot) => snapshot.compounds.filter((c) => c.retiredAt === null);

/** What a board shows, without the time it was built: two boards are the same when these are equal. */
function content(doc: DirectoryDoc): string {
  const { updatedAt: _ignored, ...board } = doc.board;
  return JSON.stringify([doc.branchId, board, doc.phones]);
}

/**
 * The boards of live compounds that differ between the snapshot before and after a change (a
 * compound created by it, or whose board shows something else now). A retired compound keeps the
 * last board it had.
 */
export function changedBoards(before: OrgSnapshot, after: OrgSnapshot, now: Date): DirectoryDoc[] {
  const old = new Map(liveCompounds(before).map((c) => [c._id, content(buildDirectory(before, c._id, now))]));
  return liveCompounds(after)
    .map((c) => buildDirectory(after, c._id, now))
    .filter((doc) => old.get(doc._id) !== content(doc));
}

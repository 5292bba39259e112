/**
 * Commits an org change (core/domain/org-change.ts) so that no board (公示牌) is ever stale or
 * half-applied, also when two staff edit at once:
 *
 *   caller ─▶ start transaction ‖ audit entry by key ─▶ the community's version (in the transaction)
 *   ─▶ the community's snapshot (queries) ─▶ writes ‖ audit entry ‖ version + 1 ‖ changed boards ─▶ commit
 *
 * Every change writes the version document, so two changes of one community conflict: the later
 * committer is aborted and re-plans from a fresh snapshot. The version is read inside the
 * transaction BEFORE the snapshot's queries start: whether the transaction's snapshot is taken at
 * its start or at its first read (MongoDB), a change committed after that point conflicts with our
 * write of the version, and one committed before it is fully visible to the queries that follow.
 * Documents written outside this path (a resident binding a household) conflict the same way when
 * we write them too. Queries are not allowed inside a CloudBase transaction, which is why the
 * snapshot is read beside it. 6 sequential round trips with the caller's read: one over ARCHITECTURE's
 * write budget, the price of the version read that must come before the snapshot.
 */
import { z } from 'zod';
import { applyWrites, changedBoards, type OrgChange } from '../../core/domain/org-change';
import type { OrgSnapshot } from '../../core/domain/org';
import {
  branchDoc,
  buildingDoc,
  centralHouseholdDoc,
  communityDoc,
  compoundDoc,
  gridDoc,
  orgAuditDoc,
  orgVersionDoc,
  partnerDoc,
  personDoc,
  teamDoc,
  type OrgAuditDoc,
  type PersonDoc,
} from '../../core/domain/org-model';
import { canonicalEncode, sha256Hex } from '../../core/domain/points/canonical';
import type { Database } from './cloud';
import { now as clockNow } from './clock';
import { COLLECTIONS } from './collections';
import { check, isConflict, isDuplicate } from './db-errors';
import { AppError } from './errors';
import { getDoc, transactionOnce, type Transaction } from './ledger/store';
import { log } from './log';
import { RetriesExhausted, retrying, type RetryPolicy } from './retry';

/** CloudBase answers at most 1000 documents a query. */
const PAGE = 1000;

/** Roles shown on a compound's board; their holders are read with the snapshot. */
const BOARD_ROLES = ['leader', 'grid_worker', 'building_head', 'unit_head', 'secretary', 'committee'] as const;

/** Every document of `collection` matching `where`, a page of 1000 at a time. */
async function readAll<S extends z.ZodType>(db: Database, collection: string, where: object, schema: S): Promise<z.output<S>[]> {
  const out: z.output<S>[] = [];
  for (let skip = 0; ; skip += PAGE) {
    const { data } = await db.collection(collection).where(where).orderBy('_id', 'asc').skip(skip).limit(PAGE).get();
    out.push(...(data as unknown[]).map((d) => schema.parse(d)));
    if (data.length < PAGE) return out;
  }
}

/**
 * The community's whole tree (retired nodes too) and everyone its boards may show: holders of a
 * board role in the community, its party members (central households are theirs) and team leaders
 * (read after the rest only when one is neither). null: no such community.
 */
export async function loadOrgSnapshot(db: Database, communityId: string): Promise<OrgSnapshot | null> {
  const _ = db.command;
  const of = { communityId };
  const [community, compounds, branches, grids, buildings, centralHouseholds, teams, partners, holders] = await Promise.all([
    getDoc(db, COLLECTIONS.communities, communityId, communityDoc),
    readAll(db, COLLECTIONS.compounds, of, compoundDoc),
    readAll(db, COLLECTIONS.branches, of, branchDoc),
    readAll(db, COLLECTIONS.grids, of, gridDoc),
    readAll(db, COLLECTIONS.buildings, of, buildingDoc),
    readAll(db, COLLECTIONS.centralHouseholds, of, centralHouseholdDoc),
    readAll(db, COLLECTIONS.teams, of, teamDoc),
    readAll(db, COLLECTIONS.partners, of, partnerDoc),
    // central households are party members' (党员中心户): read with the role holders, saving a round trip
    readAll(
      db,
      COLLECTIONS.persons,
      _.or([
        { 'roles.scope.communityId': communityId, roles: _.elemMatch({ role: _.in([...BOARD_ROLES]), 'scope.communityId': communityId }) },
        { communityId, partyMember: true },
      ]),
      personDoc,
    ),
  ]);
  if (!community) return null;
  const known = new Set(holders.map((p) => p._id));
  const missing = [...new Set([...centralHouseholds.map((c) => c.personId), ...teams.flatMap((t) => (t.leaderId ? [t.leaderId] : []))])].filter(
    (id) => !known.has(id),
  );
  const others = missing.length ? await readAll(db, COLLECTIONS.persons, { _id: _.in(missing) }, personDoc) : [];
  return { community, compounds, branches, grids, buildings, centralHouseholds, teams, partners, persons: [...holders, ...others] };
}

export interface ChangeRequest {
  communityId: string;
  actor: PersonDoc;
  /** the action's name, e.g. `org.building.save` */
  action: string;
  idempotencyKey: string;
  /** the action's input: the same key with other input is refused */
  input: unknown;
  plan: (snapshot: OrgSnapshot, db: Database) => Promise<OrgChange> | OrgChange;
}

export interface ChangeResult {
  auditId: string;
  /** the key was seen before: nothing was written this time */
  replayed: boolean;
  /** the audit entry (the first one's, when replayed) */
  audit: OrgAuditDoc;
}

/** Raised inside the transaction when another change of the community landed first. */
class StaleSnapshot extends Error {}

/** Contending staff are few; each attempt re-reads the snapshot, so back off a little more than the ledger. */
const ORG_RETRY: RetryPolicy = { maxAttempts: 8, baseMs: 80, capMs: 1500 };
const BUSY = '组织架构刚被其他人修改，请刷新后重试';

export const auditId = (communityId: string, actorId: string, key: string) =>
  `oa_${sha256Hex(canonicalEncode([communityId, actorId, key])).slice(0, 40)}`;

const without_id = <T extends { _id: string }>({ _id: _ignored, ...rest }: T) => rest;

/** Commits `plan`'s change with its audit entry and the boards it changes; see the module comment. */
export async function changeOrg(db: Database, request: ChangeRequest): Promise<ChangeResult> {
  const id = auditId(request.communityId, request.actor._id, request.idempotencyKey);
  const fingerprint = sha256Hex(JSON.stringify([request.action, request.input ?? null]));
  try {
    return (await retrying(ORG_RETRY, () => attempt(db, request, id, fingerprint), (err) => err instanceof StaleSnapshot || isConflict(err) || isDuplicate(err))).value;
  } catch (err) {
    if (!(err instanceof RetriesExhausted)) throw err;
    log.warn('org change retries exhausted', { action: request.action, attempts: err.attempts, error: String(err.lastError) });
    throw new AppError('CONFLICT', BUSY);
  }
}

function replay(seen: OrgAuditDoc, fingerprint: string): ChangeResult {
  if (seen.fingerprint !== fingerprint) throw new AppError('IDEMPOTENCY_CONFLICT', '这个请求编号已用于另一次不同的修改，请刷新后重试');
  return { auditId: seen._id, replayed: true, audit: seen };
}

async function attempt(db: Database, request: ChangeRequest, id: string, fingerprint: string): Promise<ChangeResult> {
  let result: ChangeResult | null = null;
  await transactionOnce(db, async (t: Transaction) => {
    const [seen, version] = await Promise.all([
      getDoc(db, COLLECTIONS.orgAudit, id, orgAuditDoc),
      getDoc(t, COLLECTIONS.orgVersions, request.communityId, orgVersionDoc),
    ]);
    if (seen) {
      result = replay(seen, fingerprint);
      return;
    }
    const snapshot = await loadOrgSnapshot(db, request.communityId);
    if (!snapshot) throw new AppError('NOT_FOUND', '没有找到这个社区');
    const change = await request.plan(snapshot, db);
    const now = clockNow();
    const at = now.toISOString();
    const writes = change.writes.map(({ collection, doc }) => ({ collection, doc: { ...doc, rev: (typeof doc.rev === 'number' ? doc.rev : -1) + 1 } }));
    const boards = changedBoards(snapshot, applyWrites(snapshot, writes), now);
    const audit: OrgAuditDoc = {
      _id: id,
      communityId: request.communityId,
      actorId: request.actor._id,
      actorName: request.actor.name,
      action: request.action,
      ...change.audit,
      at,
      fingerprint,
    };
    const ops: Promise<unknown>[] = [
      ...writes.map(({ collection, doc }) => t.collection(collection).doc(doc._id).set(without_id(doc))),
      ...boards.map((b) => t.collection(COLLECTIONS.directories).doc(b._id).set(without_id(b))),
      t.collection(COLLECTIONS.orgAudit).add({ ...audit }),
      t.collection(COLLECTIONS.orgVersions).doc(request.communityId).set({ version: (version?.version ?? 0) + 1, updatedAt: at }),
    ];
    for (const res of await Promise.all(ops)) check(res);
    result = { auditId: id, replayed: false, audit };
  });
  if (!result) throw new StaleSnapshot('transaction ended without a result');
  return result;
}

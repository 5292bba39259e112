/**
 * org.import.commit: all or nothing, at any size.
 *
 * Every row is checked before anything is written: the commit re-reads the previewed file (its
 * hash must match the preview's), runs the same checks and planner against the community as it is
 * now, and refuses — writing nothing — if any row fails or the plan differs from what the preview
 * showed. Then it writes the plan in chunks, each idempotent by natural key:
 *   - rosters (20,000 rows): batch inserts of 500, several at once;
 *   - party-member register and flags: per document, several at once (no board shows them);
 *   - households: `changeOrg` transactions of 200 (a CloudBase transaction must commit within
 *     30 s, one request per document), then the buildings and units in ONE last `changeOrg`, which
 *     also rebuilds the boards: new buildings, units and the rooms under them appear together;
 *   - partners: one `changeOrg` (they are on the boards).
 * A call stops starting chunks after TIME_BUDGET_MS and answers `committing`; the same call again
 * recomputes what is left (what it wrote already now counts as existing) and carries on. The import
 * counts as done — `committed`, with its result — only when the last chunk is in. So a commit cut
 * short by a timeout or crash is finished by calling it again (forward recovery), never left
 * half-done as far as the import record shows; rooms added to an EXISTING unit and roster entries
 * become usable chunk by chunk while it runs. A second import of the same file plans nothing and
 * writes nothing but its import record.
 */
import { orgImportCommit } from '../../../../core/contracts/org-import';
import { importDoc, type ImportDoc, type SummaryLine } from '../../../../core/domain/org-import/model';
import type { ImportPlan } from '../../../../core/domain/org-import/plan';
import { issueText } from '../../../../core/domain/org-import/rows';
import { IMPORT_KIND_LABELS } from '../../../../core/labels/org-import';
import { canonicalEncode, sha256Hex } from '../../../../core/domain/points/canonical';
import type { BuildingDoc, PersonDoc } from '../../../../core/domain/org-model';
import { AppError, COLLECTIONS, changeOrg, check, route, type Database } from '../../../lib';
import { now } from '../../../lib/clock';
import { isDuplicate } from '../../../lib/db-errors';
import { getDoc } from '../../../lib/ledger/store';
import { STAFF_ROLES, staffCommunity } from './access';
import { checkImport } from './preview';

/** a call starts no new chunk after this long (the org function's timeout is 10 s here; raise both for more per call) */
export const TIME_BUDGET_MS = 5_000;
const INSERT_BATCH = 500;
const PARALLEL = 4;
const HOUSEHOLDS_PER_CHANGE = 200;

const sameSummary = (a: SummaryLine[], b: SummaryLine[]) => JSON.stringify(a) === JSON.stringify(b);
const chunked = <T>(list: T[], size: number) => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));
const keyOf = (importId: string, part: string, ids: string[]) => `${importId}:${part}:${sha256Hex(canonicalEncode(ids)).slice(0, 16)}`;

interface Run {
  db: Database;
  actor: PersonDoc;
  record: ImportDoc;
  /** false once the time budget is spent */
  inTime: () => boolean;
}

/** Runs `tasks` a few at a time while there is time; false when some were left for the next call. */
async function inTurns(run: Run, tasks: (() => Promise<unknown>)[]): Promise<boolean> {
  for (let i = 0; i < tasks.length; i += PARALLEL) {
    if (!run.inTime()) return false;
    await Promise.all(tasks.slice(i, i + PARALLEL).map((t) => t()));
  }
  return true;
}

/** Inserts documents in batches; a batch that meets one already there (a resumed or raced run) is written one by one. */
async function insertAll(run: Run, collection: string, docs: ({ _id: string } & object)[]): Promise<boolean> {
  const coll = run.db.collection(collection);
  return inTurns(
    run,
    chunked(docs, INSERT_BATCH).map((batch) => async () => {
      try {
        check(await coll.add(batch));
      } catch (err) {
        if (!isDuplicate(err)) throw err;
        await Promise.all(batch.map(({ _id, ...rest }) => coll.doc(_id).set(rest).then(check)));
      }
    }),
  );
}

async function writePlan(run: Run, plan: ImportPlan): Promise<boolean> {
  const { db, actor, record } = run;
  const label = IMPORT_KIND_LABELS[record.kind];
  const change = (part: string, ids: string[], plan: Parameters<typeof changeOrg>[1]['plan']) =>
    changeOrg(db, { communityId: record.communityId, actor, action: 'org.import.commit', idempotencyKey: keyOf(record._id, part, ids), input: { importId: record._id, part, ids }, plan });

  switch (plan.kind) {
    case 'residents':
      return insertAll(run, COLLECTIONS.rosters, plan.rosters);
    case 'partyMembers': {
      const _ = db.command;
      return inTurns(run, [
        ...chunked(plan.register, 50).map((docs) => () => Promise.all(docs.map(({ _id, ...rest }) => db.collection(COLLECTIONS.partyMembers).doc(_id).set(rest).then(check)))),
        ...chunked(plan.persons, 50).map((flags) => () =>
          Promise.all(flags.map((f) => db.collection(COLLECTIONS.persons).doc(f.personId).update({ partyMember: true, partyCategory: f.category, rev: _.inc(1) }).then(check))),
        ),
      ]);
    }
    case 'partners': {
      if (!plan.partners.length) return true;
      await change('partners', plan.partners.map((p) => p._id), (snapshot) => ({
        // the snapshot's own rev for a partner that changed since the preview's read
        writes: plan.partners.map((p) => ({ collection: COLLECTIONS.partners, doc: { ...p, rev: snapshot.partners.find((s) => s._id === p._id)?.rev ?? -1 } })),
        audit: {
          target: { kind: 'import', id: record._id, label: `${label}导入` },
          summary: `导入包联单位 ${plan.partners.length} 个`,
          before: null,
          after: { importId: record._id, partners: plan.partners.map((p) => p.name) },
        },
      }));
      return true;
    }
    case 'households': {
      for (const batch of chunked(plan.households, HOUSEHOLDS_PER_CHANGE)) {
        if (!run.inTime()) return false;
        await change('households', batch.map((h) => h._id), () => ({
          writes: batch.map((h) => ({ collection: COLLECTIONS.households, doc: { ...h, rev: -1 } })),
          audit: {
            target: { kind: 'import', id: record._id, label: `${label}导入` },
            summary: `导入房屋 ${batch.length} 户`,
            before: null,
            after: { importId: record._id, households: batch.map((h) => h.label) },
          },
        }));
      }
      if (!plan.buildings.length) return true;
      if (!run.inTime()) return false;
      await change('buildings', plan.buildings.map((b) => b._id), (snapshot) => ({
        writes: plan.buildings.map((b) => ({ collection: COLLECTIONS.buildings, doc: mergeUnits(b, snapshot.buildings.find((s) => s._id === b._id)) })),
        audit: {
          target: { kind: 'import', id: record._id, label: `${label}导入` },
          summary: `导入楼栋 ${plan.buildings.length} 栋（含新单元）`,
          before: null,
          after: { importId: record._id, buildings: plan.buildings.map((b) => ({ name: b.name, units: b.units.map((u) => u.name) })) },
        },
      }));
      return true;
    }
  }
}

/** The building as it is now with the import's new units added (someone may have edited it since the preview). */
function mergeUnits(planned: BuildingDoc, current: BuildingDoc | undefined): BuildingDoc & { rev: number } {
  if (!current) return { ...planned, rev: -1 };
  const known = new Set(current.units.map((u) => u.id));
  return { ...current, units: [...current.units, ...planned.units.filter((u) => !known.has(u.id))] };
}

export const commitRoute = route(orgImportCommit, { access: 'bound', roles: STAFF_ROLES }, async ({ importId }, { app, db, person }) => {
  const started = Date.now(); // wall time on purpose: the invocation's own time budget, not the shiftable clock
  const record = await getDoc(db, COLLECTIONS.imports, importId, importDoc);
  if (!record) throw new AppError('NOT_FOUND', '没有找到这次导入，请先上传文件预览');
  staffCommunity(person, record.communityId);
  if (record.status === 'committed') return { importId, status: 'committed' as const, result: record.result ?? [] };
  if (record.errorCount > 0) {
    throw new AppError('VALIDATION_ERROR', `预览发现 ${record.errorCount} 处问题，请改好后重新上传预览，再确认导入`);
  }

  const checked = await checkImport(app, db, record.communityId, record.kind, record.fileID);
  if (checked.fileHash !== record.fileHash || checked.importId !== importId) {
    throw new AppError('PRECONDITION_FAILED', '文件在预览之后被替换了，请重新上传预览');
  }
  if (!checked.result || checked.issues.length) {
    // the first rows that fail now, so staff see what changed
    const issues = checked.issues.slice(0, 20).map((i) => ({ path: `row.${i.row}`, message: issueText(i) }));
    throw new AppError('PRECONDITION_FAILED', `预览之后组织架构有了变化，现在有 ${checked.issues.length} 行通不过检查，请重新预览`, issues);
  }
  let result = record.result;
  if (record.status === 'previewed') {
    if (!sameSummary(checked.result.summary, record.summary)) {
      throw new AppError('PRECONDITION_FAILED', '预览之后组织架构有了变化，导入结果会和预览不同，请重新预览后再确认');
    }
    result = record.summary;
    // from here on the import is under way: a later call resumes it, whatever the summary says then
    check(await db.collection(COLLECTIONS.imports).doc(importId).update({ status: 'committing', result }));
  }

  const done = await writePlan({ db, actor: person, record, inTime: () => Date.now() - started < TIME_BUDGET_MS }, checked.result.plan);
  if (!done) return { importId, status: 'committing' as const, result: result ?? [] };
  check(await db.collection(COLLECTIONS.imports).doc(importId).update({ status: 'committed', committedAt: now().toISOString() }));
  return { importId, status: 'committed' as const, result: result ?? [] };
});

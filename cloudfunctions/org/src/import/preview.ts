/**
 * org.import.preview: reads the uploaded file, checks every row against the community as it is
 * and answers the problems (row, column, what to fix; the first 100, with the total) and what a
 * commit would create, change and leave alone. Writes nothing but the import record, keyed by the
 * file's hash, which the commit works from.
 */
import { MAX_LISTED_ISSUES, orgImportPreview } from '../../../../core/contracts/org-import';
import { isOwnImportFile } from '../../../../core/domain/org-import/files';
import { importIdFor } from '../../../../core/domain/org-import/keys';
import { importDoc, type ImportDoc } from '../../../../core/domain/org-import/model';
import { planImport, type PlanResult } from '../../../../core/domain/org-import/plan';
import { issueText, type ImportIssue } from '../../../../core/domain/org-import/rows';
import type { ImportKind } from '../../../../core/labels/org-import';
import { AppError, COLLECTIONS, route, type CloudApp, type Database } from '../../../lib';
import { now } from '../../../lib/clock';
import { getDoc } from '../../../lib/ledger/store';
import { STAFF_ROLES, staffCommunity } from './access';
import { loadPlanContext } from './existing';
import { fetchImportFile, readImportRows } from './source';

export interface Checked {
  importId: string;
  fileHash: string;
  rows: number;
  issues: ImportIssue[];
  result: PlanResult | null;
}

/** Fetches, reads and checks the file against the community as it is now: what preview and commit share. */
export async function checkImport(app: CloudApp, db: Database, communityId: string, kind: ImportKind, fileID: string): Promise<Checked> {
  const context = loadPlanContext(db, communityId, kind);
  context.catch(() => undefined);
  const { bytes, hash } = await fetchImportFile(app, fileID);
  const importId = importIdFor(communityId, kind, hash);
  const table = await readImportRows(kind, bytes);
  if (!table.ok) return { importId, fileHash: hash, rows: 0, issues: table.issues, result: null };
  const result = planImport(kind, table.rows, { ...(await context), importId });
  return { importId, fileHash: hash, rows: table.rows.length, issues: result.issues, result };
}

export const previewRoute = route(orgImportPreview, { access: 'bound', roles: STAFF_ROLES }, async ({ kind, fileID, communityId }, { app, db, person }) => {
  const cid = staffCommunity(person, communityId);
  if (!isOwnImportFile(fileID, person._id)) {
    const message = '只能导入你自己上传的文件，请重新选择文件';
    throw new AppError('VALIDATION_ERROR', message, [{ path: 'data.fileID', message }]);
  }
  const checked = await checkImport(app, db, cid, kind, fileID);
  const before = await getDoc(db, COLLECTIONS.imports, checked.importId, importDoc);
  // a commit under way carries on from where it is; otherwise this preview is what a commit does
  const status: ImportDoc['status'] = before?.status === 'committing' ? 'committing' : 'previewed';
  const record: Omit<ImportDoc, '_id'> = {
    communityId: cid,
    kind,
    fileID,
    fileHash: checked.fileHash,
    personId: person._id,
    personName: person.name,
    status,
    rows: checked.rows,
    errorCount: checked.issues.length,
    summary: checked.result?.summary ?? [],
    previewedAt: now().toISOString(),
    committedAt: null,
    result: status === 'committing' ? (before?.result ?? null) : null,
  };
  await db.collection(COLLECTIONS.imports).doc(checked.importId).set(record);
  return {
    importId: checked.importId,
    kind,
    rows: checked.rows,
    errorCount: checked.issues.length,
    errors: checked.issues.slice(0, MAX_LISTED_ISSUES).map((i) => ({ ...i, text: issueText(i) })),
    summary: record.summary,
    // tells staff this very file was imported before; the record is previewed again either way
    status: before?.status === 'committed' ? ('committed' as const) : status,
  };
});

/**
 * Where staff upload a file to import: their own folder `imports/<personId>/…`, like a claim's
 * photos; an import names it by CloudBase file ID.
 */
import { importFolder } from '../../labels/org-import';
import { cloudPathOf } from '../points/claim-photos';

/** Whether `fileId` names a file under `personId`'s import folder (no empty, `.` or `..` segments). */
export function isOwnImportFile(fileId: string, personId: string): boolean {
  const parts = cloudPathOf(fileId)?.split('/');
  const folder = importFolder(personId).split('/');
  if (!parts || parts.length <= folder.length || folder.some((f, i) => parts[i] !== f)) return false;
  return parts.slice(folder.length).every((p) => p !== '' && p !== '.' && p !== '..');
}

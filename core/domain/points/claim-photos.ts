/**
 * A claim's evidence photos are files the claimant uploaded to our cloud storage, into their own
 * folder `claims/<personId>/<yyyy-mm>/…`; a claim names them by CloudBase file ID
 * (`cloud://<env>.<bucket>/<path>`). A plain module: the mini-program uses it to name uploads.
 */

export const claimPhotoFolder = (personId: string, month: string) => `claims/${personId}/${month}`;

/** The path inside the bucket of a `cloud://<env>.<bucket>/<path>` file ID, or null when it is none. */
export function cloudPathOf(fileId: string): string | null {
  const m = /^cloud:\/\/[^/\s]+\/(\S+)$/.exec(fileId);
  return m ? m[1] : null;
}

/** Whether `fileId` names a file under `personId`'s own folder of `root` (no empty, `.` or `..` segments). */
export function isOwnUpload(fileId: string, root: string, personId: string): boolean {
  const parts = cloudPathOf(fileId)?.split('/');
  if (!parts || parts.length < 3 || parts[0] !== root || parts[1] !== personId) return false;
  return parts.slice(2).every((p) => p !== '' && p !== '.' && p !== '..');
}

/** Whether `fileId` names a file under `personId`'s claim folder. */
export const isOwnClaimPhoto = (fileId: string, personId: string): boolean => isOwnUpload(fileId, 'claims', personId);

/** A branch secretary's 五有 evidence photos: `wuyou/<personId>/<yyyy-mm>/…`, checked the same way. */
export const wuyouPhotoFolder = (personId: string, month: string) => `wuyou/${personId}/${month}`;
export const isOwnWuyouPhoto = (fileId: string, personId: string): boolean => isOwnUpload(fileId, 'wuyou', personId);

/**
 * A request's photos are files the reporter uploaded to our cloud storage, into their own folder
 * `requests/<personId>/<yyyy-mm>/…`, like claim photos (points/claim-photos.ts). A plain module: the
 * mini-program uses it to name uploads.
 */
import { isOwnUpload } from '../points/claim-photos';

export const requestPhotoFolder = (personId: string, month: string) => `requests/${personId}/${month}`;

export const isOwnRequestPhoto = (fileId: string, personId: string) => isOwnUpload(fileId, 'requests', personId);

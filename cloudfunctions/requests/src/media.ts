/**
 * Photos on a request go through WeChat's asynchronous media check: started when they are attached
 * (filing, progress, resolution), each is `pending` — shown only to its uploader (store.ts) — until
 * WeChat pushes its verdict (`wxa_media_check`) to this function, which records it on the request
 * (and, for every function's photos, in `mediaVerdicts`: lib/media-verdicts.ts).
 */
import { requestsMediaVerdict } from '../../../core/contracts/requests';
import { REQUEST_COLLECTION, requestDoc, type MediaCheck } from '../../../core/domain/requests/model';
import { check, log, recordMediaVerdict, route, startMediaCheck, type CloudApp } from '../../lib';

/** WeChat downloads the photo within its 30 minutes: the link must outlive them */
const URL_MAX_AGE_S = 3_600;
const ATTEMPTS = 3;

/**
 * Starts the checks of `fileIds` uploaded by `uploaderId` (WeChat user `openid`) and answers the
 * entries to add to the request's `mediaChecks` (through commitEvent's `patch`, or with the new
 * request). A photo whose check could not be started stays `pending` with no trace id (logged).
 */
export async function startMediaChecks(app: CloudApp, openid: string, uploaderId: string, fileIds: string[]): Promise<MediaCheck[]> {
  if (!fileIds.length) return [];
  const urls = new Map<string, string>();
  try {
    const res = (await app.getTempFileURL({ fileList: fileIds.map((fileID) => ({ fileID, maxAge: URL_MAX_AGE_S })) })) as { fileList?: { fileID: string; code: string; tempFileURL?: string }[] };
    for (const f of res.fileList ?? []) if (f.code === 'SUCCESS' && f.tempFileURL) urls.set(f.fileID, f.tempFileURL);
  } catch (err) {
    log.error('media check: no links to the photos', { error: err instanceof Error ? err.message : String(err) });
  }
  return Promise.all(
    fileIds.map(async (fileId): Promise<MediaCheck> => {
      const mediaUrl = urls.get(fileId);
      const traceId = mediaUrl ? await startMediaCheck(app, { openid, scene: 'comment', mediaUrl }) : null;
      return { fileId, uploaderId, traceId, verdict: 'pending' };
    }),
  );
}

/**
 * The verdict, pushed by WeChat: recorded on the request holding the trace id (an index on
 * `mediaChecks.traceId`), over the version read. A verdict WeChat could not reach (`errcode` ≠ 0)
 * leaves the photo pending; a trace id no request holds (a retried filing's spare check) is ignored.
 */
export const mediaVerdictRoute = route(requestsMediaVerdict, { access: 'push' }, async (push, { db }) => {
  if (push.errcode !== 0 || !push.result) {
    log.warn('media check gave no verdict', { traceId: push.trace_id, errcode: push.errcode });
    return { updated: false };
  }
  const verdict = push.result.suggest;
  // first for everyone: notices and wishes read their photos' verdicts from there
  await recordMediaVerdict(db, push.trace_id, verdict, push.result.label);
  const _ = db.command;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    const { data } = await db.collection(REQUEST_COLLECTION).where({ 'mediaChecks.traceId': push.trace_id }).limit(1).get();
    const found = (data as unknown[])[0];
    if (!found) {
      log.warn('media verdict for no request', { traceId: push.trace_id });
      return { updated: false };
    }
    const request = requestDoc.parse(found);
    const mediaChecks = request.mediaChecks.map((c) => (c.traceId === push.trace_id ? { ...c, verdict } : c));
    const res = check(await db.collection(REQUEST_COLLECTION).where({ _id: request._id, rev: request.rev }).update({ mediaChecks, rev: _.inc(1) })) as { updated?: number };
    if (res.updated === 1) {
      log.info('media verdict', { requestId: request._id, verdict, label: push.result.label });
      return { updated: true };
    }
  }
  throw new Error(`media verdict ${push.trace_id}: the request kept changing`);
});

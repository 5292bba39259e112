/**
 * Photos on a request go through WeChat's asynchronous media check: started when they are attached
 * (filing, progress, resolution), each is `pending` — shown only to its uploader (store.ts) — until
 * WeChat pushes its verdict (`wxa_media_check`) to this function, which records it on the request
 * (and, for every function's photos, in `mediaVerdicts`: lib/media-verdicts.ts).
 */
import { requestsMediaVerdict } from '../../../core/contracts/requests';
import { REQUEST_COLLECTION, requestDoc, type MediaCheck } from '../../../core/domain/requests/model';
import { check, log, recordMediaVerdict, route, type CloudApp } from '../../lib';
import { startMediaChecks as startChecks } from '../../lib/media-checks';

const ATTEMPTS = 3;

/**
 * Starts the checks of `fileIds` uploaded by `uploaderId` (WeChat user `openid`) and answers the
 * entries to add to the request's `mediaChecks` (through commitEvent's `patch`, or with the new
 * request). A photo whose check could not be started stays `pending` with no trace id (logged).
 */
export async function startMediaChecks(app: CloudApp, openid: string, uploaderId: string, fileIds: string[]): Promise<MediaCheck[]> {
  const started = await startChecks(app, { openid, scene: 'comment' }, fileIds);
  return started.map(({ fileId, traceId }) => ({ fileId, uploaderId, traceId, verdict: 'pending' }));
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
      // a notice's or a wish's photo (read from mediaVerdicts), or a retried filing's spare check
      log.info('media verdict for no request', { traceId: push.trace_id });
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

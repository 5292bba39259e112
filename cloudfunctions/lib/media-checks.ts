/**
 * Starting WeChat's asynchronous media check (lib/content-security.ts `startMediaCheck`) on our own
 * stored images: each gets a temporary link WeChat can download, then its check. The verdicts arrive
 * later by push (lib/media-verdicts.ts).
 */
import { startMediaCheck, type ContentScene } from './content-security';
import type { CloudApp } from './cloud';
import { log } from './log';

/** WeChat downloads the image within its 30 minutes: the link must outlive them */
const URL_MAX_AGE_S = 3_600;

export interface StartedCheck {
  fileId: string;
  /** null: the check could not be started (logged) — the image is unverified, never passed */
  traceId: string | null;
}

/** Starts the checks of `fileIds`, uploaded by the WeChat user `openid`, in `scene`. */
export async function startMediaChecks(app: CloudApp, input: { openid: string; scene: ContentScene }, fileIds: string[]): Promise<StartedCheck[]> {
  if (!fileIds.length) return [];
  const urls = new Map<string, string>();
  try {
    const res = (await app.getTempFileURL({ fileList: fileIds.map((fileID) => ({ fileID, maxAge: URL_MAX_AGE_S })) })) as { fileList?: { fileID: string; code: string; tempFileURL?: string }[] };
    for (const f of res.fileList ?? []) if (f.code === 'SUCCESS' && f.tempFileURL) urls.set(f.fileID, f.tempFileURL);
  } catch (err) {
    log.error('media check: no links to the images', { error: err instanceof Error ? err.message : String(err) });
  }
  return Promise.all(
    fileIds.map(async (fileId) => {
      const mediaUrl = urls.get(fileId);
      return { fileId, traceId: mediaUrl ? await startMediaCheck(app, { openid: input.openid, scene: input.scene, mediaUrl }) : null };
    }),
  );
}

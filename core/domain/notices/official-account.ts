/**
 * The official-account (公众号) sync of a notice as a sequence of steps, each decided from what the
 * previous ones stored on the notice: body images (media/uploadimg) → cover (material/add_material)
 * → draft (draft/add) → submit (freepublish/submit) → poll (freepublish/get) until final; after a
 * withdrawal, delete (freepublish/delete). Pure: the function runs the step and stores its result
 * before asking for the next one, so a crash or a retry resumes where it stopped.
 *
 * Never publishing twice: `submitStartedAt` is stored before freepublish/submit. Found set without a
 * `publishId`, the submit may have reached WeChat (a crash, a timeout): the step is `uncertain`, and
 * only staff, after looking at the account's 发表记录, start it again (notices.resync).
 */
import type { NoticeDoc } from './model';
import { imagesOf } from './blocks';

export type MpStep =
  | { step: 'image'; fileId: string }
  | { step: 'cover' }
  | { step: 'draft' }
  | { step: 'submit' }
  | { step: 'uncertain' }
  | { step: 'poll' }
  | { step: 'delete' }
  /** withdrawn before anything reached the account */
  | { step: 'cancel' }
  | { step: 'done' };

export function nextMpStep(n: Pick<NoticeDoc, 'state' | 'blocks' | 'mp'>): MpStep {
  const mp = n.mp;
  // failed: staff act (a failure after the article went out leaves its deletion to them too)
  if (!mp || mp.status === 'withdrawn' || mp.status === 'failed') return { step: 'done' };
  const submitUnknown = mp.submitStartedAt !== null && mp.publishId === null;
  if (n.state === 'withdrawn') {
    if (mp.articleId) return { step: 'delete' };
    if (mp.publishId) return { step: 'poll' };
    return submitUnknown ? { step: 'uncertain' } : { step: 'cancel' };
  }
  if (mp.status === 'published') return { step: 'done' };
  const uploaded = new Set(mp.images.map((i) => i.fileId));
  const missing = imagesOf(n.blocks).find((id) => !uploaded.has(id));
  if (missing) return { step: 'image', fileId: missing };
  if (!mp.coverMediaId) return { step: 'cover' };
  if (!mp.draftMediaId) return { step: 'draft' };
  if (submitUnknown) return { step: 'uncertain' };
  if (!mp.publishId) return { step: 'submit' };
  return { step: 'poll' };
}

export const UNCERTAIN_SUBMIT =
  '上次提交发表时中断了，无法确定文章是否已经发出。请登录微信公众平台，在「内容管理 → 发表记录」里查看：没有发出的话，点「重新同步」';

/** How long the sweep waits before trying a step again after `attempts` failures (1, 2, 4 … up to 60 minutes). */
export const retryDelayMs = (attempts: number) => Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60_000;
/** freepublish/get while the status is 1 (发布中) */
export const POLL_EVERY_MS = 60_000;

/** Reading notices and answering them as the contracts' views. */
import type { NoticeSummary, NoticeView } from '../../../core/contracts/notices';
import { mpGuidance } from '../../../core/domain/notices/official-account-errors';
import { NOTICE_COLLECTION, noticeDoc, type NoticeDoc } from '../../../core/domain/notices/model';
import { administers } from '../../../core/domain/org';
import type { PersonDoc } from '../../../core/domain/org-model';
import { AppError, type Database } from '../../lib';
import { getDoc } from '../../lib/ledger';

export const NOT_FOUND = '没有找到这条公告，可能已被撤回';

export async function loadNotice(db: Database, id: string): Promise<NoticeDoc> {
  const n = await getDoc(db, NOTICE_COLLECTION, id, noticeDoc);
  if (!n) throw new AppError('NOT_FOUND', NOT_FOUND);
  return n;
}

/** Authoring is for the community's staff (社区工作人员) and its administrators. */
export function requireStaff(person: PersonDoc, communityId: string): void {
  if (!administers(person, communityId)) throw new AppError('FORBIDDEN', '只有本社区的工作人员可以编写和发布公告');
}

export const STAFF_ROLES = ['staff', 'admin'] as const;

export function summaryOf(n: NoticeDoc, unread: boolean): NoticeSummary {
  return {
    id: n._id,
    category: n.category,
    title: n.title,
    digest: n.digest,
    coverFileId: n.coverFileId,
    pinned: n.pinned,
    publishedAt: n.publishedAt,
    expiresAt: n.expiresAt,
    unread,
    state: n.state,
  };
}

function mpMessage(n: NoticeDoc): string | null {
  const mp = n.mp;
  if (!mp) return null;
  if (mp.error) return mp.error.message;
  if (mp.status === 'syncing') return mp.publishId ? '公众号正在发表，稍后自动更新结果' : '正在同步到公众号';
  return null;
}

/** `staff`: the author's view (scope, verdict, reads, the 公众号 sync); residents get null there. */
export function viewOf(n: NoticeDoc, options: { staff: boolean; unread?: boolean }): NoticeView {
  return {
    ...summaryOf(n, options.unread ?? false),
    blocks: n.blocks,
    authorName: n.authorName,
    articleUrl: n.mp?.status === 'published' ? n.mp.articleUrl : null,
    staff: options.staff
      ? {
          scope: n.scope,
          syncToOfficialAccount: n.syncToOfficialAccount,
          verdict: n.moderation?.suggest ?? null,
          approvedBy: n.moderation?.approvedBy ?? null,
          authorId: n.authorId,
          rejection: n.rejection,
          readers: n.readCount,
          mp: n.mp ? { status: n.mp.status, message: mpMessage(n), articleUrl: n.mp.articleUrl } : null,
        }
      : null,
  };
}

/** The error a staff member sees for an official-account failure (`errcode` null: no answer). */
export const mpError = (step: string, errcode: number | null, message?: string) => {
  const g = mpGuidance(errcode);
  return { step, errcode, message: message ?? g.message, retry: message ? false : g.retry };
};

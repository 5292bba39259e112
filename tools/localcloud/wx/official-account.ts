/**
 * The official-account (公众号) HTTP API the product uses: images inside articles (media/uploadimg),
 * permanent image material, drafts, free publishing, its status and deleting a published article
 * (tokens: tokens.ts). State is in memory, per server.
 *
 * As documented (developers.weixin.qq.com/doc/service/api/…): uploadimg takes jpg/png under 1 MB
 * (40005 other types, 40009 larger) and answers `{ url }`; a draft leaves the draft box once it is
 * published (here: once submitted, the stricter reading), so submitting it again answers 40007; freepublish/delete takes
 * `{ article_id, index? }` (index 1-based, 0 or absent: every article) and answers `{ errcode, errmsg }`.
 * What the pages leave open, the stub answers strictly: an unknown or already deleted article_id is
 * 47003, like an unknown publish_id.
 */
import { randomBytes } from 'node:crypto';
import { WX_OK, wxError, type WxErrorBody } from './errors';
import type { StableTokens } from './tokens';

export { localOfficialAccount } from './tokens';

const IMAGE_TYPES = new Set(['bmp', 'png', 'jpeg', 'jpg', 'gif']);
const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
const MEDIA_TYPES = new Set(['image', 'voice', 'video', 'thumb']);
/** media/uploadimg: jpg/png only, "大小必须在1MB以下" */
const ARTICLE_IMAGE_TYPES = new Set(['png', 'jpeg', 'jpg']);
const MAX_ARTICLE_IMAGE_BYTES = 1024 * 1024 - 1;

type Answer = WxErrorBody | Record<string, unknown>;

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface StoredMaterial {
  mediaId: string;
  type: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

interface Draft {
  articles: Record<string, unknown>[];
  createdAt: number;
}

interface PublishTask {
  mediaId: string;
  articleCount: number;
  /** status the task ends in; `get` answers 1 (发布中) once before it */
  finalStatus: number;
  polled: boolean;
}

const mediaId = () => randomBytes(32).toString('base64url');

export class OfficialAccountStub {
  private materials = new Map<string, StoredMaterial>();
  private drafts = new Map<string, Draft>();
  private tasks = new Map<string, PublishTask>();
  private nextPublishId = 2247483600;
  private plannedStatuses: number[] = [];
  /** images uploaded for article bodies (not in the material library) */
  private articleImages = new Map<string, StoredMaterial>();
  /** published articles by article_id: its publish task, and whether it was deleted */
  private articles = new Map<string, { publishId: string; deleted: boolean }>();

  constructor(private readonly tokens: StableTokens) {}

  /** null when the token is an official account's good one, else the error to answer */
  checkToken(accessToken: string | undefined): WxErrorBody | null {
    return this.tokens.check(accessToken, 'officialAccount');
  }

  /** test control: the next publish tasks end with these statuses (2 原创失败, 3 常规失败, 4 审核不通过 …) */
  planPublishStatus(status: number, times: number): void {
    for (let i = 0; i < times; i++) this.plannedStatuses.push(status);
  }

  /** a stored material or article image, served under the stub's media URL */
  material(id: string): StoredMaterial | undefined {
    return this.materials.get(id) ?? this.articleImages.get(id);
  }

  /** media/uploadimg: an image for an article's body; `urlBase` as in addMaterial */
  uploadImage(file: UploadedFile | undefined, urlBase: string): Answer {
    if (!file || file.data.length === 0) return wxError(41005);
    const ext = file.filename.split('.').pop()?.toLowerCase() ?? '';
    if (!ARTICLE_IMAGE_TYPES.has(ext)) return wxError(40005);
    if (file.data.length > MAX_ARTICLE_IMAGE_BYTES) return wxError(40009);
    const id = mediaId();
    this.articleImages.set(id, { mediaId: id, type: 'image', filename: file.filename, contentType: file.contentType, data: file.data });
    return { ...WX_OK, url: `${urlBase}/${id}` };
  }

  /** freepublish/delete */
  deletePublished(body: Record<string, unknown>): Answer {
    const article = typeof body.article_id === 'string' ? this.articles.get(body.article_id) : undefined;
    if (!article || article.deleted) return wxError(47003, 'article_id invalid');
    if (body.index !== undefined && (!Number.isInteger(body.index) || (body.index as number) < 0)) return wxError(47003, 'index invalid');
    article.deleted = true;
    return { ...WX_OK };
  }

  /** `urlBase`: where this server serves stored materials (the answer's `url`) */
  addMaterial(type: string | undefined, file: UploadedFile | undefined, urlBase: string): Answer {
    if (!type || !MEDIA_TYPES.has(type)) return wxError(40004);
    if (!file || file.data.length === 0) return wxError(41005);
    if (type === 'image' || type === 'thumb') {
      const ext = file.filename.split('.').pop()?.toLowerCase() ?? '';
      if (!IMAGE_TYPES.has(ext)) return wxError(40005);
      if (file.data.length > (type === 'thumb' ? 64 * 1024 : MAX_IMAGE_BYTES)) return wxError(40009);
    }
    const id = mediaId();
    this.materials.set(id, { mediaId: id, type, filename: file.filename, contentType: file.contentType, data: file.data });
    return type === 'image' ? { media_id: id, url: `${urlBase}/${id}` } : { media_id: id };
  }

  addDraft(body: Record<string, unknown>): Answer {
    const articles = body.articles;
    if (!Array.isArray(articles) || articles.length === 0 || articles.length > 8) return wxError(47001, 'articles invalid');
    for (const raw of articles as unknown[]) {
      const a = (raw ?? {}) as Record<string, unknown>;
      if (typeof a.title !== 'string' || !a.title || typeof a.content !== 'string' || !a.content) {
        return wxError(47001, 'title and content are required');
      }
      if ([...a.title].length > 32) return wxError(45003);
      if ([...a.content].length >= 20000 || Buffer.byteLength(a.content) >= 1024 * 1024) return wxError(45002);
      if (typeof a.digest === 'string' && [...a.digest].length > 128) return wxError(45004);
      const type = a.article_type ?? 'news';
      if (type === 'news') {
        const thumb = typeof a.thumb_media_id === 'string' ? this.materials.get(a.thumb_media_id) : undefined;
        if (!thumb || (thumb.type !== 'image' && thumb.type !== 'thumb')) return wxError(40007);
      }
    }
    const id = mediaId();
    this.drafts.set(id, { articles: articles as Record<string, unknown>[], createdAt: Date.now() });
    return { media_id: id };
  }

  submit(body: Record<string, unknown>): Answer {
    if (typeof body.media_id !== 'string' || !body.media_id) return wxError(47001, 'media_id is required');
    const draft = this.drafts.get(body.media_id);
    if (!draft) return wxError(40007);
    const publishId = String(this.nextPublishId++);
    this.tasks.set(publishId, {
      mediaId: body.media_id,
      articleCount: draft.articles.length,
      finalStatus: this.plannedStatuses.shift() ?? 0,
      polled: false,
    });
    // WeChat removes a draft from the box once it is published; the stub already at the submit, the stricter reading
    this.drafts.delete(body.media_id);
    return { ...WX_OK, publish_id: publishId, msg_data_id: publishId };
  }

  publishStatus(body: Record<string, unknown>): Answer {
    const publishId = body.publish_id === undefined ? '' : String(body.publish_id);
    const task = this.tasks.get(publishId);
    if (!task) return wxError(47003, 'publish_id invalid');
    if (!task.polled) {
      task.polled = true;
      return { publish_id: publishId, publish_status: 1, fail_idx: [] };
    }
    const indexes = Array.from({ length: task.articleCount }, (_, i) => i + 1);
    if (task.finalStatus !== 0) return { publish_id: publishId, publish_status: task.finalStatus, fail_idx: indexes };
    const articleId = `local_${publishId}`;
    if (!this.articles.has(articleId)) this.articles.set(articleId, { publishId, deleted: false });
    if (this.articles.get(articleId)!.deleted) return { publish_id: publishId, publish_status: 5, fail_idx: indexes };
    return {
      publish_id: publishId,
      publish_status: 0,
      article_id: articleId,
      article_detail: {
        count: task.articleCount,
        item: indexes.map((idx) => ({ idx, article_url: `https://mp.weixin.qq.com/s/${articleId}_${idx}` })),
      },
      fail_idx: [],
    };
  }
}

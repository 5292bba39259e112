/**
 * The official account's article HTML (draft/add `content`) from a notice's blocks. WeChat filters
 * out images that are not on its own CDN, so every body image must first be uploaded with
 * media/uploadimg; the caller passes the URL each file got. Text is escaped; nothing else of the
 * author's reaches the HTML. Limits (draft/add): under 20,000 characters and under 1 MB.
 */
import type { Block, Run } from './blocks';

export const ARTICLE_HTML_LIMITS = { characters: 20_000, bytes: 1024 * 1024 } as const;

export class ArticleTooLarge extends Error {}
export class ImageNotUploaded extends Error {
  constructor(readonly fileId: string) {
    super(`body image ${fileId} has no official-account URL yet`);
  }
}

const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]).replace(/\n/g, '<br/>');

const runs = (rs: Run[]) => rs.map((r) => (r.bold ? `<strong>${escape(r.text)}</strong>` : escape(r.text))).join('');

function blockHtml(b: Block, urlOf: (fileId: string) => string | undefined): string {
  switch (b.type) {
    case 'paragraph':
      return `<p>${runs(b.runs)}</p>`;
    case 'heading':
      return `<h2>${escape(b.text)}</h2>`;
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      return `<${tag}>${b.items.map((item) => `<li>${runs(item)}</li>`).join('')}</${tag}>`;
    }
    case 'image': {
      const url = urlOf(b.fileId);
      if (!url) throw new ImageNotUploaded(b.fileId);
      const caption = b.caption ? `<figcaption>${escape(b.caption)}</figcaption>` : '';
      return `<figure><img src="${escape(url)}"/>${caption}</figure>`;
    }
  }
}

export function articleHtml(blocks: readonly Block[], imageUrls: Readonly<Record<string, string>>): string {
  const html = blocks.map((b) => blockHtml(b, (id) => imageUrls[id])).join('');
  if ([...html].length >= ARTICLE_HTML_LIMITS.characters || utf8Bytes(html) >= ARTICLE_HTML_LIMITS.bytes) {
    throw new ArticleTooLarge(`article HTML is ${[...html].length} characters, ${utf8Bytes(html)} bytes`);
  }
  return html;
}

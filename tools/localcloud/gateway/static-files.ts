/** Serves a built single-page app from a directory: content types, cache headers, index fallback. */
import fs from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/** webpack's content-hashed names (app.3f2a9c1b.js) never change content: cache them for good */
const HASHED = /[.-][0-9a-f]{8,}\.[a-z0-9]+$/i;

export function contentType(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Sends `relPath` from `root`, or `root/index.html` when no such file exists (client-side routes).
 * Returns false when even index.html is missing.
 */
export function serveStatic(res: ServerResponse, root: string, relPath: string, method: string): boolean {
  const base = path.resolve(root);
  let file = path.resolve(base, `.${path.posix.normalize(`/${relPath}`)}`);
  // normalize() above keeps the path inside root; the check guards against anything it missed
  if (file !== base && !file.startsWith(base + path.sep)) file = path.join(base, 'index.html');
  if (!isFile(file)) file = path.join(base, 'index.html');
  if (!isFile(file)) return false;
  const isHtml = file.endsWith('.html');
  const stat = fs.statSync(file);
  res.writeHead(200, {
    'content-type': contentType(file),
    'content-length': stat.size,
    'cache-control': !isHtml && HASHED.test(path.basename(file)) ? 'public, max-age=31536000, immutable' : 'no-cache',
    'last-modified': stat.mtime.toUTCString(),
  });
  if (method === 'HEAD') res.end();
  else fs.createReadStream(file).pipe(res);
  return true;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

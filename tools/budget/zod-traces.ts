/**
 * Finds zod in built JavaScript. zod 4 names every schema class through `$constructor("$ZodType", …)`
 * (and zod 3 had its `ZodError`), strings a minifier keeps, so their presence means zod was bundled.
 */
import fs from 'node:fs';
import path from 'node:path';

const ZOD_SIGNATURE = /\$Zod[A-Z]\w*|\bZodError\b/;

function jsFiles(dir: string, skip: Set<string>): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (skip.has(p)) return [];
    if (e.isDirectory()) return jsFiles(p, skip);
    return e.name.endsWith('.js') ? [p] : [];
  });
}

/** The .js files under `dir` (minus the `skip` folders) that contain zod, relative to `dir`. */
export function zodTraces(dir: string, skip: string[] = []): string[] {
  const skipped = new Set(skip.map((s) => path.resolve(dir, s)));
  return jsFiles(path.resolve(dir), skipped)
    .filter((file) => ZOD_SIGNATURE.test(fs.readFileSync(file, 'utf8')))
    .map((file) => path.relative(dir, file));
}

/**
 * Writes the import templates (core/domain/org-import/templates.ts) as .xlsx files into
 * tools/seed/templates/, the files the README's first day imports:  npm run templates
 */
import fs from 'node:fs';
import path from 'node:path';
import { TEMPLATES, TEMPLATE_DATE, templateSheets } from '../core/domain/org-import/templates';
import { writeXlsx } from '../cloudfunctions/lib/xlsx';

export const TEMPLATES_DIR = path.resolve(__dirname, 'seed', 'templates');

async function main(): Promise<void> {
  fs.mkdirSync(TEMPLATES_DIR, { recursive: true });
  for (const template of Object.values(TEMPLATES)) {
    const file = path.join(TEMPLATES_DIR, template.fileName);
    fs.writeFileSync(file, await writeXlsx(templateSheets(template), TEMPLATE_DATE));
    console.log(path.relative(process.cwd(), file));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

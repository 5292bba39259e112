/**
 * org.import.template: a download link of the kind's template, built from the template definitions
 * (the same ones `npm run templates` writes to tools/seed/templates/) and stored under its version.
 * Rarely called: it is built and uploaded each time rather than looked up.
 */
import { orgImportTemplate } from '../../../../core/contracts/org-import';
import { TEMPLATES, TEMPLATE_DATE, TEMPLATE_VERSION, templateSheets } from '../../../../core/domain/org-import/templates';
import { route } from '../../../lib';
import { publishXlsx, xlsx } from '../../../lib/xlsx-files';
import { STAFF_ROLES } from './access';

export const templateRoute = route(orgImportTemplate, { access: 'bound', roles: STAFF_ROLES }, async ({ kind }, { app }) => {
  const template = TEMPLATES[kind];
  const bytes = await xlsx().writeXlsx(templateSheets(template), TEMPLATE_DATE);
  return publishXlsx(app, `import-templates/v${TEMPLATE_VERSION}/${kind}.xlsx`, template.fileName, bytes, template.examples.length);
});

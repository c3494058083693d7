/** The class index page from its view model (class-view.ts). Pure: same grades, templates and time, same bytes. */
import type { ReportTemplates } from './templates.ts';
import type { ClassView } from './class-view.ts';

export function renderClassIndex(view: ClassView, templates: ReportTemplates): string {
  return templates.classHtml({ ...view, css: templates.css, script: templates.classScript });
}

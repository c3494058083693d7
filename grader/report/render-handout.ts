/**
 * A handout (assignments/<id>/README.md) as a self-contained page, its formulas as MathML: written next to
 * the reports (`<out>/handouts/<id>.html`), so a student reading a hint can open the math it points to.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AssignmentDefinition } from '../definition/types.ts';
import { assignmentsDir } from '../paths.ts';
import { handoutHtml } from './math.ts';
import type { ReportTemplates } from './templates.ts';

export function handoutPath(id: string): string {
  return join(assignmentsDir, id, 'README.md');
}

export function renderHandout(definition: AssignmentDefinition, templates: ReportTemplates): string {
  return templates.handoutHtml({ id: definition.id, title: definition.title, body: handoutHtml(readFileSync(handoutPath(definition.id), 'utf8')), css: templates.css });
}

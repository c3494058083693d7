/**
 * docs/test-catalogue.md, rendered from the definitions (the single source), so the list of tests that
 * reports, fixtures and gradebooks name can never drift from what runs. `grader catalogue --write`
 * regenerates it; a test fails when the committed file is out of date.
 */
import type { AssignmentDefinition } from '../definition/types.ts';

const escapeCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderCatalogue(assignments: readonly AssignmentDefinition[]): string {
  const lines = [
    '# Test catalogue',
    '',
    '<!-- Generated from assignments/*/definition.ts by `npx grader catalogue --write`; do not edit by hand. -->',
    '',
    'Each assignment\'s tests, with their stable ids (reports, fixtures and gradebooks name them). `public` tests run',
    'in the student\'s `npm test`; `hidden` ones only when the course staff grade. Tolerances and sample sizes are',
    'derived in the definitions, next to the numbers.',
  ];
  for (const assignment of assignments) {
    const total = (visibility: string) => assignment.tests.filter((test) => test.visibility === visibility).reduce((sum, test) => sum + test.points, 0);
    lines.push('', `## ${assignment.id}: ${assignment.title}`, '', `Exports: ${assignment.exports.map((name) => `\`${name}\``).join(', ')}. Points: ${total('public')} public, ${total('hidden')} hidden.`, '');
    lines.push('| id | kind | visibility | points | what it checks |', '|---|---|---|---|---|');
    for (const test of assignment.tests) lines.push(`| ${test.id} | ${test.kind} | ${test.visibility} | ${test.points} | ${escapeCell(test.checks)} |`);
  }
  return `${lines.join('\n')}\n`;
}

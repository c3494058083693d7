/**
 * The class summary printed at the end of a batch: how many students were graded and, per assignment, how
 * many handed it in, their mean and quartiles, who could not be graded and why, and where the files are.
 * With `color` (decided by the caller, see feedback/terminal-summary.ts `useColor`), the per-assignment
 * lines and the "not graded" block are colored; without it the text is plain, as logs and tests read it.
 */
import { isAbsolute, relative } from 'node:path';
import type { ClassOutcome } from './grade-class.ts';
import { palette, pointsPaint } from '../feedback/terminal-summary.ts';

export function classSummary(outcome: ClassOutcome, out: string, options: { color?: boolean } = {}): string {
  const colors = palette(options.color ?? false);
  const students = Object.keys(outcome.students);
  const lines: string[] = [];
  const graded = students.filter((id) => outcome.run.students[id]?.status === 'graded').length;
  lines.push(`graded ${graded} of ${students.length} students (seed ${outcome.run.seed}, grader ${outcome.run.graderVersion})`);
  for (const assignment of outcome.run.assignments) {
    const scores = students.map((id) => outcome.students[id]?.[assignment]).filter((grade) => grade !== undefined);
    if (scores.length === 0) continue;
    const max = scores[0]!.max;
    const handedIn = scores.filter((grade) => grade.reason !== 'missing');
    const values = handedIn.map((grade) => grade.score).sort((a, b) => a - b);
    const quantile = (q: number) => values[Math.min(values.length - 1, Math.floor(q * values.length))] ?? 0;
    const mean = values.length > 0 ? values.reduce((sum, value) => sum + value, 0) / values.length : 0;
    const full = values.filter((value) => value === max).length;
    // The mean is painted like one student's points: green when everyone who handed in has full marks.
    const handedInText = `handed in ${String(handedIn.length).padStart(4)} of ${scores.length}`;
    lines.push(`  ${colors.bold(assignment.padEnd(28))} ${handedIn.length < scores.length ? colors.yellow(handedInText) : handedInText}   mean ${pointsPaint(colors, mean, max)(`${mean.toFixed(1).padStart(5)} / ${max}`)}   quartiles ${quantile(0.25)} · ${quantile(0.5)} · ${quantile(0.75)}   full marks ${full}`);
  }
  const problems = students.filter((id) => outcome.run.students[id]?.status !== 'graded');
  if (problems.length > 0) {
    lines.push(colors.red(colors.bold(`not graded (${problems.length}):`)));
    for (const id of problems) lines.push(`  ${colors.red(JSON.stringify(id))}: ${outcome.run.students[id]?.reason ?? 'unknown reason'}`);
  }
  if (outcome.ignored.length > 0) lines.push(`ignored (not a folder or .zip): ${outcome.ignored.map((name) => JSON.stringify(name)).join(', ')}`);
  lines.push(`network: ${outcome.run.isolation.network}`);
  const near = relative(process.cwd(), out);
  const where = near === '' ? '.' : near.startsWith('..') || isAbsolute(near) ? out : near;
  lines.push(`wrote ${where}/index.html (the class report), grades.json, gradebook.csv, and per student ${where}/<student>/report.html, report.md and results.json`);
  return lines.join('\n');
}

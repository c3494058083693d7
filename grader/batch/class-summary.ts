/**
 * The class summary printed at the end of a batch: how many students were graded and, per assignment, how
 * many handed it in, their mean and quartiles, then each test some students failed, with how many and the
 * most frequent one-line reason; who could not be graded and why, and where the files are.
 * Every entry of the submissions folder is accounted for: graded, could not be graded, or refused (not a
 * student), each listed by name, and the three counts add up to what was found. Names and reasons are the
 * students' text, so they are printed escaped (escape-control.ts): a folder name holding ESC or a newline
 * shows as `\x1b`, `\n` and moves nothing on the TA's terminal.
 * With `color` (decided by the caller, see feedback/terminal-summary.ts `useColor`), the per-assignment
 * lines, the failing tests' names and the "not graded" block are colored; without it the text is plain, as logs and tests read it.
 */
import { isAbsolute, relative } from 'node:path';
import type { ClassOutcome } from './grade-class.ts';
import { oneLineReason, palette, pointsPaint } from '../feedback/terminal-summary.ts';
import { compareIds, type AssignmentGrade } from './grades-file.ts';
import { own } from './id-table.ts';
import { escapeControl, quotedName } from '../feedback/escape-control.ts';

export function classSummary(outcome: ClassOutcome, out: string, options: { color?: boolean } = {}): string {
  const colors = palette(options.color ?? false);
  const students = Object.keys(outcome.students).sort(compareIds); // not the order they finished in
  const lines: string[] = [];
  const runOf = (id: string) => own(outcome.run.students, id);
  const graded = students.filter((id) => runOf(id)?.status === 'graded');
  lines.push(`graded ${graded.length} of ${students.length} students (seed ${outcome.run.seed}, grader ${outcome.run.graderVersion})`);
  for (const assignment of outcome.run.assignments) {
    const scores = students.map((id) => own(outcome.students, id)?.[assignment]).filter((grade) => grade !== undefined);
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
    for (const failing of failingTests(handedIn)) {
      const others = failing.count - failing.reasonCount;
      lines.push(`      ${colors.red(`✗ ${failing.title}`)}: ${failing.count} of ${handedIn.length}: ${failing.reason}${others > 0 ? ` (and ${others} for other reasons)` : ''}`);
    }
  }
  const problems = students.filter((id) => runOf(id)?.status !== 'graded');
  if (problems.length > 0) {
    lines.push(colors.red(colors.bold(`not graded (${problems.length}):`)));
    for (const id of problems) lines.push(`  ${colors.red(quotedName(id))}: ${escapeControl(runOf(id)?.reason ?? 'unknown reason')}`);
  }
  const refused = outcome.run.refused ?? [];
  if (refused.length > 0) {
    lines.push(`refused, not students (${refused.length}):`);
    for (const entry of refused) lines.push(`  ${quotedName(entry.name)}: ${escapeControl(entry.reason)}`);
  }
  if (outcome.named.length > 0) {
    lines.push(`given another id or folder than their own name (${outcome.named.length}):`);
    for (const entry of outcome.named) {
      lines.push(`  ${quotedName(entry.entry)} → student ${quotedName(entry.id)}${entry.folder === entry.id ? '' : `, folder ${quotedName(entry.folder)}`}`);
      for (const note of entry.notes) lines.push(`      ${escapeControl(note)}`);
    }
  }
  if (graded.length > 0) lines.push(`graded (${graded.length}): ${graded.map(quotedName).join(', ')}`);
  const found = students.length + refused.length;
  lines.push(`found ${found} in the submissions folder: ${graded.length} graded + ${problems.length} could not be graded + ${refused.length} refused`);
  const isolation = outcome.run.isolation;
  lines.push(isolation.level === 'full' ? `isolation: ${isolation.sandbox}` : colors.red(colors.bold(`WARNING: student code ran with ${isolation.sandbox}`)));
  const near = relative(process.cwd(), out);
  const where = near === '' ? '.' : near.startsWith('..') || isAbsolute(near) ? out : near;
  lines.push(`wrote ${where}/index.html (the class report), grades.json, gradebook.csv, and per student ${where}/<student>/report.html, report.md and results.json`);
  return lines.join('\n');
}

interface FailingTestSummary {
  title: string;
  count: number;
  /** The most frequent reason among those who failed it (the diagnosed mistake, or the verdict's first line). */
  reason: string;
  reasonCount: number;
}

/** The tests some students failed, most failed first (ties by title). */
function failingTests(grades: ReadonlyArray<AssignmentGrade>): FailingTestSummary[] {
  const byTest = new Map<string, { title: string; reasons: Map<string, number>; count: number }>();
  for (const grade of grades) {
    for (const test of grade.tests) {
      if (test.status === 'passed') continue;
      const entry = byTest.get(test.id) ?? { title: test.title, reasons: new Map<string, number>(), count: 0 };
      const reason = test.diagnosis === undefined ? oneLineReason(test.feedback, 60) : escapeControl(test.diagnosis);
      entry.reasons.set(reason, (entry.reasons.get(reason) ?? 0) + 1);
      entry.count += 1;
      byTest.set(test.id, entry);
    }
  }
  return [...byTest.values()]
    .map((entry) => {
      const [reason, reasonCount] = [...entry.reasons].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]!;
      return { title: entry.title, count: entry.count, reason, reasonCount };
    })
    .sort((a, b) => b.count - a.count || (a.title < b.title ? -1 : 1));
}

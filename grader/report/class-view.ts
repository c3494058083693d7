/**
 * The class index's view model (`<out>/index.html`), from the batch's grades: per assignment the score
 * distribution and each test's pass rate, the most frequent diagnosed mistakes with how many students made
 * each, every student's row with a link to their report, who could not be graded, with the reason, and
 * what in the submissions folder was refused as not a student; the counts add up to what was found.
 * Student ids and reasons are shown with their control characters escaped (escape-control.ts), as on
 * the terminal: the page is escaped for HTML by its template, and a raw ESC or bidi override in it
 * would only garble a row, or reorder it.
 */
import type { AssignmentDefinition } from '../definition/types.ts';
import { compareIds, type GradesDocument } from '../batch/grades-file.ts';
import { own } from '../batch/id-table.ts';
import { escapeControl } from '../feedback/escape-control.ts';
import { scoreHistogramSvg } from './plots/score-histogram.ts';

export interface ClassView {
  title: string;
  studentCount: number;
  gradedCount: number;
  /** Entries of the submissions folder: students (graded or not) and refused ones. */
  foundCount: number;
  seed: number;
  graderVersion: string;
  /** How student code was isolated, in one line (its level first). */
  isolation: string;
  assignments: Array<{
    id: string;
    title: string;
    max: number;
    handedIn: number;
    mean: string;
    median: string;
    fullMarks: number;
    histogramSvg: string;
    tests: Array<{ id: string; title: string; hidden: boolean; passed: number; total: number; rate: string; percent: number }>;
  }>;
  /** Each recognised mistake per assignment: how many students made it, in which tests, and who. */
  mistakes: Array<{ pattern: string; assignment: string; tests: string; count: number; students: string }>;
  columns: Array<{ id: string; title: string; max: number }>;
  rows: Array<{ id: string; href?: string; status: string; total: number; max: number; scores: Array<{ value: string; sort: number }> }>;
  ungraded: Array<{ id: string; href?: string; reason: string }>;
  /** Entries of the submissions folder that are not students, and why. */
  refused: Array<{ name: string; reason: string }>;
  gradedAt: string;
}

/** Mistakes listed: the most frequent first, at most this many. */
const MISTAKES_SHOWN = 20;

export function classView(document: GradesDocument, definitions: readonly AssignmentDefinition[], options: { gradedAt: string; reportHref(id: string): string | undefined; title?: string }): ClassView {
  const ids = Object.keys(document.students).sort(compareIds);
  const chosen = definitions.filter((definition) => document.run.assignments.includes(definition.id));
  const assignments = chosen.map((definition) => {
    const grades = ids.map((id) => own(document.students, id)?.[definition.id]).filter((grade) => grade !== undefined);
    const handedIn = grades.filter((grade) => grade.reason !== 'missing');
    const max = grades[0]?.max ?? definition.tests.reduce((sum, test) => sum + test.points, 0);
    const scores = handedIn.map((grade) => grade.score).sort((a, b) => a - b);
    const mean = scores.length > 0 ? scores.reduce((sum, value) => sum + value, 0) / scores.length : 0;
    const median = scores.length === 0 ? 0 : scores.length % 2 === 1 ? scores[(scores.length - 1) / 2]! : (scores[scores.length / 2 - 1]! + scores[scores.length / 2]!) / 2;
    const tests = definition.tests.map((test) => {
      const results = handedIn.map((grade) => grade.tests.find((entry) => entry.id === test.id)).filter((entry) => entry !== undefined);
      const passed = results.filter((entry) => entry.status === 'passed').length;
      const percent = results.length > 0 ? (100 * passed) / results.length : 0;
      return { id: test.id, title: test.title, hidden: test.visibility === 'hidden', passed, total: results.length, rate: `${percent.toFixed(0)}%`, percent: Number(percent.toFixed(1)) };
    });
    return {
      id: definition.id,
      title: definition.title,
      max,
      handedIn: handedIn.length,
      mean: mean.toFixed(1),
      median: String(median),
      fullMarks: scores.filter((score) => score === max).length,
      histogramSvg: scoreHistogramSvg(scores, max, { title: `${definition.title}: scores of the ${scores.length} students who handed it in` }),
      tests,
    };
  });

  // Diagnosed mistakes, per (assignment, pattern): each student counted once, however many tests show it.
  const counts = new Map<string, { pattern: string; assignment: string; tests: Set<string>; students: string[] }>();
  for (const id of ids) {
    for (const definition of chosen) {
      const seen = new Set<string>();
      for (const test of own(document.students, id)?.[definition.id]?.tests ?? []) {
        if (!test.diagnosis) continue;
        const key = JSON.stringify([definition.id, test.diagnosis]);
        const entry = counts.get(key) ?? { pattern: test.diagnosis, assignment: definition.title, tests: new Set<string>(), students: [] };
        entry.tests.add(test.title);
        if (!seen.has(key)) entry.students.push(id);
        seen.add(key);
        counts.set(key, entry);
      }
    }
  }
  const mistakes = [...counts.values()]
    .sort((a, b) => b.students.length - a.students.length || compareIds(a.assignment + a.pattern, b.assignment + b.pattern))
    .slice(0, MISTAKES_SHOWN)
    .map((entry) => ({ pattern: entry.pattern, assignment: entry.assignment, tests: [...entry.tests].join('; '), count: entry.students.length, students: listed(entry.students.map((id) => escapeControl(id))) }));

  const rows = ids.map((id) => {
    const grades = own(document.students, id)!;
    const run = own(document.run.students, id);
    const scores = chosen.map((definition) => {
      const grade = grades[definition.id];
      if (!grade) return { value: '–', sort: -1 };
      return { value: grade.reason === 'missing' ? 'missing' : String(grade.score), sort: grade.reason === 'missing' ? -1 : grade.score };
    });
    const href = options.reportHref(id);
    return {
      id: escapeControl(id),
      ...(href ? { href } : {}),
      status: run?.status ?? 'graded',
      total: chosen.reduce((sum, definition) => sum + (grades[definition.id]?.score ?? 0), 0),
      max: chosen.reduce((sum, definition) => sum + (grades[definition.id]?.max ?? 0), 0),
      scores,
    };
  });
  const ungraded = ids
    .filter((id) => own(document.run.students, id) !== undefined && own(document.run.students, id)!.status !== 'graded')
    .map((id) => {
      const href = options.reportHref(id);
      return { id: escapeControl(id), ...(href ? { href } : {}), reason: escapeControl(own(document.run.students, id)!.reason ?? 'unknown reason') };
    });
  return {
    title: options.title ?? 'Class report',
    studentCount: ids.length,
    gradedCount: ids.length - ungraded.length,
    foundCount: ids.length + (document.run.refused ?? []).length,
    seed: document.run.seed,
    graderVersion: document.run.graderVersion,
    isolation: document.run.isolation.sandbox,
    assignments,
    mistakes,
    columns: chosen.map((definition) => ({ id: definition.id, title: definition.title, max: assignments.find((entry) => entry.id === definition.id)!.max })),
    rows,
    ungraded,
    refused: (document.run.refused ?? []).map((entry) => ({ name: escapeControl(entry.name), reason: escapeControl(entry.reason) })),
    gradedAt: options.gradedAt,
  };
}

/** The first few names, then how many more. */
function listed(students: string[]): string {
  const shown = students.slice(0, 5).join(', ');
  return students.length > 5 ? `${shown} and ${students.length - 5} more` : shown;
}

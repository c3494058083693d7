/**
 * vitest's default output, followed by honest totals per assignment: points earned of the PUBLIC points,
 * each failing test with its one-line verdict, and how many hidden tests (and points) were not run locally.
 * The block is rendered by feedback/terminal-summary.ts; colored only when the output is a terminal and
 * NO_COLOR is not set (see `useColor`).
 */
import { DefaultReporter } from 'vitest/node';
import type { TestModule } from 'vitest/node';
import type { TestGrade } from './suite.ts';
import { studentSummary, useColor, type AssignmentPoints, type HiddenTests } from '../feedback/terminal-summary.ts';

export default class GradeReporter extends DefaultReporter {
  override onTestRunEnd(...args: Parameters<DefaultReporter['onTestRunEnd']>): void {
    super.onTestRunEnd(...args);
    const [modules] = args;
    const { assignments, hidden } = collect(modules);
    if (assignments.length === 0) return;
    // The logger's stream is process.stdout unless vitest was given another; a Writable has no isTTY.
    const stream = this.ctx.logger.outputStream as { isTTY?: boolean };
    this.ctx.logger.log(studentSummary(assignments, hidden, useColor({ isTTY: stream.isTTY }, process.env)));
  }
}

function collect(modules: ReadonlyArray<TestModule>): { assignments: AssignmentPoints[]; hidden: HiddenTests } {
  const totals = new Map<string, AssignmentPoints>();
  const hiddenBy = new Map<string, HiddenTests>();
  const entry = (assignment: string) => {
    let found = totals.get(assignment);
    if (!found) {
      found = { assignment, score: 0, max: 0, passed: 0, tests: 0, notImplemented: 0, failing: [] };
      totals.set(assignment, found);
    }
    return found;
  };
  for (const module of modules) {
    for (const suite of module.children.allSuites()) {
      const summary = suite.meta().hidden;
      if (!summary) continue;
      entry(summary.assignment);
      hiddenBy.set(summary.assignment, summary);
    }
    for (const test of module.children.allTests()) {
      const grade: TestGrade | undefined = test.meta().grade;
      if (!grade) continue;
      const totalsFor = entry(grade.assignment);
      totalsFor.tests += 1;
      totalsFor.max += grade.max;
      totalsFor.score += grade.score;
      if (grade.status === 'passed') totalsFor.passed += 1;
      else totalsFor.failing.push({ title: test.name, status: grade.status, feedback: grade.verdict });
      if (test.result().state === 'failed' && /not implemented/i.test(test.result().errors?.[0]?.message ?? '')) totalsFor.notImplemented = (totalsFor.notImplemented ?? 0) + 1;
    }
  }
  const hidden = [...hiddenBy.values()].reduce((sum, next) => ({ count: sum.count + next.count, points: sum.points + next.points }), { count: 0, points: 0 });
  return { assignments: [...totals.values()], hidden };
}

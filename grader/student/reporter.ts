/**
 * vitest's default output, followed by honest totals per assignment: points earned of the PUBLIC points,
 * and how many hidden tests (and points) were not run locally.
 */
import { DefaultReporter } from 'vitest/node';
import type { TestModule } from 'vitest/node';
import type { HiddenSummary, TestGrade } from './suite.ts';

interface Totals {
  score: number;
  max: number;
  passed: number;
  tests: number;
  notImplemented: number;
  hidden?: HiddenSummary;
}

export default class GradeReporter extends DefaultReporter {
  override onTestRunEnd(...args: Parameters<DefaultReporter['onTestRunEnd']>): void {
    super.onTestRunEnd(...args);
    const [modules] = args;
    const totals = collect(modules);
    if (totals.size === 0) return;
    const lines = ['', ' Points (public tests run here):'];
    let score = 0;
    let max = 0;
    let hiddenCount = 0;
    let hiddenPoints = 0;
    for (const [assignment, entry] of [...totals].sort(([a], [b]) => a.localeCompare(b))) {
      score += entry.score;
      max += entry.max;
      hiddenCount += entry.hidden?.count ?? 0;
      hiddenPoints += entry.hidden?.points ?? 0;
      const notImplemented = entry.notImplemented > 0 ? `, ${entry.notImplemented} not implemented yet` : '';
      lines.push(`   ${assignment.padEnd(28)} ${String(entry.score).padStart(3)} / ${String(entry.max).padEnd(3)} (${entry.passed} of ${entry.tests} tests passed${notImplemented})`);
    }
    lines.push(`   ${'total'.padEnd(28)} ${String(score).padStart(3)} / ${max}`);
    if (hiddenCount > 0) {
      lines.push(` Not run here: ${hiddenCount} hidden tests worth ${hiddenPoints} points; they run only when the course staff grade.`);
    }
    this.ctx.logger.log(lines.join('\n'));
  }
}

function collect(modules: ReadonlyArray<TestModule>): Map<string, Totals> {
  const totals = new Map<string, Totals>();
  const entry = (assignment: string) => {
    let found = totals.get(assignment);
    if (!found) {
      found = { score: 0, max: 0, passed: 0, tests: 0, notImplemented: 0 };
      totals.set(assignment, found);
    }
    return found;
  };
  for (const module of modules) {
    for (const suite of module.children.allSuites()) {
      const hidden = suite.meta().hidden;
      if (hidden) entry(hidden.assignment).hidden = hidden;
    }
    for (const test of module.children.allTests()) {
      const grade: TestGrade | undefined = test.meta().grade;
      if (!grade) continue;
      const totalsFor = entry(grade.assignment);
      totalsFor.tests += 1;
      totalsFor.max += grade.max;
      totalsFor.score += grade.score;
      if (grade.status === 'passed') totalsFor.passed += 1;
      if (test.result().state === 'failed' && /not implemented/i.test(test.result().errors?.[0]?.message ?? '')) totalsFor.notImplemented += 1;
    }
  }
  return totals;
}

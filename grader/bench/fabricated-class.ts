/**
 * A made-up class for the report benchmark and the browser test: grades for `count` students on every
 * assignment, without grading anything.
 */
import { assignments } from '../../assignments/index.ts';
import type { GradesDocument, GradingRun, StudentGrades, TestStatus } from '../batch/grades-file.ts';

/**
 * A class of `count` students with made-up grades: every test of every assignment, passed or failed in a
 * pattern that spreads the totals (and a few diagnosed mistakes, a missing file, an ungradable zip).
 */
export function fabricatedClass(count: number): GradesDocument {
  const students: Record<string, StudentGrades> = {};
  const runStudents: GradingRun['students'] = {};
  for (let i = 0; i < count; i++) {
    const id = `student-${String(i).padStart(4, '0')}`;
    const ungradable = i % 97 === 5;
    students[id] = Object.fromEntries(
      assignments.map((definition, a) => {
        const missing = !ungradable && (i + a) % 23 === 0;
        const tests = definition.tests.map((test, t) => {
          const passed = !ungradable && !missing && (i * 7 + a * 3 + t * 5) % 11 !== 0 && (i * 13 + t) % 17 !== 0;
          const status: TestStatus = passed ? 'passed' : 'failed';
          return {
            id: test.id,
            title: test.title,
            score: passed ? test.points : 0,
            max: test.points,
            status,
            feedback: passed ? 'passed' : 'a made-up failure',
            ...(passed || t % 3 !== 0 ? {} : { diagnosis: ['opposite sign', 'transposed', 'off by one (k + 1)'][i % 3]! }),
          };
        });
        const score = tests.reduce((sum, test) => sum + test.score, 0);
        const max = tests.reduce((sum, test) => sum + test.max, 0);
        return [definition.id, { score, max, tests, ...(missing ? { reason: 'missing' } : ungradable ? { reason: 'ungradable: the zip could not be read' } : {}) }];
      }),
    );
    runStudents[id] = { status: ungradable ? 'ungradable' : 'graded', ...(ungradable ? { reason: 'the zip could not be read' } : {}), submissionHash: 'x'.repeat(64), folder: id };
  }
  const run: GradingRun = {
    graderVersion: '0.1.0+000000000000',
    seed: 20261123,
    assignments: assignments.map((definition) => definition.id),
    node: process.version,
    isolation: { level: 'full', sandbox: 'made up', filesystem: 'made up', network: 'made up' },
    timeLimits: { perCallMs: {}, perTestMs: {}, perSubmissionMs: 0, referenceTotalMs: 0 },
    students: runStudents,
  };
  return { run, students };
}

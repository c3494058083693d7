/**
 * The student's view: an assignment's PUBLIC tests as a vitest suite, run against `starter/` (or the folder
 * in GRADER_SUBMISSION). Each test is the same TestDefinition the batch grader runs; a failing test's error
 * message is its feedback. Scores travel to the reporter (reporter.ts) in each test's meta, and the number
 * of hidden tests not run here in the suite's meta, so the closing totals never claim more than was checked.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { AssignmentDefinition } from '../definition/types.ts';
import { openSubmission, type OpenedSubmission } from '../submission/open-submission.ts';
import { runTest } from '../grading/grade-assignment.ts';
import { formatFeedback } from '../feedback/format-text.ts';
import { gradingSeed, submissionFolder } from './folder.ts';

export interface TestGrade {
  assignment: string;
  id: string;
  score: number;
  max: number;
  status: string;
  /** The verdict in one line (the feedback's summary), for the closing summary's list of failing tests. */
  verdict: string;
}

export interface HiddenSummary {
  assignment: string;
  count: number;
  points: number;
}

/**
 * The hidden tests the student run announces but cannot run: given by the assignment's public definition,
 * since the student bundle (`grader release`) holds no hidden test to count.
 */
export type HiddenTestsNotice = Omit<HiddenSummary, 'assignment'>;

declare module 'vitest' {
  interface TaskMeta {
    grade?: TestGrade;
    hidden?: HiddenSummary;
  }
}

/**
 * Above every limit the grader itself enforces (a load of 30 s plus two bulk draws of 60 s, or one training
 * run of 120 s), so a slow submission hears about its own time limit from the grader, never a bare vitest
 * timeout. vitest's default of 5 s would fail correct but plainly written code.
 */
const TEST_TIMEOUT_MS = 300_000;

/** An error whose message is the feedback; no stack trace, which would point into the grader. */
class FeedbackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Feedback';
    this.stack = `${this.name}: ${message}`;
  }
}

/** `hidden` defaults to the hidden tests among `definition.tests`, for a definition that holds them all. */
export function defineStudentSuite(definition: AssignmentDefinition, hidden: HiddenTestsNotice = noticeOf(definition)): void {
  const folder = submissionFolder();
  const seed = gradingSeed();
  const publicTests = definition.tests.filter((test) => test.visibility === 'public');
  describe(`${definition.id}: ${definition.title}`, () => {
    let submission: OpenedSubmission | undefined;
    beforeAll(async ({}, suite) => {
      suite.meta.hidden = { assignment: definition.id, ...hidden };
      submission = await openSubmission(folder, [definition.id]);
    }, TEST_TIMEOUT_MS);
    afterAll(() => submission?.close());
    for (const test of publicTests) {
      it(`${test.title} (${test.points} ${test.points === 1 ? 'point' : 'points'})`, async ({ task }) => {
        const outcome = await runTest(test, definition.id, submission!.module(definition.id), seed);
        task.meta.grade = { assignment: definition.id, id: test.id, score: outcome.score, max: outcome.max, status: outcome.result.status, verdict: outcome.result.feedback.summary };
        if (outcome.result.status !== 'passed') throw new FeedbackError(formatFeedback(outcome.result));
      }, TEST_TIMEOUT_MS);
    }
  });
}

function noticeOf(definition: AssignmentDefinition): HiddenTestsNotice {
  const hidden = definition.tests.filter((test) => test.visibility === 'hidden');
  return { count: hidden.length, points: hidden.reduce((sum, test) => sum + test.points, 0) };
}

/**
 * Grades one submission folder on several assignments: one sandbox for the submission, each assignment's
 * tests in turn, the sandbox closed at the end whatever happens.
 */
import type { AssignmentDefinition, TestDefinition } from '../definition/types.ts';
import { openSubmission, type OpenSubmissionOptions } from '../submission/open-submission.ts';
import { gradeAssignment, type AssignmentOutcome, type RunLimits, type TestOutcome } from './grade-assignment.ts';

export interface SubmissionOutcome {
  folder: string;
  gradingSeed: number;
  assignments: AssignmentOutcome[];
  score: number;
  max: number;
  /** Compile warnings (not penalized), per assignment. */
  warnings: Record<string, string[]>;
  consoleOutput: { text: string; totalBytes: number };
}

export interface GradeSubmissionOptions extends OpenSubmissionOptions {
  gradingSeed: number;
  include?(test: TestDefinition): boolean;
  onTest?(assignment: string, outcome: TestOutcome): void;
  /** Limits per test and per submission (the batch grader's; none by default). */
  limits?: RunLimits;
}

export async function gradeSubmission(folder: string, definitions: readonly AssignmentDefinition[], options: GradeSubmissionOptions): Promise<SubmissionOutcome> {
  const submission = await openSubmission(folder, definitions.map((definition) => definition.id), options);
  try {
    const outcomes: AssignmentOutcome[] = [];
    for (const definition of definitions) {
      outcomes.push(
        await gradeAssignment(definition, submission.module(definition.id), {
          gradingSeed: options.gradingSeed,
          include: options.include,
          onTest: (outcome) => options.onTest?.(definition.id, outcome),
          limits: options.limits,
        }),
      );
    }
    return {
      folder,
      gradingSeed: options.gradingSeed,
      assignments: outcomes,
      score: outcomes.reduce((sum, outcome) => sum + outcome.score, 0),
      max: outcomes.reduce((sum, outcome) => sum + outcome.max, 0),
      warnings: submission.warnings,
      consoleOutput: submission.consoleOutput(),
    };
  } finally {
    submission.close();
  }
}

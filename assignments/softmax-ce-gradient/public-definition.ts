/**
 * What the students' run and the student bundle (`grader release`) see of this assignment: its contract and
 * its public tests. Nothing here imports hidden.ts; definition.ts adds the hidden tests for grading.
 */
import type { AssignmentDefinition } from '../../grader/definition/types.ts';
import type { HiddenTestsNotice } from '../../grader/student/suite.ts';
import { publicTests } from './public.ts';

export const publicDefinition: AssignmentDefinition = {
  id: 'softmax-ce-gradient',
  title: 'Softmax with cross-entropy: forward pass and gradients',
  exports: ['softmax', 'crossEntropy', 'softmaxCrossEntropyGradient', 'forward', 'gradients'],
  tests: publicTests,
};

/** What the student run says it left out: written here, not counted from hidden.ts (test/authoring/release.test.ts checks it). */
export const hiddenTestsNotice: HiddenTestsNotice = { count: 1, points: 3 };

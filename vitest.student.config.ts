import { defineConfig } from 'vitest/config';

/** The students' run: the public tests of every assignment, against starter/ or $GRADER_SUBMISSION. */
export default defineConfig({
  test: {
    include: ['assignments/*/student.test.ts'],
    reporters: ['./grader/student/reporter.ts'],
    globalSetup: ['./grader/student/type-warnings.setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});

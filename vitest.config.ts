import { defineConfig } from 'vitest/config';

/** The project's own tests (the students' run has its own config: vitest.student.config.ts). */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/support/closing-line-reporter.ts'],
    // Two test files at a time: most of a file's time is spent waiting on the processes it starts (batches,
    // sandboxes, npm, a browser), so two overlap well even on 2 cores (measured: 336 s one at a time, 229 s
    // two at a time, every test passing); no test asserts a time.
    maxWorkers: 2,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});

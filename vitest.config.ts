import { defineConfig } from 'vitest/config';

/** The project's own tests (the students' run has its own config: vitest.student.config.ts). */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/support/closing-line-reporter.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});

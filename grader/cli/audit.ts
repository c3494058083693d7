/**
 * `grader audit <id> [--course <dir>] [--seed S] [--concurrency N] [--min-score N]`: mutation-test one
 * problem's tests (authoring/audit.ts) and print its mutation score and every mutant that still earns full
 * marks, with its place and diff. Exit 0 when the audit ran, whatever the score; 1 when the score is below
 * --min-score or the tool failed; 2 for bad arguments.
 */
import { defineCommand } from 'citty';
import { resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { chooseAssignments, loadCourse } from '../authoring/course.ts';
import { auditAssignment, formatAudit } from '../authoring/audit.ts';
import { DEFAULT_GRADING_SEED } from '../grading/seed.ts';
import { UsageError } from './usage-error.ts';

export const auditCommand = defineCommand({
  meta: { name: 'audit', description: 'Mutation-test a problem: which wrong versions of the solution still earn full marks' },
  args: {
    id: { type: 'positional', description: 'assignment id', required: true },
    course: { type: 'string', description: 'course folder (default: this project)' },
    seed: { type: 'string', description: `grading seed (default ${DEFAULT_GRADING_SEED})` },
    concurrency: { type: 'string', description: 'mutants graded at once (default: the cores, at most 2)' },
    'min-score': { type: 'string', description: 'exit 1 when the mutation score (percent) is below this' },
    quiet: { type: 'boolean', description: "no progress lines, only Stryker's errors", default: false },
  },
  async run({ args }) {
    const seed = args.seed === undefined ? DEFAULT_GRADING_SEED : Number(args.seed);
    if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be an integer, got "${args.seed}"`);
    const concurrency = args.concurrency === undefined ? Math.min(2, availableParallelism()) : Number(args.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`--concurrency must be a whole number of at least 1, got "${args.concurrency}"`);
    const minScore = args['min-score'] === undefined ? undefined : Number(args['min-score']);
    if (minScore !== undefined && !(minScore >= 0 && minScore <= 100)) throw new UsageError(`--min-score must be a percentage between 0 and 100, got "${args['min-score']}"`);
    const course = await loadCourse(args.course ? resolve(args.course) : undefined);
    const [assignment] = chooseAssignments(course, [args.id]);
    const result = await auditAssignment({ course, assignment: assignment!, gradingSeed: seed, concurrency, progress: !args.quiet, logLevel: args.quiet ? 'error' : 'warn' });
    console.log(formatAudit(result));
    if (minScore !== undefined && !(result.score >= minScore)) {
      console.log(`mutation score ${result.score.toFixed(1)}% is below --min-score ${minScore}%`);
      process.exitCode = 1;
    }
  },
});

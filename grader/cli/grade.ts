/**
 * `grader grade <submission-folder>`: grade one submission on the assignments it holds and print each
 * test's verdict and feedback. Public tests only unless --hidden (the staff's view).
 */
import { defineCommand } from 'citty';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { assignments, findAssignment } from '../../assignments/index.ts';
import { gradeSubmission } from '../grading/grade-submission.ts';
import { DEFAULT_GRADING_SEED } from '../grading/seed.ts';
import { formatFeedback } from '../feedback/format-text.ts';
import { escapeControl } from '../feedback/escape-control.ts';
import { UsageError } from './usage-error.ts';
import { describeIsolation, isolationFor, requireFullIsolation } from '../sandbox/isolation.ts';

export const gradeCommand = defineCommand({
  meta: { name: 'grade', description: 'Grade one submission folder and print the feedback' },
  args: {
    folder: { type: 'positional', description: 'folder holding <assignment-id>.ts files', required: true },
    assignment: { type: 'string', description: 'grade only this assignment (comma-separated ids)' },
    seed: { type: 'string', description: `grading seed (default ${DEFAULT_GRADING_SEED})` },
    hidden: { type: 'boolean', description: 'also run the hidden tests', default: false },
    'require-isolation': { type: 'boolean', description: 'refuse to grade unless student code runs fully isolated (Linux with bubblewrap)', default: false },
  },
  async run({ args }) {
    const folder = resolve(args.folder);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`${args.folder} is not a folder`);
    const seed = args.seed === undefined ? DEFAULT_GRADING_SEED : Number(args.seed);
    if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got "${args.seed}"`);
    if (args['require-isolation']) requireFullIsolation();
    const isolation = isolationFor();
    // The staff's view: say, before anything else, when hidden tests run with less than full isolation.
    if (args.hidden && isolation.level !== 'full') console.error(`grader: WARNING: student code runs with ${describeIsolation(isolation)}`);
    const selected = args.assignment ? args.assignment.split(',').map((id) => findAssignment(id.trim())) : assignments;
    const outcome = await gradeSubmission(folder, selected, {
      gradingSeed: seed,
      include: (test) => args.hidden || test.visibility === 'public',
    });
    for (const assignment of outcome.assignments) {
      console.log(`\n${assignment.assignment}: ${assignment.score} / ${assignment.max}`);
      for (const test of assignment.tests) {
        const mark = test.result.status === 'passed' ? 'pass' : test.result.status;
        console.log(`  [${mark}] ${test.id} (${test.score}/${test.max})`);
        // Feedback quotes what the code threw and printed: its control characters are shown, not obeyed.
        if (test.result.status !== 'passed') console.log(escapeControl(formatFeedback(test.result), { lines: 'keep' }).replace(/^/gm, '        '));
      }
    }
    console.log(`\ntotal: ${outcome.score} / ${outcome.max} (seed ${seed}${args.hidden ? ', public and hidden tests' : ', public tests only'})`);
  },
});

/**
 * `grader gradescope <submission-folder>`: what Gradescope's run_autograder calls. Grades the submission on
 * every assignment, public and hidden tests, writes Gradescope's results.json and prints a short summary
 * (Gradescope keeps stdout for staff; students see only results.json).
 *
 * If grading itself throws, a results.json with score 0 and one sentence is still written (so the student
 * sees that it is not their fault) and the error goes on to main.ts: exit status 1.
 */
import { defineCommand } from 'citty';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { assignments } from '../../assignments/index.ts';
import { gradeSubmission } from '../grading/grade-submission.ts';
import { DEFAULT_GRADING_SEED } from '../grading/seed.ts';
import { graderFailureResults, toGradescopeResults, type GradescopeResults, type HiddenTestVisibility } from '../gradescope/results.ts';
import { findSubmissionFolder } from '../submission/find-submission-folder.ts';
import { floorPlan, runLimits } from '../grading/time-limits.ts';
import { UsageError } from './usage-error.ts';
import { escapeControl } from '../feedback/escape-control.ts';
import { describeIsolation, isolationFor, requireFullIsolation } from '../sandbox/isolation.ts';

const DEFAULT_RESULTS = '/autograder/results/results.json';
const HIDDEN_VISIBILITIES: readonly HiddenTestVisibility[] = ['after_published', 'after_due_date'];

export const gradescopeCommand = defineCommand({
  meta: { name: 'gradescope', description: 'Grade a Gradescope submission (public and hidden tests) and write results.json' },
  args: {
    folder: { type: 'positional', description: 'the submission folder (on Gradescope: /autograder/submission)', required: true },
    results: { type: 'string', description: `where to write results.json (default ${DEFAULT_RESULTS})` },
    seed: { type: 'string', description: `grading seed (default ${DEFAULT_GRADING_SEED})` },
    'hidden-visibility': { type: 'string', description: 'when students see hidden tests with points: after_published (default) or after_due_date' },
    'require-isolation': { type: 'boolean', description: 'refuse to grade unless student code runs fully isolated (Linux with bubblewrap)', default: false },
  },
  async run({ args }) {
    const started = performance.now();
    const root = resolve(args.folder);
    if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`${args.folder} is not a folder`);
    const seed = args.seed === undefined ? DEFAULT_GRADING_SEED : Number(args.seed);
    if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got "${args.seed}"`);
    const hiddenVisibility = (args['hidden-visibility'] ?? 'after_published') as HiddenTestVisibility;
    if (!HIDDEN_VISIBILITIES.includes(hiddenVisibility)) throw new UsageError(`--hidden-visibility must be ${HIDDEN_VISIBILITIES.join(' or ')}, got "${args['hidden-visibility']}"`);
    const resultsPath = resolve(args.results ?? DEFAULT_RESULTS);
    // Refused before anything is written: Gradescope then shows its own "autograder failed", and staff see why.
    if (args['require-isolation']) requireFullIsolation();
    const isolation = isolationFor();
    const seconds = () => (performance.now() - started) / 1000;

    let results: GradescopeResults;
    try {
      const ids = assignments.map((assignment) => assignment.id);
      const found = findSubmissionFolder(root, ids);
      const outcome = await gradeSubmission(found.folder, assignments, { gradingSeed: seed, include: () => true, limits: runLimits(floorPlan()) });
      const notes = [...(isolation.level === 'full' ? [] : [`your code was graded with ${describeIsolation(isolation)}`]), ...found.notes, ...Object.entries(outcome.warnings).flatMap(([id, warnings]) => warnings.map((warning) => `${id}.ts: ${warning}`))];
      results = toGradescopeResults(outcome, { hiddenVisibility, executionTimeSeconds: seconds(), notes });
      console.log(`graded ${found.folder} (seed ${seed}, public and hidden tests)`);
      console.log(`  isolation: ${describeIsolation(isolation)}`);
      for (const note of found.notes) console.log(`  note: ${escapeControl(note)}`);
      for (const assignment of outcome.assignments) {
        console.log(`  ${assignment.assignment}: ${assignment.score} / ${assignment.max}`);
        for (const test of assignment.tests) {
          if (test.result.status === 'graderError') console.log(`    grader error in ${test.id}:\n${escapeControl(test.result.detail, { lines: 'keep' }).replace(/^/gm, '      ')}`);
        }
      }
      console.log(`  total: ${outcome.score} / ${outcome.max}`);
    } catch (error) {
      writeResults(resultsPath, graderFailureResults(seconds()));
      console.log(`the grader failed; wrote a score-0 results.json to ${resultsPath}`);
      throw error;
    }
    writeResults(resultsPath, results);
    console.log(`wrote ${resultsPath}`);
  },
});

function writeResults(path: string, results: GradescopeResults): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}

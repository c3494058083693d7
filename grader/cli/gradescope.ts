/**
 * `grader gradescope <submission-folder>`: what Gradescope's run_autograder calls. Grades the submission on
 * every assignment, public and hidden tests, writes Gradescope's results.json and prints a short summary
 * (Gradescope keeps stdout for staff; students see only results.json).
 *
 * If grading itself throws, a results.json with score 0 and one sentence is still written (so the student
 * sees that it is not their fault) and the error goes on to main.ts: exit status 1.
 */
import { defineCommand } from 'citty';
import { existsSync, lstatSync, mkdirSync, readdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { assignments } from '../../assignments/index.ts';
import { gradeSubmission } from '../grading/grade-submission.ts';
import { DEFAULT_GRADING_SEED } from '../grading/seed.ts';
import { graderFailureResults, toGradescopeResults, type GradescopeResults, type HiddenTestVisibility } from '../gradescope/results.ts';
import { UsageError } from './usage-error.ts';

const DEFAULT_RESULTS = '/autograder/results/results.json';
const HIDDEN_VISIBILITIES: readonly HiddenTestVisibility[] = ['after_published', 'after_due_date'];

export const gradescopeCommand = defineCommand({
  meta: { name: 'gradescope', description: 'Grade a Gradescope submission (public and hidden tests) and write results.json' },
  args: {
    folder: { type: 'positional', description: 'the submission folder (on Gradescope: /autograder/submission)', required: true },
    results: { type: 'string', description: `where to write results.json (default ${DEFAULT_RESULTS})` },
    seed: { type: 'string', description: `grading seed (default ${DEFAULT_GRADING_SEED})` },
    'hidden-visibility': { type: 'string', description: 'when students see hidden tests with points: after_published (default) or after_due_date' },
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
    const seconds = () => (performance.now() - started) / 1000;

    let results: GradescopeResults;
    try {
      const ids = assignments.map((assignment) => assignment.id);
      const found = findSubmissionFolder(root, ids);
      const outcome = await gradeSubmission(found.folder, assignments, { gradingSeed: seed, include: () => true });
      const notes = [...found.notes, ...Object.entries(outcome.warnings).flatMap(([id, warnings]) => warnings.map((warning) => `${id}.ts: ${warning}`))];
      results = toGradescopeResults(outcome, { hiddenVisibility, executionTimeSeconds: seconds(), notes });
      console.log(`graded ${found.folder} (seed ${seed}, public and hidden tests)`);
      for (const note of found.notes) console.log(`  note: ${note}`);
      for (const assignment of outcome.assignments) {
        console.log(`  ${assignment.assignment}: ${assignment.score} / ${assignment.max}`);
        for (const test of assignment.tests) {
          if (test.result.status === 'graderError') console.log(`    grader error in ${test.id}:\n${test.result.detail.replace(/^/gm, '      ')}`);
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

/** Folders an upload may wrap its files in, searched this deep below the submission folder. */
const MAX_DEPTH = 3;
const SKIPPED = new Set(['__MACOSX', 'node_modules']);

/**
 * The folder holding the student's `<assignment-id>.ts` files. Gradescope unpacks an upload into the
 * submission folder, and a student may have uploaded a folder (or a zip of one), so: the top level if it
 * holds any assignment file, otherwise the one folder below it that does. Symbolic links to folders are
 * never followed, so the folder found always lies inside the submission (compile.ts separately refuses
 * to read any file that resolves outside it). With no such folder, or several, the top level is graded
 * (each missing file fails its assignment's tests) and a note tells the student why.
 */
export function findSubmissionFolder(root: string, ids: readonly string[]): { folder: string; notes: string[] } {
  const top = realpathSync(root);
  const holdsAny = (folder: string) => ids.some((id) => isFileEntry(join(folder, `${id}.ts`)));
  if (holdsAny(top)) return { folder: top, notes: [] };
  const candidates: string[] = [];
  const visit = (folder: string, depth: number) => {
    if (depth > MAX_DEPTH) return;
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      // Dirent.isDirectory() is false for a symbolic link, whatever it points to.
      if (!entry.isDirectory() || entry.name.startsWith('.') || SKIPPED.has(entry.name)) continue;
      const child = join(folder, entry.name);
      if (holdsAny(child)) candidates.push(child);
      else visit(child, depth + 1);
    }
  };
  visit(top, 1);
  const expected = ids.map((id) => `${id}.ts`).join(', ');
  if (candidates.length === 1) return { folder: candidates[0]!, notes: [] };
  if (candidates.length === 0) return { folder: top, notes: [`no assignment files were found in your upload: expected ${expected}`] };
  const where = candidates.map((folder) => `${relative(top, folder)}/`).join(', ');
  return { folder: top, notes: [`assignment files were found in several folders (${where}); upload ${expected} together, at the top level or in one folder`] };
}

function isFileEntry(path: string): boolean {
  try {
    const stat = lstatSync(path);
    return stat.isFile() || stat.isSymbolicLink();
  } catch {
    return false;
  }
}

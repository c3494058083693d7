/**
 * `grader batch <submissions-folder> --out <folder>`: grade a whole class (public and hidden tests) into
 * grades.json, gradebook.csv, index.html and one folder per student with Gradescope's results.json and the
 * student's report.html and report.md, then print the class summary. Exit 0 when grading completed, whatever the students scored; 1 when the grader itself
 * failed (on the whole run, or on some student: they are named); 2 for bad arguments.
 */
import { defineCommand } from 'citty';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { cpus } from 'node:os';
import cliProgress from 'cli-progress';
import { assignments, findAssignment } from '../../assignments/index.ts';
import { DEFAULT_GRADING_SEED } from '../grading/seed.ts';
import { calibrateTimeLimits, ReferenceFailedError } from '../grading/time-limits.ts';
import { gradeClass, type StudentDone } from '../batch/grade-class.ts';
import { classSummary } from '../batch/class-summary.ts';
import { useColor } from '../feedback/terminal-summary.ts';
import { escapeControl, quotedName } from '../feedback/escape-control.ts';
import { UsageError } from './usage-error.ts';
import { describeIsolation, isolationFor, requireFullIsolation } from '../sandbox/isolation.ts';
import { loadTemplates } from '../report/templates.ts';

export const batchCommand = defineCommand({
  meta: { name: 'batch', description: 'Grade every student of a submissions folder (public and hidden tests)' },
  args: {
    folder: { type: 'positional', description: 'folder with one subfolder (or .zip) per student', required: true },
    out: { type: 'string', description: 'where grades.json, gradebook.csv and the per-student results go', required: true },
    assignment: { type: 'string', description: 'grade only these assignments (repeat the flag, or comma-separate ids)' },
    jobs: { type: 'string', description: `students graded at once (default: the number of cores, ${cpus().length})` },
    seed: { type: 'string', description: `grading seed (default ${DEFAULT_GRADING_SEED})` },
    resume: { type: 'boolean', description: 'skip students already graded with the same files, grader version and seed', default: false },
    'hidden-visibility': { type: 'string', description: 'when Gradescope shows hidden tests: after_published (default) or after_due_date' },
    templates: { type: 'string', description: 'folder of report templates replacing the defaults of the same name (grader/report/templates/)' },
    'require-isolation': { type: 'boolean', description: 'refuse to grade unless student code runs fully isolated (Linux with bubblewrap)', default: false },
  },
  async run({ args, rawArgs }) {
    const folder = resolve(args.folder);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`${args.folder} is not a folder`);
    const out = resolve(args.out);
    if (out === folder || out.startsWith(folder + '/') || out.startsWith(folder + '\\')) throw new UsageError('--out must not be inside the submissions folder (it would be graded as a student)');
    const seed = args.seed === undefined ? DEFAULT_GRADING_SEED : Number(args.seed);
    if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError(`--seed must be a non-negative integer, got "${args.seed}"`);
    const jobs = args.jobs === undefined ? Math.max(1, cpus().length) : Number(args.jobs);
    if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new UsageError(`--jobs must be an integer from 1 to 64, got "${args.jobs}"`);
    const visibility = args['hidden-visibility'] ?? 'after_published';
    if (visibility !== 'after_published' && visibility !== 'after_due_date') throw new UsageError(`--hidden-visibility must be after_published or after_due_date, got "${visibility}"`);
    const selected = selectedAssignments(rawArgs);
    const templates = args.templates === undefined ? undefined : resolve(args.templates);
    loadTemplates(templates); // a missing folder, an unknown file name or a template that does not compile: said now

    const log = (line: string) => process.stderr.write(`${line}\n`);
    if (args['require-isolation']) requireFullIsolation();
    const isolation = isolationFor();
    // Said before anything is graded, and again in the summary, grades.json and every student's results.
    if (isolation.level !== 'full') log(`grader: WARNING: student code will run with ${describeIsolation(isolation)}`);
    log(`grader: calibrating time limits on the reference solutions…`);
    let timeLimits;
    try {
      timeLimits = await calibrateTimeLimits(selected, seed);
    } catch (error) {
      if (error instanceof ReferenceFailedError) {
        console.error(`grader: ${error.message}`);
        process.exitCode = 1;
        return;
      }
      throw error;
    }
    const fancy = Boolean(process.stderr.isTTY) && !process.env.CI;
    const bar = fancy ? new cliProgress.SingleBar({ format: 'grading {bar} {value}/{total} students | ETA {eta_formatted} | {last}', hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic) : undefined;
    let done = 0;
    let total = 0;
    const outcome = await gradeClass({
      submissions: folder,
      out,
      assignments: selected,
      seed,
      jobs,
      resume: args.resume,
      timeLimits,
      hiddenVisibility: visibility,
      ...(templates ? { templates } : {}),
      onStart: (count) => {
        total = count;
        bar?.start(count, 0, { last: '' });
      },
      onStudent: (event: StudentDone) => {
        done += 1;
        // The id is a folder's name: a newline or ESC in it would forge or wipe progress lines.
        const line = `${escapeControl(event.id)}: ${event.status === 'unchanged' ? 'unchanged, ' : event.status === 'graded' ? '' : `${event.status}, `}${event.score} / ${event.max}`;
        if (bar) bar.increment(1, { last: line.slice(0, 60) });
        else log(`[${done}/${total}] ${line}`);
      },
    });
    bar?.stop();
    console.log(classSummary(outcome, out, { color: useColor(process.stdout, process.env) }));
    if (outcome.graderFailures.length > 0) {
      console.error(`grader: the grader itself failed on ${outcome.graderFailures.length} submission(s): ${outcome.graderFailures.map(quotedName).join(', ')}. Their grades say so; the details for staff are in grades.json.`);
      process.exitCode = 1;
    }
  },
});

/** --assignment may be repeated and/or comma-separated; citty keeps only the last, so read the raw args. */
function selectedAssignments(rawArgs: string[]) {
  const ids: string[] = [];
  rawArgs.forEach((arg, index) => {
    if (arg === '--assignment') ids.push(...(rawArgs[index + 1] ?? '').split(','));
    else if (arg.startsWith('--assignment=')) ids.push(...arg.slice('--assignment='.length).split(','));
  });
  const chosen = ids.map((id) => id.trim()).filter(Boolean);
  if (chosen.length === 0) return assignments;
  return [...new Set(chosen)].map((id) => findAssignment(id));
}

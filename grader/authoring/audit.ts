/**
 * `grader audit`: how strong a problem's tests are. StrykerJS mutates the reference solution's marked bodies
 * (`// BEGIN SOLUTION` … `// END SOLUTION`; signatures and doc comments are not the student's to get wrong)
 * and every mutant is graded on the assignment's public and hidden tests (audit-runner.ts). A surviving
 * mutant earns full marks although it is not the reference: a wrong answer the tests accept, unless it is
 * equivalent (the same function written differently), which the assignment's definition then says.
 *
 * Stryker works in a folder of its own under the system's temporary folder holding a copy of the one file it
 * mutates, so it copies nothing else, and its sandbox and temporary files never reach the course.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Stryker } from '@stryker-mutator/core';
import { register as registerTsx } from 'tsx/esm/api';
import type { MutantResult, PartialStrykerOptions } from '@stryker-mutator/api/core';
import type { Course } from './course.ts';
import { solutionBlocks } from './starter.ts';
import type { AssignmentDefinition } from '../definition/types.ts';
import { gradeSubmission } from '../grading/grade-submission.ts';
import { UsageError } from '../cli/usage-error.ts';
import { applyMutant, offsetOf, type AuditRunnerSettings } from './audit-runner.ts';

export interface AuditOptions {
  course: Course;
  assignment: AssignmentDefinition;
  gradingSeed: number;
  /** Test runners working at once (each grades one mutant in its own sandbox). */
  concurrency: number;
  /** Let Stryker print a progress line every few seconds. */
  progress: boolean;
  /** Stryker's own log level (its warnings and errors go to stdout). */
  logLevel: 'off' | 'error' | 'warn' | 'info' | 'debug';
  /** Where the clock comes from (tests pass their own). */
  now?: () => number;
}

/** One mutant that earned full marks. Lines and columns are one-based, as editors show them. */
export interface SurvivingMutant {
  id: string;
  /** The mutated file, relative to the course root. */
  file: string;
  line: number;
  column: number;
  mutator: string;
  /** The whole lines the mutant touches, before and after. */
  before: string;
  after: string;
}

export interface AuditResult {
  assignment: string;
  file: string;
  /** The line ranges that were mutated (one-based, inclusive): the marked solution bodies. */
  regions: SolutionRegion[];
  mutants: number;
  killed: number;
  survived: number;
  timedOut: number;
  /** Mutants that did not compile or crashed the grader: left out of the score, as Stryker does. */
  invalid: number;
  /** (killed + timed out) / (killed + timed out + survived), in percent; NaN when there was no mutant. */
  score: number;
  durationMs: number;
  survivors: SurvivingMutant[];
  gradingSeed: number;
}

/** The lines strictly between a `// BEGIN SOLUTION` and its `// END SOLUTION` (one-based, inclusive). */
export interface SolutionRegion {
  startLine: number;
  endLine: number;
}

export function solutionRegions(source: string, file?: string): SolutionRegion[] {
  return solutionBlocks(source, file).flatMap((block) => (block.end - block.begin > 1 ? [{ startLine: block.begin + 2, endLine: block.end }] : []));
}

/** The runner plugin, and the tsx loader its child processes need to read TypeScript. */
const runnerPlugin = join(dirname(fileURLToPath(import.meta.url)), 'audit-runner.ts');
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export async function auditAssignment(options: AuditOptions): Promise<AuditResult> {
  const { course, assignment } = options;
  const now = options.now ?? (() => performance.now());
  const solutionFile = join(course.solutionsDir, `${assignment.id}.ts`);
  if (!existsSync(solutionFile)) throw new UsageError(`${solutionFile} does not exist: the audit mutates the reference solution`);
  const source = readFileSync(solutionFile, 'utf8');
  const regions = solutionRegions(source, solutionFile);
  if (regions.length === 0) throw new UsageError(`${solutionFile} marks no solution (// BEGIN SOLUTION … // END SOLUTION), so there is nothing to mutate`);
  await requireFullMarks(course, assignment, options.gradingSeed);

  const started = now();
  const workDir = mkdtempSync(join(tmpdir(), 'grader-audit-'));
  const file = `solutions/${assignment.id}.ts`;
  mkdirSync(join(workDir, 'solutions'));
  copyFileSync(solutionFile, join(workDir, file));
  const settings: AuditRunnerSettings = { courseRoot: course.root, assignment: assignment.id, solutionFile, gradingSeed: options.gradingSeed };
  const strykerOptions: PartialStrykerOptions & { graderAudit: AuditRunnerSettings } = {
    mutate: regions.map((region) => `${file}:${region.startLine}-${region.endLine}`),
    testRunner: 'grader',
    plugins: [runnerPlugin],
    testRunnerNodeArgs: ['--import', tsxLoader],
    checkerNodeArgs: ['--import', tsxLoader],
    graderAudit: settings,
    // Every mutant against every test: the grade is all-or-nothing per mutant, there is no coverage to use.
    coverageAnalysis: 'off',
    concurrency: options.concurrency,
    reporters: options.progress ? ['progress-append-only'] : [],
    logLevel: options.logLevel as PartialStrykerOptions['logLevel'],
    fileLogLevel: 'off' as PartialStrykerOptions['fileLogLevel'],
    // Stryker's outer limit on one mutant: 1.5 × the reference's grading time + 20 s. The runner's own
    // per-test limits (audit-runner.ts) usually end a looping mutant first, with a clearer reason.
    timeoutMS: 20_000,
    symlinkNodeModules: false,
    disableTypeChecks: false,
    incremental: false,
    allowEmpty: true,
    tempDirName: '.stryker-tmp',
    cleanTempDir: true,
  };
  const cwd = process.cwd();
  // Stryker imports the plugin natively, here and in its child processes: TypeScript needs tsx's hooks
  // (already there under bin/grader.mjs, not under vitest; a second registration is harmless).
  const unregisterTsx = registerTsx();
  let results: MutantResult[];
  try {
    // Stryker reads the project from the working folder: the one-file copy.
    process.chdir(workDir);
    results = await new Stryker(strykerOptions).runMutationTest();
  } finally {
    process.chdir(cwd);
    await unregisterTsx();
    rmSync(workDir, { recursive: true, force: true });
  }
  return summarize(assignment.id, file, regions, source, results, options.gradingSeed, now() - started);
}

/** A mutation score means nothing if the reference itself loses points: say so before Stryker starts. */
async function requireFullMarks(course: Course, assignment: AssignmentDefinition, gradingSeed: number): Promise<void> {
  const outcome = await gradeSubmission(course.solutionsDir, [assignment], { gradingSeed });
  const lost = outcome.assignments.flatMap((graded) => graded.tests.filter((test) => test.score < test.max));
  if (lost.length > 0) {
    throw new UsageError(
      `the reference solution of ${assignment.id} does not earn full marks (seed ${gradingSeed}), so there is nothing to audit; fix it first (grader validate ${assignment.id}):\n  ${lost.map((test) => `${test.id}: ${test.result.feedback.summary}`).join('\n  ')}`,
    );
  }
}

export function summarize(assignment: string, file: string, regions: SolutionRegion[], source: string, results: readonly MutantResult[], gradingSeed: number, durationMs: number): AuditResult {
  const count = (status: MutantResult['status']) => results.filter((result) => result.status === status).length;
  const killed = count('Killed');
  const survived = count('Survived') + count('NoCoverage');
  const timedOut = count('Timeout');
  const invalid = count('CompileError') + count('RuntimeError');
  const valid = killed + timedOut + survived;
  const survivors = results
    .filter((result) => result.status === 'Survived' || result.status === 'NoCoverage')
    .map((result) => survivingMutant(result, file, source))
    .sort((a, b) => a.line - b.line || a.column - b.column);
  return {
    assignment,
    file,
    regions,
    mutants: results.length,
    killed,
    survived,
    timedOut,
    invalid,
    score: valid === 0 ? Number.NaN : (100 * (killed + timedOut)) / valid,
    durationMs,
    survivors,
    gradingSeed,
  };
}

/** A surviving mutant's place and diff. Stryker reports one-based lines and columns; the runner's are zero-based. */
function survivingMutant(result: MutantResult, file: string, source: string): SurvivingMutant {
  const start = { line: result.location.start.line - 1, column: result.location.start.column - 1 };
  const end = { line: result.location.end.line - 1, column: result.location.end.column - 1 };
  const lineStart = offsetOf(source, { line: start.line, column: 0 });
  const endOffset = offsetOf(source, end);
  const lineEnd = source.indexOf('\n', endOffset) < 0 ? source.length : source.indexOf('\n', endOffset);
  const mutated = applyMutant(source, { location: { start, end }, replacement: result.replacement });
  return {
    id: result.id,
    file,
    line: result.location.start.line,
    column: result.location.start.column,
    mutator: result.mutatorName,
    before: source.slice(lineStart, lineEnd),
    after: mutated.slice(lineStart, lineEnd + (mutated.length - source.length)),
  };
}

/** The audit as text: the score and its counts, then each surviving mutant with its place and its diff. */
export function formatAudit(result: AuditResult): string {
  const lines = [`${result.assignment}: mutation score ${Number.isNaN(result.score) ? 'n/a (no mutant)' : `${result.score.toFixed(1)}%`}`, `  ${countsLine(result)}`];
  lines.push(`  mutated: ${result.regions.map((region) => `${result.file}:${region.startLine}-${region.endLine}`).join(', ')}; graded on every test, public and hidden, seed ${result.gradingSeed}`);
  if (result.survivors.length === 0) {
    lines.push('  no mutant earns full marks');
    return lines.join('\n');
  }
  lines.push(`  ${result.survivors.length} mutant${result.survivors.length === 1 ? '' : 's'} earn${result.survivors.length === 1 ? 's' : ''} full marks (a wrong answer the tests accept, or an equivalent rewrite to document):`);
  for (const survivor of result.survivors) {
    lines.push(`  ${survivor.file}:${survivor.line}:${survivor.column} ${survivor.mutator}`);
    for (const line of survivor.before.split('\n')) lines.push(`    - ${line.trim()}`);
    for (const line of survivor.after.split('\n')) lines.push(`    + ${line.trim()}`);
  }
  return lines.join('\n');
}

function countsLine(result: AuditResult): string {
  const parts = [`${result.mutants} mutants`, `${result.killed} killed`, `${result.timedOut} timed out`, `${result.survived} survived`];
  if (result.invalid > 0) parts.push(`${result.invalid} invalid (did not compile or crashed the grader; not scored)`);
  return `${parts.join(', ')}; ${(result.durationMs / 1000).toFixed(1)} s`;
}

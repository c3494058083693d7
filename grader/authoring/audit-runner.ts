/**
 * The StrykerJS test runner of `grader audit` (loaded by Stryker, in its test-runner child processes, as the
 * plugin "grader"). It never runs Stryker's instrumented code: each mutant Stryker chose is applied as text
 * to the reference solution, and the mutated file is graded exactly as a student's would be (gradeSubmission,
 * public and hidden tests, the sandbox). A mutant is killed when it loses a point, timed out when a test ran
 * out of time, and survived when it earns full marks: a wrong answer the tests would accept.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PluginKind, commonTokens, declareClassPlugin, tokens } from '@stryker-mutator/api/plugin';
import type { Mutant, StrykerOptions } from '@stryker-mutator/api/core';
import {
  DryRunStatus,
  MutantRunStatus,
  TestStatus,
  type DryRunResult,
  type MutantRunOptions,
  type MutantRunResult,
  type TestRunner,
  type TestRunnerCapabilities,
} from '@stryker-mutator/api/test-runner';
import { chooseAssignments, loadCourse } from './course.ts';
import type { AssignmentDefinition } from '../definition/types.ts';
import { gradeSubmission, type SubmissionOutcome } from '../grading/grade-submission.ts';
import type { RunLimits } from '../grading/grade-assignment.ts';

/** What audit.ts tells the runner, through Stryker's options (key `graderAudit`). */
export interface AuditRunnerSettings {
  courseRoot: string;
  assignment: string;
  /** The unmutated reference solution, absolute. */
  solutionFile: string;
  gradingSeed: number;
}

/** Declares the `graderAudit` option to Stryker's option validation. */
export const strykerValidationSchema = {
  $schema: 'http://json-schema.org/draft-07/schema',
  title: 'GraderAuditOptions',
  type: 'object',
  properties: { graderAudit: { type: 'object' } },
} as const;

/**
 * Each test's time limit under audit: TEST_FACTOR × the reference's own time for it, at least TEST_FLOOR_MS.
 * A mutant that only changes a value runs about as fast as the reference, so 10× is far from cutting it;
 * a mutant that loops forever (a `<` turned into `<=` in a search, a loop bound flipped) is cut after
 * seconds instead of the batch grader's per-call limits of 10–60 s, which would make an audit of a
 * sampler take hours. The floor absorbs the noise of timing a 20 ms test on two busy cores.
 */
export const TEST_FACTOR = 10;
export const TEST_FLOOR_MS = 3_000;

/** `source` with one mutant applied: the text at its location (zero-based lines and columns) replaced. */
export function applyMutant(source: string, mutant: Pick<Mutant, 'location' | 'replacement'>): string {
  const start = offsetOf(source, mutant.location.start);
  const end = offsetOf(source, mutant.location.end);
  return source.slice(0, start) + mutant.replacement + source.slice(end);
}

/** The offset in `source` of a zero-based line and column. */
export function offsetOf(source: string, position: { line: number; column: number }): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const newline = source.indexOf('\n', offset);
    if (newline < 0) throw new Error(`line ${position.line + 1} is past the end of the file`);
    offset = newline + 1;
  }
  return offset + position.column;
}

class GraderTestRunner implements TestRunner {
  static inject = tokens(commonTokens.options);
  private readonly settings: AuditRunnerSettings;
  private definition?: AssignmentDefinition;
  private original = '';
  private folder = '';
  private testMs: Record<string, number> = {};

  constructor(options: StrykerOptions) {
    const settings = (options as StrykerOptions & { graderAudit?: AuditRunnerSettings }).graderAudit;
    if (!settings) throw new Error('the grader test runner needs the graderAudit option (it is started by grader audit)');
    this.settings = settings;
  }

  capabilities(): TestRunnerCapabilities {
    return { reloadEnvironment: true };
  }

  async init(): Promise<void> {
    const course = await loadCourse(this.settings.courseRoot);
    [this.definition] = chooseAssignments(course, [this.settings.assignment]);
    this.original = readFileSync(this.settings.solutionFile, 'utf8');
    // Inside Stryker's sandbox (this process's working folder), which audit.ts removes with its work folder:
    // nothing is left behind even when Stryker kills this runner on its own timeout.
    this.folder = mkdtempSync(join(process.cwd(), 'mutant-'));
  }

  /** Grades the unmutated solution: it must earn full marks, and its test times set the audit's limits. */
  async dryRun(): Promise<DryRunResult> {
    const times: Record<string, number> = {};
    let last = performance.now();
    const outcome = await this.grade(this.original, undefined, (test) => {
      const now = performance.now();
      times[test] = now - last;
      last = now;
    });
    const lost = lostTests(outcome);
    if (lost.length > 0) {
      return { status: DryRunStatus.Error, errorMessage: `the reference solution ${this.settings.solutionFile} does not earn full marks, so there is nothing to audit:\n  ${lost.map((test) => `${test.id}: ${test.result.status}: ${test.result.feedback.summary}`).join('\n  ')}` };
    }
    for (const [test, ms] of Object.entries(times)) this.testMs[test] = Math.max(TEST_FLOOR_MS, Math.ceil(TEST_FACTOR * ms));
    const tests = outcome.assignments[0]!.tests.map((test) => ({ id: test.id, name: `${test.id} (${test.visibility}, ${test.max} points)`, status: TestStatus.Success as const, timeSpentMs: Math.round(times[test.id] ?? 0) }));
    return { status: DryRunStatus.Complete, tests };
  }

  async mutantRun(options: MutantRunOptions): Promise<MutantRunResult> {
    const limits: RunLimits = { testMs: (_assignment, test) => this.testMs[test] ?? TEST_FLOOR_MS };
    const outcome = await this.grade(applyMutant(this.original, options.activeMutant), limits);
    const tests = outcome.assignments[0]!.tests;
    const faulty = tests.find((test) => test.result.status === 'graderError');
    if (faulty) return { status: MutantRunStatus.Error, errorMessage: `the grader failed in ${faulty.id}: ${faulty.result.feedback.summary}` };
    const lost = lostTests(outcome);
    if (lost.length === 0) return { status: MutantRunStatus.Survived, nrOfTests: tests.length };
    if (lost.some((test) => test.result.status === 'timedOut')) return { status: MutantRunStatus.Timeout, reason: lost.map((test) => `${test.id}: ${test.result.feedback.summary}`).join('; ') };
    return {
      status: MutantRunStatus.Killed,
      killedBy: lost.map((test) => test.id),
      failureMessage: `${lost[0]!.id}: ${lost[0]!.result.feedback.summary}`,
      nrOfTests: tests.length,
    };
  }

  async dispose(): Promise<void> {
    if (this.folder) rmSync(this.folder, { recursive: true, force: true });
  }

  private async grade(source: string, limits: RunLimits | undefined, onTest?: (test: string) => void): Promise<SubmissionOutcome> {
    const definition = this.definition!;
    writeFileSync(join(this.folder, `${definition.id}.ts`), source);
    return gradeSubmission(this.folder, [definition], { gradingSeed: this.settings.gradingSeed, limits, onTest: (_assignment, test) => onTest?.(test.id) });
  }
}

function lostTests(outcome: SubmissionOutcome) {
  return outcome.assignments.flatMap((assignment) => assignment.tests.filter((test) => test.score < test.max));
}

export const strykerPlugins = [declareClassPlugin(PluginKind.TestRunner, 'grader', GraderTestRunner)];

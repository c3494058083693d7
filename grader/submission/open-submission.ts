/**
 * Opens a submission folder for grading: compiles each assignment file it holds and starts (lazily) one
 * sandbox child for all of them. A missing file, a syntax error or a forbidden import becomes an
 * UnavailableModule that fails every test of that assignment with the reason; so does a file the compiler
 * crashed on, with a reason (compiler-failed) that makes each test the grader's failure, not the student's.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileSubmissionFile, makeCompileFolder, removeCompileFolder, sandboxRuntime } from '../sandbox/compile.ts';
import { Sandbox, defaultSandboxLimits, type SandboxLimits } from '../sandbox/sandbox.ts';
import { SandboxStudentModule, UnavailableModule, defaultTimeLimits, type StudentModule, type TimeLimits } from './student-module.ts';

export interface OpenSubmissionOptions {
  sandboxLimits?: SandboxLimits;
  timeLimits?: TimeLimits;
  nodePath?: string;
}

export interface OpenedSubmission {
  folder: string;
  module(assignment: string): StudentModule;
  /** Warnings from compiling (not penalized), per assignment. */
  warnings: Record<string, string[]>;
  /** Console output the student code wrote while being graded. */
  consoleOutput(): { text: string; totalBytes: number };
  /** How many times the sandbox process was started (more than once: something hung or crashed). */
  sandboxStarts(): number;
  close(): void;
}

export async function openSubmission(folder: string, assignments: readonly string[], options: OpenSubmissionOptions = {}): Promise<OpenedSubmission> {
  const runtime = await sandboxRuntime();
  const compiled = makeCompileFolder();
  const modules: Record<string, string> = {};
  const unavailable = new Map<string, UnavailableModule>();
  const warnings: Record<string, string[]> = {};
  for (const assignment of assignments) {
    const file = join(folder, `${assignment}.ts`);
    if (!existsSync(file)) {
      unavailable.set(assignment, new UnavailableModule(assignment, { reason: 'missing-file', message: `missing: the submission has no ${assignment}.ts` }));
      continue;
    }
    const outcome = await compileSubmissionFile(file, folder, compiled, assignment, runtime.mathjsPath);
    if (!outcome.ok && outcome.kind === 'rejected') {
      unavailable.set(assignment, new UnavailableModule(assignment, { reason: 'compile-error', message: `${assignment}.ts could not be compiled:\n${outcome.message}` }));
      continue;
    }
    if (!outcome.ok) {
      unavailable.set(assignment, new UnavailableModule(assignment, { reason: 'compiler-failed', message: outcome.message, detail: outcome.detail }));
      continue;
    }
    modules[assignment] = pathToFileURL(outcome.path).href;
    warnings[assignment] = outcome.warnings;
  }
  const sandbox = new Sandbox({
    childPath: runtime.childPath,
    modules,
    readable: [compiled, runtime.dir],
    mathjsUrl: pathToFileURL(runtime.mathjsPath).href,
    limits: options.sandboxLimits ?? defaultSandboxLimits,
    nodePath: options.nodePath,
  });
  const timeLimits = options.timeLimits ?? defaultTimeLimits;
  const available = new Map<string, StudentModule>();
  return {
    folder,
    warnings,
    module(assignment) {
      const missing = unavailable.get(assignment);
      if (missing) return missing;
      let module = available.get(assignment);
      if (!module) {
        if (!modules[assignment]) throw new Error(`assignment ${assignment} was not opened for this submission`);
        module = new SandboxStudentModule(assignment, sandbox, timeLimits);
        available.set(assignment, module);
      }
      return module;
    },
    consoleOutput: () => sandbox.consoleOutput(),
    sandboxStarts: () => sandbox.starts,
    close() {
      sandbox.close();
      removeCompileFolder(compiled);
    },
  };
}

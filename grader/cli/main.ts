/**
 * The command line. Only this file touches process.argv and the exit code; each command is a module of
 * its own that parses its options and calls library functions. Exit status: 0 when the command did its
 * job (whatever the students scored), 2 for a usage mistake, 1 for the grader's own failure.
 */
import { defineCommand, runCommand, runMain } from 'citty';
import { UsageError } from './usage-error.ts';
import { UnknownAssignmentError } from '../../assignments/index.ts';
import { IsolationUnavailableError } from '../sandbox/isolation.ts';

const main = defineCommand({
  meta: { name: 'grader', description: 'Autograder for numerical course assignments' },
  // Each command is loaded when it runs: the instructor tools bring StrykerJS, esbuild and mathjs, which
  // loaded up front tripled the start of every `grader grade`, `grader batch` and Gradescope run.
  subCommands: {
    grade: () => import('./grade.ts').then((module) => module.gradeCommand),
    batch: () => import('./batch.ts').then((module) => module.batchCommand),
    catalogue: () => import('./catalogue.ts').then((module) => module.catalogueCommand),
    gradescope: () => import('./gradescope.ts').then((module) => module.gradescopeCommand),
    report: () => import('./report.ts').then((module) => module.reportCommand),
    validate: () => import('./validate.ts').then((module) => module.validateCommand),
    release: () => import('./release.ts').then((module) => module.releaseCommand),
    audit: () => import('./audit.ts').then((module) => module.auditCommand),
    starter: () => import('./starter.ts').then((module) => module.starterCommand),
    new: () => import('./new.ts').then((module) => module.newCommand),
  },
});

const rawArgs = process.argv.slice(2);
if (rawArgs.length === 0 || rawArgs.some((arg) => arg === '--help' || arg === '-h' || arg === '--version')) {
  await runMain(main);
} else {
  try {
    await runCommand(main, { rawArgs });
  } catch (error) {
    const usage = error instanceof UsageError || error instanceof UnknownAssignmentError || (error as { code?: string }).code === 'E_UNKNOWN_COMMAND' || (error as { name?: string }).name === 'CLIError';
    if (error instanceof IsolationUnavailableError) {
      // Not a usage mistake and not a bug: this machine cannot give what the TA asked for.
      console.error(`grader: ${error.message}`);
      process.exitCode = 1;
    } else if (usage) {
      console.error(`grader: ${(error as Error).message}\nRun "grader --help" for the commands.`);
      process.exitCode = 2;
    } else {
      console.error(`grader: internal error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exitCode = 1;
    }
  }
}

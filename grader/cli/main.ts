/**
 * The command line. Only this file touches process.argv and the exit code; each command is a module of
 * its own that parses its options and calls library functions. Exit status: 0 when the command did its
 * job (whatever the students scored), 2 for a usage mistake, 1 for the grader's own failure.
 */
import { defineCommand, runCommand, runMain } from 'citty';
import { gradeCommand } from './grade.ts';
import { catalogueCommand } from './catalogue.ts';
import { batchCommand } from './batch.ts';
import { gradescopeCommand } from './gradescope.ts';
import { reportCommand } from './report.ts';
import { auditCommand } from './audit.ts';
import { validateCommand } from './validate.ts';
import { releaseCommand } from './release.ts';
import { starterCommand } from './starter.ts';
import { newCommand } from './new.ts';
import { UsageError } from './usage-error.ts';
import { UnknownAssignmentError } from '../../assignments/index.ts';

const main = defineCommand({
  meta: { name: 'grader', description: 'Autograder for numerical course assignments' },
  subCommands: { grade: gradeCommand, batch: batchCommand, catalogue: catalogueCommand, gradescope: gradescopeCommand, report: reportCommand, validate: validateCommand, release: releaseCommand, audit: auditCommand, starter: starterCommand, new: newCommand },
});

const rawArgs = process.argv.slice(2);
if (rawArgs.length === 0 || rawArgs.some((arg) => arg === '--help' || arg === '-h' || arg === '--version')) {
  await runMain(main);
} else {
  try {
    await runCommand(main, { rawArgs });
  } catch (error) {
    const usage = error instanceof UsageError || error instanceof UnknownAssignmentError || (error as { code?: string }).code === 'E_UNKNOWN_COMMAND' || (error as { name?: string }).name === 'CLIError';
    if (usage) {
      console.error(`grader: ${(error as Error).message}\nRun "grader --help" for the commands.`);
      process.exitCode = 2;
    } else {
      console.error(`grader: internal error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exitCode = 1;
    }
  }
}

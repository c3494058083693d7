/**
 * `grader validate [<id> ...] [--course <dir>] [--seed S] [--no-typecheck]`: prove a problem is ready
 * (authoring/validate.ts). Prints each check as it finishes, each sampler test's design, and, when anything
 * fails, the precise list again at the end; exit 1 then, 0 when every check holds, 2 for bad arguments.
 */
import { defineCommand } from 'citty';
import { resolve } from 'node:path';
import { chooseAssignments, loadCourse } from '../authoring/course.ts';
import { samplerDesigns, validationChecks } from '../authoring/validate.ts';
import { DEFAULT_GRADING_SEED } from '../grading/seed.ts';
import { showNumber } from '../feedback/show-value.ts';
import { palette, useColor } from '../feedback/terminal-summary.ts';
import { UsageError } from './usage-error.ts';

export const validateCommand = defineCommand({
  meta: { name: 'validate', description: 'Check that problems are ready: solution, starter, example mistakes, sampler designs, handout, types' },
  args: {
    ids: { type: 'positional', description: 'assignment ids (default: every assignment of the course)', required: false },
    course: { type: 'string', description: 'course folder (default: this project)' },
    seed: { type: 'string', description: `grading seed (default ${DEFAULT_GRADING_SEED})` },
    typecheck: { type: 'boolean', description: 'run the type-checker (--no-typecheck to skip)', default: true },
  },
  async run({ args }) {
    const course = await loadCourse(args.course ? resolve(args.course) : undefined);
    const seed = args.seed === undefined ? DEFAULT_GRADING_SEED : Number(args.seed);
    if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be an integer, got "${args.seed}"`);
    const definitions = chooseAssignments(course, (args._ as string[] | undefined) ?? []);
    const colors = palette(useColor(process.stdout, process.env));
    const failures: string[] = [];
    let current = '';
    for (const check of validationChecks(course, definitions, { seed, typecheck: args.typecheck })) {
      if (check.assignment !== current) {
        current = check.assignment;
        console.log(colors.bold(current === '' ? 'the course' : current));
      }
      let problems: string[];
      try {
        problems = await check.run();
      } catch (error) {
        problems = [`the check itself failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`];
      }
      console.log(`  ${problems.length === 0 ? colors.green('✓') : colors.red('✗')} ${check.name}`);
      for (const problem of problems) {
        console.log(`      ${problem}`);
        failures.push(`${check.assignment ? `${check.assignment}: ` : ''}${check.name}: ${problem}`);
      }
    }
    const designs = definitions.flatMap((definition) => samplerDesigns(definition).reports);
    if (designs.length > 0) {
      console.log(colors.bold('\nsampler tests: sample size, designed false-failure probability, power against the named alternatives'));
      for (const { assignment, test, design } of designs) {
        console.log(`  ${assignment}/${test}: n = ${design.draws}, false failure ≤ ${showNumber(design.falseFailure)}, band ε = ${showNumber(design.epsilon)}`);
        for (const entry of design.power) console.log(`      power ≥ ${entry.power >= 0.999999 ? '0.999999' : showNumber(entry.power)} against ${entry.alternative}`);
      }
    }
    if (failures.length > 0) {
      console.log(colors.red(`\n${failures.length} problem${failures.length === 1 ? '' : 's'}:`));
      for (const failure of failures) console.log(`  - ${failure}`);
      process.exitCode = 1;
    } else {
      console.log(colors.green(`\nready: ${definitions.map((definition) => definition.id).join(', ')}`));
    }
  },
});

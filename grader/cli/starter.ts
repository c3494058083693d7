/**
 * `grader starter [<id> ...] [--course <dir>] [--check]`: write starter/<id>.ts from solutions/<id>.ts
 * (authoring/starter.ts), for every assignment of the course when none is named. With --check nothing is
 * written: each out-of-date starter is listed and the exit status is 1.
 */
import { defineCommand } from 'citty';
import { relative, resolve } from 'node:path';
import { loadCourse } from '../authoring/course.ts';
import { checkStarters, writeStarters } from '../authoring/starter.ts';

export const starterCommand = defineCommand({
  meta: { name: 'starter', description: "Generate the students' starter files from the marked reference solutions" },
  args: {
    ids: { type: 'positional', description: 'assignment ids (default: every assignment of the course)', required: false },
    course: { type: 'string', description: 'course folder (default: this project)' },
    check: { type: 'boolean', description: 'write nothing; list each starter that is not what its solution makes, and exit 1 if any', default: false },
  },
  async run({ args }) {
    const course = await loadCourse(args.course ? resolve(args.course) : undefined);
    const ids = (args._ as string[] | undefined) ?? [];
    if (args.check) {
      const problems = await checkStarters(course, ids);
      for (const { id, problem } of problems) console.log(`${id}: ${problem}`);
      if (problems.length > 0) process.exitCode = 1;
      else console.log('every starter is what its solution makes');
      return;
    }
    for (const written of await writeStarters(course, ids)) {
      const where = relative(process.cwd(), written.path) || written.path;
      console.log(`${written.changed ? 'wrote' : 'unchanged'} ${where}`);
      for (const removed of written.removedImports) console.log(`  dropped the import of ${removed} (only the solution used it)`);
    }
  },
});

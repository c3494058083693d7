/**
 * `grader new <id> [--course <dir>] [--title "…"]`: scaffold a new, working problem (authoring/scaffold.ts)
 * and say what to edit next. Refuses a bad or existing id, and anything it would overwrite.
 */
import { defineCommand } from 'citty';
import { relative, resolve } from 'node:path';
import { loadCourse } from '../authoring/course.ts';
import { SCAFFOLD_MISTAKE, scaffoldAssignment } from '../authoring/scaffold.ts';
import { projectRoot } from '../paths.ts';

export const newCommand = defineCommand({
  meta: { name: 'new', description: 'Scaffold a new assignment: definition, tests, handout, solution, starter and an example mistake' },
  args: {
    id: { type: 'positional', description: 'the new assignment id, in kebab-case (e.g. softplus-derivative)', required: true },
    course: { type: 'string', description: 'course folder (default: this project)' },
    title: { type: 'string', description: 'the assignment title (default: the id in words)' },
  },
  async run({ args }) {
    const course = await loadCourse(args.course ? resolve(args.course) : undefined);
    const scaffold = scaffoldAssignment(course, { id: args.id, title: args.title });
    const shown = (path: string) => relative(process.cwd(), path) || path;
    console.log(`scaffolded ${scaffold.id}:`);
    for (const file of scaffold.files) console.log(`  ${file === scaffold.index ? 'updated' : 'created'} ${shown(file)}`);
    const where = course.root === projectRoot ? '' : ` --course ${shown(course.root)}`;
    console.log(
      [
        '',
        'It is a working problem (the Gaussian bump and its derivative) to edit into yours:',
        `  1. write the reference solution in ${shown(`${course.solutionsDir}/${scaffold.id}.ts`)}, with "// BEGIN SOLUTION" … "// END SOLUTION" around what students write;`,
        `  2. the tests in ${shown(`${course.assignmentsDir}/${scaffold.id}`)}/ (targets.ts, public.ts, hidden.ts), each tolerance with its derivation, and the handout README.md;`,
        `  3. example mistakes in ${shown(course.submissionsDir)}/ (start from ${scaffold.id}-${SCAFFOLD_MISTAKE}/), each with the tests its expected.json says it fails;`,
        `  4. npx grader starter ${scaffold.id}${where}   (regenerates the starter from the solution)`,
        `  5. npx grader validate ${scaffold.id}${where}  (proves it is ready)`,
      ].join('\n'),
    );
  },
});

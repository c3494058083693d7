/**
 * `grader release --out <folder> [--course <dir>] [<id> ...]`: build the student bundle (starter files,
 * handouts, public tests and the grader runtime they need, with a package.json whose `npm test` runs them),
 * then say what went in. Refuses, naming the import chain, when the student run would reach a solution or
 * a hidden test (see authoring/release.ts).
 */
import { defineCommand } from 'citty';
import { relative } from 'node:path';
import { loadCourse } from '../authoring/course.ts';
import { release } from '../authoring/release.ts';

export const releaseCommand = defineCommand({
  meta: { name: 'release', description: 'Build the student bundle: starters, handouts, public tests and the runtime they need' },
  args: {
    ids: { type: 'positional', description: 'assignments to release (default: all)', required: false },
    out: { type: 'string', description: 'folder to create (new or empty)', required: true },
    course: { type: 'string', description: 'course folder (default: this project)' },
    replace: { type: 'boolean', description: 'rebuild an earlier bundle in --out', default: false },
  },
  async run({ args }) {
    const course = await loadCourse(args.course);
    const ids = args._.map(String);
    const built = await release({ course, out: args.out, assignments: ids, replace: args.replace });
    const shown = relative(process.cwd(), built.out);
    const where = shown === '' ? '.' : shown.startsWith('..') ? built.out : shown;
    console.log(`released ${built.assignments.join(', ')} to ${where}: ${built.files.length} files, ${(built.bytes / 1024).toFixed(0)} KiB`);
    console.log(`dependencies: ${Object.keys(built.dependencies).join(', ')}`);
    console.log(`students run: cd ${where} && npm install && npm test`);
  },
});

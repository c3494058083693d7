/**
 * `grader report [<submission-folder>] [--out reports] [--hidden] [--templates <folder>]`: grade one
 * submission and write its report.html and report.md (and the handouts they link to, handouts/<id>.html) (the student's `npm run report`: their own work in
 * starter/, or GRADER_SUBMISSION; public tests only unless --hidden, the staff's view), then print where
 * they are and the total.
 */
import { defineCommand } from 'citty';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { assignments } from '../../assignments/index.ts';
import { gradeSubmission } from '../grading/grade-submission.ts';
import { gradingSeed, submissionFolder } from '../student/folder.ts';
import { graderVersion } from '../version.ts';
import { loadTemplates } from '../report/templates.ts';
import { reportFromOutcome } from '../report/report-data.ts';
import { renderStudentReport, reportTime } from '../report/render-student.ts';
import { renderHandout } from '../report/render-handout.ts';
import { UsageError } from './usage-error.ts';

export const reportCommand = defineCommand({
  meta: { name: 'report', description: 'Grade one submission and write its report.html and report.md' },
  args: {
    folder: { type: 'positional', description: 'folder holding <assignment-id>.ts files (default: $GRADER_SUBMISSION or starter/)', required: false },
    out: { type: 'string', description: 'where to write the report (default: reports/)', default: 'reports' },
    hidden: { type: 'boolean', description: 'also run the hidden tests (staff)', default: false },
    templates: { type: 'string', description: 'folder of report templates replacing the defaults of the same name' },
  },
  async run({ args }) {
    const folder = args.folder ? resolve(args.folder) : submissionFolder();
    if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`${args.folder ?? folder} is not a folder`);
    const templates = loadTemplates(args.templates === undefined ? undefined : resolve(args.templates));
    const seed = gradingSeed();
    const outcome = await gradeSubmission(folder, assignments, { gradingSeed: seed, include: (test) => args.hidden || test.visibility === 'public' });
    const data = reportFromOutcome(outcome, {
      student: basename(folder),
      seed,
      graderVersion: graderVersion(),
      tests: args.hidden ? 'public and hidden' : 'public',
    });
    const rendered = renderStudentReport(data, templates, { gradedAt: reportTime(), handoutHref: (id) => `handouts/${id}.html` });
    const out = resolve(args.out);
    mkdirSync(join(out, 'handouts'), { recursive: true });
    for (const definition of assignments) writeFileSync(join(out, 'handouts', `${definition.id}.html`), renderHandout(definition, templates));
    writeFileSync(join(out, 'report.html'), rendered.html);
    writeFileSync(join(out, 'report.md'), rendered.md);
    console.log(`${outcome.score} / ${outcome.max} points (${args.hidden ? 'public and hidden' : 'public'} tests, seed ${seed})`);
    console.log(`report: ${join(out, 'report.html')} (open it in a browser) and ${join(out, 'report.md')}`);
  },
});

/**
 * The command that reruns one test with the same seed.
 *
 * A public test: as the student would type it, `npm test` in the student bundle (or whichever `test:`
 * script is running now, `npm run test:student` in this repository), filtered to the test's title. The
 * student's run uses the default seed, so the command needs no environment variable, and works the same in
 * cmd, PowerShell and sh; another seed is given as GRADER_SEED=… (sh syntax, for staff).
 *
 * A hidden test is not in the student's suite: its command is the staff's, `npx grader grade`.
 */
import { DEFAULT_GRADING_SEED } from '../grading/seed.ts';

export interface RerunTarget {
  title: string;
  assignment: string;
  visibility: 'public' | 'hidden';
}

export function rerunCommand(gradingSeed: number, test: RerunTarget): string {
  if (test.visibility === 'hidden') {
    const seed = gradingSeed === DEFAULT_GRADING_SEED ? '' : ` --seed ${gradingSeed}`;
    return `npx grader grade <submission-folder> --hidden --assignment ${test.assignment}${seed} (staff: a hidden test)`;
  }
  const script = process.env.npm_lifecycle_event;
  const npm = script?.startsWith('test:') ? `npm run ${script}` : 'npm test';
  // vitest's -t takes a regular expression: escape the title's special characters.
  const pattern = test.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/"/g, '\\"');
  const seed = gradingSeed === DEFAULT_GRADING_SEED ? '' : `GRADER_SEED=${gradingSeed} `;
  return `${seed}${npm} -- -t "${pattern}"`;
}

/**
 * The command that reruns one test with the same seed, as the student would type it: `npm test` in the
 * student bundle, or whichever npm script is running now (`npm run test:student` in this repository).
 */
export function rerunCommand(gradingSeed: number, title: string): string {
  const script = process.env.npm_lifecycle_event;
  const npm = script?.startsWith('test:') ? `npm run ${script}` : 'npm test';
  // vitest's -t takes a regular expression: escape the title's special characters.
  const pattern = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/"/g, '\\"');
  return `GRADER_SEED=${gradingSeed} ${npm} -- -t "${pattern}"`;
}

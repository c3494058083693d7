/**
 * The child process of `grader release` that records the reference's values (see
 * grader/definition/reference-values.ts): it runs the PUBLIC tests of the named assignments against the
 * reference solutions with the default grading seed, the student run's seed, and writes every call the
 * tests made to a recorded reference function, with its result. A process of its own, so the recorder
 * installed here cannot reach anything else the release (or a test calling it) runs.
 *
 *   node --import tsx record-reference.ts <course root> <output .json> <id>...
 *
 * The output: { [id]: { functions: names, values: { key: encoded result } } }, keys sorted. Every public test
 * must pass: a reference that fails its own test would record values no student could match.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AssignmentDefinition } from '../definition/types.ts';
import { installReferenceRecorder, type RecordedValues } from '../definition/reference-values.ts';
import { runTest } from '../grading/grade-assignment.ts';
import { DEFAULT_GRADING_SEED } from '../grading/seed.ts';
import { openSubmission } from '../submission/open-submission.ts';
import { coursePaths } from './course.ts';

export interface RecordedReference {
  /** The names `reference` exports, so the bundle serves each (one the public run never called included). */
  functions: string[];
  values: RecordedValues;
}

const [root, output, ...ids] = process.argv.slice(2);
if (!root || !output || ids.length === 0) throw new Error('usage: record-reference.ts <course root> <output .json> <id>...');
const paths = coursePaths(root);

const values = new Map<string, Map<string, string>>(ids.map((id) => [id, new Map()]));
const conflicts: string[] = [];
installReferenceRecorder((call) => {
  const table = values.get(call.assignment);
  if (!table) return;
  const earlier = table.get(call.key);
  // The reference is deterministic: the same arguments giving another result would make the replay wrong.
  if (earlier !== undefined && earlier !== call.result) conflicts.push(`${call.assignment}: ${call.key.slice(0, 200)}`);
  table.set(call.key, call.result);
});

const problems: string[] = [];
const recorded: Record<string, RecordedReference> = {};
const submission = await openSubmission(paths.solutionsDir, ids);
try {
  for (const id of ids) {
    const folder = join(paths.assignmentsDir, id);
    const { reference } = (await import(pathToFileURL(join(folder, 'reference.ts')).href)) as { reference: Record<string, unknown> };
    const { publicDefinition } = (await import(pathToFileURL(join(folder, 'public-definition.ts')).href)) as { publicDefinition: AssignmentDefinition };
    for (const test of publicDefinition.tests.filter((item) => item.visibility === 'public')) {
      const outcome = await runTest(test, id, submission.module(id), DEFAULT_GRADING_SEED);
      if (outcome.result.status !== 'passed') problems.push(`${id}/${test.id}: the reference solution does not pass it (${outcome.result.status}: ${outcome.result.feedback.summary})`);
    }
    const table = values.get(id)!;
    recorded[id] = { functions: Object.keys(reference).sort(), values: Object.fromEntries([...table.keys()].sort().map((key) => [key, table.get(key)!])) };
  }
} finally {
  submission.close();
}
problems.push(...conflicts.map((conflict) => `the reference gave two results for ${conflict}`));
if (problems.length > 0) {
  process.stderr.write(`${problems.join('\n')}\n`);
  process.exit(1);
}
writeFileSync(output, JSON.stringify(recorded));

/**
 * `grader validate`: proves a problem is ready to hand out. For each chosen assignment of a course:
 *  - the reference solution earns full marks on every test, public and hidden;
 *  - the starter earns zero, every test saying "not implemented" (not crashing), and it is what
 *    `grader starter` makes from the solution today;
 *  - every example submission in fixtures/submissions that names the assignment in its expected.json fails
 *    exactly the tests it names (a mistake loses points there and only there; a correct one none);
 *  - each sampler test's design (sample size, designed false-failure probability, power against the
 *    alternatives its definition names) is computed and reported;
 *  - the handout renders, every formula in it too;
 *  - the definition, solution and starter type-check.
 * Each check is a value with a name and a run function, so the CLI prints them as they finish and the test
 * suite runs them as tests; a check returns its problems, an empty list when it holds.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { AssignmentDefinition, TestDefinition } from '../definition/types.ts';
import { gradeSubmission } from '../grading/grade-submission.ts';
import { DEFAULT_GRADING_SEED } from '../grading/seed.ts';
import { formatFeedback } from '../feedback/format-text.ts';
import { handoutMathErrors } from '../report/math.ts';
import { projectRoot } from '../paths.ts';
import type { SamplerDesign } from '../checks/sampler-check.ts';
import { checkStarters } from './starter.ts';
import type { Course } from './course.ts';

export interface ValidationCheck {
  /** What the check proves, in words, e.g. "solution earns full marks". */
  name: string;
  /** The assignment it is about ("" for a check of the whole course, such as type-checking). */
  assignment: string;
  run(): Promise<string[]>;
}

export interface SamplerDesignReport {
  assignment: string;
  test: string;
  design: SamplerDesign;
}

/** An example submission's expected.json (possibly split into expected.part-N.json files). */
export interface ExpectedOutcome {
  description: string;
  /** Per assignment: exactly the tests that must fail, and the pattern some feedback must name. */
  expect: Record<string, { fail: string[]; why?: string; diagnoses?: Record<string, string> }>;
}

export function readExpected(folder: string): ExpectedOutcome | undefined {
  const files = readdirSync(folder).filter((name) => /^expected(\.part-\d+)?\.json$/.test(name)).sort();
  if (files.length === 0) return undefined;
  const merged: ExpectedOutcome = { description: '', expect: {} };
  for (const file of files) {
    const part = JSON.parse(readFileSync(join(folder, file), 'utf8')) as ExpectedOutcome;
    merged.description ||= part.description;
    Object.assign(merged.expect, part.expect);
  }
  return merged;
}

/** The example submissions of a course: folder name → expected outcome. */
export function exampleSubmissions(course: Course): Array<{ name: string; folder: string; expected: ExpectedOutcome }> {
  if (!existsSync(course.submissionsDir)) return [];
  return readdirSync(course.submissionsDir)
    .sort()
    .map((name) => ({ name, folder: join(course.submissionsDir, name) }))
    .flatMap(({ name, folder }) => {
      const expected = existsSync(folder) ? readExpected(folder) : undefined;
      return expected ? [{ name, folder, expected }] : [];
    });
}

export interface ValidateOptions {
  seed?: number;
  /** Run the type-checker (a second or two); on by default. */
  typecheck?: boolean;
}

export function validationChecks(course: Course, definitions: readonly AssignmentDefinition[], options: ValidateOptions = {}): ValidationCheck[] {
  const seed = options.seed ?? DEFAULT_GRADING_SEED;
  const examples = exampleSubmissions(course);
  const checks: ValidationCheck[] = [];
  for (const definition of definitions) {
    const id = definition.id;
    checks.push({ name: 'the solution earns full marks', assignment: id, run: () => solutionEarnsFullMarks(course, definition, seed) });
    checks.push({ name: 'the starter earns zero, every test "not implemented"', assignment: id, run: () => starterEarnsZero(course, definition, seed) });
    checks.push({ name: 'the starter is generated from the solution', assignment: id, run: async () => (await checkStarters(course, [id])).map((entry) => entry.problem) });
    for (const example of examples.filter((entry) => entry.expected.expect[id])) {
      const fail = example.expected.expect[id]!.fail;
      checks.push({
        name: fail.length === 0 ? `example ${example.name} (correct) earns full marks` : `example ${example.name} loses points in ${fail.join(', ')}`,
        assignment: id,
        run: () => exampleFailsAsExpected(example.folder, example.expected, definition, seed),
      });
    }
    checks.push({ name: 'the sampler tests have a design', assignment: id, run: async () => samplerDesignProblems(definition) });
    checks.push({ name: 'the handout renders', assignment: id, run: async () => handoutProblems(course, id) });
  }
  if (options.typecheck !== false) checks.push({ name: 'definitions, solutions and starters type-check', assignment: '', run: async () => typecheck(course, definitions) });
  return checks;
}

async function solutionEarnsFullMarks(course: Course, definition: AssignmentDefinition, seed: number): Promise<string[]> {
  const outcome = await gradeSubmission(course.solutionsDir, [definition], { gradingSeed: seed });
  const problems = outcome.assignments.flatMap((assignment) => assignment.tests.filter((test) => test.result.status !== 'passed').map((test) => `solution fails ${test.id}: ${firstLines(formatFeedback(test.result))}`));
  if (problems.length === 0 && outcome.score !== outcome.max) problems.push(`solution earns ${outcome.score} of ${outcome.max}`);
  return problems;
}

async function starterEarnsZero(course: Course, definition: AssignmentDefinition, seed: number): Promise<string[]> {
  const outcome = await gradeSubmission(course.starterDir, [definition], { gradingSeed: seed });
  const problems: string[] = [];
  if (outcome.score !== 0) problems.push(`starter earns ${outcome.score} points; it must earn 0`);
  for (const test of outcome.assignments.flatMap((assignment) => assignment.tests)) {
    const reason = test.result.status === 'errored' ? test.result.reason : test.result.status;
    if (reason !== 'not-implemented') problems.push(`starter on ${test.id}: "${reason}" instead of "not implemented" (${firstLines(test.result.feedback.summary)})`);
  }
  return problems;
}

async function exampleFailsAsExpected(folder: string, expected: ExpectedOutcome, definition: AssignmentDefinition, seed: number): Promise<string[]> {
  const entry = expected.expect[definition.id]!;
  const known = new Set(definition.tests.map((test) => test.id));
  const problems = entry.fail.filter((id) => !known.has(id)).map((id) => `expected.json names "${id}", which is not a test of ${definition.id}`);
  const outcome = await gradeSubmission(folder, [definition], { gradingSeed: seed });
  const tests = outcome.assignments.flatMap((assignment) => assignment.tests);
  const failing = new Set(tests.filter((test) => test.result.status !== 'passed').map((test) => test.id));
  for (const test of tests) {
    const shouldFail = entry.fail.includes(test.id);
    if (shouldFail && !failing.has(test.id)) problems.push(`${test.id} passed, but expected.json says this mistake fails it`);
    if (!shouldFail && failing.has(test.id)) problems.push(`${test.id} failed, but expected.json does not name it: ${firstLines(formatFeedback(test.result, { facts: false }))}`);
    if (test.result.status === 'graderError') problems.push(`${test.id}: the grader failed (${firstLines(test.result.detail)})`);
  }
  for (const [id, pattern] of Object.entries(entry.diagnoses ?? {})) {
    const diagnosis = tests.find((test) => test.id === id)?.result.feedback.diagnosis;
    if (!diagnosis?.startsWith(pattern)) problems.push(`${id}: the feedback should name "${pattern}", it says ${diagnosis ? `"${firstLines(diagnosis)}"` : 'no diagnosis'}`);
  }
  return problems;
}

/** Sampler tests, also those inside a test made of several parts (checks/all-of.ts). */
export function samplerDesigns(definition: AssignmentDefinition): { reports: SamplerDesignReport[]; problems: string[] } {
  const reports: SamplerDesignReport[] = [];
  const problems: string[] = [];
  const visit = (test: TestDefinition, label: string) => {
    const withParts = test as TestDefinition & { parts?: TestDefinition[]; design?: () => SamplerDesign };
    if (withParts.parts) withParts.parts.forEach((part, index) => visit(part, `${label} (part ${index + 1})`));
    if (typeof withParts.design !== 'function') return;
    try {
      reports.push({ assignment: definition.id, test: label, design: withParts.design() });
    } catch (error) {
      problems.push(`${label}: the design could not be computed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  for (const test of definition.tests) if (test.kind === 'sampler') visit(test, test.id);
  return { reports, problems };
}

function samplerDesignProblems(definition: AssignmentDefinition): string[] {
  const { reports, problems } = samplerDesigns(definition);
  for (const report of reports) {
    if (!(report.design.falseFailure > 0 && report.design.falseFailure < 1e-3)) problems.push(`${report.test}: designed false-failure probability ${report.design.falseFailure} is not below 1e-3`);
  }
  return problems;
}

function handoutProblems(course: Course, id: string): string[] {
  const path = join(course.assignmentsDir, id, 'README.md');
  if (!existsSync(path)) return [`no handout: ${relative(course.root, path)} is missing`];
  try {
    return handoutMathErrors(readFileSync(path, 'utf8')).map((error) => `a formula in the handout does not render: ${error.source} (${error.why})`);
  } catch (error) {
    return [`the handout does not render: ${error instanceof Error ? error.message : String(error)}`];
  }
}

/** tsc over the definitions, solutions and starters (not the example submissions: mistakes may be ill-typed on purpose). */
function typecheck(course: Course, definitions: readonly AssignmentDefinition[]): string[] {
  const files = definitions.flatMap((definition) => [join(course.assignmentsDir, definition.id), join(course.solutionsDir, `${definition.id}.ts`), join(course.starterDir, `${definition.id}.ts`)]);
  const dir = mkdtempSync(join(tmpdir(), 'numgrade-validate-'));
  try {
    const config = {
      extends: join(projectRoot, 'tsconfig.json'),
      compilerOptions: { noEmit: true, types: ['node'], typeRoots: [join(projectRoot, 'node_modules', '@types')] },
      include: files.map((file) => (file.endsWith('.ts') ? file : join(file, '**', '*.ts'))),
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config));
    const tsc = join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const run = spawnSync(process.execPath, [tsc, '--noEmit', '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8', cwd: course.root });
    if (run.status === 0) return [];
    const output = `${run.stdout}${run.stderr}`.trim();
    return output.split('\n').filter((line) => /error TS\d+/.test(line)).slice(0, 20).concat(run.error ? [`tsc could not run: ${run.error.message}`] : []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function firstLines(text: string): string {
  const lines = text.split('\n');
  return lines.slice(0, 3).join(' | ') + (lines.length > 3 ? ' | …' : '');
}

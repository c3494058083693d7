/**
 * Property checks with fast-check: σ(−z) = 1 − σ(z), softmax sums to 1, samplers stay in their support, …
 * Inputs come from fast-check seeded with this test's seed; a failure is shrunk to a small counterexample,
 * and the feedback carries the seed and the path so the student can replay it.
 * When student code gives no value at all (not implemented, throws, hangs) the run stops at once and the
 * test is reported as errored, without shrinking through further calls.
 */
import fc from 'fast-check';
import { testFrom, type TestContext, type TestDefinition, type TestHead } from '../definition/types.ts';
import type { StudentFailure, StudentModule } from '../submission/student-module.ts';
import { showValue } from '../feedback/show-value.ts';
import { readNumber, type Read } from '../values/read.ts';
import { failed, passed, type CheckResult } from './result.ts';
import { failureResult } from './student-failure.ts';
import { isPlaceholder, primedRuns } from './batched-calls.ts';

export type PropertyVerdict = { ok: true } | { ok: false; problem: string } | { ok: 'no-value'; failure: StudentFailure };

export interface PropertySpec<T> {
  /** The law, in the lecture's notation, e.g. "σ(−z) = 1 − σ(z)". */
  name: string;
  arbitrary: fc.Arbitrary<T>;
  /** The calls made for an input, as code. */
  show(input: T): string;
  check(student: StudentModule, input: T): Promise<PropertyVerdict>;
}

export interface PropertyTestOptions extends TestHead {
  // Each property has its own input type; they are only ever used together with their own arbitrary.
  properties: Array<PropertySpec<any>>;
  /** Runs per property (fast-check's default is 100). */
  numRuns?: number;
}

export function definePropertyTest(options: PropertyTestOptions): TestDefinition {
  return testFrom(options, 'property', async (context: TestContext): Promise<CheckResult> => {
      const numRuns = options.numRuns ?? 100;
      for (const [index, spec] of options.properties.entries()) {
        const seed = (context.seed + index * 0x9e3779b9) | 0;
        const { student, allPassed } = await primedProperty(context.student, spec, seed, numRuns);
        // Every run already passed on the real answers: fast-check would run the same inputs to the same end.
        if (allPassed) continue;
        let noValue: { failure: StudentFailure; input: unknown } | undefined;
        const problems = new Map<string, string>();
        const property = fc.asyncProperty(spec.arbitrary, async (input) => {
          if (noValue) return true;
          const verdict = await spec.check(student, input);
          if (verdict.ok === 'no-value') {
            noValue = { failure: verdict.failure, input };
            return true;
          }
          if (verdict.ok === false) problems.set(fc.stringify(input), verdict.problem);
          return verdict.ok;
        });
        const details = await fc.check(property, { seed, numRuns });
        if (noValue) return failureResult(noValue.failure, spec.show(noValue.input), options.hint);
        if (details.failed) {
          const input = details.counterexample?.[0];
          return failed({
            summary: `the property ${spec.name} does not hold`,
            called: spec.show(input),
            expected: spec.name,
            received: problems.get(fc.stringify(input)) ?? (details.errorInstance ? String(details.errorInstance) : 'the property was false'),
            hint: options.hint,
            facts: [
              { label: 'smallest counterexample found', value: showValue(input, 400) },
              { label: 'fast-check', value: `seed ${details.seed}, path "${details.counterexamplePath}", after ${details.numRuns} runs and ${details.numShrinks} shrinks` },
            ],
            figures: [{
              kind: 'property',
              property: spec.name,
              counterexample: showValue(input, 400),
              seed: details.seed,
              path: details.counterexamplePath ?? '',
              runs: details.numRuns,
              shrinks: details.numShrinks,
            }],
          });
        }
      }
      return passed({
        summary: `${options.properties.length} properties held on ${numRuns} generated inputs each`,
        facts: options.properties.map((spec) => ({ label: 'property', value: spec.name })),
      });
  });
}

/**
 * The module a property's runs call through: primed (batched-calls.ts) with the calls its runs make, on the
 * inputs fast-check generates for this seed (the same inputs the real run gets: generation depends only on
 * the seed while the runs pass, and shrinking, after a failure, calls the module directly). When every run
 * passes on the answers, the property holds and fast-check need not run it again.
 */
async function primedProperty<T>(student: StudentModule, spec: PropertySpec<T>, seed: number, numRuns: number): Promise<{ student: StudentModule; allPassed: boolean }> {
  const inputs: T[] = [];
  await fc.check(
    fc.asyncProperty(spec.arbitrary, async (input) => {
      inputs.push(input);
      return true;
    }),
    { seed, numRuns },
  );
  return primedRuns(student, inputs, async (module, input) => (await spec.check(module, input)).ok === true);
}

export type Answer<T> = { ok: true; value: T } | { ok: false; verdict: PropertyVerdict };

/**
 * One call inside a property: the value read as T, or the verdict to return at once. Readers are pure
 * functions of (value, path) whose path only goes into the problem they report, so the call is shown in the
 * path (which takes longer to write than the call takes to make) only when there is a problem to report.
 */
export async function ask<T>(student: StudentModule, fn: string, args: unknown[], read: (value: unknown, path: string) => Read<T>): Promise<Answer<T>> {
  const outcome = await student.call(fn, args);
  if (!outcome.ok) return { ok: false, verdict: { ok: 'no-value', failure: outcome.failure } };
  const quick = read(outcome.value, fn);
  if (quick.ok || isPlaceholder(outcome)) return quick.ok ? { ok: true, value: quick.value } : { ok: false, verdict: { ok: false, problem: quick.problem } };
  const value = read(outcome.value, `${fn}(${args.map((arg) => showValue(arg, 60)).join(', ')})`);
  return value.ok ? { ok: true, value: value.value } : { ok: false, verdict: { ok: false, problem: value.problem } };
}

export const askNumber = (student: StudentModule, fn: string, args: unknown[]) => ask(student, fn, args, (value, path) => readNumber(value, path));

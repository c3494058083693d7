/**
 * Example checks: exact values on fixed inputs, compared with the reference within a stated tolerance.
 * The same engine serves the "stability" kind (large inputs must give finite, right answers), which is
 * scored separately so that an unstable but otherwise right function keeps most of its points.
 */
import { testFrom, type TestContext, type TestDefinition, type TestKind, type TestHead } from '../definition/types.ts';
import { showValue } from '../feedback/show-value.ts';
import { failed, passed, type CheckResult } from './result.ts';
import { failureResult } from './student-failure.ts';
import { primed } from './batched-calls.ts';

/** What a judge says about one returned value. */
export type Judgement = { ok: true } | { ok: false; expected: string; problem?: string };

export interface ExampleCase {
  fn: string;
  args: unknown[];
  /** The call as a student would write it. */
  show: string;
  judge(value: unknown): Judgement;
}

export interface ExampleTestOptions extends TestHead {
  kind?: Extract<TestKind, 'example' | 'stability'>;
  cases(seed: number): ExampleCase[];
  /** One line on the tolerance used and why, shown in feedback. */
  tolerance: string;
}

export function defineExampleTest(options: ExampleTestOptions): TestDefinition {
  return testFrom(options, options.kind ?? 'example', async (context: TestContext): Promise<CheckResult> => {
      const cases = options.cases(context.seed);
      // One batch for all cases; a wrong answer stops the loop, though the batch has made the later calls.
      const student = await primed(context.student, cases.map((example) => ({ fn: example.fn, args: example.args })));
      for (const example of cases) {
        const outcome = await student.call(example.fn, example.args);
        if (!outcome.ok) return failureResult(outcome.failure, example.show, options.hint);
        const judgement = example.judge(outcome.value);
        if (!judgement.ok) {
          return failed({
            summary: judgement.problem ?? `${example.fn} returned a wrong value`,
            called: example.show,
            expected: judgement.expected,
            received: showValue(outcome.value, 400),
            hint: options.hint,
            facts: [{ label: 'tolerance', value: options.tolerance }],
          });
        }
      }
      return passed({ summary: `all ${cases.length} cases right`, facts: [{ label: 'tolerance', value: options.tolerance }] });
  });
}

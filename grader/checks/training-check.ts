/**
 * Training checks: the student's trainer runs on real data with fixed hyperparameters and a seeded rng;
 * the grader then measures the accuracy of the parameters it returned with the REFERENCE forward pass, so a
 * wrong trainer cannot be rescued by a matching wrong predict. (The student bundle, which ships no reference
 * code, measures it with the student's own predict instead: see `predict` below.)
 */
import { rngArgument } from '../sandbox/protocol.ts';
import { testFrom, type TestContext, type TestDefinition, type TestHead } from '../definition/types.ts';
import { showNumber } from '../feedback/show-value.ts';
import { failed, passed, type CheckResult } from './result.ts';
import { failureResult, invalidValue } from './student-failure.ts';
import type { Read } from '../values/read.ts';

/**
 * A whole training run is one call. Measured (two-layer-backprop, fixed settings): the reference trains
 * XOR in 0.3 s and the digits in 0.3 s; a correct trainer written with mathjs matrices takes 4.7 s and
 * 2.4 s. 120 s leaves a factor of 25 over that plainly written trainer: a slow but correct one must never
 * time out, while a hang still ends.
 */
export const TRAINING_TIMEOUT_MS = 120_000;

export interface Dataset {
  xs: number[][];
  ys: number[];
}

export interface TrainingTestOptions<P> extends TestHead {
  fn: string;
  data(): { train: Dataset; test: Dataset; name: string };
  options: Record<string, number>;
  /** Reads the returned parameters (shape checked). */
  readParams(value: unknown, train: Dataset): Read<P>;
  /**
   * How the returned parameters are scored on the test set: the REFERENCE prediction for one input, or
   * `{ studentFn }`, the student's own prediction function, called in the sandbox (for a student bundle,
   * which holds no reference code to predict with: see two-layer-backprop/public.ts).
   */
  predict: ((params: P, x: number[]) => number) | { studentFn: string };
  minAccuracy: number;
  /** Why this threshold (measured accuracy of correct trainers), shown in feedback. */
  design: string;
}

export function defineTrainingTest<P>(options: TrainingTestOptions<P>): TestDefinition {
  return testFrom(options, 'training', async (context: TestContext): Promise<CheckResult> => {
      const { train, test, name } = options.data();
      const settings = Object.entries(options.options).map(([key, value]) => `${key}: ${value}`).join(', ');
      const called = `${options.fn}(${name}: ${train.xs.length} examples × ${train.xs[0]!.length} inputs, { ${settings}, rng })`;
      const outcome = await context.student.call(options.fn, [train.xs, train.ys, { ...options.options, rng: rngArgument(context.seed) }], { timeoutMs: TRAINING_TIMEOUT_MS });
      if (!outcome.ok) return failureResult(outcome.failure, called, options.hint);
      const params = options.readParams(outcome.value, train);
      if (!params.ok) return invalidValue(params.problem, called, options.hint);
      let right = 0;
      const { predict } = options;
      for (const [i, x] of test.xs.entries()) {
        let label: unknown;
        if (typeof predict === 'function') label = predict(params.value, x);
        else {
          const predicted = await context.student.call(predict.studentFn, [params.value, x]);
          if (!predicted.ok) return failureResult(predicted.failure, `${predict.studentFn}(the trained parameters, ${name} test example ${i + 1})`, options.hint);
          label = predicted.value;
        }
        if (label === test.ys[i]) right += 1;
      }
      const accuracy = right / test.xs.length;
      const facts = [
        ...(typeof predict === 'function' ? [] : [{ label: 'predictions', value: `by your ${predict.studentFn}, on the parameters your ${options.fn} returned` }]),
        { label: 'accuracy', value: `${right} of ${test.xs.length} (${showNumber(accuracy)}) on ${name}` },
        { label: 'threshold', value: `${options.minAccuracy}: ${options.design}` },
        { label: 'rng stream', value: `seed ${context.seed}` },
      ];
      if (accuracy < options.minAccuracy) {
        return failed({
          summary: `the trained network classifies only ${right} of ${test.xs.length} ${name} examples correctly`,
          called,
          expected: `accuracy ≥ ${options.minAccuracy}`,
          received: `accuracy ${showNumber(accuracy)}`,
          hint: options.hint,
          facts,
        });
      }
      return passed({ summary: `accuracy ${showNumber(accuracy)} on ${name}`, facts });
  });
}

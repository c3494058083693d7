/**
 * Method checks, deterministic because the grader supplies the uniforms: the sampler uses the rng it is
 * given (not Math.random), exactly one uniform per draw, the same stream gives the same draws, and each draw
 * is the inverse transform of its uniform, F⁻¹(u) or F⁻¹(1 − u), within a tolerance for rounding.
 * Also the rng discipline of a trainer: same stream ⇒ same parameters; another stream ⇒ other parameters.
 *
 * What the child reports about a call (rng() calls per draw, Math.random calls) is the word of a process the
 * student may own (issue 11), not evidence: it may fail an answer, never pass one. Every pass rests on the
 * values alone, checked against the uniforms the grader regenerates from the seed: 5 000 draws each equal to
 * F⁻¹(u_i) of the i-th uniform are exactly what a sampler taking one uniform per draw returns (a sampler
 * using Math.random, a counter or every other uniform misses nearly every u_i); parameters that repeat for
 * the same stream, change with another, and come back unchanged when only the first k uniforms are replayed
 * are a function of those k uniforms alone. A child that lies about its bookkeeping can therefore earn no
 * more than a student function returning the same values with honest bookkeeping would.
 */
import { rngArgument, type RngArgument } from '../sandbox/protocol.ts';
import { testFrom, type TestContext, type TestDefinition, type TestHead } from '../definition/types.ts';
import { uniforms, deriveSeed } from '../random/uniform-stream.ts';
import { showNumber, showValue } from '../feedback/show-value.ts';
import { failed, passed, type CheckResult } from './result.ts';
import { failureResult } from './student-failure.ts';


export interface InverseTransformMethodOptions extends TestHead {
  fn: string;
  args(rng: RngArgument): unknown[];
  show: string;
  draws: number;
  /** Does draw x come from uniform u by the inverse transform? (rounding tolerance inside). */
  isInverseOf(x: number, u: number): boolean;
  /** F⁻¹(u), for the feedback. */
  inverse(u: number): number;
  /** The tolerance in words. */
  tolerance: string;
}

export function defineInverseTransformMethodTest(options: InverseTransformMethodOptions): TestDefinition {
  return testFrom(options, 'method', async (context: TestContext): Promise<CheckResult> => {
      const n = options.draws;
      const called = `${n} × ${options.show}`;
      const fail = (summary: string, expected: string, received: string) =>
        failed({ summary, called, expected, received, hint: options.hint, facts: [{ label: 'uniform stream', value: `seed ${context.seed}` }, { label: 'tolerance', value: options.tolerance }] });
      const first = await context.student.sampleNumbers(options.fn, options.args(rngArgument(context.seed)), n, { instance: context.student.newInstance() });
      if (!first.ok) return failureResult(first.failure, options.show, options.hint);
      if (first.usage.mathRandomCalls > 0) {
        return fail(`${options.fn} called Math.random (${first.usage.mathRandomCalls} times in ${n} draws)`, 'every uniform taken from the rng argument', 'Math.random was used');
      }
      const uses = first.consumed;
      const offending = uses.findIndex((count) => count !== 1);
      if (offending >= 0) {
        const total = uses.reduce((sum, count) => sum + count, 0);
        return fail(
          `draw ${offending + 1} called rng() ${uses[offending]} times; the inverse transform uses exactly one uniform per draw`,
          'one rng() call per draw',
          `${total} calls for ${n} draws (${showNumber(total / n)} per draw)`,
        );
      }
      const us = uniforms(context.seed, n);
      const xs: ArrayLike<unknown> = first.values;
      const direct = indexWhere(xs, (x, i) => !(typeof x === 'number' && options.isInverseOf(x, us[i]!))) < 0;
      const complement = !direct && indexWhere(xs, (x, i) => !(typeof x === 'number' && options.isInverseOf(x, 1 - us[i]!))) < 0;
      if (!direct && !complement) {
        const i = indexWhere(xs, (x, k) => !(typeof x === 'number' && options.isInverseOf(x, us[k]!)));
        const u = us[i]!;
        return failed({
          summary: `draw ${i + 1} is not the inverse transform of its uniform`,
          called,
          expected: `F⁻¹(u) = ${showNumber(options.inverse(u))} (or F⁻¹(1 − u) = ${showNumber(options.inverse(1 - u))}) for u = ${showNumber(u)}`,
          received: showValue(xs[i]),
          diagnosis: patternOf(xs, us, options.inverse),
          hint: options.hint,
          facts: [{ label: 'uniform stream', value: `seed ${context.seed}` }, { label: 'tolerance', value: options.tolerance }],
        });
      }
      const again = await context.student.sampleNumbers(options.fn, options.args(rngArgument(context.seed)), n, { instance: context.student.newInstance() });
      if (!again.ok) return failureResult(again.failure, options.show, options.hint);
      const differs = indexWhere(again.values, (x, i) => x !== xs[i]);
      if (differs >= 0) {
        return fail(
          'not deterministic: the same uniforms gave different draws',
          `draw ${differs + 1} = ${showValue(xs[differs])} again`,
          `${showValue(again.values[differs])} (does the function keep state between calls?)`,
        );
      }
      return passed({
        summary: `all ${n} draws are ${direct ? 'F⁻¹(u)' : 'F⁻¹(1 − u)'} of their uniform, one uniform each, deterministic`,
        facts: [{ label: 'tolerance', value: options.tolerance }],
      });
  });
}

/**
 * A consistent relation between the draws and F⁻¹ of their uniforms, named: x = F⁻¹(u) + c (an off-by-one
 * walk) or x = s·F⁻¹(u) (a rate used as a scale), for u or for 1 − u.
 */
/** The first index whose entry meets the predicate, or −1 (for arrays and typed arrays alike). */
function indexWhere(values: ArrayLike<unknown>, predicate: (value: unknown, index: number) => boolean): number {
  for (let i = 0; i < values.length; i++) if (predicate(values[i], i)) return i;
  return -1;
}

function patternOf(xs: ArrayLike<unknown>, us: Float64Array, inverse: (u: number) => number): string | undefined {
  const sample = Math.min(xs.length, 500);
  for (const [label, uniform] of [['u', (u: number) => u], ['1 − u', (u: number) => 1 - u]] as const) {
    const pairs = Array.from({ length: sample }, (_, i) => [xs[i], inverse(uniform(us[i]!))] as const).filter(([x, f]) => typeof x === 'number' && Number.isFinite(f) && f !== 0);
    if (pairs.length < sample / 2) continue;
    const shifts = new Set(pairs.map(([x, f]) => (x as number) - f));
    if (shifts.size === 1) {
      const shift = [...shifts][0]!;
      return `every draw is F⁻¹(${label}) ${shift > 0 ? '+' : '−'} ${Math.abs(shift)}: the walk stops ${Math.abs(shift) === 1 ? 'one step' : `${Math.abs(shift)} steps`} ${shift > 0 ? 'too late' : 'too early'} (return the first k with F(k) ≥ u)`;
    }
    const ratios = pairs.map(([x, f]) => (x as number) / f);
    if (ratios.every((ratio) => Math.abs(ratio / ratios[0]! - 1) < 1e-9)) {
      return `every draw is ${showNumber(ratios[0]!)} × F⁻¹(${label}): a constant factor, e.g. λ used as the scale instead of the rate (F⁻¹(u) = −ln(1 − u)/λ)`;
    }
  }
  return undefined;
}

export interface RngDisciplineOptions extends TestHead {
  fn: string;
  args(rng: RngArgument): unknown[];
  show: string;
}

/**
 * Uniforms replayed to check a trainer's reported count. The rng test trains a 3-input, 3-hidden-unit net for
 * 5 steps: 12 weights, so even two uniforms per weight (Box–Muller) and a shuffle of the 4 examples at every
 * step stay under 50 draws; 10 000 (a 240 kB request) is 200 times that.
 */
const MAX_REPLAYED = 10_000;

/** For a function that takes an rng among its options (a trainer): it must draw from it, and only from it. */
export function defineRngDisciplineTest(options: RngDisciplineOptions): TestDefinition {
  return testFrom(options, 'method', async (context: TestContext): Promise<CheckResult> => {
      const call = (seed: number, first?: number[]) => context.student.call(options.fn, options.args(rngArgument(seed, first)), { instance: context.student.newInstance() });
      const a = await call(context.seed);
      if (!a.ok) return failureResult(a.failure, options.show, options.hint);
      const fail = (summary: string, expected: string, received: string) => failed({ summary, called: options.show, expected, received, hint: options.hint });
      if (a.usage.mathRandomCalls > 0) return fail(`${options.fn} called Math.random ${a.usage.mathRandomCalls} times`, 'all randomness from options.rng', 'Math.random was used');
      if (a.usage.rngCalls === 0) return fail(`${options.fn} never called options.rng`, 'the initial weights drawn from options.rng', 'no rng() calls');
      const b = await call(context.seed);
      if (!b.ok) return failureResult(b.failure, options.show, options.hint);
      if (JSON.stringify(a.value) !== JSON.stringify(b.value)) {
        return fail('not reproducible: the same rng stream gave different parameters', 'identical parameters for an identical stream', 'different parameters');
      }
      const c = await call(deriveSeed(context.seed, 'other stream'));
      if (!c.ok) return failureResult(c.failure, options.show, options.hint);
      if (JSON.stringify(a.value) === JSON.stringify(c.value)) {
        return fail('the parameters do not depend on the rng: another stream gave identical parameters', 'different initial weights for a different stream', 'identical parameters');
      }
      // The reported count, checked on the values: the same first k uniforms, then a different stream, must
      // give the same parameters. (Beyond MAX_REPLAYED the count is not replayed, and not stated.)
      const k = a.usage.rngCalls;
      if (k > MAX_REPLAYED) return passed({ summary: 'draws from options.rng only, reproducible for a given stream' });
      const replayed = await call(deriveSeed(context.seed, 'replayed prefix'), Array.from(uniforms(context.seed, k)));
      if (!replayed.ok) return failureResult(replayed.failure, options.show, options.hint);
      if (JSON.stringify(a.value) !== JSON.stringify(replayed.value)) {
        return fail(
          `the parameters depend on more than the ${k} uniforms ${options.fn} was counted drawing: the same ${k} uniforms followed by another stream gave other parameters`,
          `identical parameters: they come from the first ${k} uniforms`,
          'different parameters (is some randomness not drawn from options.rng?)',
        );
      }
      const calls = k === 1 ? '1 call: the parameters come from the first uniform' : `${k} calls: the parameters come from the first ${k} uniforms`;
      return passed({ summary: `draws from options.rng only (${calls} of the stream), reproducible for a given stream` });
  });
}

/**
 * Statistical tests of samplers. The grader supplies the uniforms (a seeded, recorded stream), draws many
 * samples in one round trip, and checks three things, each with a false-failure probability fixed by design:
 *  1. the empirical CDF stays inside the DKWM band around the target CDF (stats/dkwm.ts);
 *  2. cell counts stay inside exact binomial acceptance regions (stats/binomial.ts): every value of a
 *     discrete target, or the tails of a continuous one (a sampler truncated above its 0.999 quantile is
 *     only 0.001 away in CDF distance, but its upper-tail count is 0 instead of ~n/1000);
 *  3. the draws depend on the uniforms: a fresh module instance fed an independent stream must not repeat
 *     the same draws (a sampler that ignores what it draws, e.g. stratified or fixed output from a counter,
 *     reproduces its sequence exactly, however good its histogram looks).
 * The definition states the false-failure split and the alternatives it is designed to catch; the power
 * against each is computed here from the same formulas and reported with the verdict.
 */
import { rngArgument, type RngArgument } from '../sandbox/protocol.ts';
import { testFrom, type TestContext, type TestDefinition, type TestHead } from '../definition/types.ts';
import { acceptanceRegion, probabilityOutside, tailsUpperBound, type Acceptance } from '../stats/binomial.ts';
import { dkwmEpsilon, dkwmPowerAt, dkwmPowerUpperBound, supDistanceContinuous, supDistanceInteger, supDistanceIntegerDense, type SupDistance } from '../stats/dkwm.ts';
import { showNumber } from '../feedback/show-value.ts';
import { describeType } from '../values/read.ts';
import { deriveSeed } from '../random/uniform-stream.ts';
import { failed, passed, type CheckResult, type Fact } from './result.ts';
import { failureResult } from './student-failure.ts';
import { matchingAlternative, samplerFigure } from './sampler-figure.ts';

/** A continuous target on the reals, or an integer-valued one (Poisson counts, pmf indices). */
export type Target =
  | { kind: 'continuous'; name: string; cdf(x: number): number; quantile(p: number): number; inSupport(x: number): boolean }
  | { kind: 'integer'; name: string; cdf(k: number): number; pmf(k: number): number; min: number; max: number };

/** A wrong distribution the test is designed to catch, with the CDF it would produce. */
export interface Alternative {
  name: string;
  cdf(x: number): number;
}

export interface FalseFailureSplit {
  band: number;
  cells: number;
  dependence: number;
}

export interface SamplerTestOptions extends TestHead {
  fn: string;
  /** The call's arguments, given the rng argument; and the call as code. */
  args(rng: RngArgument): unknown[];
  show: string;
  draws: number;
  target: Target;
  alpha: FalseFailureSplit;
  /** For a continuous target: the tail cells, as probabilities (e.g. [0.001] for the 0.999 upper tail). */
  upperTail?: number;
  alternatives: Alternative[];
  /** Why the sample size and split are what they are (shown in reports and `grader validate`). */
  design: string;
}

export interface SamplerDesign {
  draws: number;
  epsilon: number;
  falseFailure: number;
  cells: Array<{ label: string; probability: number; acceptance: Acceptance }>;
  power: Array<{ alternative: string; power: number }>;
}

const DEPENDENCE_DRAWS = 20_000;

/** Everything about the test that does not depend on the student: band, cells, error rates, power. */
export function samplerDesign(options: SamplerTestOptions): SamplerDesign {
  const steps = designSteps(options);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/**
 * samplerDesign, the same computation to the last bit, in slices that give way to the event loop: a test
 * computes its design (tens of thousands of exact binomial tails, once per process) while the sandbox child
 * draws the samples, instead of before.
 */
export async function samplerDesignInSlices(options: SamplerTestOptions): Promise<SamplerDesign> {
  const steps = designSteps(options);
  let step = steps.next();
  while (!step.done) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    step = steps.next();
  }
  return step.value;
}

/** Binomial tails between two slices of samplerDesignInSlices (a few milliseconds). */
const SLICE = 200;

function* designSteps(options: SamplerTestOptions): Generator<void, SamplerDesign> {
  const n = options.draws;
  const epsilon = dkwmEpsilon(n, options.alpha.band);
  const cells = yield* cellsOf(options);
  // Where the band's power is evaluated, and the target's CDF there: the same for every alternative.
  const { target } = options;
  const points: number[] = [];
  if (target.kind === 'continuous') for (let i = 1; i < 4000; i++) points.push(target.quantile(i / 4000));
  else for (let k = target.min; k <= target.max; k++) points.push(k);
  const targetAt = points.map((x) => target.cdf(x));
  const power: SamplerDesign['power'] = [];
  for (const alternative of options.alternatives) {
    power.push({ alternative: alternative.name, power: yield* powerAgainst(options, alternative, epsilon, cells, points, targetAt) });
  }
  return {
    draws: n,
    epsilon,
    falseFailure: options.alpha.band + cells.reduce((sum, cell) => sum + cell.acceptance.falseFailure, 0) + options.alpha.dependence,
    cells,
    power,
  };
}

function* cellsOf(options: SamplerTestOptions): Generator<void, SamplerDesign['cells']> {
  const n = options.draws;
  const { target } = options;
  if (target.kind === 'continuous') {
    if (!options.upperTail) return [];
    const q = target.quantile(1 - options.upperTail);
    return [{ label: `x > ${showNumber(q)} (the ${1 - options.upperTail} quantile)`, probability: options.upperTail, acceptance: acceptanceRegion(n, options.upperTail, options.alpha.cells) }];
  }
  const count = target.max - target.min + 2;
  const perCell = options.alpha.cells / count;
  const cells: SamplerDesign['cells'] = [];
  for (let k = target.min; k <= target.max; k++) {
    const p = target.pmf(k);
    cells.push({ label: `value ${k}`, probability: p, acceptance: acceptanceRegion(n, p, perCell) });
    // An acceptance region is two binary searches, about 40 binomial tails.
    if ((k - target.min) % 5 === 4) yield;
  }
  const beyond = Math.max(0, 1 - target.cdf(target.max));
  cells.push({ label: `values above ${target.max}`, probability: beyond, acceptance: acceptanceRegion(n, beyond, perCell) });
  return cells;
}

/**
 * The power against an alternative: the largest chance, over the band's points and the cells, that the test
 * fails. The cells come first (a truncated tail's cell alone has power 1), then the points from the largest
 * gap |G − F| down; a point whose power cannot reach half the best so far (Chernoff's bound on the two
 * binomial tails) is not evaluated: its exact power is below the best, so the maximum is the same.
 */
function* powerAgainst(
  options: SamplerTestOptions,
  alternative: Alternative,
  epsilon: number,
  cells: SamplerDesign['cells'],
  points: number[],
  targetAt: number[],
): Generator<void, number> {
  const n = options.draws;
  let best = 0;
  let evaluated = 0;
  const negligible = (bound: number) => best > 1e-9 && 2 * bound < best;
  // A cell test catches what the band cannot (a truncated tail): the chance the alternative's count leaves it.
  for (const [i, cell] of cells.entries()) {
    const q = cellProbability(options, alternative, i);
    if (q === undefined) continue;
    if (q > 0 && q < 1 && negligible(tailsUpperBound(n, q, cell.acceptance.lo - 1, cell.acceptance.hi + 1))) continue;
    best = Math.max(best, probabilityOutside(n, q, cell.acceptance));
    if (++evaluated % (SLICE / 2) === 0) yield;
  }
  const alternativeAt = points.map((x) => alternative.cdf(x));
  const order = points.map((_, i) => i).sort((a, b) => Math.abs(alternativeAt[b]! - targetAt[b]!) - Math.abs(alternativeAt[a]! - targetAt[a]!) || a - b);
  for (const i of order) {
    if (negligible(dkwmPowerUpperBound(n, epsilon, targetAt[i]!, alternativeAt[i]!))) continue;
    best = Math.max(best, dkwmPowerAt(n, epsilon, targetAt[i]!, alternativeAt[i]!));
    if (++evaluated % (SLICE / 2) === 0) yield;
  }
  return best;
}

function cellProbability(options: SamplerTestOptions, alternative: Alternative, index: number): number | undefined {
  const { target } = options;
  if (target.kind === 'continuous') return options.upperTail ? 1 - alternative.cdf(target.quantile(1 - options.upperTail)) : undefined;
  const k = target.min + index;
  if (k > target.max) return 1 - alternative.cdf(target.max);
  return alternative.cdf(k) - alternative.cdf(k - 1);
}

export function defineSamplerTest(options: SamplerTestOptions): TestDefinition & { design(): SamplerDesign } {
  let cached: SamplerDesign | undefined;
  let inSlices: Promise<SamplerDesign> | undefined;
  let repeatCached: number | undefined;
  const design = () => (cached ??= samplerDesign(options));
  const run = async (context: TestContext): Promise<CheckResult> => {
      const n = options.draws;
      const streamSeed = context.seed;
      const instance = context.student.newInstance();
      // The child draws while the design (the same every time, computed once) is worked out here.
      const drawing = context.student.sampleNumbers(options.fn, options.args(rngArgument(streamSeed)), n, { instance });
      const plan = cached ?? (cached = await (inSlices ??= samplerDesignInSlices(options)));
      const outcome = await drawing;
      const designFacts: Fact[] = [
        { label: 'draws', value: String(n) },
        { label: 'designed false-failure probability', value: `≤ ${showNumber(plan.falseFailure)} (band ${options.alpha.band}, cells ${options.alpha.cells}, dependence ${options.alpha.dependence})` },
        ...plan.power.map((entry) => ({ label: `power against ${entry.alternative}`, value: `≥ ${entry.power >= 0.999999 ? '0.999999' : showNumber(entry.power)}` })),
        { label: 'design', value: options.design },
        { label: 'uniform stream', value: `seed ${context.seed}` },
      ];
      if (!outcome.ok) return failureResult(outcome.failure, options.show, options.hint);
      const values = readDraws(outcome.values, n, options.target);
      if (typeof values === 'number') {
        const i = values;
        const value = outcome.values[i];
        return failed({
          summary: `draw ${i + 1} is ${typeof value === 'number' ? showNumber(value) : describeType(value)}, outside the support of ${options.target.name}`,
          called: options.show,
          expected: options.target.kind === 'continuous' ? 'a finite number in the support' : `an integer ≥ ${options.target.min}`,
          hint: options.hint,
          facts: designFacts,
        });
      }

      // 1. The DKWM band.
      const counts = options.target.kind === 'integer' ? countIntegers(values, options.target) : undefined;
      const sorted = options.target.kind === 'continuous' ? values.slice().sort() : undefined;
      const sup: SupDistance =
        sorted
          ? supDistanceContinuous(sorted, options.target.cdf)
          : counts!.dense
            ? supDistanceIntegerDense(counts!.dense, counts!.from, n, options.target.cdf, counts!.to)
            : supDistanceInteger(countValues(values), n, options.target.cdf, counts!.from, counts!.to);
      const figure = samplerFigure(values, sorted, options.target, plan, sup);
      // On a failure, the named mistake the draws fit, if any.
      const mistake = () => {
        const alternative = matchingAlternative(values, sorted, options.target, options.alternatives, plan.epsilon);
        return alternative ? { pattern: alternative.name, diagnosis: `${alternative.name}: the draws fit that mistake's distribution, not ${options.target.name}` } : {};
      };
      const bandFact: Fact = { label: 'largest CDF gap sup|F_n − F|', value: `${showNumber(sup.distance)} at x = ${showNumber(sup.at)} (F_n = ${showNumber(sup.empirical)}, F = ${showNumber(sup.target)}); band ε = ${showNumber(plan.epsilon)}` };
      if (sup.distance > plan.epsilon) {
        return failed({
          summary: `the draws do not follow ${options.target.name}: the empirical CDF leaves the DKWM band`,
          called: `${n} × ${options.show}`,
          expected: `|F_n(x) − F(x)| ≤ ${showNumber(plan.epsilon)} for every x`,
          received: `F_n(${showNumber(sup.at)}) = ${showNumber(sup.empirical)} but F(${showNumber(sup.at)}) = ${showNumber(sup.target)}`,
          hint: options.hint,
          facts: [bandFact, ...designFacts],
          ...mistake(),
          figures: [figure],
        });
      }

      // 2. Cells.
      const cellCounts = counts?.dense ? cellsFromDense(counts.dense, counts.from, options.target as IntegerTarget, plan.cells.length) : countCells(options, values, plan.cells.length);
      for (const [i, cell] of plan.cells.entries()) {
        const count = cellCounts[i]!;
        if (count < cell.acceptance.lo || count > cell.acceptance.hi) {
          return failed({
            summary: `the draws do not follow ${options.target.name}: ${cell.label} was drawn ${count} times`,
            called: `${n} × ${options.show}`,
            expected: `between ${cell.acceptance.lo} and ${cell.acceptance.hi} times (probability ${showNumber(cell.probability)}, so about ${showNumber(cell.probability * n)})`,
            received: `${count} times`,
            hint: options.hint,
            facts: [bandFact, ...designFacts],
            ...mistake(),
            figures: [figure],
          });
        }
      }

      // 3. The draws depend on the uniforms.
      const m = Math.min(n, DEPENDENCE_DRAWS);
      const second = await context.student.sampleNumbers(options.fn, options.args(rngArgument(deriveSeed(streamSeed, 'independent stream'))), m, { instance: context.student.newInstance() });
      if (!second.ok) return failureResult(second.failure, options.show, options.hint);
      let matches = 0;
      for (let i = 0; i < m; i++) if (second.values[i] === values[i]) matches += 1;
      const repeat = (repeatCached ??= repeatProbability(options));
      const allowed = acceptanceRegion(m, Math.max(repeat, 1e-12), 2 * options.alpha.dependence).hi;
      if (matches > allowed) {
        return failed({
          summary: `the draws do not depend on the uniforms: fed a different random stream, ${options.fn} repeated ${matches} of ${m} draws exactly`,
          called: `${m} × ${options.show}, twice, with independent streams`,
          expected: `at most ${allowed} repeats (independent draws coincide with probability ${showNumber(repeat)})`,
          received: `${matches} repeats`,
          hint: `${options.hint} Each draw must be computed from the value rng() returns, not from a counter or a fixed list.`,
          facts: [bandFact, ...designFacts],
          pattern: 'ignores the uniforms',
          figures: [figure],
        });
      }
      return passed({ summary: `${n} draws consistent with ${options.target.name}`, facts: [bandFact, ...designFacts], figures: [figure] });
  };
  return { ...testFrom(options, 'sampler', run), design };
}

/** P(two independent draws are equal) = Σ p_k² (0 for a continuous target). */
function repeatProbability(options: SamplerTestOptions): number {
  const { target } = options;
  if (target.kind === 'continuous') return 0;
  let sum = 0;
  for (let k = target.min; k <= target.max; k++) sum += target.pmf(k) ** 2;
  return sum;
}

type IntegerTarget = Extract<Target, { kind: 'integer' }>;

/**
 * The draws as numbers, or the index of the first draw outside the target's support (a finite number in
 * the support; for an integer target an integer ≥ min).
 */
function readDraws(raw: ArrayLike<unknown>, n: number, target: Target): Float64Array | number {
  const values = raw instanceof Float64Array ? raw : new Float64Array(n);
  if (target.kind === 'continuous') {
    for (let i = 0; i < n; i++) {
      const value = raw[i];
      if (typeof value !== 'number' || !target.inSupport(value)) return i;
      values[i] = value;
    }
  } else {
    const min = target.min;
    for (let i = 0; i < n; i++) {
      const value = raw[i];
      if (typeof value !== 'number' || !Number.isInteger(value) || !(value >= min)) return i;
      values[i] = value;
    }
  }
  return values;
}

/** Largest range of values counted in an array rather than a Map (a wrong sampler may return anything). */
const DENSE_RANGE = 1 << 20;

/**
 * The range the integer CDFs are compared over, from the target's min (every draw is ≥ min) to the larger of
 * its max and the largest draw, and the count of each value in it when the range is small enough.
 */
function countIntegers(values: Float64Array, target: IntegerTarget): { from: number; to: number; dense?: Float64Array } {
  const from = Math.min(target.min, minOf(values));
  const to = Math.max(target.max, maxOf(values));
  if (!(to - from < DENSE_RANGE)) return { from, to };
  const dense = new Float64Array(to - from + 1);
  for (let i = 0; i < values.length; i++) dense[values[i]! - from]! += 1;
  return { from, to, dense };
}

/** countCells for an integer target, from the dense counts: one cell per value min..max, then "above max". */
function cellsFromDense(dense: Float64Array, from: number, target: IntegerTarget, cells: number): number[] {
  const counts = new Array<number>(cells).fill(0);
  for (let k = from; k < from + dense.length; k++) counts[Math.min(k, target.max + 1) - target.min]! += dense[k - from]!;
  return counts;
}

function countValues(values: Float64Array): Map<number, number> {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

function countCells(options: SamplerTestOptions, values: Float64Array, cells: number): number[] {
  const counts = new Array<number>(cells).fill(0);
  const { target } = options;
  if (target.kind === 'continuous') {
    if (options.upperTail) {
      const q = target.quantile(1 - options.upperTail);
      for (const value of values) if (value > q) counts[0]! += 1;
    }
    return counts;
  }
  for (const value of values) {
    counts[Math.min(value, target.max + 1) - target.min]! += 1;
  }
  return counts;
}

function minOf(values: Float64Array): number {
  let min = Infinity;
  for (let i = 0; i < values.length; i++) if (values[i]! < min) min = values[i]!;
  return min;
}
function maxOf(values: Float64Array): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  return max;
}

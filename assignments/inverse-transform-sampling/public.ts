import fc from 'fast-check';
import { defineExampleTest } from '../../grader/checks/example-check.ts';
import { failed, passed, type CheckResult } from '../../grader/checks/result.ts';
import { failureResult, invalidValue } from '../../grader/checks/student-failure.ts';
import { defineSamplerTest } from '../../grader/checks/sampler-check.ts';
import { defineInverseTransformMethodTest } from '../../grader/checks/method-check.ts';
import { ask, definePropertyTest, type PropertySpec } from '../../grader/checks/property-check.ts';
import { defineAllOfTest } from '../../grader/checks/all-of.ts';
import { closeToNumber } from '../../grader/checks/judges.ts';
import { readNumber } from '../../grader/values/read.ts';
import { showNumber } from '../../grader/feedback/show-value.ts';
import { rngArgument } from '../../grader/sandbox/protocol.ts';
import type { TestDefinition } from '../../grader/definition/types.ts';
import { discrete, discreteAlternatives, exponential, exponentialAlternatives, poisson, poissonAlternatives } from './targets.ts';
import { splitPerSamplerCheck } from './error-budget.ts';

export const exponentialHint = '$F(x) = 1 − e^{−λx}$; solving $u = F(x)$ gives $x = F⁻¹(u) = −\\ln(1 − u)/λ$. Call rng() once per draw.';
export const poissonHint = 'Draw one u = rng(), then walk the CDF: start at $k = 0$ with $p = e^{−λ}$, $F = p$; while $F < u$: k += 1, p *= λ/k, F += p. Return $k$.';
export const discreteHint = 'Draw one u = rng() and return the first index $k$ with $\\mathrm{pmf}[0] + … + \\mathrm{pmf}[k] ≥ u$; if rounding leaves the sum below $u$, return the last index with $\\mathrm{pmf}[k] > 0$.';

/**
 * 200 000 draws: with the DKWM band at false-failure 1e-7, ε = √(ln(2·10⁷)/(4·10⁵)) = 0.0065. A rate off by
 * 3% moves the exponential CDF by up to 0.0109 (at x = 0.985/λ), so the band misses it only if the
 * empirical CDF there strays by more than 0.0044: by Hoeffding, probability ≤ e^{−2n·0.0044²} = 4.5e-4
 * (the exact binomial figure reported by the test is smaller still). A sampler truncated above the 0.999
 * quantile is only 0.001 away in CDF, but its count above that quantile is 0 where ~200 ± 14 are due.
 */
export const DRAWS = 200_000;

export const exponentialSampler = (lambda: number, visibility: 'public' | 'hidden', id = 'exponential-distribution') =>
  defineSamplerTest({
    id,
    title: `sampleExponential: the draws follow Exponential(${lambda})`,
    points: 3,
    visibility,
    checks: `${DRAWS} draws, λ = ${lambda}: DKWM band, tail count above the 0.999 quantile, draws depend on the uniforms`,
    hint: exponentialHint,
    fn: 'sampleExponential',
    args: (rng) => [lambda, rng],
    show: `sampleExponential(${lambda}, rng)`,
    draws: DRAWS,
    target: exponential(lambda),
    alpha: splitPerSamplerCheck,
    upperTail: 0.001,
    alternatives: exponentialAlternatives(lambda),
    design: `n = ${DRAWS}: the band (ε = 0.0065) catches a 3% rate error (CDF gap 0.0109) with probability > 0.999; the tail cell catches truncation at the 0.999 quantile`,
  });

export const poissonSampler = (lambda: number, id: string, visibility: 'public' | 'hidden') =>
  defineSamplerTest({
    id,
    title: `samplePoisson: the draws follow Poisson(${lambda})`,
    points: 3,
    visibility,
    checks: `${DRAWS} draws at λ = ${lambda}: DKWM band and an exact binomial test per value`,
    hint: poissonHint,
    fn: 'samplePoisson',
    args: (rng) => [lambda, rng],
    show: `samplePoisson(${lambda}, rng)`,
    draws: DRAWS,
    target: poisson(lambda),
    alpha: splitPerSamplerCheck,
    alternatives: poissonAlternatives(lambda),
    design: `n = ${DRAWS}: a 5% rate error moves the Poisson(${lambda}) CDF by up to ~0.15·max p_k, several times the band ε = 0.0065`,
  });

export const discreteSampler = (pmf: number[], id: string) =>
  defineSamplerTest({
    id,
    title: 'sampleDiscrete: indices drawn with probabilities pmf',
    points: 2,
    visibility: 'public',
    checks: `${DRAWS} draws: DKWM band and an exact binomial test per index`,
    hint: discreteHint,
    fn: 'sampleDiscrete',
    args: (rng) => [pmf, rng],
    show: `sampleDiscrete([${pmf.map((p) => Number(p.toFixed(4))).join(', ')}], rng)`,
    draws: DRAWS,
    target: discrete(pmf),
    alpha: splitPerSamplerCheck,
    alternatives: discreteAlternatives(pmf),
    design: `n = ${DRAWS}: each index's count is checked against its exact binomial range; an index with probability 0 must never appear`,
  });

export const basicPmf = [0.1, 0, 0.25, 0.4, 0.25];
/** 20 cells with uneven weights 1..5 (normalised). */
export const widePmf = Array.from({ length: 20 }, (_, k) => ((k % 5) + 1) / 60);

/**
 * Rounding tolerance for F⁻¹: −ln(1 − u)/λ computed any usual way (log1p, log of 1 − u, log of u for the
 * complement) is within a few ulps of the reference, ~1e-15 relative; the absolute term 1e-15/λ covers a
 * log of a rounded 1 − u for tiny u. Relative 1e-9 is a million times the rounding, and 3·10⁷ times smaller
 * than a 3% rate error.
 */
const inverseTolerance = 1e-9;
export const exponentialInverse = (lambda: number) => (u: number) => -Math.log1p(-u) / lambda;
export const isExponentialInverse = (lambda: number) => (x: number, u: number) => {
  const expected = exponentialInverse(lambda)(u);
  return Math.abs(x - expected) <= inverseTolerance * Math.abs(expected) + 1e-15 / lambda;
};

/**
 * x = min{k : F(k) ≥ u}, allowing δ = 1e-9 for the rounding of a CDF summed term by term (at λ = 100 about
 * 150 terms, each with relative error ~1e-16: far below δ), so ties at a boundary may go either way.
 */
const CDF_SLACK = 1e-9;
export const isDiscreteInverse = (cdf: (k: number) => number) => (x: number, u: number) =>
  Number.isInteger(x) && x >= 0 && cdf(x) >= u - CDF_SLACK && cdf(x - 1) < u + CDF_SLACK;
export const discreteInverse = (cdf: (k: number) => number) => (u: number) => {
  let k = 0;
  while (cdf(k) < u && k < 10_000) k += 1;
  return k;
};

/**
 * pmfs whose floating-point sum is below the largest uniform (seven 1/7s sum to 1 − 2·2^-53; ten 0.1s,
 * summing to exactly 1 − 2^-53, would not do), with the rng returning u just below 1 and just above 0.
 * Walking u, the walk runs off the end at u ≈ 1: the right answer is the last index with pmf > 0. A student
 * who walks 1 − u (also a valid inverse transform) runs off at u ≈ 0 instead. Either convention passes, but
 * the answers must all follow the same one, so a fallback of "index 0" or "the last index" cannot pass by
 * luck.
 */
const sumBelowOneCases = [
  { pmf: Array<number>(7).fill(1 / 7), show: '1/7 × 7' },
  { pmf: Array<number>(27).fill(1 / 27), show: '1/27 × 27' },
  { pmf: [0, ...Array<number>(7).fill(1 / 7), 0], show: '0, 1/7 × 7, 0' },
];
const extremeUniforms = [1 - 2 ** -53, 2 ** -53];

export const discreteSumBelowOne: TestDefinition = {
  id: 'discrete-sum-below-one',
  title: 'sampleDiscrete: a valid index when the pmf sums to slightly less than 1',
  points: 1,
  visibility: 'public',
  kind: 'example',
  checks: 'pmfs whose floating-point sum is below 1 (seven 1/7s, 27 × 1/27), u just below 1 and just above 0: the last (or, walking 1 − u, the first) index with positive probability',
  async run(context): Promise<CheckResult> {
    const conventions = { u: true, complement: true };
    for (const { pmf, show } of sumBelowOneCases) {
      const first = pmf.findIndex((p) => p > 0);
      const last = pmf.length - 1 - [...pmf].reverse().findIndex((p) => p > 0);
      for (const u of extremeUniforms) {
        const called = `sampleDiscrete([${show}] (float sum ${pmf.reduce((a, b) => a + b, 0)}), rng) where rng() returns ${u}`;
        const outcome = await context.student.call('sampleDiscrete', [pmf, rngArgument(1, [u])]);
        if (!outcome.ok) return failureResult(outcome.failure, called, discreteHint);
        const read = readNumber(outcome.value, 'sampleDiscrete(…)');
        if (!read.ok) return invalidValue(read.problem, called, discreteHint);
        const byU = u > 0.5 ? last : first;
        const byComplement = u > 0.5 ? first : last;
        conventions.u &&= read.value === byU;
        conventions.complement &&= read.value === byComplement;
        if (!conventions.u && !conventions.complement) {
          return failed({
            summary: `sampleDiscrete returned ${showNumber(read.value)}`,
            called,
            expected: `index ${byU} (the ${u > 0.5 ? 'last' : 'first'} index with pmf > 0)${byComplement !== byU ? `, or ${byComplement} if you walk 1 − u throughout` : ''}`,
            received: showNumber(read.value),
            hint: discreteHint,
          });
        }
      }
    }
    return passed({ summary: `valid indices at u = 1 − 2⁻⁵³ and u = 2⁻⁵³ (${conventions.u ? 'walking u' : 'walking 1 − u'})` });
  },
};

export const publicTests: TestDefinition[] = [
  defineExampleTest({
    id: 'inverse-exponential-cdf',
    title: 'inverseExponentialCdf: F⁻¹(u) = −ln(1 − u)/λ',
    points: 2,
    visibility: 'public',
    checks: 'F⁻¹(u) = −ln(1 − u)/λ at fixed u and λ, to 1e-12 relative',
    hint: 'Solve $u = 1 − e^{−λx}$ for $x$: $x = −\\ln(1 − u)/λ$ (Math.log1p(−u) computes $\\ln(1 − u)$ accurately). The lecture\'s $−\\ln(u)/λ$ is $F⁻¹(1 − u)$, a valid sampler but not $F⁻¹(u)$.',
    tolerance: 'relative 1e-12, plus 2.2e-16/λ absolute for the rounding of 1 − u',
    cases: () =>
      [
        [0.5, 1],
        [0.1, 2],
        [0.9, 0.5],
        [0.999, 3],
        [1e-10, 1],
        [0.25, 10],
      ].map(([u, lambda]) => ({
        fn: 'inverseExponentialCdf',
        args: [u, lambda],
        show: `inverseExponentialCdf(${u}, ${lambda})`,
        // −Math.log(1 − u)/λ is the formula too: its 1 − u rounds by up to 1.1e-16, which moves x by up to
        // 1.1e-16/λ absolutely (a large relative error only where x itself is ~1e-10): allowed, twice over.
        judge: closeToNumber(exponentialInverse(lambda!)(u!), { atol: 2.2e-16 / lambda!, rtol: 1e-12 }, `inverseExponentialCdf(${u}, ${lambda})`),
      })),
  }),
  exponentialSampler(1.5, 'public'),
  defineInverseTransformMethodTest({
    id: 'exponential-method',
    title: 'sampleExponential: one uniform per draw, x = F⁻¹(u)',
    points: 2,
    visibility: 'public',
    checks: 'deterministic in the stream, uses rng (not Math.random), one uniform per draw, x = F⁻¹(u) or F⁻¹(1 − u)',
    hint: exponentialHint,
    fn: 'sampleExponential',
    args: (rng) => [1.5, rng],
    show: 'sampleExponential(1.5, rng)',
    draws: 5000,
    isInverseOf: isExponentialInverse(1.5),
    inverse: exponentialInverse(1.5),
    tolerance: `relative ${inverseTolerance} (ulp-level differences between formulas are ~1e-15)`,
  }),
  poissonSampler(3, 'poisson-distribution', 'public'),
  defineAllOfTest(
    {
      id: 'poisson-method',
      title: 'samplePoisson: one uniform, walk the CDF',
      points: 2,
      visibility: 'public',
      checks: 'one uniform per draw, x = min{k : F(k) ≥ u} (or of 1 − u), deterministic, no Math.random; at λ = 3 and λ = 30',
    },
    [3, 30].map((lambda) =>
      defineInverseTransformMethodTest({
        id: `poisson-method-${lambda}`,
        title: `samplePoisson(${lambda}) method`,
        points: 0,
        visibility: 'public',
        checks: '',
        hint: poissonHint,
        fn: 'samplePoisson',
        args: (rng) => [lambda, rng],
        show: `samplePoisson(${lambda}, rng)`,
        draws: 5000,
        isInverseOf: isDiscreteInverse(poisson(lambda).cdf),
        inverse: discreteInverse(poisson(lambda).cdf),
        tolerance: `F(k) compared with u up to ${CDF_SLACK} (the rounding of a CDF summed term by term)`,
      }),
    ),
  ),
  defineAllOfTest(
    {
      id: 'discrete-distribution',
      title: 'sampleDiscrete: indices drawn with probabilities pmf',
      points: 2,
      visibility: 'public',
      checks: `pmf [0.1, 0, 0.25, 0.4, 0.25] and a 20-cell pmf, ${DRAWS} draws each: DKWM band and per-index binomial tests`,
    },
    [discreteSampler(basicPmf, 'discrete-basic'), discreteSampler(widePmf, 'discrete-wide')],
  ),
  discreteSumBelowOne,
  definePropertyTest({
    id: 'sampler-support',
    title: 'samplers stay in their support',
    points: 1,
    visibility: 'public',
    checks: 'exponential draws finite and ≥ 0; Poisson draws non-negative integers; discrete draws valid indices with p_k > 0',
    hint: 'An Exponential draw is a finite number $≥ 0$, a Poisson draw an integer $k ≥ 0$ (also when $u$ lies above every float $F(k)$: stop once the terms no longer change $F$), a discrete draw an index $k$ with $\\mathrm{pmf}[k] > 0$.',
    properties: supportProperties(),
  }),
];

function supportProperties(): PropertySpec<any>[] {
  const seed = fc.integer({ min: 1, max: 2 ** 31 - 1 });
  const readDraw = (valid: (x: number) => boolean, what: string) => (value: unknown, path: string) => {
    const read = readNumber(value, path, false);
    if (!read.ok) return read;
    return valid(read.value) ? read : { ok: false as const, problem: `${path} returned ${showNumber(read.value)}, which is not ${what}` };
  };
  const exponentialProperty: PropertySpec<[number, number]> = {
    name: 'sampleExponential(λ, rng) is finite and ≥ 0',
    arbitrary: fc.tuple(fc.double({ min: 0.01, max: 50, noNaN: true }), seed),
    show: ([lambda, s]) => `sampleExponential(${lambda}, rng) with stream seed ${s}`,
    async check(student, [lambda, s]) {
      const draw = await ask(student, 'sampleExponential', [lambda, rngArgument(s)], readDraw((x) => Number.isFinite(x) && x >= 0, 'a finite number ≥ 0'));
      return draw.ok ? { ok: true } : draw.verdict;
    },
  };
  const poissonProperty: PropertySpec<[number, number]> = {
    name: 'samplePoisson(λ, rng) is an integer ≥ 0',
    arbitrary: fc.tuple(fc.double({ min: 0.01, max: 100, noNaN: true }), seed),
    show: ([lambda, s]) => `samplePoisson(${lambda}, rng) with stream seed ${s}`,
    async check(student, [lambda, s]) {
      const draw = await ask(student, 'samplePoisson', [lambda, rngArgument(s)], readDraw((x) => Number.isInteger(x) && x >= 0, 'an integer ≥ 0'));
      return draw.ok ? { ok: true } : draw.verdict;
    },
  };
  /**
   * u = 1 − 2⁻⁵³, the largest uniform below 1, beyond the float CDF: summed term by term, F(k) at λ = 4 and
   * λ = 9.1 stops growing at 1 − 3·2⁻⁵³ and 1 − 4·2⁻⁵³ (checked for every λ = 0.1, 0.2, …, 200: 841 of them
   * stall below u). A walk `while (F < u)` without a stop for terms that no longer change F never ends; any
   * stop (p = 0, F + p = F past the mode, a cap on k) returns some integer, which is all this asks.
   */
  const poissonNearOne: PropertySpec<[number, number]> = {
    name: 'samplePoisson(λ, rng) ends with an integer ≥ 0 when rng() returns 1 − 2⁻⁵³ (above the float CDF)',
    arbitrary: fc.tuple(fc.constantFrom(4, 9.1), seed),
    show: ([lambda, s]) => `samplePoisson(${lambda}, rng) where rng() returns 1 − 2⁻⁵³ = ${1 - 2 ** -53}`,
    async check(student, [lambda, s]) {
      const draw = await ask(student, 'samplePoisson', [lambda, rngArgument(s, [1 - 2 ** -53])], readDraw((x) => Number.isInteger(x) && x >= 0, 'an integer ≥ 0'));
      return draw.ok ? { ok: true } : draw.verdict;
    },
  };
  const weights = fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 1, noNaN: true })), { minLength: 1, maxLength: 12 }).filter((w) => w.some((x) => x > 0));
  const discreteProperty: PropertySpec<[number[], number]> = {
    name: 'sampleDiscrete(pmf, rng) is an index k with pmf[k] > 0',
    arbitrary: fc.tuple(weights.map((w) => w.map((x) => x / w.reduce((a, b) => a + b, 0))), seed),
    show: ([pmf, s]) => `sampleDiscrete([${pmf.map((p) => Number(p.toFixed(4))).join(', ')}], rng) with stream seed ${s}`,
    async check(student, [pmf, s]) {
      const draw = await ask(student, 'sampleDiscrete', [pmf, rngArgument(s)], readDraw((k) => Number.isInteger(k) && k >= 0 && k < pmf.length && pmf[k]! > 0, 'an index with positive probability'));
      return draw.ok ? { ok: true } : draw.verdict;
    },
  };
  return [exponentialProperty, poissonProperty, poissonNearOne, discreteProperty];
}

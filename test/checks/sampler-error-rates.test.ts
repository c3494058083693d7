/**
 * The sampler test's error rates, observed: a correct sampler run under many seeds fails no more often than
 * designed, and a wrong one is caught at least as often as the designed power says. The designed rates of
 * the shipped tests (≤ 1e-7) cannot be observed in a test run, so the same check is built here with loose
 * levels (α = 0.05 per part, n = 2000) where they can; the formulas are the same.
 */
import { describe, expect, it } from 'vitest';
import exponentialCdf from '@stdlib/stats-base-dists-exponential-cdf';
import { defineSamplerTest, type SamplerTestOptions } from '../../grader/checks/sampler-check.ts';
import { TrustedModule } from '../../grader/submission/trusted-module.ts';
import { acceptanceRegion, binomialCdfAt } from '../../grader/stats/binomial.ts';
import { exponential, poisson } from '../../assignments/inverse-transform-sampling/targets.ts';
import * as reference from '../../solutions/inverse-transform-sampling.ts';

const RUNS = 300;

function options(target: SamplerTestOptions['target'], fn: string, lambda: number, alternatives: SamplerTestOptions['alternatives'] = []): SamplerTestOptions {
  return {
    id: 'simulated',
    title: 'simulated',
    points: 1,
    visibility: 'public',
    checks: '',
    hint: '',
    fn,
    args: (rng) => [lambda, rng],
    show: '',
    draws: 2000,
    target,
    alpha: { band: 0.05, cells: 0.05, dependence: 0.01 },
    upperTail: target.kind === 'continuous' ? 0.05 : undefined,
    alternatives,
    design: '',
  };
}

async function failureCount(test: ReturnType<typeof defineSamplerTest>, module: () => Record<string, unknown>): Promise<number> {
  let failures = 0;
  for (let seed = 1; seed <= RUNS; seed++) {
    const result = await test.run({ student: new TrustedModule('inverse-transform-sampling', module), seed, gradingSeed: seed });
    if (result.status !== 'passed') failures += 1;
  }
  return failures;
}

/** The largest failure count still consistent (at 1e-4) with a true rate of `rate` over RUNS runs. */
const mostFailures = (rate: number) => acceptanceRegion(RUNS, rate, 2e-4).hi;

describe('sampler check error rates (loose levels, many seeds)', () => {
  it('a correct exponential sampler fails no more often than designed', async () => {
    const test = defineSamplerTest(options(exponential(1.5), 'sampleExponential', 1.5));
    const designed = test.design().falseFailure;
    const failures = await failureCount(test, () => ({ ...reference }));
    expect(designed).toBeLessThan(0.12);
    expect(failures).toBeLessThanOrEqual(mostFailures(designed));
  });

  it('a correct Poisson sampler fails no more often than designed', async () => {
    const test = defineSamplerTest(options(poisson(3), 'samplePoisson', 3));
    const failures = await failureCount(test, () => ({ ...reference }));
    expect(failures).toBeLessThanOrEqual(mostFailures(test.design().falseFailure));
  });

  it('an exponential sampler with a rate 20% off is caught at least as often as the designed power', async () => {
    const wrongRate = { name: 'rate × 1.2', cdf: (x: number) => exponentialCdf(x, 1.8) };
    const test = defineSamplerTest(options(exponential(1.5), 'sampleExponential', 1.5, [wrongRate]));
    const power = test.design().power[0]!.power;
    const caught = await failureCount(test, () => ({ sampleExponential: (_: number, rng: () => number) => -Math.log(rng()) / 1.8 }));
    expect(power).toBeGreaterThan(0.5);
    // P(caught ≤ observed) under the designed power must not be tiny.
    expect(binomialCdfAt(caught, RUNS, power)).toBeGreaterThan(1e-4);
  });

  it('a sampler that ignores its uniforms (stratified from a counter) fails, though its histogram is perfect', async () => {
    const test = defineSamplerTest(options(exponential(1.5), 'sampleExponential', 1.5));
    const stratified = () => {
      let i = 0;
      return {
        sampleExponential: (lambda: number, rng: () => number) => {
          rng();
          const u = ((i++ % 2000) + 0.5) / 2000;
          return -Math.log1p(-u) / lambda;
        },
      };
    };
    const result = await test.run({ student: new TrustedModule('inverse-transform-sampling', stratified), seed: 7, gradingSeed: 7 });
    expect(result.status).toBe('failed');
    expect(result.feedback.summary).toMatch(/do not depend on the uniforms/);
  });
});

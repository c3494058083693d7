/**
 * The sampler design skips the band points whose power cannot matter (Chernoff's bound below half the best
 * so far): the power it reports must be the plain maximum over every point and cell, to the last bit.
 */
import { describe, expect, it } from 'vitest';
import exponentialCdf from '@stdlib/stats-base-dists-exponential-cdf';
import poissonCdf from '@stdlib/stats-base-dists-poisson-cdf';
import { samplerDesign, type SamplerTestOptions } from '../../grader/checks/sampler-check.ts';
import { dkwmEpsilon, dkwmPowerAt } from '../../grader/stats/dkwm.ts';
import { probabilityOutside } from '../../grader/stats/binomial.ts';
import { exponential, poisson } from '../../assignments/inverse-transform-sampling/targets.ts';

function options(target: SamplerTestOptions['target'], draws: number, alternatives: SamplerTestOptions['alternatives']): SamplerTestOptions {
  return {
    id: 'design',
    title: 'design',
    points: 1,
    visibility: 'public',
    checks: '',
    hint: '',
    fn: 'f',
    args: () => [],
    show: '',
    draws,
    target,
    alpha: { band: 1e-7, cells: 5e-8, dependence: 1e-8 },
    upperTail: target.kind === 'continuous' ? 0.001 : undefined,
    alternatives,
    design: '',
  };
}

/** The power as first computed: every band point, then every cell. */
function plainPower(o: SamplerTestOptions, cdf: (x: number) => number): number {
  const design = samplerDesign({ ...o, alternatives: [] });
  const epsilon = dkwmEpsilon(o.draws, o.alpha.band);
  const { target } = o;
  const points: number[] = [];
  if (target.kind === 'continuous') for (let i = 1; i < 4000; i++) points.push(target.quantile(i / 4000));
  else for (let k = target.min; k <= target.max; k++) points.push(k);
  let best = 0;
  for (const x of points) best = Math.max(best, dkwmPowerAt(o.draws, epsilon, target.cdf(x), cdf(x)));
  design.cells.forEach((cell, i) => {
    let q: number;
    if (target.kind === 'continuous') q = 1 - cdf(target.quantile(1 - o.upperTail!));
    else q = target.min + i > target.max ? 1 - cdf(target.max) : cdf(target.min + i) - cdf(target.min + i - 1);
    best = Math.max(best, probabilityOutside(o.draws, q, cell.acceptance));
  });
  return best;
}

describe('sampler design power', () => {
  it.each([2000, 20_000])('exponential, n = %d: the plain maximum for weak and strong alternatives', (n) => {
    const alternatives = [1.005, 1.03, 0.9, 1.5].map((f) => ({ name: `rate × ${f}`, cdf: (x: number) => exponentialCdf(x, 1.5 * f) }));
    const o = options(exponential(1.5), n, alternatives);
    const design = samplerDesign(o);
    alternatives.forEach((alternative, i) => expect(design.power[i]!.power).toBe(plainPower(o, alternative.cdf)));
  });

  it('Poisson(30), n = 200 000', () => {
    const alternatives = [1.002, 1.05, 0.97].map((f) => ({ name: `λ × ${f}`, cdf: (k: number) => poissonCdf(k, 30 * f) }));
    const o = options(poisson(30), 200_000, alternatives);
    const design = samplerDesign(o);
    alternatives.forEach((alternative, i) => expect(design.power[i]!.power).toBe(plainPower(o, alternative.cdf)));
  });
});

/**
 * The target distributions, from @stdlib's distribution functions, and the wrong distributions each
 * sampler test is designed to catch.
 */
import exponentialCdf from '@stdlib/stats-base-dists-exponential-cdf';
import exponentialQuantile from '@stdlib/stats-base-dists-exponential-quantile';
import poissonCdf from '@stdlib/stats-base-dists-poisson-cdf';
import poissonPmf from '@stdlib/stats-base-dists-poisson-pmf';
import type { Alternative, Target } from '../../grader/checks/sampler-check.ts';

export function exponential(lambda: number): Target & { kind: 'continuous' } {
  return {
    kind: 'continuous',
    name: `Exponential(λ = ${lambda})`,
    cdf: (x) => exponentialCdf(x, lambda),
    quantile: (p) => exponentialQuantile(p, lambda),
    inSupport: (x) => Number.isFinite(x) && x >= 0,
  };
}

/** Poisson(λ) on 0..K, K the first k with P(X > k) < 1e-9 (the cell "above K" gathers the rest). */
export function poisson(lambda: number): Target & { kind: 'integer' } {
  let max = 0;
  while (1 - poissonCdf(max, lambda) >= 1e-9) max += 1;
  return { kind: 'integer', name: `Poisson(λ = ${lambda})`, cdf: (k) => poissonCdf(k, lambda), pmf: (k) => poissonPmf(k, lambda), min: 0, max };
}

/** The distribution of an index drawn with probabilities pmf (normalised, for float sums slightly off 1). */
export function discrete(pmf: number[]): Target & { kind: 'integer' } {
  const total = pmf.reduce((sum, p) => sum + p, 0);
  const cumulative: number[] = [];
  pmf.reduce((sum, p, k) => (cumulative[k] = sum + p / total), 0);
  return {
    kind: 'integer',
    name: `the pmf [${pmf.map((p) => Number(p.toFixed(4))).join(', ')}]`,
    cdf: (k) => (k < 0 ? 0 : k >= pmf.length - 1 ? 1 : cumulative[Math.floor(k)]!),
    pmf: (k) => (Number.isInteger(k) && k >= 0 && k < pmf.length ? pmf[k]! / total : 0),
    min: 0,
    max: pmf.length - 1,
  };
}

export const exponentialAlternatives = (lambda: number): Alternative[] => [
  { name: 'a rate 3% too high', cdf: (x) => exponentialCdf(x, lambda * 1.03) },
  { name: 'a rate 3% too low', cdf: (x) => exponentialCdf(x, lambda * 0.97) },
  {
    name: 'truncation above the 0.999 quantile',
    cdf: (x) => Math.min(1, exponentialCdf(x, lambda) / 0.999),
  },
  { name: 'λ used as the scale (−λ ln u)', cdf: (x) => exponentialCdf(x, 1 / lambda) },
];

export const poissonAlternatives = (lambda: number): Alternative[] => [
  { name: 'a rate 5% too high', cdf: (k) => poissonCdf(k, lambda * 1.05) },
  { name: 'a rate 5% too low', cdf: (k) => poissonCdf(k, lambda * 0.95) },
  { name: 'off by one (k + 1)', cdf: (k) => poissonCdf(k - 1, lambda) },
];

export const discreteAlternatives = (pmf: number[]): Alternative[] => {
  const target = discrete(pmf);
  return [
    { name: 'off by one index', cdf: (k) => target.cdf(k - 1) },
    { name: 'the first two indices swapped', cdf: (k) => (k < 0 ? 0 : k < 1 ? target.pmf(1) : target.cdf(k)) },
  ];
};

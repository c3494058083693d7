import { defineAllOfTest } from '../../grader/checks/all-of.ts';
import { defineInverseTransformMethodTest } from '../../grader/checks/method-check.ts';
import type { TestDefinition } from '../../grader/definition/types.ts';
import { basicPmf, discreteHint, discreteInverse, isDiscreteInverse, poissonSampler } from './public.ts';
import { discrete } from './targets.ts';

export const hiddenTests: TestDefinition[] = [
  defineAllOfTest(
    {
      id: 'poisson-large-lambda',
      title: 'samplePoisson at λ = 100 and λ = 0.2',
      points: 2,
      visibility: 'hidden',
      checks: '200 000 draws at λ = 100 and at λ = 0.2: DKWM band and per-value binomial tests',
    },
    [poissonSampler(100, 'poisson-100', 'hidden'), poissonSampler(0.2, 'poisson-0.2', 'hidden')],
  ),
  defineInverseTransformMethodTest({
    id: 'discrete-method',
    title: 'sampleDiscrete: one uniform, first index with cumulative ≥ u',
    points: 1,
    visibility: 'hidden',
    checks: 'one uniform per draw, index = min{k : Σ_{j ≤ k} p_j ≥ u} (or of 1 − u), deterministic',
    hint: discreteHint,
    fn: 'sampleDiscrete',
    args: (rng) => [basicPmf, rng],
    show: 'sampleDiscrete([0.1, 0, 0.25, 0.4, 0.25], rng)',
    draws: 5000,
    isInverseOf: isDiscreteInverse(discrete(basicPmf).cdf),
    inverse: discreteInverse(discrete(basicPmf).cdf),
    tolerance: 'cumulative sums compared with u up to 1e-9',
  }),
];

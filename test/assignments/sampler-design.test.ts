/**
 * The shipped sampler tests meet their design: total false-failure probability within the submission's
 * budget, and power ≥ 0.999 against the alternatives the issue names (rate off by 3%, Poisson rate off by
 * 5%, truncation above the 0.999 quantile).
 */
import { describe, expect, it } from 'vitest';
import { exponentialSampler, poissonSampler, discreteSampler, basicPmf, widePmf } from '../../assignments/inverse-transform-sampling/public.ts';
import { SAMPLER_CHECKS, SUBMISSION_FALSE_FAILURE_BUDGET } from '../../assignments/inverse-transform-sampling/error-budget.ts';

const shipped = [
  exponentialSampler(1.5, 'public'),
  poissonSampler(3, 'poisson-distribution', 'public'),
  poissonSampler(100, 'poisson-100', 'hidden'),
  poissonSampler(0.2, 'poisson-0.2', 'hidden'),
  discreteSampler(basicPmf, 'discrete-basic'),
  discreteSampler(widePmf, 'discrete-wide'),
];

describe('sampler test design', () => {
  it('all sampler checks together stay within the false-failure budget of 1e-6', () => {
    expect(shipped).toHaveLength(SAMPLER_CHECKS);
    const total = shipped.reduce((sum, test) => sum + test.design().falseFailure, 0);
    expect(total).toBeLessThanOrEqual(SUBMISSION_FALSE_FAILURE_BUDGET);
  });

  it('catches a 3% rate error and a truncated tail of the exponential with probability ≥ 0.999', () => {
    const power = Object.fromEntries(shipped[0]!.design().power.map((entry) => [entry.alternative, entry.power]));
    expect(power['a rate 3% too high']).toBeGreaterThanOrEqual(0.999);
    expect(power['a rate 3% too low']).toBeGreaterThanOrEqual(0.999);
    expect(power['truncation above the 0.999 quantile']).toBeGreaterThanOrEqual(0.999);
  });

  it('catches a 5% Poisson rate error (λ = 3) with probability ≥ 0.999', () => {
    const power = Object.fromEntries(shipped[1]!.design().power.map((entry) => [entry.alternative, entry.power]));
    expect(power['a rate 5% too high']).toBeGreaterThanOrEqual(0.999);
    expect(power['a rate 5% too low']).toBeGreaterThanOrEqual(0.999);
  });
});

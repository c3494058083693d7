/**
 * The false-failure budget of the sampler tests. A correct submission must fail a statistical test with
 * probability at most 1e-6 in all (the contract); it is split here, test by test and check by
 * check, and a unit test asserts the designed total stays within it. The other test kinds are
 * deterministic given the seed (a correct answer passes with certainty, by the tolerance derivations).
 */
import type { FalseFailureSplit } from '../../grader/checks/sampler-check.ts';

export const SUBMISSION_FALSE_FAILURE_BUDGET = 1e-6;

/** Each sampler check: DKWM band, binomial cells (Bonferroni inside), dependence on the uniforms. */
export const splitPerSamplerCheck: FalseFailureSplit = { band: 1e-7, cells: 5e-8, dependence: 1e-8 };

/** How many sampler checks the assignment runs (exponential 1, Poisson 1 + 2 hidden, discrete 2). */
export const SAMPLER_CHECKS = 6;

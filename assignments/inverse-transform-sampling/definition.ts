import type { AssignmentDefinition } from '../../grader/definition/types.ts';
import { publicDefinition } from './public-definition.ts';
import { hiddenTests } from './hidden.ts';

/** The whole assignment, for grading: the public definition's tests, then the hidden ones. */
export const definition: AssignmentDefinition = { ...publicDefinition, tests: [...publicDefinition.tests, ...hiddenTests] };

/*
 * Mutants that `grader audit inverse-transform-sampling` leaves alive, and why each is equivalent (no test
 * can or should kill it):
 *
 * - samplePoisson, `while (cdf < u)` → `while (cdf <= u)`, and sampleDiscrete, `cumulative >= u` →
 *   `cumulative > u`: they differ only when a float CDF value equals u exactly, an event of probability 0
 *   that gives the same distribution; the method tests allow such ties on purpose (CDF_SLACK in public.ts).
 * - samplePoisson's stop, `next === cdf && k > lambda` → `next === cdf && true` or `… && k >= lambda`: before
 *   the mode the terms grow, so F(k − 1) ≤ k·p_k and F + p_k = F would need k > 2⁵³; at k = λ the term is the
 *   largest one. The stop can only fire past the mode either way.
 * - sampleDiscrete, `lastPositive = -1` → `+1`: the initial value is returned only when no entry is positive,
 *   which a pmf cannot be.
 */

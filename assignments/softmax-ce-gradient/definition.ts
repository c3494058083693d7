import type { AssignmentDefinition } from '../../grader/definition/types.ts';
import { publicDefinition } from './public-definition.ts';
import { hiddenTests } from './hidden.ts';

/** The whole assignment, for grading: the public definition's tests, then the hidden ones. */
export const definition: AssignmentDefinition = { ...publicDefinition, tests: [...publicDefinition.tests, ...hiddenTests] };

/*
 * Mutants that `grader audit softmax-ce-gradient` leaves alive, and why each is equivalent (no test can or
 * should kill it):
 *
 * - softmax, `if (value > max)` → `if (value >= max)`: ties leave the same maximum.
 * - forward's σ, `z >= 0 ? …` → `z > 0 ? …`: at z = 0 both branches give exactly 1/2.
 * - forward's σ, `z >= 0 ? …` → `true ? …`: 1/(1 + e^{−z}) for every z is a correct σ (for z < −709.78 it is
 *   0 where σ(z) < 1e-308, within the absolute 1e-12 of forward-values). Its other branch alone, e^{z}/(1 + e^{z}),
 *   is NaN beyond z = 709.78, and forward-values' saturated case (hidden biases ±750, ±1000) catches it.
 * - forward, `new Array<number>(M)` → `new Array()` (and the same for K): the array is filled by index either way.
 */

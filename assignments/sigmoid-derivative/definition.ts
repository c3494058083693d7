import type { AssignmentDefinition } from '../../grader/definition/types.ts';
import { publicDefinition } from './public-definition.ts';
import { hiddenTests } from './hidden.ts';

/** The whole assignment, for grading: the public definition's tests, then the hidden ones. */
export const definition: AssignmentDefinition = { ...publicDefinition, tests: [...publicDefinition.tests, ...hiddenTests] };

/*
 * Mutants that `grader audit sigmoid-derivative` leaves alive, and why each is equivalent (the same function
 * to within the tests' tolerance, or a choice the contract leaves open), so no test can or should kill it:
 *
 * - sigmoid, `if (z >= 0)` → `if (z > 0)`: at z = 0 both branches give exactly 1/2 (1/(1 + 1) and 1/(1 + 1)).
 * - sigmoid, `if (z >= 0)` → `if (true)`: 1/(1 + e^{−z}) for every z is itself a correct sigmoid. It never
 *   forms ∞/∞ (for z < −709.78 the denominator is ∞ and the result 0, where σ(z) < 1e-308), and elsewhere
 *   it is within a few ulps relative; the tolerance (absolute 1e-15, relative 1e-12) accepts it by design.
 * - reluDerivative, `z > 0` → `z >= 0`: the derivative does not exist at 0 and the contract accepts 0 or 1.
 */

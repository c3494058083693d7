import type { AssignmentDefinition } from '../../grader/definition/types.ts';
import { publicDefinition } from './public-definition.ts';
import { hiddenTests } from './hidden.ts';

/** The whole assignment, for grading: the public definition's tests, then the hidden ones. */
export const definition: AssignmentDefinition = { ...publicDefinition, tests: [...publicDefinition.tests, ...hiddenTests] };

/*
 * Mutants that `grader audit two-layer-backprop` leaves alive, and why each is equivalent (no test can or
 * should kill it):
 *
 * - forward, `new Array<number>(thetaY.length)` → `new Array()`: the array is filled by index either way.
 * - predict, `yHat > 0.5` → `yHat >= 0.5`: they differ only at ŷ = 0.5 exactly, a tie the contract settles
 *   by convention (like relu'(0) in sigmoid-derivative); predict-threshold keeps its inputs 1e-3 away from
 *   0.5 on purpose, so that no rounding can flip the expected label.
 * (One step too many in train, `step <= iterations`, also survived the first audit: train-uses-rng now
 * checks that iterations: 0 returns the initial weights.)
 */

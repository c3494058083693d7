import { defineScalarDerivativeTest } from '../../../../grader/checks/gradient-check.ts';
import { derivativeProbes, symbolicDerivativeTolerance } from '../../../../grader/definition/math-targets.ts';
import { derivative, hint, mistakes, seeded } from './public-definition.ts';

export const hiddenTests = [
  defineScalarDerivativeTest({
    id: 'softplus-derivative-random', title: 'softplusDerivative on 200 random points', points: 1, visibility: 'hidden',
    checks: "f'(x) at 200 seeded x in [−700, 700], by the same rule as the public check", hint,
    fn: 'softplusDerivative', probes: (seed) => derivativeProbes(derivative, seeded(seed, 200, 700)),
    tolerance: symbolicDerivativeTolerance, mistakes,
  }),
];

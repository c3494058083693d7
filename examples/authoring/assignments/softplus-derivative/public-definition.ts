/** The softplus and its derivative: the contract and the public tests (all that students get). */
import { defineExampleTest } from '../../../../grader/checks/example-check.ts';
import { defineScalarDerivativeTest } from '../../../../grader/checks/gradient-check.ts';
import { derivativeProbes, knownMistakes, mathDerivative, mathFunction, symbolicDerivativeTolerance, valueCases } from '../../../../grader/definition/math-targets.ts';
import { rngFunction } from '../../../../grader/random/uniform-stream.ts';
import type { AssignmentDefinition } from '../../../../grader/definition/types.ts';

export const softplus = mathFunction('log(1 + exp(x))');
/** The reference f'(x): mathjs's symbolic derivative, e^x/(e^x + 1) = σ(x), evaluated in 40 digits. */
export const derivative = mathDerivative('log(1 + exp(x))');
export const mistakes = knownMistakes([
  { name: 'chain rule factor missing', explanation: "$(\\log u)' = u'/u$ with $u = 1 + e^{x}$: the factor $u' = e^{x}$ is missing", expression: '1 / (1 + exp(x))' },
  { name: "f(x) instead of f'(x)", explanation: 'these are the values of the softplus itself', expression: 'log(1 + exp(x))' },
]);
/** Correct forms are within a few ulps, or 1.1e-16 absolutely (log(1 + e^x) typed as such, x < 0): 9× that. */
const closeness = { atol: 1e-15, rtol: 1e-12 };
const tolerance = 'relative 1e-12 or absolute 1e-15 (correct forms are within a few ulps, or 1.1e-16 absolutely)';
export const hint = "$f(x) = \\log(1 + e^{x})$; by the chain rule $f'(x) = e^{x}/(1 + e^{x}) = σ(x)$.";
export const seeded = (seed: number, count: number, range: number) => Array.from({ length: count }, rngFunction(seed)).map((u) => (2 * u - 1) * range);
const moderate = [-40, -20, -5, -1, -0.25, 0, 0.25, 1, 5, 20, 40];
const large = [-1000, -745, -710, -709, -500, 500, 709, 710, 745, 1000];

export const publicDefinition: AssignmentDefinition = {
  id: 'softplus-derivative',
  title: 'The softplus and its derivative',
  exports: ['softplus', 'softplusDerivative'],
  tests: [
    defineExampleTest({
      id: 'softplus-values', title: 'softplus: values on moderate inputs', points: 2, visibility: 'public',
      checks: 'f(x) at fixed x in [−40, 40], against log(1 + e^x) evaluated in 40 digits', hint, tolerance,
      cases: () => valueCases('softplus', softplus, moderate, closeness),
    }),
    defineScalarDerivativeTest({
      id: 'softplus-derivative-check', title: "softplusDerivative: f'(x) against the symbolic derivative", points: 3, visibility: 'public',
      checks: "f'(x) at fixed and 20 seeded x in [−40, 40], against mathjs's derivative of log(1 + e^x)", hint,
      fn: 'softplusDerivative', probes: (seed) => derivativeProbes(derivative, [...moderate, ...seeded(seed, 20, 8)]),
      tolerance: symbolicDerivativeTolerance, mistakes,
    }),
    defineExampleTest({
      id: 'large-input-stability', kind: 'stability', title: 'numerical stability for |x| up to 1000', points: 2, visibility: 'public',
      checks: 'softplus and softplusDerivative at |x| ∈ {500, 709, 710, 745, 1000}: finite and right', tolerance,
      hint: '$e^{x}$ overflows to Infinity for $x > 709.78$: use $f(x) = \\max(0, x) + \\log(1 + e^{−|x|})$ and exponentiate $−|x|$ only in $σ(x)$.',
      cases: () => [...valueCases('softplus', softplus, large, closeness), ...valueCases('softplusDerivative', derivative, large, closeness)],
    }),
  ],
};

export const hiddenTestsNotice = { count: 1, points: 1 };

import { defineScalarDerivativeTest } from '../../grader/checks/gradient-check.ts';
import { defineExampleTest } from '../../grader/checks/example-check.ts';
import type { TestDefinition } from '../../grader/definition/types.ts';
import { reluJudge } from './public.ts';
import { derivativeTolerance, seededPoints, sigmoidDerivativeMistakes, sigmoidDerivativeProbe, tanhDerivativeMistakes, tanhDerivativeProbe } from './probes.ts';

export const hiddenTests: TestDefinition[] = [
  defineScalarDerivativeTest({
    id: 'sigmoid-derivative-random',
    title: "sigmoidDerivative on 200 random points",
    points: 2,
    visibility: 'hidden',
    checks: "σ'(z) at 200 seeded z in [−40, 40], by the same rule as the public check",
    hint: "$σ'(z) = σ(z)(1 − σ(z))$.",
    fn: 'sigmoidDerivative',
    probes: (seed) => seededPoints(seed, 200, 40).map(sigmoidDerivativeProbe),
    tolerance: derivativeTolerance,
    mistakes: sigmoidDerivativeMistakes,
  }),
  defineScalarDerivativeTest({
    id: 'tanh-derivative-random',
    title: 'tanhDerivative on 200 random points',
    points: 1,
    visibility: 'hidden',
    checks: "tanh'(z) at 200 seeded z in [−20, 20], by the same rule as the public check",
    hint: "$\\tanh'(z) = 1 − \\tanh²(z)$.",
    fn: 'tanhDerivative',
    probes: (seed) => seededPoints(seed, 200, 20).map(tanhDerivativeProbe),
    tolerance: derivativeTolerance,
    mistakes: tanhDerivativeMistakes,
  }),
  defineExampleTest({
    id: 'relu-derivative-random',
    title: 'reluDerivative on 200 random points',
    points: 1,
    visibility: 'hidden',
    checks: 'the number 0 or 1 at 200 seeded nonzero z in [−50, 50]',
    hint: "$\\mathrm{relu}'(z)$ is the number 0 for $z < 0$ and 1 for $z > 0$.",
    tolerance: 'exact',
    cases: (seed) => seededPoints(seed, 200, 50).filter((z) => z !== 0).map((z) => ({ fn: 'reluDerivative', args: [z], show: `reluDerivative(${z})`, judge: reluJudge(z) })),
  }),
];

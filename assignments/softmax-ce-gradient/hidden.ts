import { defineGradientTest } from '../../grader/checks/gradient-check.ts';
import type { TestDefinition } from '../../grader/definition/types.ts';
import { gradientsProbe, makeBatch } from './probes.ts';

export const hiddenTests: TestDefinition[] = [
  defineGradientTest({
    id: 'gradients-other-shapes',
    title: 'gradients on other shapes and batch sizes',
    points: 3,
    visibility: 'hidden',
    checks: 'all four gradients on D = 5, M = 2, K = 3, N = 4 and D = 2, M = 5, K = 4, N = 1',
    hint: '$∂J/∂W$ has the shape of $W$ ($D×M$) and $∂J/∂V$ the shape of $V$ ($M×K$); each is a sum over the $N$ samples.',
    probes: (seed) => [gradientsProbe(makeBatch(seed, 5, 2, 3, 4), 'all'), gradientsProbe(makeBatch(seed + 1, 2, 5, 4, 1), 'all')],
  }),
];

import { defineGradientTest } from '../../grader/checks/gradient-check.ts';
import { defineTrainingTest } from '../../grader/checks/training-check.ts';
import type { TestDefinition } from '../../grader/definition/types.ts';
import { gradientProbe, makeBatch, reference, type Params } from './probes.ts';
import { digits } from './data.ts';
import { readTrainedParams } from './public.ts';
import { trainingSettings } from './training-settings.ts';

export const hiddenTests: TestDefinition[] = [
  defineGradientTest({
    id: 'gradient-other-shapes',
    title: 'gradient on other shapes and batch sizes',
    points: 3,
    visibility: 'hidden',
    checks: 'both gradients on m_x = 5, m_h = 2, n = 7 and m_x = 2, m_h = 6, n = 3',
    hint: '$∂LL/∂θ^{(h)}_{i,j} = \\sum (y − ŷ) θ^{(ŷ)}_j h_j (1 − h_j) x_i$ has the shape of $θ^{(h)}$: $m_x × m_h$.',
    probes: (seed) => [gradientProbe(makeBatch(seed, 5, 2, 7), 'both'), gradientProbe(makeBatch(seed + 1, 2, 6, 3), 'both')],
  }),
  defineTrainingTest<Params>({
    id: 'train-digits',
    title: 'train: classifies handwritten 1s and 2s',
    points: 3,
    visibility: 'hidden',
    checks: 'train on 7×7 images of 1s and 2s (+ constant 1); held-out accuracy at least the threshold',
    hint: 'Batch gradient ascent with the summed gradient; initial weights small and random from options.rng.',
    fn: 'train',
    data: digits,
    options: trainingSettings.digits.options,
    readParams: (value, train) => readTrainedParams(value, train),
    predict: (params, x) => reference.predict(params, x),
    minAccuracy: trainingSettings.digits.minAccuracy,
    design: trainingSettings.digits.design,
  }),
];

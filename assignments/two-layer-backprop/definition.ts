import type { AssignmentDefinition } from '../../grader/definition/types.ts';
import { publicTests } from './public.ts';
import { hiddenTests } from './hidden.ts';

export const definition: AssignmentDefinition = {
  id: 'two-layer-backprop',
  title: 'A network with one hidden layer, trained by backpropagation',
  exports: ['forward', 'logLikelihood', 'gradient', 'train', 'predict'],
  tests: [...publicTests, ...hiddenTests],
};

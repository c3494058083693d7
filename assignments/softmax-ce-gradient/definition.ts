import type { AssignmentDefinition } from '../../grader/definition/types.ts';
import { publicTests } from './public.ts';
import { hiddenTests } from './hidden.ts';

export const definition: AssignmentDefinition = {
  id: 'softmax-ce-gradient',
  title: 'Softmax with cross-entropy: forward pass and gradients',
  exports: ['softmax', 'crossEntropy', 'softmaxCrossEntropyGradient', 'forward', 'gradients'],
  tests: [...publicTests, ...hiddenTests],
};

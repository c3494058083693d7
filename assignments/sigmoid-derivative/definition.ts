import type { AssignmentDefinition } from '../../grader/definition/types.ts';
import { publicTests } from './public.ts';
import { hiddenTests } from './hidden.ts';

export const definition: AssignmentDefinition = {
  id: 'sigmoid-derivative',
  title: 'The sigmoid and its derivative',
  exports: ['sigmoid', 'sigmoidDerivative', 'tanhDerivative', 'reluDerivative'],
  tests: [...publicTests, ...hiddenTests],
};

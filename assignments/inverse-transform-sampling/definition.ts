import type { AssignmentDefinition } from '../../grader/definition/types.ts';
import { publicTests } from './public.ts';
import { hiddenTests } from './hidden.ts';

export const definition: AssignmentDefinition = {
  id: 'inverse-transform-sampling',
  title: 'Inverse-transform sampling',
  exports: ['inverseExponentialCdf', 'sampleExponential', 'samplePoisson', 'sampleDiscrete'],
  tests: [...publicTests, ...hiddenTests],
};

/** Every assignment this course ships, by id. */
import type { AssignmentDefinition } from '../grader/definition/types.ts';
import { definition as sigmoidDerivative } from './sigmoid-derivative/definition.ts';
import { definition as twoLayerBackprop } from './two-layer-backprop/definition.ts';
import { definition as softmaxCeGradient } from './softmax-ce-gradient/definition.ts';
import { definition as inverseTransformSampling } from './inverse-transform-sampling/definition.ts';

export const assignments: readonly AssignmentDefinition[] = [sigmoidDerivative, twoLayerBackprop, softmaxCeGradient, inverseTransformSampling];

export class UnknownAssignmentError extends Error {
  readonly code = 'UNKNOWN_ASSIGNMENT';
  constructor(id: string) {
    super(`unknown assignment "${id}": the assignments are ${assignments.map((assignment) => assignment.id).join(', ')}`);
  }
}

export function findAssignment(id: string): AssignmentDefinition {
  const found = assignments.find((assignment) => assignment.id === id);
  if (!found) throw new UnknownAssignmentError(id);
  return found;
}

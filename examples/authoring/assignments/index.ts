/** The worked example's course (docs/authoring.md): one assignment, laid out like the project's. */
import type { AssignmentDefinition } from '../../../grader/definition/types.ts';
import { definition as softplusDerivative } from './softplus-derivative/definition.ts';

export const assignments: readonly AssignmentDefinition[] = [softplusDerivative];

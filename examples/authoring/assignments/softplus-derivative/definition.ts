import type { AssignmentDefinition } from '../../../../grader/definition/types.ts';
import { publicDefinition } from './public-definition.ts';
import { hiddenTests } from './hidden.ts';

/** The whole assignment, for grading: the public tests, then the hidden one. */
export const definition: AssignmentDefinition = { ...publicDefinition, tests: [...publicDefinition.tests, ...hiddenTests] };

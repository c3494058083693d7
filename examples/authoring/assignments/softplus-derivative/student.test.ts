import { defineStudentSuite } from '../../../../grader/student/suite.ts';
import { hiddenTestsNotice, publicDefinition } from './public-definition.ts';

defineStudentSuite(publicDefinition, hiddenTestsNotice);

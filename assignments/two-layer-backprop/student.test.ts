import { defineStudentSuite } from '../../grader/student/suite.ts';
import { definition } from './definition.ts';

defineStudentSuite(definition);

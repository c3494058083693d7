// A grading worker process (grader/batch/grading-worker.ts), run through tsx like the `grader` command.
import { register } from 'tsx/esm/api';

register();
await import('../batch/grading-worker.ts');

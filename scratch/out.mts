import { openSubmission } from '../grader/submission/open-submission.ts';
const s = await openSubmission('/tmp/sub1', ['sigmoid-derivative']);
await s.module('sigmoid-derivative').call('sigmoid', [0]);
console.log(s.consoleOutput().text.slice(0, 3000));
s.close();

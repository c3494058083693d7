/**
 * A grading worker: a process of its own that grades the students the batch sends it, one at a time, so
 * the grader's own work (the checks, the statistics) runs on every core, and a failure of the grader on
 * one student ends at most this process, never the batch. Started by worker-pool.ts.
 */
import { gradeStudent, type StudentJob } from './grade-student.ts';

/**
 * For the batch's own tests only: the id of a student on whom this worker dies, as a grader bug would make
 * it, to prove that such a failure costs that student's grading and nothing else.
 */
const dieOn = process.env.GRADER_TEST_WORKER_DIES_ON;

process.on('message', (job: StudentJob) => {
  if (dieOn !== undefined && job.entry.id === dieOn) process.exit(70);
  gradeStudent(job).then(
    (result) => process.send!({ ok: true, result }),
    (error: unknown) => process.send!({ ok: false, detail: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));

/**
 * A pool of grading worker processes: `size` of them, each grading one student at a time. A worker that
 * dies mid-student (a bug of the grader's, or the machine killing it) costs only that student, who is
 * recorded as "the grader failed", and a new worker takes its place.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../paths.ts';
import { graderFailedResult, type StudentJob, type StudentResult } from './grade-student.ts';

const WORKER = join(projectRoot, 'grader', 'bin', 'grading-worker.mjs');

interface Worker {
  process: ChildProcess;
  busy: boolean;
}

export class WorkerPool {
  private readonly workers: Worker[] = [];

  constructor(private readonly size: number) {}

  /** Grades one student in a free worker (the caller keeps at most `size` jobs running). */
  run(job: StudentJob, hardLimitMs: number): Promise<StudentResult> {
    const worker = this.freeWorker();
    worker.busy = true;
    return new Promise<StudentResult>((resolve) => {
      let settled = false;
      const settle = (result: StudentResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        worker.process.off('message', onMessage);
        worker.process.off('exit', onExit);
        worker.busy = false;
        resolve(result);
      };
      const onMessage = (message: { ok: boolean; result?: StudentResult; detail?: string }) => {
        settle(message.ok && message.result ? message.result : graderFailedResult(job, message.detail ?? 'the grading worker failed'));
      };
      const onExit = (code: number | null, signal: string | null) => {
        this.remove(worker);
        settle(graderFailedResult(job, `the grading worker process ended (${signal ?? `exit code ${code}`}) while grading this student`));
      };
      // Grading has its own limits per call, test and submission; this one only catches the grader itself
      // hanging, so it is generous.
      const timer = setTimeout(() => {
        worker.process.kill('SIGKILL');
      }, hardLimitMs);
      worker.process.on('message', onMessage);
      worker.process.on('exit', onExit);
      worker.process.send(job);
    });
  }

  close(): void {
    for (const worker of this.workers) worker.process.disconnect();
    this.workers.length = 0;
  }

  private freeWorker(): Worker {
    const free = this.workers.find((worker) => !worker.busy);
    if (free) return free;
    if (this.workers.length >= this.size) throw new Error('no free grading worker (more jobs than workers)');
    const worker: Worker = { process: fork(WORKER, [], { cwd: projectRoot, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' }), busy: false };
    this.workers.push(worker);
    return worker;
  }

  private remove(worker: Worker): void {
    const index = this.workers.indexOf(worker);
    if (index >= 0) this.workers.splice(index, 1);
  }
}

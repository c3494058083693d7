/**
 * The grader's side of the compiler host (compiler-host.ts): starts it on the first compile, sends it one
 * file at a time, keeps what it (and esbuild's service under it) writes to stderr while a file compiles, and
 * replaces it when it dies or hangs. The host and its service are unreferenced while idle: they never keep
 * the grader running.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { CompileReply, CompileReport, CompileRequest } from './compiler-host.ts';

/** The host's report, or what happened to the host itself. */
export type HostReport = CompileReport | { kind: 'host-died'; message: string } | { kind: 'timed-out'; limitMs: number };

export interface HostAnswer {
  report: HostReport;
  /** What the host and the service wrote to stderr while this file compiled (the start of it, at most STDERR_KEPT). */
  stderr: string;
  /** How much they wrote in all, bytes. */
  stderrBytes: number;
}

/** The start of a Go crash (its reason, then the stack of the goroutine that crashed) fits many times over. */
const STDERR_KEPT = 16_384;

/**
 * How long a crashing service takes to have written its last words to the pipe the host reports on a
 * different channel: all but the last pipe-full (64 KiB) is read before the service can exit, the rest is
 * already in the pipe when the report comes, so one turn of the event loop would do; 50 ms is ample.
 */
const STDERR_SETTLE_MS = 50;

interface Pending {
  id: number;
  child: ChildProcess;
  stderr: string;
  stderrBytes: number;
  timer: NodeJS.Timeout;
  /** Reported on: stderr is still kept, for STDERR_SETTLE_MS after a death. */
  reported: boolean;
  done(report: HostReport): void;
}

export class CompilerProcess {
  private child: ChildProcess | undefined;
  private pending: Pending | undefined;
  private nextId = 0;
  /** Requests go one at a time, so a service that dies is known to have died on the file in flight. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly hostPath: string) {}

  compile(request: Omit<CompileRequest, 'id'>, timeoutMs: number): Promise<HostAnswer> {
    const answer = this.queue.then(() => this.send(request, timeoutMs));
    this.queue = answer.catch(() => undefined);
    return answer;
  }

  /** Ends the host (and its service); the next compile starts another. */
  close(): void {
    const child = this.child;
    this.child = undefined;
    if (child) killGroup(child);
  }

  private send(request: Omit<CompileRequest, 'id'>, timeoutMs: number): Promise<HostAnswer> {
    const child = this.child ?? this.start();
    const id = ++this.nextId;
    return new Promise<HostAnswer>((resolve) => {
      const pending: Pending = {
        id,
        child,
        stderr: '',
        stderrBytes: 0,
        reported: false,
        timer: setTimeout(() => {
          // A compile that never ends is ended with its host; the service goes with the host's group.
          this.close();
          pending.done({ kind: 'timed-out', limitMs: timeoutMs });
        }, timeoutMs),
        done: (report) => {
          if (pending.reported) return;
          pending.reported = true;
          clearTimeout(pending.timer);
          const settled = report.kind === 'service-died' || report.kind === 'host-died' ? new Promise((wait) => setTimeout(wait, STDERR_SETTLE_MS)) : Promise.resolve();
          void settled.then(() => {
            if (this.pending === pending) this.pending = undefined;
            resolve({ report, stderr: pending.stderr, stderrBytes: pending.stderrBytes });
          });
        },
      };
      this.pending = pending;
      try {
        child.send({ ...request, id } satisfies CompileRequest);
      } catch (error) {
        // The channel is already closed: 'exit' will say so, or has said it before this request.
        if (this.child !== child) pending.done({ kind: 'host-died', message: `the compiler host had ended: ${String(error)}` });
      }
    });
  }

  private start(): ChildProcess {
    // Its own process group (not on Windows, which has none), so that ending it ends the service too.
    const ownGroup = process.platform !== 'win32';
    const child = fork(this.hostPath, [], { execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'], detached: ownGroup });
    child.stderr!.on('data', (chunk: Buffer) => {
      const pending = this.pending;
      // Written between files: nothing to attach it to, and nothing for the terminal either.
      if (!pending || pending.child !== child) return;
      pending.stderrBytes += chunk.length;
      if (pending.stderr.length < STDERR_KEPT) pending.stderr += chunk.toString('utf8').slice(0, STDERR_KEPT - pending.stderr.length);
    });
    child.on('message', (reply: CompileReply) => {
      const pending = this.pending;
      if (pending && pending.child === child && reply?.id === pending.id) pending.done(reply);
    });
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      const pending = this.pending;
      if (pending && pending.child === child) pending.done({ kind: 'host-died', message: `the compiler host ended (${signal ?? `exit code ${code}`})` });
    });
    child.on('error', (error) => {
      // Once started, 'exit' follows and reports it; a host that could not start has no 'exit'.
      const pending = this.pending;
      if (child.pid === undefined && pending && pending.child === child) pending.done({ kind: 'host-died', message: `the compiler host could not start: ${error.message}` });
    });
    child.unref();
    child.channel?.unref();
    (child.stderr as { unref?(): void }).unref?.();
    this.child = child;
    return child;
  }
}

function killGroup(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (process.platform !== 'win32' && child.pid) process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

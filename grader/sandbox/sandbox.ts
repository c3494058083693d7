/**
 * The parent's handle on one submission's sandbox child: start it, send it requests one at a time, and
 * turn every way a request can end (answer, timeout, crash, out of memory) into a value.
 *
 * The child runs isolated as isolation.ts declares (on Linux with bubblewrap: namespaces and a read-only
 * root of only what it needs), and inside that under Node's permission model with read access to its
 * runtime and the submission's compiled modules only: no writes, no child processes, no workers, no native
 * addons. It gets an empty environment. Everything it sends is untrusted data. A request that exceeds its
 * time limit kills the child; the next request starts a new one, so one hanging function costs only the
 * tests that call it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { dirname, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { treeResidentKb } from './resident-memory.ts';
import type { Request, Response } from './protocol.ts';
import { isolationFor, type Isolation } from './isolation.ts';

export interface SandboxLimits {
  /** Heap limit of the child, MiB (a memory bomb ends the child, not the grader). */
  memoryMb: number;
  /**
   * Resident memory limit of the whole sandbox, MiB, checked every 100 ms where /proc exists (Linux):
   * ArrayBuffers live outside the heap, so the heap limit alone does not stop a bomb made of them.
   */
  residentMb?: number;
  /** Console output kept for the report, bytes; output beyond `maxOutputBytes` ends the child. */
  keptOutputBytes: number;
  maxOutputBytes: number;
}

export const defaultSandboxLimits: SandboxLimits = {
  memoryMb: 512,
  residentMb: 1536,
  keptOutputBytes: 16_384,
  maxOutputBytes: 20_000_000,
};

/** A request before the sandbox numbers it (distributes over the union). */
export type RequestWithoutId = Request extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

export type ChildOutcome =
  | Response
  | { kind: 'timeout'; id: number; limitMs: number }
  | { kind: 'crashed'; id: number; reason: string };

export interface SandboxOptions {
  childPath: string;
  /** Assignment id → compiled module path. */
  modules: Record<string, string>;
  /** Folders the child may read (its runtime and the compiled submission). */
  readable: string[];
  /** file: URL of the prebuilt mathjs bundle, the one module student code may import. */
  mathjsUrl: string;
  limits: SandboxLimits;
  /** The Node binary to run student code with (default: this one). */
  nodePath?: string;
  /** How to isolate the child (default: the best the machine allows, isolationFor). */
  isolation?: Isolation;
}

interface Pending {
  resolve: (outcome: ChildOutcome) => void;
  timer: NodeJS.Timeout;
  id: number;
  /** The child the request went to: only its exit can end the request. */
  child: ChildProcess;
}

export class Sandbox {
  private child: ChildProcess | undefined;
  private pending: Pending | undefined;
  private nextId = 1;
  private output = '';
  /** The last few KiB of output, where a fatal error's message lands. */
  private outputTail = '';
  private outputBytes = 0;
  private exitReason: string | undefined;
  /** How many times the child had to be (re)started; a report says so when it is more than one. */
  starts = 0;
  /** Whether the child leads a process group of its own (so the whole group is killed). */
  private detached = false;

  constructor(private readonly options: SandboxOptions) {}

  /** Console output of student code so far (truncated), and how many bytes were written in all. */
  consoleOutput(): { text: string; totalBytes: number } {
    return { text: this.output, totalBytes: this.outputBytes };
  }

  async request(request: RequestWithoutId, timeoutMs: number): Promise<ChildOutcome> {
    const child = this.ensureChild();
    const id = this.nextId++;
    return new Promise<ChildOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.finish({ kind: 'timeout', id, limitMs: timeoutMs });
        this.kill();
      }, timeoutMs);
      this.pending = { resolve, timer, id, child };
      try {
        child.send({ ...request, id } as Request);
      } catch (error) {
        this.finish({ kind: 'crashed', id, reason: `the request could not be sent (${String(error)})` });
      }
    });
  }

  /** Which child the next request goes to: a new number after a crash, timeout or kill. */
  generation(): number {
    return this.child ? this.starts : this.starts + 1;
  }

  close(): void {
    this.kill();
  }

  /**
   * One watchdog per child, for its whole life (between requests too: a student's timer can allocate while
   * the grader is busy elsewhere): it ends the child as soon as the sandbox's processes together hold more
   * than the resident limit. A request then pending fails with that reason; one made later starts a new
   * child.
   */
  private watchMemory(child: ChildProcess): void {
    const limitMb = this.options.limits.residentMb;
    if (!limitMb || process.platform !== 'linux' || !child.pid) return;
    const watch = setInterval(() => {
      if (treeResidentKb(child.pid!) / 1024 <= limitMb) return;
      if (this.child === child) {
        this.exitReason = `it used more than ${limitMb} MiB of memory`;
        this.kill();
      } else killChild(child, this.detached);
    }, 100);
    watch.unref();
    child.once('exit', () => clearInterval(watch));
  }

  private finish(outcome: ChildOutcome): void {
    const pending = this.pending;
    if (!pending || pending.id !== outcome.id) return;
    clearTimeout(pending.timer);
    this.pending = undefined;
    pending.resolve(outcome);
  }

  private kill(): void {
    const child = this.child;
    this.child = undefined;
    if (child) killChild(child, this.detached);
  }

  private ensureChild(): ChildProcess {
    if (this.child) return this.child;
    this.starts += 1;
    this.exitReason = undefined;
    this.outputTail = '';
    const node = this.options.nodePath ?? process.execPath;
    const isolation = this.options.isolation ?? isolationFor(node);
    const readable = [...this.options.readable, dirname(this.options.childPath)];
    const mounts = isolation.mount(readable);
    const inside = (path: string) => mounts.inside(path);
    const insideUrl = (url: string) => pathToFileURL(inside(fileURLToPath(url))).href;
    const permission = nodeMajor(node) >= 22 ? '--permission' : '--experimental-permission';
    const nodeArgs = [
      permission,
      ...readableFlags(readable.map(inside)),
      `--max-old-space-size=${this.options.limits.memoryMb}`,
      '--enable-source-maps',
      '--no-warnings',
      // vm.SourceTextModule: student modules are evaluated in a realm of their own (realm.ts).
      '--experimental-vm-modules',
      inside(this.options.childPath),
    ];
    const { file, args, ownGroup } = isolation.command(node, nodeArgs, mounts);
    // spawn with an 'ipc' pipe is what fork does; it also works through bwrap and unshare, which keep the
    // channel's file descriptor and the NODE_CHANNEL_FD variable when they execute node.
    this.detached = ownGroup;
    const child = spawn(file, args, {
      // Isolated, also its own process group: the grader ends the sandbox and anything it started at once
      // (bwrap --die-with-parent, or setpriv's parent-death signal, ends it if the grader dies). Without
      // namespaces (macOS, Windows: a student's own run), the child stays in the terminal's group, so
      // Ctrl-C ends a runaway sandbox with the run.
      detached: ownGroup,
      env: {},
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const collect = (chunk: Buffer) => {
      this.outputBytes += chunk.length;
      this.outputTail = (this.outputTail + chunk.toString('utf8')).slice(-4_096);
      if (this.output.length < this.options.limits.keptOutputBytes) {
        this.output += chunk.toString('utf8').slice(0, this.options.limits.keptOutputBytes - this.output.length);
      }
      if (this.outputBytes > this.options.limits.maxOutputBytes && this.child === child) {
        this.exitReason = `it wrote more than ${this.options.limits.maxOutputBytes / 1e6} MB of console output`;
        this.kill();
      }
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.on('message', (message: unknown) => {
      if (this.child !== child || typeof message !== 'object' || message === null) return;
      const id = (message as { id?: unknown }).id;
      if (this.pending && id === this.pending.id) this.finish(message as Response);
    });
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      const pending = this.pending;
      if (!pending || pending.child !== child) return;
      const outOfMemory = /heap out of memory|Allocation failed/i.test(this.outputTail);
      const reason =
        this.exitReason ??
        (outOfMemory
          ? `it ran out of memory (limit ${this.options.limits.memoryMb} MiB)`
          : signal
            ? `the process running it was stopped by ${signal}`
            : `the process running it exited with code ${code} (process.exit or a fatal error)`);
      this.finish({ kind: 'crashed', id: pending.id, reason });
    });
    child.on('error', () => {
      // 'exit' follows and reports it.
    });
    this.watchMemory(child);
    const modules = Object.fromEntries(Object.entries(this.options.modules).map(([id, url]) => [id, insideUrl(url)]));
    child.send({ kind: 'init', modules, mathjsUrl: insideUrl(this.options.mathjsUrl), maxOutputBytes: this.options.limits.maxOutputBytes });
    this.child = child;
    return child;
  }
}

/** Ends a child and, when it leads a process group (isolated), everything in it. */
function killChild(child: ChildProcess, ownGroup: boolean): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (ownGroup && child.pid) process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/**
 * One --allow-fs-read per distinct folder, each ending in a separator: Node 20 aborts at start-up on a
 * duplicate or prefix-sharing folder given without one (an assertion in its permission radix tree).
 */
function readableFlags(folders: string[]): string[] {
  const distinct = [...new Set(folders.map((folder) => (folder.endsWith(sep) ? folder : folder + sep)))];
  return distinct.map((folder) => `--allow-fs-read=${folder}`);
}

const majors = new Map<string, number>();

/** The major version of the Node binary that runs student code: the permission flag differs by version. */
function nodeMajor(node: string): number {
  let major = majors.get(node);
  if (major === undefined) {
    const version = node === process.execPath ? process.version : spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout;
    major = Number(/v(\d+)\./.exec(version ?? '')?.[1] ?? 0);
    if (!major) throw new Error(`cannot tell the version of the Node binary ${node}`);
    majors.set(node, major);
  }
  return major;
}

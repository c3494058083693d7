/**
 * One assignment of one submission, as the tests see it: call an exported function, or draw many samples,
 * and get back a value or a StudentFailure saying why there is none. Built on the sandbox child; nothing
 * here judges a value.
 */
import type { ErrorReason } from '../checks/result.ts';
import type { Sandbox, RequestWithoutId } from '../sandbox/sandbox.ts';
import type { PlannedCall, ThrownInfo, Usage } from '../sandbox/protocol.ts';
import { readResponse, type CheckedOutcome } from './read-response.ts';

export interface StudentFailure {
  reason: ErrorReason | 'timeout';
  /** For the student: what happened, in one or two sentences. */
  message: string;
  /** Stack trace or console output, when there is one. */
  detail?: string;
}

export type CallOutcome = { ok: true; value: unknown; usage: Usage } | { ok: false; failure: StudentFailure };
export type SampleOutcome =
  | { ok: true; values: unknown[]; consumed: Uint32Array; usage: Usage }
  | { ok: false; failure: StudentFailure };

export interface CallOptions {
  /** Module instance: a new number imports the module afresh (fresh module-level state). */
  instance?: number;
  timeoutMs?: number;
  /** A limit on the whole test or submission this call belongs to: the call gets at most what is left. */
  deadline?: Deadline;
}

/** A point in time (performance.now() ms) by which a test, or a whole submission, must be done. */
export interface Deadline {
  at: number;
  /** Says which limit it is, for the feedback, e.g. "this test's time limit of 120 s". */
  describe: string;
}

export interface StudentModule {
  readonly assignment: string;
  call(fn: string, args: unknown[], options?: CallOptions): Promise<CallOutcome>;
  sample(fn: string, args: unknown[], count: number, options?: CallOptions): Promise<SampleOutcome>;
  /** A module instance number not used before. */
  newInstance(): number;
  /**
   * Calls made in order in one round trip, as `call` would make them one by one: the outcomes up to and
   * including the first that gives no value (with stopUnlessFinite, also the first value that is not a
   * finite number). Undefined when the batch as a whole did not come back (a timeout or a crash): the
   * caller then makes the calls one by one.
   */
  callMany(calls: readonly PlannedCall[], options?: CallOptions & { stopUnlessFinite?: boolean }): Promise<CallOutcome[] | undefined>;
  /** sample, the draws in a Float64Array when every one is a number (sent as bytes, not entry by entry). */
  sampleNumbers(fn: string, args: unknown[], count: number, options?: CallOptions): Promise<NumberSampleOutcome>;
}

export type NumberSampleOutcome =
  | { ok: true; values: Float64Array | unknown[]; consumed: Uint32Array; usage: Usage }
  | { ok: false; failure: StudentFailure };

/** Time limits per request. A correct but plainly written submission must never reach them. */
export interface TimeLimits {
  /** Importing a module (its top-level code, and mathjs if it imports it), once per module instance. */
  loadMs: number;
  callMs: number;
  sampleMs: number;
}

/**
 * Why these limits: the reference solutions answer one call in well under 1 ms and 200 000 Poisson(100)
 * draws in about 0.1 s; training on the digits takes about 0.2 s. A plainly written submission (a factorial
 * recomputed at every step of the Poisson walk) is about 20× slower than that. 10 s per call and 60 s per
 * bulk request leave a further factor of 25–50, yet stop an infinite loop long before a class run suffers.
 */
export const defaultTimeLimits: TimeLimits = { loadMs: 30_000, callMs: 10_000, sampleMs: 60_000 };

export class SandboxStudentModule implements StudentModule {
  private instances = 0;
  /** Module instances loaded, as "generation:instance" (a restarted child has loaded nothing). */
  private loaded = new Set<string>();

  constructor(
    readonly assignment: string,
    private readonly sandbox: Sandbox,
    private readonly limits: TimeLimits,
  ) {}

  newInstance(): number {
    this.instances += 1;
    return this.instances;
  }

  /** A request to the child, its answer read at the boundary (read-response.ts): checked, copied, within budget. */
  private async ask(request: RequestWithoutId, timeoutMs: number): Promise<CheckedOutcome> {
    return readResponse(await this.sandbox.request(request, timeoutMs), request);
  }

  /** Imports the instance first, under its own time limit; a failure here is the call's failure. */
  private async ensureLoaded(fn: string, instance: number, deadline: Deadline | undefined): Promise<StudentFailure | undefined> {
    const key = `${this.sandbox.generation()}:${instance}`;
    if (this.loaded.has(key)) return undefined;
    const budget = withinDeadline(this.limits.loadMs, deadline);
    if (!budget.ok) return budget.failure;
    const outcome = await this.ask({ kind: 'load', module: this.assignment, instance }, budget.timeoutMs);
    if (outcome.kind === 'loaded') {
      this.loaded.add(`${this.sandbox.generation()}:${instance}`);
      return undefined;
    }
    if (outcome.kind === 'timeout') {
      if (budget.cutByDeadline) return deadlineFailure(deadline!);
      return { reason: 'timeout', message: `the module did not finish loading within ${outcome.limitMs / 1000} s (does its top-level code loop?)` };
    }
    return fromOther(fn, outcome);
  }

  async call(fn: string, args: unknown[], options: CallOptions = {}): Promise<CallOutcome> {
    const loadFailure = await this.ensureLoaded(fn, options.instance ?? 0, options.deadline);
    if (loadFailure) return { ok: false, failure: loadFailure };
    const budget = withinDeadline(options.timeoutMs ?? this.limits.callMs, options.deadline);
    if (!budget.ok) return { ok: false, failure: budget.failure };
    const outcome = await this.ask({ kind: 'call', module: this.assignment, instance: options.instance ?? 0, fn, args }, budget.timeoutMs);
    if (outcome.kind === 'returned') return { ok: true, value: outcome.value, usage: usageOf(outcome) };
    if (outcome.kind === 'threw') return { ok: false, failure: fromThrown(fn, outcome.error) };
    if (outcome.kind === 'timeout' && budget.cutByDeadline) return { ok: false, failure: deadlineFailure(options.deadline!) };
    return { ok: false, failure: fromOther(fn, outcome) };
  }

  async sample(fn: string, args: unknown[], count: number, options: CallOptions = {}): Promise<SampleOutcome> {
    const loadFailure = await this.ensureLoaded(fn, options.instance ?? 0, options.deadline);
    if (loadFailure) return { ok: false, failure: loadFailure };
    const budget = withinDeadline(options.timeoutMs ?? this.limits.sampleMs, options.deadline);
    if (!budget.ok) return { ok: false, failure: budget.failure };
    const outcome = await this.ask({ kind: 'sample', module: this.assignment, instance: options.instance ?? 0, fn, args, count }, budget.timeoutMs);
    if (outcome.kind === 'timeout' && budget.cutByDeadline) return { ok: false, failure: deadlineFailure(options.deadline!) };
    if (outcome.kind === 'samples') {
      if (outcome.threwAt) {
        const failure = fromThrown(fn, outcome.threwAt.error);
        return { ok: false, failure: { ...failure, message: `${failure.message} (on draw ${outcome.threwAt.index + 1} of ${count})` } };
      }
      // readResponse checked the lengths; an unpacked request is answered with an array.
      if (!Array.isArray(outcome.values)) return { ok: false, failure: fromOther(fn, { kind: 'malformed', id: outcome.id, problem: 'draws that are not a list' }) };
      return { ok: true, values: outcome.values, consumed: outcome.consumed, usage: usageOf(outcome) };
    }
    if (outcome.kind === 'threw') return { ok: false, failure: fromThrown(fn, outcome.error) };
    return { ok: false, failure: fromOther(fn, outcome) };
  }

  async callMany(calls: readonly PlannedCall[], options: CallOptions & { stopUnlessFinite?: boolean } = {}): Promise<CallOutcome[] | undefined> {
    if (calls.length === 0) return [];
    const loadFailure = await this.ensureLoaded(calls[0]!.fn, options.instance ?? 0, options.deadline);
    if (loadFailure) return [{ ok: false, failure: loadFailure }];
    const budget = withinDeadline(options.timeoutMs ?? this.limits.callMs, options.deadline);
    if (!budget.ok) return [{ ok: false, failure: budget.failure }];
    const request = { module: this.assignment, instance: options.instance ?? 0, calls: [...calls], stopUnlessFinite: options.stopUnlessFinite };
    // A batch that does not come back whole and well-formed is made again call by call, each answer read alone.
    const outcome = await this.ask({ kind: 'calls', ...request }, budget.timeoutMs);
    if (outcome.kind !== 'results') return undefined;
    return outcome.results.map((result, i): CallOutcome => {
      const fn = calls[i]!.fn;
      if (result.kind === 'returned') return { ok: true, value: result.value, usage: usageOf(result) };
      if (result.kind === 'threw') return { ok: false, failure: fromThrown(fn, result.error) };
      return { ok: false, failure: fromOther(fn, { ...result, id: outcome.id }) };
    });
  }

  async sampleNumbers(fn: string, args: unknown[], count: number, options: CallOptions = {}): Promise<NumberSampleOutcome> {
    const loadFailure = await this.ensureLoaded(fn, options.instance ?? 0, options.deadline);
    if (loadFailure) return { ok: false, failure: loadFailure };
    const budget = withinDeadline(options.timeoutMs ?? this.limits.sampleMs, options.deadline);
    if (!budget.ok) return { ok: false, failure: budget.failure };
    const outcome = await this.ask({ kind: 'sample', module: this.assignment, instance: options.instance ?? 0, fn, args, count, packed: true }, budget.timeoutMs);
    if (outcome.kind === 'timeout' && budget.cutByDeadline) return { ok: false, failure: deadlineFailure(options.deadline!) };
    if (outcome.kind === 'samples') {
      if (outcome.threwAt) {
        const failure = fromThrown(fn, outcome.threwAt.error);
        return { ok: false, failure: { ...failure, message: `${failure.message} (on draw ${outcome.threwAt.index + 1} of ${count})` } };
      }
      return { ok: true, values: outcome.values, consumed: outcome.consumed, usage: usageOf(outcome) };
    }
    if (outcome.kind === 'threw') return { ok: false, failure: fromThrown(fn, outcome.error) };
    return { ok: false, failure: fromOther(fn, outcome) };
  }
}

type Budget = { ok: true; timeoutMs: number; cutByDeadline: boolean } | { ok: false; failure: StudentFailure };

/** A request's time limit: its own, or what is left before the deadline when that is sooner. */
function withinDeadline(limitMs: number, deadline: Deadline | undefined): Budget {
  if (!deadline) return { ok: true, timeoutMs: limitMs, cutByDeadline: false };
  const left = Math.floor(deadline.at - performance.now());
  if (left <= 0) return { ok: false, failure: deadlineFailure(deadline) };
  return left < limitMs ? { ok: true, timeoutMs: left, cutByDeadline: true } : { ok: true, timeoutMs: limitMs, cutByDeadline: false };
}

function deadlineFailure(deadline: Deadline): StudentFailure {
  return { reason: 'timeout', message: `${deadline.describe} was reached before this call finished` };
}

/**
 * The same module with every request held to a deadline (a test's or a submission's time limit), unless
 * the request brings a sooner one of its own.
 */
export class DeadlineModule implements StudentModule {
  constructor(
    private readonly inner: StudentModule,
    private readonly deadline: Deadline,
  ) {}
  get assignment(): string {
    return this.inner.assignment;
  }
  newInstance(): number {
    return this.inner.newInstance();
  }
  call(fn: string, args: unknown[], options: CallOptions = {}): Promise<CallOutcome> {
    return this.inner.call(fn, args, { ...options, deadline: sooner(options.deadline, this.deadline) });
  }
  sample(fn: string, args: unknown[], count: number, options: CallOptions = {}): Promise<SampleOutcome> {
    return this.inner.sample(fn, args, count, { ...options, deadline: sooner(options.deadline, this.deadline) });
  }
  callMany(calls: readonly PlannedCall[], options: CallOptions & { stopUnlessFinite?: boolean } = {}): Promise<CallOutcome[] | undefined> {
    return this.inner.callMany(calls, { ...options, deadline: sooner(options.deadline, this.deadline) });
  }
  sampleNumbers(fn: string, args: unknown[], count: number, options: CallOptions = {}): Promise<NumberSampleOutcome> {
    return this.inner.sampleNumbers(fn, args, count, { ...options, deadline: sooner(options.deadline, this.deadline) });
  }
}

function sooner(a: Deadline | undefined, b: Deadline): Deadline {
  return a && a.at < b.at ? a : b;
}

/**
 * A module for an assignment whose file could not be used: every call fails the same way. When the reason
 * is the grader's (`compiler-failed`), `graderFailure` says so, and runTest reports each test as the
 * grader's failure without running it.
 */
export class UnavailableModule implements StudentModule {
  constructor(
    readonly assignment: string,
    private readonly failure: StudentFailure,
  ) {}
  get graderFailure(): StudentFailure | undefined {
    return this.failure.reason === 'compiler-failed' ? this.failure : undefined;
  }
  newInstance(): number {
    return 0;
  }
  async call(): Promise<CallOutcome> {
    return { ok: false, failure: this.failure };
  }
  async sample(): Promise<SampleOutcome> {
    return { ok: false, failure: this.failure };
  }
  async callMany(calls: readonly PlannedCall[]): Promise<CallOutcome[]> {
    return calls.length === 0 ? [] : [{ ok: false, failure: this.failure }];
  }
  async sampleNumbers(): Promise<NumberSampleOutcome> {
    return { ok: false, failure: this.failure };
  }
}

/** The bookkeeping of an answer, already read as counts (read-response.ts). */
function usageOf(outcome: Usage): Usage {
  return { rngCalls: outcome.rngCalls, mathRandomCalls: outcome.mathRandomCalls, elapsedMs: outcome.elapsedMs };
}

const NOT_IMPLEMENTED = /not implemented/i;

function fromThrown(fn: string, error: ThrownInfo): StudentFailure {
  const message = typeof error?.message === 'string' ? error.message : 'an unreadable error';
  if (NOT_IMPLEMENTED.test(message)) return { reason: 'not-implemented', message: `${fn} is not implemented yet (it threw "${message}")` };
  const what = error?.notAnError ? `threw a non-Error value (${error.name}): ${message}` : `threw ${error?.name ?? 'Error'}: ${message}`;
  return { reason: 'threw', message: `${fn} ${what}`, detail: typeof error?.stack === 'string' ? error.stack : undefined };
}

function fromOther(fn: string, outcome: CheckedOutcome): StudentFailure {
  switch (outcome.kind) {
    case 'malformed':
      return { reason: 'invalid-value', message: `the answer to ${fn} could not be accepted: ${outcome.problem}` };
    case 'timeout':
      return { reason: 'timeout', message: `${fn} did not finish within the time limit of ${outcome.limitMs / 1000} s (an infinite loop?)` };
    case 'crashed':
      return { reason: 'crashed', message: `${fn} stopped the process running it: ${outcome.reason}` };
    case 'missing-export': {
      const exports = Array.isArray(outcome.exports) ? outcome.exports.filter((name) => typeof name === 'string').join(', ') : '';
      return { reason: 'missing-export', message: `the file does not export a function named ${fn}${exports ? ` (it exports: ${exports})` : ''}` };
    }
    case 'load-failed': {
      const error = outcome.error;
      const message = typeof error?.message === 'string' ? error.message : 'unknown error';
      if (NOT_IMPLEMENTED.test(message)) return { reason: 'not-implemented', message: `the module is not implemented yet: loading it threw "${message}"` };
      return { reason: 'load-failed', message: `the module failed while loading: ${message}`, detail: error?.stack };
    }
    default:
      return { reason: 'invalid-value', message: `the sandbox answered ${fn} with an unexpected message` };
  }
}

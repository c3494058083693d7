/**
 * Many calls in few sandbox round trips, without changing what a check observes.
 *
 * A check makes its calls one by one and stops at the first that fails. Instead of a round trip per call,
 * the calls it is about to make are made in one batch, in the same order, on the same module instance, and
 * the check is handed a PrimedModule: each call it makes is served from the batch when it is the next call
 * there (same function, same arguments, same instance), and goes to the real module otherwise (from then
 * on, one by one, as before). Student code sees the same sequence of calls it would have seen; when a batch
 * does not come back as a whole (a timeout, a crash), nothing is served and the calls are made one by one.
 *
 * Where the calls depend on the answers (a property's run makes its second call only if the first gave a
 * number), they are discovered in rounds (primedRuns).
 */
import type { CallOptions, CallOutcome, NumberSampleOutcome, SampleOutcome, StudentModule } from '../submission/student-module.ts';
import type { PlannedCall } from '../sandbox/protocol.ts';

export type { PlannedCall };

export class PrimedModule implements StudentModule {
  private served = 0;
  private diverged = false;

  constructor(
    private readonly inner: StudentModule,
    private readonly calls: readonly PlannedCall[],
    private readonly outcomes: readonly CallOutcome[],
    private readonly instance: number,
  ) {}

  get assignment(): string {
    return this.inner.assignment;
  }

  /** How many of the batch's outcomes the check has used. */
  get used(): number {
    return this.served;
  }

  newInstance(): number {
    return this.inner.newInstance();
  }

  async call(fn: string, args: unknown[], options: CallOptions = {}): Promise<CallOutcome> {
    const next = this.calls[this.served];
    if (
      !this.diverged &&
      next !== undefined &&
      this.served < this.outcomes.length &&
      next.fn === fn &&
      (options.instance ?? 0) === this.instance &&
      options.timeoutMs === undefined &&
      options.deadline === undefined &&
      sameData(next.args, args)
    ) {
      return this.outcomes[this.served++]!;
    }
    this.diverged = true;
    return this.inner.call(fn, args, options);
  }

  sample(fn: string, args: unknown[], count: number, options?: CallOptions): Promise<SampleOutcome> {
    this.diverged = true;
    return this.inner.sample(fn, args, count, options);
  }

  sampleNumbers(fn: string, args: unknown[], count: number, options?: CallOptions): Promise<NumberSampleOutcome> {
    this.diverged = true;
    return this.inner.sampleNumbers(fn, args, count, options);
  }

  callMany(calls: readonly PlannedCall[], options?: CallOptions & { stopUnlessFinite?: boolean }): Promise<CallOutcome[] | undefined> {
    this.diverged = true;
    return this.inner.callMany(calls, options);
  }
}

/**
 * The module a check should make these calls through: primed with their outcomes, made in one batch that
 * stops where the check would (the first call without a value; with stopUnlessFinite, the first value that
 * is not a finite number). Use it only when the check makes exactly these calls, in this order, until it
 * stops: anything else it does is passed through to `student`.
 */
export async function primed(student: StudentModule, calls: readonly PlannedCall[], options: { instance?: number; stopUnlessFinite?: boolean } = {}): Promise<StudentModule> {
  if (calls.length < 2) return student;
  const outcomes = await student.callMany(calls, options);
  return outcomes ? new PrimedModule(student, calls, outcomes, options.instance ?? 0) : student;
}

/** Calls a run may make on a placeholder answer before discovery stops it for this round. */
const MAX_PENDING_PER_RUN = 16;
/**
 * A number stands in for an answer not known yet: a run reading a number goes on to its next call (0 also
 * reads as a count, an index or a finite non-negative draw).
 */
const PLACEHOLDER: CallOutcome = { ok: true, value: 0, usage: { rngCalls: 0, mathRandomCalls: 0, elapsedMs: 0 } };

/** Whether an outcome is discovery's stand-in (what a run makes of it is thrown away). */
export function isPlaceholder(outcome: CallOutcome): boolean {
  return outcome === PLACEHOLDER;
}
const STOP: CallOutcome = { ok: false, failure: { reason: 'invalid-value', message: 'not known yet' } };

/**
 * For a check run once per input that stops at the first input it fails (a property's runs): a module
 * primed with the calls those runs make, discovered in a few batches. Each round replays every run on the
 * answers known so far; a call with no answer yet is recorded, answered with a placeholder number so the
 * run can show its next call, and all recorded calls are then made in one batch, in the order the runs
 * made them. When every run up to the first failing one has all its answers, the module is primed with
 * them, in the order the real runs will ask; `allPassed` says that every run, replayed on the real answers,
 * passed (so running them again would only repeat it). A run whose calls depend on the answers only costs rounds;
 * what can differ from calls made one by one is the order across runs of calls found in later rounds, and,
 * when a run fails, calls its placeholder led to (they are made, though the run stops before them).
 */
export async function primedRuns<T>(
  student: StudentModule,
  inputs: readonly T[],
  run: (student: StudentModule, input: T) => Promise<boolean>,
  maxRounds = 6,
): Promise<{ student: StudentModule; allPassed: boolean }> {
  const known = inputs.map(() => ({ calls: [] as PlannedCall[], outcomes: [] as CallOutcome[] }));
  let limit = inputs.length;
  let allPassed = false;
  for (let round = 0; round <= maxRounds; round++) {
    const plan: PlannedCall[] = [];
    const owners: number[] = [];
    let passing = 0;
    for (let j = 0; j < limit; j++) {
      const recorder = new Recorder(student.assignment, known[j]!);
      let passes = false;
      try {
        passes = await run(recorder, inputs[j]!);
      } catch {
        recorder.unpredictable = true;
      }
      known[j]!.calls.length = known[j]!.outcomes.length = recorder.used;
      if (recorder.unpredictable || (recorder.pending.length === 0 && !passes)) {
        limit = j + 1;
        break;
      }
      if (recorder.pending.length === 0) passing += 1;
      for (const call of recorder.pending) {
        plan.push(call);
        owners.push(j);
      }
    }
    if (plan.length === 0) allPassed = passing === inputs.length;
    if (plan.length === 0 || round === maxRounds) break;
    const outcomes = await student.callMany(plan);
    if (!outcomes) return { student, allPassed: false };
    for (const [i, outcome] of outcomes.entries()) {
      known[owners[i]!]!.calls.push(plan[i]!);
      known[owners[i]!]!.outcomes.push(outcome);
    }
    // The batch stops at a call without a value: the run that made it stops there.
    if (outcomes.length < plan.length) limit = Math.min(limit, owners[outcomes.length - 1]! + 1);
  }
  const calls: PlannedCall[] = [];
  const outcomes: CallOutcome[] = [];
  for (let j = 0; j < limit; j++) {
    calls.push(...known[j]!.calls);
    outcomes.push(...known[j]!.outcomes);
  }
  return { student: outcomes.length > 0 ? new PrimedModule(student, calls, outcomes, 0) : student, allPassed };
}

/** A run's view during discovery: the answers known so far, then placeholders, recording the new calls. */
class Recorder implements StudentModule {
  used = 0;
  pending: PlannedCall[] = [];
  unpredictable = false;

  constructor(
    readonly assignment: string,
    private readonly known: { calls: PlannedCall[]; outcomes: CallOutcome[] },
  ) {}

  newInstance(): number {
    this.unpredictable = true;
    return 0;
  }

  async call(fn: string, args: unknown[], options: CallOptions = {}): Promise<CallOutcome> {
    if (this.unpredictable) return STOP;
    if (options.instance || options.timeoutMs !== undefined || options.deadline !== undefined) {
      this.unpredictable = true;
      return STOP;
    }
    if (this.pending.length === 0 && this.used < this.known.outcomes.length) {
      const next = this.known.calls[this.used]!;
      if (next.fn !== fn || !sameData(next.args, args)) {
        this.unpredictable = true;
        return STOP;
      }
      return this.known.outcomes[this.used++]!;
    }
    if (this.pending.length >= MAX_PENDING_PER_RUN) return STOP;
    this.pending.push({ fn, args });
    return PLACEHOLDER;
  }

  async sample(): Promise<SampleOutcome> {
    this.unpredictable = true;
    return STOP as SampleOutcome;
  }

  async sampleNumbers(): Promise<NumberSampleOutcome> {
    this.unpredictable = true;
    return STOP as NumberSampleOutcome;
  }

  async callMany(): Promise<CallOutcome[] | undefined> {
    this.unpredictable = true;
    return undefined;
  }
}

/**
 * Plain data equal as arguments: the same numbers (−0 and NaN told apart as the wire does), strings and
 * booleans, in arrays and plain objects of the same shape. Anything else counts as different.
 */
export function sameData(a: unknown, b: unknown, depth = 0): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || depth > 32) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i], depth + 1)) return false;
    return true;
  }
  const plain = (value: object) => {
    const proto = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
  };
  if (!plain(a) || !plain(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.prototype.hasOwnProperty.call(b, key)) return false;
    if (!sameData((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

/**
 * A StudentModule over code the grader trusts (reference solutions, test doubles), called in-process.
 * For the grader's own tests only: it lets a check run thousands of times (error-rate simulations) without
 * a sandbox round trip. Student code never goes through here; it always runs in the sandbox child.
 */
import { bindRng } from '../sandbox/rng-arguments.ts';
import { toWire } from '../sandbox/to-wire.ts';
import type { PlannedCall } from '../sandbox/protocol.ts';
import type { CallOutcome, NumberSampleOutcome, SampleOutcome, StudentModule } from './student-module.ts';

export type ModuleFactory = () => Record<string, unknown>;

export class TrustedModule implements StudentModule {
  private instances = new Map<number, Record<string, unknown>>();
  private next = 0;

  /** `factory` makes a fresh module instance (fresh module-level state), as re-importing does in the child. */
  constructor(
    readonly assignment: string,
    private readonly factory: ModuleFactory,
  ) {}

  newInstance(): number {
    this.next += 1;
    return this.next;
  }

  private exportsOf(instance: number): Record<string, unknown> {
    let found = this.instances.get(instance);
    if (!found) {
      found = this.factory();
      this.instances.set(instance, found);
    }
    return found;
  }

  async call(fn: string, args: unknown[], options: { instance?: number } = {}): Promise<CallOutcome> {
    const bound = bindRng(args);
    const target = this.exportsOf(options.instance ?? 0)[fn] as (...args: unknown[]) => unknown;
    try {
      const value = toWire(target(...bound.args));
      return { ok: true, value, usage: { rngCalls: bound.counter.calls, mathRandomCalls: 0, elapsedMs: 0 } };
    } catch (error) {
      return { ok: false, failure: { reason: 'threw', message: `${fn} threw ${String(error)}` } };
    }
  }

  async sample(fn: string, args: unknown[], count: number, options: { instance?: number } = {}): Promise<SampleOutcome> {
    const bound = bindRng(args);
    const target = this.exportsOf(options.instance ?? 0)[fn] as (...args: unknown[]) => unknown;
    const values: unknown[] = new Array(count);
    const consumed = new Uint32Array(count);
    for (let i = 0; i < count; i++) {
      const before = bound.counter.calls;
      values[i] = target(...bound.args);
      consumed[i] = bound.counter.calls - before;
    }
    return { ok: true, values, consumed, usage: { rngCalls: bound.counter.calls, mathRandomCalls: 0, elapsedMs: 0 } };
  }

  /** sample, the draws in a Float64Array when every one is a number, as the sandbox answers. */
  async sampleNumbers(fn: string, args: unknown[], count: number, options: { instance?: number } = {}): Promise<NumberSampleOutcome> {
    const outcome = await this.sample(fn, args, count, options);
    if (!outcome.ok || !outcome.values.every((value) => typeof value === 'number')) return outcome;
    return { ...outcome, values: Float64Array.from(outcome.values as number[]) };
  }

  /** The calls one by one, stopping where the sandbox's batch would. */
  async callMany(calls: readonly PlannedCall[], options: { instance?: number; stopUnlessFinite?: boolean } = {}): Promise<CallOutcome[]> {
    const outcomes: CallOutcome[] = [];
    for (const { fn, args } of calls) {
      const outcome = await this.call(fn, args, options);
      outcomes.push(outcome);
      if (!outcome.ok) break;
      if (options.stopUnlessFinite && !(typeof outcome.value === 'number' && Number.isFinite(outcome.value))) break;
    }
    return outcomes;
  }
}

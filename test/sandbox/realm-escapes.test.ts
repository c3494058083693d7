/**
 * The student's realm holds on its own, without the process isolation around it (issue 11): every way out
 * of it into the sandbox child's realm found so far is tried here by a student module, which reports
 * whether it reached the child's real `process` (one with a pid; the realm's own `process` has none) and
 * whether it got hold of any object of the child's realm at all.
 *
 * - The stack's limit inside a host function (Math.random, performance.now, console, timers, the rng): V8
 *   throws its RangeError in the realm of the function that overflowed.
 * - `Error.prepareStackTrace` set by the student, then the child reading `.stack` of what it threw.
 * - `%TypedArray%.prototype.length` redefined by the student before the rng refills its buffer.
 * - The context's global backed by a child object: a bare `constructor`, a getter on globalThis.
 * - import() at the stack's limit, and Node's stack-trace formatter at the stack's limit: V8 calls the
 *   child's functions there; what reaches the student is the child's RangeError, from which no code can
 *   be made (child.ts cuts the constructors).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { openSubmission, type OpenedSubmission } from '../../grader/submission/open-submission.ts';
import { rngArgument } from '../../grader/sandbox/protocol.ts';

const nodes = [process.execPath, ...(process.env.GRADER_TEST_NODES ?? '').split(delimiter).filter(Boolean)];

/** The student module: each export tries one way out and returns 'closed', or what it reached. */
const STUDENT = String.raw`
// No static import of mathjs: evaluating it calls Math.random, whose wrapper V8 then optimizes (inlining
// the child's function, so the stack no longer runs out inside it) before the first test could try it.

const realmRoot = Object.prototype;
/** What x leads to: the child's process (by any constructor's constructor), an object of another realm, or nothing. */
function inspect(x: unknown): string | undefined {
  if ((typeof x !== 'object' || x === null) && typeof x !== 'function') return undefined;
  const makers: unknown[] = [];
  try { makers.push((x as any).constructor?.constructor); } catch {}
  try { if (typeof x === 'function') makers.push((x as any).constructor); } catch {}
  for (const make of makers) {
    try {
      const p = (make as any)('return process')();
      if (p && typeof p.pid === 'number') return 'ESCAPED: the real process, pid ' + p.pid;
    } catch {}
  }
  try {
    let o: object = x as object;
    for (let i = 0; i < 100; i++) {
      const next = Object.getPrototypeOf(o);
      if (next === null) break;
      o = next;
    }
    if (o !== realmRoot && o !== x) return 'foreign: an object of another realm';
  } catch {}
  return undefined;
}

/**
 * f called at every depth from the stack's limit upwards; the first throw that leads somewhere. Three
 * rounds: the first runs while the functions on the way are still being compiled, with other frame sizes.
 */
function atEveryDepth(f: () => unknown): string {
  let found: string | undefined;
  let calls = 0;
  function go(n: number): void {
    try { go(n + 1); } catch {}
    if (found !== undefined || calls++ > 4000) return;
    try { f(); } catch (error) { found = inspect(error); }
  }
  for (let round = 0; round < 3 && found === undefined; round++) {
    calls = 0;
    go(0);
  }
  return found ?? 'closed';
}

export function hostRandom(): string { return atEveryDepth(() => Math.random()); }
export function hostNow(): string { return atEveryDepth(() => performance.now()); }
export function hostConsole(): string { return atEveryDepth(() => console.log('.')); }
export function hostTimers(): string { return atEveryDepth(() => clearTimeout(setTimeout(() => undefined, 1e6))); }
export function hostRng(rng: () => number): string { return atEveryDepth(() => { for (let i = 0; i < 50; i++) rng(); }); }

let sites = 'not called';
export function setPrepareStackTrace(): never {
  (Error as any).prepareStackTrace = (error: unknown, callSites: unknown[]) => {
    sites = inspect(callSites) ?? inspect(callSites[0]) ?? 'closed';
    return 'a stack of the student\'s making';
  };
  throw new Error('read my stack');
}
export function prepareStackTraceResult(): string {
  delete (Error as any).prepareStackTrace;
  return sites;
}

export function typedArrayLength(rng: () => number): string {
  const prototype = Object.getPrototypeOf(Float64Array.prototype);
  const original = Object.getOwnPropertyDescriptor(prototype, 'length')!;
  let result = 'closed';
  const draws: number[] = [];
  for (const length of [Symbol('length'), { valueOf() { throw new Error('valueOf'); } }, -1, 0]) {
    Object.defineProperty(prototype, 'length', { configurable: true, get: () => length });
    try {
      for (let i = 0; i < 100; i++) draws.push(rng());
    } catch (error) {
      result = inspect(error) ?? 'closed, but the rng threw ' + String(error);
    } finally {
      Object.defineProperty(prototype, 'length', original);
    }
  }
  if (result === 'closed' && !draws.every((u) => typeof u === 'number' && u > 0 && u < 1)) return 'the rng gave something else than uniforms';
  return result;
}

export function bareConstructor(): string {
  // A bare name the realm's global does not hold is looked up on the object behind it.
  return inspect((0, eval)('constructor')) ?? inspect((globalThis as any).constructor) ?? 'closed';
}
export function globalGetter(): string {
  let seen: unknown;
  Object.defineProperty(globalThis, 'peek', { configurable: true, get() { seen = this; return 1; } });
  void (globalThis as any).peek;
  void (0, eval)('peek');
  delete (globalThis as any).peek;
  if (seen !== undefined && seen !== globalThis && Object.getPrototypeOf(seen) !== null) return inspect(seen) ?? 'foreign: the getter saw an object with a prototype';
  return 'closed';
}

export function stackAtTheLimit(): string {
  return atEveryDepth(() => new Error('deep').stack);
}
export async function importAtTheLimit(): Promise<string> {
  const pending: Promise<unknown>[] = [];
  atEveryDepth(() => {
    pending.push(import(['node', 'fs'].join(':')));
  });
  let found: string | undefined;
  for (const outcome of await Promise.allSettled(pending)) {
    // The rejection may be the child's RangeError (Node's callback overflowed): it must lead nowhere.
    const seen = outcome.status === 'rejected' ? inspect(outcome.reason) : 'ESCAPED: import() gave a module';
    if (seen?.startsWith('ESCAPED')) found ??= seen;
  }
  return found ?? 'closed';
}
export async function importMathjs(): Promise<string> {
  const [a, b] = await Promise.all([import('mathjs'), import('mathjs')]);
  let refused = 'not refused';
  try { await import(['node', 'fs'].join(':')); } catch (error) { refused = inspect(error) ?? String(error); }
  return String(a.exp(0) + b.exp(0)) + ' / ' + refused;
}

export function thenable(): unknown {
  return { then(resolve: unknown) { (resolve as (value: unknown) => void)(inspect(resolve) ?? 'closed'); } };
}

export function throws(): never {
  throw new RangeError('thrown on purpose');
}
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
`;

describe.each(nodes)('the student realm under %s', (nodePath) => {
  let root: string;
  let submission: OpenedSubmission;
  const call = async (fn: string, args: unknown[] = []) => {
    const outcome = await submission.module('sigmoid-derivative').call(fn, args);
    if (!outcome.ok) throw new Error(`${fn}: ${JSON.stringify(outcome.failure)}`);
    return outcome.value;
  };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'numgrade-realm-escapes-'));
    const folder = join(root, 'student');
    mkdirSync(folder);
    writeFileSync(join(folder, 'sigmoid-derivative.ts'), STUDENT);
    submission = await openSubmission(folder, ['sigmoid-derivative'], {
      timeLimits: { loadMs: 30_000, callMs: 20_000, sampleMs: 20_000 },
      nodePath,
    });
  }, 60_000);

  afterAll(() => {
    submission?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it.each(['hostRandom', 'hostNow', 'hostConsole', 'hostTimers'])('%s at the stack limit throws only errors of the realm', async (fn) => {
    // Twice: the first call of a module's function runs partly unoptimized, with other frame sizes.
    expect(await call(fn)).toBe('closed');
    expect(await call(fn)).toBe('closed');
  });

  it('the rng at the stack limit throws only errors of the realm', async () => {
    expect(await call('hostRng', [rngArgument(1)])).toBe('closed');
  });

  it("hands a student's Error.prepareStackTrace only CallSites of the realm, and reports its stack", async () => {
    const outcome = await submission.module('sigmoid-derivative').call('setPrepareStackTrace', []);
    expect(outcome).toMatchObject({ ok: false, failure: { reason: 'threw', message: expect.stringMatching(/read my stack/) } });
    expect(await call('prepareStackTraceResult')).toBe('closed');
  });

  it('draws uniforms whatever %TypedArray%.prototype.length says', async () => {
    expect(await call('typedArrayLength', [rngArgument(2)])).toBe('closed');
  });

  it("backs the realm's global with nothing of the child's", async () => {
    expect(await call('bareConstructor')).toBe('closed');
    expect(await call('globalGetter')).toBe('closed');
  });

  it("lets Node's stack-trace formatter and import() at the stack limit reach no process", async () => {
    expect(await call('stackAtTheLimit')).not.toMatch(/ESCAPED/);
    expect(await call('importAtTheLimit')).toBe('closed');
  });

  it('still imports mathjs by import(), twice at once, and refuses anything else with an error of the realm', async () => {
    expect(await call('importMathjs')).toMatch(/^2 \/ Error: import\(\) is not available to submissions/);
  });

  it('resolves a returned thenable through functions of the realm', async () => {
    expect(await call('thenable')).toBe('closed');
  });

  it('still reports what student code throws, with its stack in the .ts file, and runs honest code', async () => {
    const outcome = await submission.module('sigmoid-derivative').call('throws', []);
    expect(outcome).toMatchObject({ ok: false, failure: { reason: 'threw', message: expect.stringMatching(/RangeError: thrown on purpose/), detail: expect.stringMatching(/sigmoid-derivative\.ts:\d+:\d+/) } });
    expect(await call('sigmoid', [0])).toBe(0.5);
  });
});

/**
 * Batched calls change how many round trips a check takes, never what it observes: the calls student code
 * sees are the same, in the same order, and every verdict and word of feedback is what calls made one by one
 * give. Checked here on doubles that record every call, and end to end in the sandbox on a submission that
 * misbehaves in the ways a batch must stop at (throws, strings, NaN, a hang).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { PrimedModule, primed, primedRuns, sameData } from '../../grader/checks/batched-calls.ts';
import { askNumber, definePropertyTest } from '../../grader/checks/property-check.ts';
import { defineExampleTest } from '../../grader/checks/example-check.ts';
import { closeToNumber } from '../../grader/checks/judges.ts';
import { TrustedModule } from '../../grader/submission/trusted-module.ts';
import type { CallOptions, CallOutcome, NumberSampleOutcome, SampleOutcome, StudentModule } from '../../grader/submission/student-module.ts';
import { rngArgument, type PlannedCall } from '../../grader/sandbox/protocol.ts';
import { openSubmission, type OpenedSubmission } from '../../grader/submission/open-submission.ts';
import { gradeAssignment } from '../../grader/grading/grade-assignment.ts';
import { findAssignment } from '../../assignments/index.ts';

/** A module over in-process functions that logs every call student code would see. */
function recording(functions: Record<string, (...args: any[]) => unknown>) {
  const log: string[] = [];
  const wrapped = Object.fromEntries(
    Object.entries(functions).map(([name, fn]) => [
      name,
      (...args: unknown[]) => {
        log.push(`${name}(${JSON.stringify(args)})`);
        return fn(...args);
      },
    ]),
  );
  return { log, module: new TrustedModule('demo', () => wrapped) };
}

/** The same module with batching turned off: every call one by one, as before batches existed. */
class OneByOne implements StudentModule {
  constructor(private readonly inner: StudentModule) {}
  get assignment() {
    return this.inner.assignment;
  }
  newInstance() {
    return this.inner.newInstance();
  }
  call(fn: string, args: unknown[], options?: CallOptions): Promise<CallOutcome> {
    return this.inner.call(fn, args, options);
  }
  sample(fn: string, args: unknown[], count: number, options?: CallOptions): Promise<SampleOutcome> {
    return this.inner.sample(fn, args, count, options);
  }
  sampleNumbers(fn: string, args: unknown[], count: number, options?: CallOptions): Promise<NumberSampleOutcome> {
    return this.inner.sampleNumbers(fn, args, count, options);
  }
  async callMany(): Promise<CallOutcome[] | undefined> {
    return undefined;
  }
}

describe('sameData', () => {
  it('compares plain data, telling −0 from 0 and NaN from numbers', () => {
    expect(sameData([1, [2, { a: 3 }]], [1, [2, { a: 3 }]])).toBe(true);
    expect(sameData([NaN], [NaN])).toBe(true);
    expect(sameData([0], [-0])).toBe(false);
    expect(sameData({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameData([1, 2], [1, 2, 3])).toBe(false);
    expect(sameData(new Float64Array([1]), new Float64Array([1]))).toBe(false);
  });
});

describe('PrimedModule', () => {
  it('serves the batch while the calls match it, then passes every call through', async () => {
    const { log, module } = recording({ f: (x: number) => x * 2 });
    const calls: PlannedCall[] = [1, 2, 3].map((x) => ({ fn: 'f', args: [x] }));
    const student = await primed(module, calls);
    expect(log).toEqual(['f([1])', 'f([2])', 'f([3])']);
    expect(await student.call('f', [1])).toMatchObject({ ok: true, value: 2 });
    expect(await student.call('f', [5])).toMatchObject({ ok: true, value: 10 });
    // Diverged: the batch's third outcome is not served out of order.
    expect(await student.call('f', [3])).toMatchObject({ ok: true, value: 6 });
    expect(log).toEqual(['f([1])', 'f([2])', 'f([3])', 'f([5])', 'f([3])']);
    expect((student as PrimedModule).used).toBe(1);
  });

  it('a batch stops at the first call without a value, and at the first non-finite number when asked', async () => {
    const { log, module } = recording({
      f: (x: number) => {
        if (x === 2) throw new Error('no');
        return x;
      },
      g: (x: number) => (x === 2 ? 'two' : x),
    });
    const throwing = await module.callMany([0, 1, 2, 3].map((x) => ({ fn: 'f', args: [x] })));
    expect(throwing?.map((outcome) => outcome.ok)).toEqual([true, true, false]);
    const strings = await module.callMany([0, 1, 2, 3].map((x) => ({ fn: 'g', args: [x] })), { stopUnlessFinite: true });
    expect(strings?.length).toBe(3);
    expect(log).toEqual(['f([0])', 'f([1])', 'f([2])', 'g([0])', 'g([1])', 'g([2])']);
  });
});

describe('primedRuns', () => {
  const inputs = [1, 2, 3, 4, 5, 6];
  // Two calls per run; the second only when the first gave a number (as askNumber does).
  const run = (limit: number) => async (student: StudentModule, x: number) => {
    const a = await askNumber(student, 'f', [x]);
    if (!a.ok) return false;
    const b = await askNumber(student, 'f', [-x]);
    if (!b.ok) return false;
    return a.value + b.value < limit;
  };
  const sequentially = async (functions: Record<string, (...args: any[]) => unknown>, limit: number) => {
    const { log, module } = recording(functions);
    for (const x of inputs) if (!(await run(limit)(module, x))) break;
    return log;
  };
  const batched = async (functions: Record<string, (...args: any[]) => unknown>, limit: number) => {
    const { log, module } = recording(functions);
    const { student, allPassed } = await primedRuns(module, inputs, run(limit));
    const before = log.length;
    for (const x of inputs) if (!(await run(limit)(student, x))) break;
    return { log, direct: log.length - before, allPassed };
  };

  it('all runs pass: the same calls in the same order, none made twice, and it says so', async () => {
    const f = (x: number) => x * x;
    const { log, direct, allPassed } = await batched({ f }, 1000);
    expect(log).toEqual(await sequentially({ f }, 1000));
    expect(direct).toBe(0);
    expect(allPassed).toBe(true);
  });

  it('a run fails: the same calls in the same order up to it (the batch has also made later runs\' calls)', async () => {
    const f = (x: number) => x * x;
    const expected = await sequentially({ f }, 20);
    const { log, direct, allPassed } = await batched({ f }, 20);
    expect(log.slice(0, expected.length)).toEqual(expected);
    expect(direct).toBe(0);
    expect(allPassed).toBe(false);
  });

  it('a call throws: the batch stops there, as the runs do', async () => {
    const f = (x: number) => {
      if (x === -3) throw new Error('negative three');
      return x;
    };
    expect((await batched({ f }, 1000)).log).toEqual(await sequentially({ f }, 1000));
  });
});

describe('property and example checks, batched or one by one', () => {
  const property = definePropertyTest({
    id: 'p',
    title: 'p',
    points: 1,
    visibility: 'public',
    checks: '',
    hint: '',
    properties: [
      {
        name: 'f(−x) = −f(x)',
        arbitrary: fc.double({ min: -100, max: 100, noNaN: true }),
        show: (x: number) => `f(${x})`,
        async check(student: StudentModule, x: number) {
          const a = await askNumber(student, 'f', [-x]);
          if (!a.ok) return a.verdict;
          const b = await askNumber(student, 'f', [x]);
          if (!b.ok) return b.verdict;
          return a.value === -b.value ? { ok: true } : { ok: false, problem: 'not odd' };
        },
      },
    ],
  });
  const example = defineExampleTest({
    id: 'e',
    title: 'e',
    points: 1,
    visibility: 'public',
    checks: '',
    hint: '',
    tolerance: 'exact',
    cases: () => [1, 2, 3, 50, 4].map((x) => ({ fn: 'f', args: [x], show: `f(${x})`, judge: closeToNumber(x ** 3, { atol: 0, rtol: 1e-12 }, `f(${x})`) })),
  });
  const variants: Record<string, (x: number) => unknown> = {
    odd: (x) => x ** 3,
    'not odd above 50': (x) => (x > 50 ? x : x ** 3),
    'throws above 60': (x) => {
      if (x > 60) throw new Error('too big');
      return x ** 3;
    },
    'a string below −70': (x) => (x < -70 ? 'small' : x ** 3),
  };
  it.each(Object.keys(variants))('%s: same result, same calls', async (name) => {
    for (const test of [property, example]) {
      const one = recording({ f: variants[name]! });
      const expected = await test.run({ student: new OneByOne(one.module), seed: 11, gradingSeed: 11 });
      const many = recording({ f: variants[name]! });
      const result = await test.run({ student: many.module, seed: 11, gradingSeed: 11 });
      expect(result).toEqual(expected);
      if (expected.status === 'passed') expect(many.log).toEqual(one.log);
      else if (result.status === 'errored') expect(many.log.slice(0, one.log.length)).toEqual(one.log);
    }
  });
});

describe('in the sandbox', () => {
  let root: string;
  const opened: OpenedSubmission[] = [];
  let folder: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'numgrade-batched-test-'));
    folder = join(root, 'student');
    mkdirSync(folder);
    writeFileSync(
      join(folder, 'sigmoid-derivative.ts'),
      `
      export function sigmoid(z: number): number { if (z > 600) throw new RangeError('z too large'); return 1 / (1 + Math.exp(-z)); }
      export function sigmoidDerivative(z: number): number | string { if (z < -30) return 'small'; const s = 1 / (1 + Math.exp(-z)); return s * (1 - s); }
      export function tanhDerivative(z: number): number { return Math.abs(z) > 15 ? NaN : 1 - Math.tanh(z) ** 2; }
      export function reluDerivative(z: number): number { return z > 0 ? 1 : 0; }
      export function hang(z: number): number { if (z === 3) for (;;) {} return z; }
      `,
    );
    writeFileSync(
      join(folder, 'inverse-transform-sampling.ts'),
      `
      export function sampleExponential(lambda: number, rng: () => number): number { return -Math.log1p(-rng()) / lambda; }
      let drawn = 0;
      export function samplePoisson(lambda: number, rng: () => number): number | string { rng(); drawn += 1; return drawn === 5 ? 'five' : drawn; }
      `,
    );
  });

  afterAll(() => {
    for (const submission of opened) submission.close();
    rmSync(root, { recursive: true, force: true });
  });

  const open = async () => {
    const submission = await openSubmission(folder, ['sigmoid-derivative', 'inverse-transform-sampling'], { timeLimits: { loadMs: 30_000, callMs: 3000, sampleMs: 3000 } });
    opened.push(submission);
    return submission;
  };

  it('callMany answers as the same calls one by one would, and stops where they stop', async () => {
    const student = (await open()).module('sigmoid-derivative');
    const calls: PlannedCall[] = [0, 1, 700, 2].map((z) => ({ fn: 'sigmoid', args: [z] }));
    const batch = await student.callMany(calls);
    const single = [];
    for (const call of calls.slice(0, 3)) single.push(await student.call(call.fn, call.args));
    const strip = (outcome: CallOutcome) => (outcome.ok ? { ok: true, value: outcome.value } : outcome);
    expect(batch?.map(strip)).toEqual(single.map(strip));
    expect(batch).toHaveLength(3);
    const nonFinite = await student.callMany([0, 1, 16, 2].map((z) => ({ fn: 'tanhDerivative', args: [z] })), { stopUnlessFinite: true });
    expect(nonFinite?.map((outcome) => outcome.ok && outcome.value)).toEqual([1, expect.any(Number), NaN]);
    const missing = await student.callMany([{ fn: 'sigmoid', args: [0] }, { fn: 'nope', args: [] }, { fn: 'sigmoid', args: [1] }]);
    expect(missing).toHaveLength(2);
    expect(missing?.[1]).toMatchObject({ ok: false, failure: { reason: 'missing-export' } });
  });

  it('sampleNumbers: the draws sample gives, as a Float64Array when they are all numbers', async () => {
    const student = (await open()).module('inverse-transform-sampling');
    const packed = await student.sampleNumbers('sampleExponential', [1.5, rngArgument(9)], 1000, { instance: student.newInstance() });
    const plain = await student.sample('sampleExponential', [1.5, rngArgument(9)], 1000, { instance: student.newInstance() });
    expect(packed.ok && packed.values instanceof Float64Array).toBe(true);
    expect(packed.ok && plain.ok && [Array.from(packed.values), Array.from(packed.consumed)]).toEqual(plain.ok && [plain.values, Array.from(plain.consumed)]);
    const mixed = await student.sampleNumbers('samplePoisson', [1, rngArgument(9)], 8, { instance: student.newInstance() });
    expect(mixed.ok && Array.isArray(mixed.values) && mixed.values).toEqual([1, 2, 3, 4, 'five', 6, 7, 8]);
  });

  it('a batch that hangs comes back as undefined, and the next call still works', async () => {
    const student = (await open()).module('sigmoid-derivative');
    expect(await student.callMany([1, 2, 3, 4].map((z) => ({ fn: 'hang', args: [z] })))).toBeUndefined();
    expect(await student.call('hang', [5])).toMatchObject({ ok: true, value: 5 });
  }, 20_000);

  it('every sigmoid-derivative test: the same results batched as one by one', async () => {
    const definition = findAssignment('sigmoid-derivative');
    const batched = await gradeAssignment(definition, (await open()).module('sigmoid-derivative'), { gradingSeed: 5 });
    const oneByOne = await gradeAssignment(definition, new OneByOne((await open()).module('sigmoid-derivative')), { gradingSeed: 5 });
    expect(batched.tests.map((test) => test.result)).toEqual(oneByOne.tests.map((test) => test.result));
    expect(batched.tests.filter((test) => test.result.status !== 'passed').length).toBeGreaterThan(3);
  }, 60_000);
});

/**
 * A fully compromised sandbox child (issue 11): the student owns the process and answers the IPC protocol
 * with anything it likes. The claim tested: the worst it can do is what a student's own function could do.
 * Its bookkeeping (uniforms consumed, Math.random calls, rng() calls, time) is never evidence, so for every
 * scenario its score is at most that of the best student function returning the same values: a function
 * run in-process (TrustedModule, whose bookkeeping is counted, not claimed) that replays exactly the values
 * the child sent, drawing one uniform per draw and never calling Math.random. And nothing it sends makes
 * the grader fail or do unbounded work.
 *
 * The child is test/submission/compromised-child/child.mjs, started by a real Sandbox (childPath), scripted
 * through its init message with answers to each request the check makes. The requests are learnt by
 * running the check first on the reference solution (or on a mistaken one, for its values).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sandbox, defaultSandboxLimits } from '../../grader/sandbox/sandbox.ts';
import { SandboxStudentModule, type CallOptions, type CallOutcome, type NumberSampleOutcome, type SampleOutcome, type StudentModule } from '../../grader/submission/student-module.ts';
import { TrustedModule } from '../../grader/submission/trusted-module.ts';
import { findRngSpec } from '../../grader/sandbox/rng-arguments.ts';
import { uniforms } from '../../grader/random/uniform-stream.ts';
import type { TestDefinition } from '../../grader/definition/types.ts';
import type { CheckResult } from '../../grader/checks/result.ts';
import { findAssignment } from '../../assignments/index.ts';
import * as sampling from '../../solutions/inverse-transform-sampling.ts';
import * as backprop from '../../solutions/two-layer-backprop.ts';

const childPath = fileURLToPath(new URL('./compromised-child/child.mjs', import.meta.url));
const SEED = 20261123;
const HUGE = 2 ** 32 - 1;

/** One request a check made and what came back. */
interface Exchange {
  fn: string;
  args: unknown[];
  count?: number;
  outcome: CallOutcome | NumberSampleOutcome;
}

/** A module that logs every request; batches are declined so every call is logged alone. */
class Recorder implements StudentModule {
  readonly exchanges: Exchange[] = [];
  constructor(private readonly inner: StudentModule) {}
  get assignment(): string {
    return this.inner.assignment;
  }
  newInstance(): number {
    return this.inner.newInstance();
  }
  async call(fn: string, args: unknown[], options?: CallOptions): Promise<CallOutcome> {
    const outcome = await this.inner.call(fn, args, options);
    this.exchanges.push({ fn, args, outcome });
    return outcome;
  }
  async sample(fn: string, args: unknown[], count: number, options?: CallOptions): Promise<SampleOutcome> {
    return this.inner.sample(fn, args, count, options);
  }
  async sampleNumbers(fn: string, args: unknown[], count: number, options?: CallOptions): Promise<NumberSampleOutcome> {
    const outcome = await this.inner.sampleNumbers(fn, args, count, options);
    this.exchanges.push({ fn, args, count, outcome });
    return outcome;
  }
  async callMany(): Promise<CallOutcome[] | undefined> {
    return undefined;
  }
}

type Message = Record<string, unknown>;
interface Script {
  answers: Array<[string, Message[][]]>;
  fallback?: Message[];
}

const keyOf = (fn: string | null, args: unknown[] | null, count: number | null) => JSON.stringify([fn, args, count]);

/** A script answering each logged request, in order, with what `answer` makes of it. */
function scriptFor(exchanges: Exchange[], answer: (exchange: Exchange, index: number) => Message[], fallback?: Message[]): Script {
  const answers = new Map<string, Message[][]>();
  exchanges.forEach((exchange, index) => {
    const key = keyOf(exchange.fn, exchange.args, exchange.count ?? null);
    answers.set(key, [...(answers.get(key) ?? []), answer(exchange, index)]);
  });
  return { answers: [...answers], fallback };
}

const sandboxes: Sandbox[] = [];
const scripts = mkdtempSync(join(tmpdir(), 'numgrade-compromised-'));
afterAll(() => {
  sandboxes.forEach((sandbox) => sandbox.close());
  rmSync(scripts, { recursive: true, force: true });
});

/** The student module over a compromised child playing this script (a file where the compiled module would be). */
function compromised(assignment: string, script: Script): StudentModule {
  const file = join(scripts, `script-${sandboxes.length}.json`);
  writeFileSync(file, JSON.stringify(script));
  const sandbox = new Sandbox({
    childPath,
    modules: { [assignment]: pathToFileURL(file).href },
    readable: [scripts],
    mathjsUrl: pathToFileURL(file).href,
    limits: defaultSandboxLimits,
  });
  sandboxes.push(sandbox);
  return new SandboxStudentModule(assignment, sandbox, { loadMs: 20_000, callMs: 20_000, sampleMs: 20_000 });
}

async function grade(test: TestDefinition, student: StudentModule): Promise<{ result: CheckResult; score: number }> {
  const result = await test.run({ student, seed: SEED, gradingSeed: SEED });
  // Whatever the child sends is the student's doing: never the grader's failure.
  expect(result.status, JSON.stringify(result.feedback)).not.toBe('graderError');
  return { result, score: result.status === 'passed' ? test.points : 0 };
}

function testOf(assignment: string, id: string): TestDefinition {
  const test = findAssignment(assignment).tests.find((candidate) => candidate.id === id);
  if (!test) throw new Error(`no test ${id}`);
  return test;
}

/** An answer to a sample request, with bookkeeping that claims everything a check wants to hear. */
function samplesAnswer(draws: ArrayLike<number>, overrides: Message = {}): Message {
  return {
    kind: 'samples',
    id: { $id: 0 },
    values: { $f64: Array.from(draws) },
    consumed: { $u32fill: [1, draws.length] },
    rngCalls: draws.length,
    mathRandomCalls: 0,
    elapsedMs: 1,
    ...overrides,
  };
}

const drawsOf = (exchange: Exchange): Float64Array => {
  const outcome = exchange.outcome as NumberSampleOutcome;
  if (!outcome.ok) throw new Error('the recorded sampler failed');
  return Float64Array.from(outcome.values as ArrayLike<number>);
};

/** The draws of a logged run of `module`'s samplers through the check: what that function returns. */
async function recordSampling(test: TestDefinition, module: Record<string, unknown>): Promise<Exchange[]> {
  const recorder = new Recorder(new TrustedModule('inverse-transform-sampling', () => module));
  await test.run({ student: recorder, seed: SEED, gradingSeed: SEED });
  return recorder.exchanges;
}

/**
 * The best student function returning these draws: the j-th sample request (each on a new module instance)
 * gets the j-th list of draws, one rng() call per draw, no Math.random.
 */
function replayingSampler(drawLists: ArrayLike<number>[]): StudentModule {
  let instances = 0;
  return new TrustedModule('inverse-transform-sampling', () => {
    const draws = drawLists[instances++] ?? [];
    let i = 0;
    const draw = (...args: unknown[]) => {
      (args.at(-1) as () => number)();
      return draws[i++];
    };
    return { sampleExponential: draw, samplePoisson: draw, sampleDiscrete: draw };
  });
}

type Sampler = (parameter: never, rng: () => number) => number;
/** The reference samplers, each with the same mistake. */
function mistaken(wrap: (sampler: Sampler) => Sampler): Record<string, unknown> {
  return {
    ...sampling,
    sampleExponential: wrap(sampling.sampleExponential as Sampler),
    samplePoisson: wrap(sampling.samplePoisson as Sampler),
    sampleDiscrete: wrap(sampling.sampleDiscrete as Sampler),
  };
}
/** Two uniforms per draw, the first thrown away. */
const skipsOne = mistaken((sampler) => (parameter, rng) => (rng(), sampler(parameter, rng)));
/** Draws from Math.random (after drawing the uniform it was given, so "one rng() per draw" is true). */
const usesMathRandom = mistaken((sampler) => (parameter, rng) => (rng(), sampler(parameter, Math.random)));

const methodTests = [
  testOf('inverse-transform-sampling', 'exponential-method'),
  testOf('inverse-transform-sampling', 'poisson-method'),
  testOf('inverse-transform-sampling', 'discrete-method'),
];

describe('a compromised child against the inverse-transform method tests', () => {
  describe.each(methodTests.map((test) => [test.id, test] as const))('%s', (_id, test) => {
    it('with the right draws it earns what a right sampler earns, whatever noise it adds', async () => {
      const honest = await recordSampling(test, sampling);
      const noisy = scriptFor(honest, (exchange) => [
        // A wrong id first (ignored), then the answer, then the same answer again (nothing is waiting).
        { ...samplesAnswer(drawsOf(exchange)), id: { $id: 1000 }, values: { $f64: [] } },
        samplesAnswer(drawsOf(exchange)),
        samplesAnswer(drawsOf(exchange), { values: { $sparse: HUGE } }),
      ]);
      const child = await grade(test, compromised('inverse-transform-sampling', noisy));
      const best = await grade(test, replayingSampler(honest.map(drawsOf)));
      expect(child.result.status).toBe('passed');
      expect(child.score).toBe(best.score);
      expect(best.score).toBe(test.points);
    });

    it.each([
      ['two uniforms per draw', skipsOne],
      ['Math.random', usesMathRandom],
    ])('with the draws of a sampler using %s it earns nothing, however it reports its bookkeeping', async (_mistake, module) => {
      const exchanges = await recordSampling(test, module);
      // The mistaken sampler itself, bookkeeping counted: it fails.
      expect((await grade(test, new TrustedModule('inverse-transform-sampling', () => module))).score).toBe(0);
      const lying = scriptFor(exchanges, (exchange) => [samplesAnswer(drawsOf(exchange))]);
      const child = await grade(test, compromised('inverse-transform-sampling', lying));
      const best = await grade(test, replayingSampler(exchanges.map(drawsOf)));
      expect(child.score).toBeLessThanOrEqual(best.score);
      expect(child.score).toBe(0);
    });
  });

  const exponential = methodTests[0]!;
  /** Answers with the right draws, altered as each scenario says. */
  const forged: Array<[string, (draws: Float64Array) => Message[]]> = [
    ['rngCalls NaN', (draws) => [samplesAnswer(draws, { rngCalls: { $number: 'NaN' } })]],
    ['mathRandomCalls −1', (draws) => [samplesAnswer(draws, { mathRandomCalls: -1 })]],
    ['rngCalls 10³⁰⁰', (draws) => [samplesAnswer(draws, { rngCalls: 1e300 })]],
    ['elapsedMs −5', (draws) => [samplesAnswer(draws, { elapsedMs: -5 })]],
    ['elapsedMs Infinity', (draws) => [samplesAnswer(draws, { elapsedMs: { $number: 'Infinity' } })]],
    ['consumed as a Float64Array', (draws) => [samplesAnswer(draws, { consumed: { $f64fill: [1, draws.length] } })]],
    ['consumed as an Int32Array', (draws) => [samplesAnswer(draws, { consumed: { $i32: Array.from(draws, () => 1) } })]],
    ['consumed one short', (draws) => [samplesAnswer(draws, { consumed: { $u32fill: [1, draws.length - 1] } })]],
    ['consumed claiming 2³² − 1 entries', (draws) => [samplesAnswer(draws, { consumed: { $sparse: HUGE } })]],
    ['draws as a sparse array of length 2³² − 1', (draws) => [samplesAnswer(draws, { values: { $sparse: HUGE, entries: { 0: draws[0] } } })]],
    ['one draw too many', (draws) => [samplesAnswer([...draws, 1])]],
    ['draws as BigInts', (draws) => [samplesAnswer(draws, { values: Array.from(draws, () => ({ $bigint: '1' })) })]],
    ['draws as an Int32Array', (draws) => [samplesAnswer(draws, { values: { $i32: Array.from(draws, Math.floor) } })]],
    ['a failed draw numbered 10⁹', (draws) => [samplesAnswer(draws, { threwAt: { index: 1e9, error: { name: 'Error', message: 'x', notAnError: false } } })]],
    ['an answer of another kind', () => [{ kind: 'returned', id: { $id: 0 }, value: 1, rngCalls: 1, mathRandomCalls: 0, elapsedMs: 0 }]],
    ['a forged time-out of 10⁹ s', () => [{ kind: 'timeout', id: { $id: 0 }, limitMs: 1e12 }]],
    ['no fields at all', () => [{ id: { $id: 0 } }]],
  ];

  it.each(forged)('a malformed answer (%s) earns nothing, and says why', async (_scenario, answer) => {
    const honest = await recordSampling(exponential, sampling);
    const child = await grade(exponential, compromised('inverse-transform-sampling', scriptFor(honest, (exchange) => answer(drawsOf(exchange)))));
    expect(child.score).toBe(0);
    expect(child.result).toMatchObject({ status: 'errored', reason: 'invalid-value', feedback: { summary: expect.stringContaining('could not be accepted') } });
  });

  it('well-formed lies only cost it the points: no uniform or two claimed per draw, Math.random claimed, draws sent as text', async () => {
    const honest = await recordSampling(exponential, sampling);
    const lies: Array<(draws: Float64Array) => Message> = [
      (draws) => samplesAnswer(draws, { consumed: { $u32fill: [0, draws.length] } }),
      (draws) => samplesAnswer(draws, { consumed: { $u32fill: [2, draws.length] } }),
      (draws) => samplesAnswer(draws, { mathRandomCalls: 1 }),
      (draws) => samplesAnswer(draws, { values: Array.from(draws, String) }),
    ];
    for (const lie of lies) {
      const child = await grade(exponential, compromised('inverse-transform-sampling', scriptFor(honest, (exchange) => [lie(drawsOf(exchange))])));
      expect(child).toMatchObject({ score: 0, result: { status: 'failed' } });
    }
  });
});

/** The parameters the reference trains with these arguments: what a right trainer returns. */
async function referenceParameters(args: unknown[]): Promise<unknown> {
  const outcome = await new TrustedModule('two-layer-backprop', () => ({ ...backprop })).call('train', args);
  if (!outcome.ok) throw new Error('the reference failed');
  return outcome.value;
}

function returned(value: unknown, usage: Message = {}): Message {
  return { kind: 'returned', id: { $id: 0 }, value, rngCalls: 12, mathRandomCalls: 0, elapsedMs: 3, ...usage };
}

/** The first uniform a call's rng hands out, from its rng argument. */
function firstUniform(args: unknown[]): number {
  const spec = findRngSpec(args)!;
  return spec.first?.[0] ?? uniforms(spec.seed, 1)[0]!;
}

/**
 * The best student function answering as the child did: keyed by what a trainer can see (the first uniform
 * it draws, the labels, the number of steps), it returns the child's answer to the call that looked the same,
 * drawing one uniform and nothing else.
 */
function replayingTrainer(exchanges: Exchange[]): StudentModule {
  const table = new Map<string, unknown>();
  const keyOfCall = (u: number, ys: unknown, options: { iterations?: unknown }) => JSON.stringify([u, ys, options.iterations]);
  for (const exchange of exchanges) {
    const key = keyOfCall(firstUniform(exchange.args), exchange.args[1], exchange.args[2] as { iterations?: unknown });
    if (exchange.outcome.ok && !table.has(key)) table.set(key, (exchange.outcome as { value: unknown }).value);
  }
  // Asked what the child never was, it trains as the reference does (on the same uniforms).
  const train = (xs: number[][], ys: number[], options: Parameters<typeof backprop.train>[2]) => {
    const u = options.rng();
    const known = table.get(keyOfCall(u, ys, options));
    if (known !== undefined) return known;
    let replayed = false;
    return backprop.train(xs, ys, { ...options, rng: () => (replayed ? options.rng() : ((replayed = true), u)) });
  };
  return new TrustedModule('two-layer-backprop', () => ({ ...backprop, train }));
}

describe('a compromised child against the two-layer-backprop rng test', () => {
  const test = testOf('two-layer-backprop', 'train-uses-rng');

  /** The requests the test makes of a right trainer, with the reference's answers. */
  async function honestExchanges(): Promise<Exchange[]> {
    const recorder = new Recorder(new TrustedModule('two-layer-backprop', () => ({ ...backprop })));
    expect((await grade(test, recorder)).score).toBe(test.points);
    return recorder.exchanges;
  }

  /** Plays the script, logging what the child was asked and answered; then the best student function. */
  async function play(script: Script): Promise<{ child: number; best: number; result: CheckResult }> {
    const recorder = new Recorder(compromised('two-layer-backprop', script));
    const child = await grade(test, recorder);
    const best = await grade(test, replayingTrainer(recorder.exchanges));
    expect(child.score).toBeLessThanOrEqual(best.score);
    return { child: child.score, best: best.score, result: child.result };
  }

  it('answering as the reference, with bookkeeping that says all is well, earns what the reference earns', async () => {
    const exchanges = await honestExchanges();
    const script = scriptFor(exchanges, (exchange) => [returned((exchange.outcome as { value: unknown }).value, { rngCalls: (exchange.outcome as { usage: { rngCalls: number } }).usage.rngCalls })]);
    expect(await play(script)).toMatchObject({ child: 1, best: 1 });
  });

  it('parameters that ignore the stream earn nothing, whatever it claims to have drawn', async () => {
    const exchanges = await honestExchanges();
    const fixed = (exchanges[0]!.outcome as { value: unknown }).value;
    const script = scriptFor(exchanges, () => [returned(fixed, { rngCalls: 12, mathRandomCalls: 0 })], [returned(fixed)]);
    expect(await play(script)).toMatchObject({ child: 0, best: 0 });
  });

  it('a count it cannot back with its answers is caught: the first k uniforms replayed must give the same parameters', async () => {
    const exchanges = await honestExchanges();
    // Claims 3 uniforms where the reference draws 12, and answers the replay of those 3 as a trainer of 12 would.
    const script = scriptFor(
      exchanges.filter((exchange) => (findRngSpec(exchange.args)?.first ?? []).length === 0),
      (exchange) => [returned((exchange.outcome as { value: unknown }).value, { rngCalls: 3 })],
    );
    const replay = { ...exchanges[0]!, args: exchanges[0]!.args };
    const spec = findRngSpec(exchanges.find((exchange) => (findRngSpec(exchange.args)?.first ?? []).length > 0)!.args)!;
    // What a 12-uniform trainer gives when only its first 3 uniforms are those of the stream.
    script.fallback = [returned(await referenceParameters(withStream(replay.args, spec.seed, uniforms(SEED, 3))), { rngCalls: 3 })];
    const played = await play(script);
    expect(played.child).toBe(0);
    expect(played.result.feedback.summary).toContain('depend on more than the 3 uniforms');
  });

  it.each([
    ['rngCalls NaN', { rngCalls: { $number: 'NaN' } }],
    ['rngCalls −3', { rngCalls: -3 }],
    ['rngCalls 1.5', { rngCalls: 1.5 }],
    ['mathRandomCalls Infinity', { mathRandomCalls: { $number: 'Infinity' } }],
    ['mathRandomCalls as a string', { mathRandomCalls: '0' }],
    ['elapsedMs −1', { elapsedMs: -1 }],
  ])('bookkeeping that is not a count (%s) earns nothing', async (_scenario, usage) => {
    const exchanges = await honestExchanges();
    const script = scriptFor(exchanges, (exchange) => [returned((exchange.outcome as { value: unknown }).value, usage)]);
    const played = await play(script);
    expect(played.child).toBe(0);
    expect(played.result).toMatchObject({ status: 'errored', reason: 'invalid-value' });
  });

  it('claiming no rng() call for parameters that depend on the stream only costs it the point', async () => {
    const exchanges = await honestExchanges();
    const script = scriptFor(exchanges, (exchange) => [returned((exchange.outcome as { value: unknown }).value, { rngCalls: 0 })]);
    expect(await play(script)).toMatchObject({ child: 0, best: 1 });
  });

  it.each([
    ['a sparse thetaH of length 2³² − 1', { thetaH: { $sparse: HUGE, entries: { 0: [1, 2, 3] } }, thetaY: { $sparse: HUGE } }],
    ['a structure that contains itself', { $cyclic: true }],
    ['a BigInt', { thetaH: [[{ $bigint: '1' }]], thetaY: [1, 2, 3] }],
    ['a Map', { $map: [['thetaH', 1]] }],
    ['an array with extra properties', { $extra: [1, 2], props: { $opaque: 'function', text: { $sparse: HUGE } } }],
  ])('parameters the grader does not read (%s) earn nothing, at once', { timeout: 30_000 }, async (_scenario, value) => {
    const played = await play({ answers: [], fallback: [returned(value)] });
    expect(played.child).toBe(0);
  });
});

describe('the forged forward() answer of issue 11', () => {
  it('is refused without walking its 2³² − 1 entries, batched or one call at a time', { timeout: 30_000 }, async () => {
    const forgedForward = { h: { $sparse: HUGE, entries: { 0: { $sparse: HUGE } } }, yHat: { $sparse: HUGE } };
    const script: Script = {
      // The test's batch of calls ('calls' requests have no fn, args or count of their own).
      answers: [[keyOf(null, null, null), [[{ kind: 'results', id: { $id: 0 }, results: [returned(forgedForward), returned(forgedForward)] }]]]],
      fallback: [returned(forgedForward)],
    };
    const { result } = await grade(testOf('two-layer-backprop', 'forward-values'), compromised('two-layer-backprop', script));
    expect(result).toMatchObject({ status: 'errored', reason: 'invalid-value', feedback: { summary: expect.stringContaining('length 4 294 967 295') } });
  });
});

/** The arguments with their rng argument replaced by one over `seed`, handing out `first` first. */
function withStream(args: unknown[], seed: number, first: Float64Array): unknown[] {
  const [xs, ys, options] = args as [unknown, unknown, Record<string, unknown>];
  return [xs, ys, { ...options, rng: { __graderRng__: { seed, first: Array.from(first) } } }];
}

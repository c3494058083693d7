/**
 * The sandbox child: imports student modules and calls their functions on the parent's request.
 * It is bundled (with its dependencies) into one file and started by sandbox.ts under Node's permission
 * model. Student code runs in a realm of its own (realm.ts): it cannot reach this file's process, channel
 * or built-ins. The child never judges anything: it returns raw values, rng usage and Math.random usage.
 */
import type { CallResult, CallsRequest, InitMessage, Request, Response, ThrownInfo } from './protocol.ts';
import { toWire } from './to-wire.ts';
import { describeThrown, thrownInfoFrom } from './describe-thrown.ts';
import { fileURLToPath } from 'node:url';
import { StudentRealm } from './realm.ts';

/**
 * Defence in depth, before anything else runs. The rule of realm.ts is that no object of this realm ever
 * reaches student code; but V8 and Node call functions of this realm from student code at a depth the
 * student chooses (Node's stack-trace formatter when student code reads `.stack`, its dynamic-import
 * callback), and at the stack's limit the RangeError V8 throws there is this realm's. The way from any
 * object to `process` is code made from a string by its constructor's constructor: Function, or the
 * constructor of async, generator or async generator functions. Those links are cut here, for good (not
 * writable, not configurable), so such an object leads to this realm's built-ins and no further. And this
 * realm's Error.prepareStackTrace, which Node calls for the errors of every realm whose own is unset, is
 * fixed to Node's default. (Nothing in the child or in Node's own code makes functions from strings; the
 * global Function is untouched.) Last, the prototypes such an error leads to take no new properties: a
 * getter added to Object.prototype for a name Node reads on `process` but never sets would be called with
 * `process` as `this`. (Their existing properties stay as they are: freezing them would break the
 * assignments Node's own code makes, such as `error.name = …` on its errors.)
 */
function guardChildRealm(): void {
  const fixed = (value: unknown) => ({ value, writable: false, enumerable: false, configurable: false });
  for (const kind of [function () {}, async function () {}, function* () {}, async function* () {}]) {
    Object.defineProperty(Object.getPrototypeOf(kind), 'constructor', fixed(undefined));
  }
  Object.defineProperty(Error, 'prepareStackTrace', fixed(Error.prepareStackTrace));
  const errors = [Error, RangeError, TypeError, SyntaxError, ReferenceError, EvalError, URIError, AggregateError];
  for (const prototype of [Object.prototype, Function.prototype, Array.prototype, ...errors.map((error) => error.prototype)]) Object.preventExtensions(prototype);
}
guardChildRealm();

const send = process.send!.bind(process) as (message: Response) => void;
// The grader is the only one who can end this process early; if it goes away, so do we.
process.on('disconnect', () => process.exit(0));
// A student's timer or promise that fails later is theirs: it must not end the process mid-request.
process.on('uncaughtException', () => undefined);
process.on('unhandledRejection', () => undefined);

let modules: Record<string, string> = {};
let realm: StudentRealm | undefined;
let outputBytes = 0;
let maxOutputBytes = Infinity;
/** Set when the current request's code wrote past the output limit: the request then fails. */
let outputExceeded = false;

function writeOutput(stream: number, text: string): boolean {
  outputBytes += Buffer.byteLength(text);
  if (outputBytes > maxOutputBytes) {
    outputExceeded = true;
    return false;
  }
  (stream === 2 ? process.stderr : process.stdout).write(text);
  return true;
}

function load(module: string, instance: number): Promise<Record<string, unknown>> {
  const url = modules[module];
  if (!url || !realm) return Promise.reject(new Error(`no file for ${module}`));
  return realm.load(url, instance);
}

const mathRandomCalls = () => realm?.mathRandomCalls ?? 0;
const wire = (value: unknown) => toWire(value, realm?.objectPrototype);
/** What was thrown, read inside the student's realm (see realm.ts): never `.stack` of a student value here. */
const describe = (thrown: unknown) => (realm ? thrownInfoFrom(realm.describe(thrown)) : describeThrown(thrown));

function outputLimitError(): ThrownInfo {
  return { name: 'OutputLimit', message: `it wrote more than ${maxOutputBytes / 1e6} MB of console output`, notAnError: false };
}

const selfUrl = import.meta.url;
const selfPath = fileURLToPath(selfUrl);

/**
 * What was thrown, its stack ending at the last frame that is not the grader's: the frames of this runtime
 * and of Node's task queue below the student's code say only how the call was made (one call or a batch),
 * and would make the same throw read differently depending on it.
 */
function thrownInfo(error: unknown): ThrownInfo {
  const info = describe(error);
  if (typeof info.stack === 'string' && realm) info.stack = realm.remapStack(info.stack);
  if (typeof info.stack === 'string') {
    const lines = info.stack.split('\n');
    let end = lines.length;
    while (end > 1 && /^\s+at /.test(lines[end - 1]!) && (lines[end - 1]!.includes(selfUrl) || lines[end - 1]!.includes(selfPath) || lines[end - 1]!.includes('node:internal/'))) end -= 1;
    info.stack = lines.slice(0, end).join('\n');
  }
  return info;
}

async function settle(value: unknown): Promise<unknown> {
  // A synchronous contract, but `async function` answers are unwrapped rather than failed.
  if (typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function') return await value;
  return value;
}

async function handle(request: Request): Promise<Response> {
  let exports: Record<string, unknown>;
  try {
    exports = await load(request.module, request.instance);
  } catch (error) {
    return { kind: 'load-failed', id: request.id, error: thrownInfo(error) };
  }
  if (request.kind === 'load') return { kind: 'loaded', id: request.id };
  if (request.kind === 'calls') return { kind: 'results', id: request.id, results: await callInOrder(exports, request) };
  const found = exports[request.fn];
  if (typeof found !== 'function') return { kind: 'missing-export', id: request.id, fn: request.fn, exports: Object.keys(exports) };
  const fn = found as Callable;
  if (request.kind === 'call') return { ...(await callOnce(fn, request.args)), id: request.id };

  const { args, counter, rng, release } = realm!.args(request.args);
  const randomBefore = mathRandomCalls();
  const started = performance.now();
  const usage = () => ({ rngCalls: counter.calls, mathRandomCalls: mathRandomCalls() - randomBefore, elapsedMs: performance.now() - started });
  outputExceeded = false;
  // The draws run inside the realm while they are plain numbers (no crossing per draw); a draw that is
  // something else (a Promise, an array, a throw) is taken over here, and the rest drawn one by one.
  const bulk = realm!.drawMany(fn, args, request.count, rng);
  if (request.packed && bulk.outcome.stoppedAt === request.count && !outputExceeded) {
    release();
    // Copied into arrays of this realm: the copy reads the realm's arrays by their internal slots, where
    // sending them would consult their (student-reachable) prototypes.
    return { kind: 'samples', id: request.id, values: new Float64Array(bulk.values), consumed: new Uint32Array(bulk.consumed), ...usage() };
  }
  // An array filled by push stays packed: V8 serializes it densely, a holey one entry by entry.
  const values: unknown[] = Array.from(bulk.values.subarray(0, bulk.outcome.stoppedAt));
  const consumed = new Uint32Array(request.count);
  consumed.set(bulk.consumed.subarray(0, bulk.outcome.stoppedAt));
  let threwAt: { index: number; error: ThrownInfo } | undefined;
  if (outputExceeded) threwAt = { index: Math.max(0, bulk.outcome.stoppedAt - 1), error: outputLimitError() };
  else if (bulk.outcome.stoppedAt < request.count) {
    const draw = drawer(fn, args);
    for (let i = bulk.outcome.stoppedAt; i < request.count; i++) {
      const before = counter.calls;
      try {
        let value: unknown;
        if (i === bulk.outcome.stoppedAt) {
          if (bulk.outcome.threw) throw bulk.outcome.value;
          value = bulk.outcome.value;
        } else value = draw();
        if (typeof value !== 'number') value = wire(await settle(value));
        values.push(value);
      } catch (error) {
        threwAt = { index: i, error: outputExceeded ? outputLimitError() : thrownInfo(error) };
        break;
      }
      if (outputExceeded) {
        threwAt = { index: i, error: outputLimitError() };
        values.pop();
        break;
      }
      // The draw taken over from the realm used the uniforms the realm counted for it.
      consumed[i] = i === bulk.outcome.stoppedAt ? bulk.consumed[i]! : counter.calls - before;
    }
  }
  release();
  return { kind: 'samples', id: request.id, values: threwAt ? values.slice(0, threwAt.index) : values, consumed: threwAt ? consumed.slice(0, threwAt.index) : consumed, threwAt, ...usage() };
}

type Callable = (...args: unknown[]) => unknown;

/**
 * fn called with these arguments, without spreading them afresh at each of many draws. The arguments are
 * an array of the student's realm: read by index and by Reflect.apply, never through its (redefinable)
 * iterator.
 */
function drawer(fn: Callable, args: unknown[]): () => unknown {
  if (args.length === 1) {
    const a = args[0];
    return () => fn(a);
  }
  if (args.length === 2) {
    const a = args[0];
    const b = args[1];
    return () => fn(a, b);
  }
  return () => Reflect.apply(fn, undefined, args);
}

/** One call, as a CallRequest makes it: its own rng binding, usage and sanitized value. */
async function callOnce(fn: Callable, rawArgs: unknown[]): Promise<CallResult> {
  const { args, counter, release } = realm!.args(rawArgs);
  const randomBefore = mathRandomCalls();
  const started = performance.now();
  const usage = () => ({ rngCalls: counter.calls, mathRandomCalls: mathRandomCalls() - randomBefore, elapsedMs: performance.now() - started });
  outputExceeded = false;
  try {
    const value = wire(await settle(Reflect.apply(fn, undefined, args)));
    if (outputExceeded) return { kind: 'threw', error: outputLimitError(), ...usage() };
    return { kind: 'returned', value, ...usage() };
  } catch (error) {
    return { kind: 'threw', error: outputExceeded ? outputLimitError() : thrownInfo(error), ...usage() };
  } finally {
    release();
  }
}

/** The calls of a CallsRequest in order, up to and including the first that gives no value. */
async function callInOrder(exports: Record<string, unknown>, request: CallsRequest): Promise<CallResult[]> {
  const results: CallResult[] = [];
  for (const { fn: name, args } of request.calls) {
    const fn = exports[name];
    if (typeof fn !== 'function') {
      results.push({ kind: 'missing-export', fn: name, exports: Object.keys(exports) });
      break;
    }
    const result = await callOnce(fn as Callable, args);
    results.push(result);
    if (result.kind !== 'returned') break;
    if (request.stopUnlessFinite && !(typeof result.value === 'number' && Number.isFinite(result.value))) break;
  }
  return results;
}

let queue: Promise<void> = Promise.resolve();
process.on('message', (message: InitMessage | Request) => {
  if (message.kind === 'init') {
    modules = message.modules;
    maxOutputBytes = message.maxOutputBytes;
    realm = new StudentRealm({ mathjsUrl: message.mathjsUrl, write: writeOutput, mathRandomSeed: 0x5eed });
    return;
  }
  queue = queue.then(async () => {
    const response = await handle(message);
    try {
      send(response);
    } catch (error) {
      // The value could not be serialized after all: say so rather than leave the parent waiting.
      const info = thrownInfo(error);
      send({ kind: 'threw', id: message.id, error: { ...info, message: `the result could not be sent to the grader: ${info.message}` }, rngCalls: 0, mathRandomCalls: 0, elapsedMs: 0 });
    }
  });
});

/**
 * The sandbox child: imports student modules and calls their functions on the parent's request.
 * It is bundled (with its dependencies) into one file and started by session.ts under Node's permission
 * model. It never judges anything: it returns raw values, rng usage and Math.random usage.
 */
import type { CallResult, CallsRequest, InitMessage, Request, Response, ThrownInfo } from './protocol.ts';
import { toWire } from './to-wire.ts';
import { describeThrown } from './describe-thrown.ts';
import { fileURLToPath } from 'node:url';
import { bindRng } from './rng-arguments.ts';

// Keep the channel to ourselves: student code finds no process.send to forge answers with.
const send = process.send!.bind(process) as (message: Response) => void;
delete (process as { send?: unknown }).send;

let mathRandomCalls = 0;
const realRandom = Math.random;
Math.random = function random() {
  mathRandomCalls += 1;
  return realRandom();
};

let modules: Record<string, string> = {};
const loaded = new Map<string, Promise<Record<string, unknown>>>();

function load(module: string, instance: number): Promise<Record<string, unknown>> {
  const key = `${module}#${instance}`;
  let pending = loaded.get(key);
  if (!pending) {
    const url = modules[module];
    if (!url) throw new Error(`no file for ${module}`);
    pending = import(`${url}?instance=${instance}`) as Promise<Record<string, unknown>>;
    loaded.set(key, pending);
  }
  return pending;
}

const selfUrl = import.meta.url;
const selfPath = fileURLToPath(selfUrl);

/**
 * What was thrown, its stack ending at the last frame that is not the grader's: the frames of this runtime
 * and of Node's task queue below the student's code say only how the call was made (one call or a batch),
 * and would make the same throw read differently depending on it.
 */
function thrownInfo(error: unknown): ThrownInfo {
  const info = describeThrown(error);
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

  const { args, counter } = bindRng(request.args);
  const randomBefore = mathRandomCalls;
  const started = performance.now();
  const usage = () => ({ rngCalls: counter.calls, mathRandomCalls: mathRandomCalls - randomBefore, elapsedMs: performance.now() - started });
  const draw = drawer(fn, args);
  // Filled by push, so the array stays packed: V8 serializes a packed array of numbers densely, a holey one
  // (new Array(count)) entry by entry as a sparse object, several times slower to send and to receive.
  const values: unknown[] = [];
  const consumed = new Uint32Array(request.count);
  let threwAt: { index: number; error: ThrownInfo } | undefined;
  for (let i = 0; i < request.count; i++) {
    const before = counter.calls;
    try {
      let value = draw();
      if (typeof value !== 'number') value = toWire(await settle(value));
      values.push(value);
    } catch (error) {
      threwAt = { index: i, error: thrownInfo(error) };
      break;
    }
    consumed[i] = counter.calls - before;
  }
  return { kind: 'samples', id: request.id, values, consumed: threwAt ? consumed.slice(0, threwAt.index) : consumed, threwAt, ...usage() };
}

type Callable = (...args: unknown[]) => unknown;

/** fn called with these arguments, without spreading them afresh at each of many draws. */
function drawer(fn: Callable, args: unknown[]): () => unknown {
  if (args.length === 1) {
    const [a] = args;
    return () => fn(a);
  }
  if (args.length === 2) {
    const [a, b] = args;
    return () => fn(a, b);
  }
  return () => fn(...args);
}

/** One call, as a CallRequest makes it: its own rng binding, usage and sanitized value. */
async function callOnce(fn: Callable, rawArgs: unknown[]): Promise<CallResult> {
  const { args, counter } = bindRng(rawArgs);
  const randomBefore = mathRandomCalls;
  const started = performance.now();
  const usage = () => ({ rngCalls: counter.calls, mathRandomCalls: mathRandomCalls - randomBefore, elapsedMs: performance.now() - started });
  try {
    const value = toWire(await settle(fn(...args)));
    return { kind: 'returned', value, ...usage() };
  } catch (error) {
    return { kind: 'threw', error: thrownInfo(error), ...usage() };
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

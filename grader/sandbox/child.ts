/**
 * The sandbox child: imports student modules and calls their functions on the parent's request.
 * It is bundled (with its dependencies) into one file and started by session.ts under Node's permission
 * model. It never judges anything: it returns raw values, rng usage and Math.random usage.
 */
import type { InitMessage, Request, Response, ThrownInfo } from './protocol.ts';
import { toWire } from './to-wire.ts';
import { describeThrown } from './describe-thrown.ts';
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
    return { kind: 'load-failed', id: request.id, error: describeThrown(error) };
  }
  if (request.kind === 'load') return { kind: 'loaded', id: request.id };
  const fn = exports[request.fn];
  if (typeof fn !== 'function') return { kind: 'missing-export', id: request.id, fn: request.fn, exports: Object.keys(exports) };

  const { args, counter } = bindRng(request.args);
  const randomBefore = mathRandomCalls;
  const started = performance.now();
  const usage = () => ({ rngCalls: counter.calls, mathRandomCalls: mathRandomCalls - randomBefore, elapsedMs: performance.now() - started });

  if (request.kind === 'call') {
    try {
      const value = toWire(await settle(fn(...args)));
      return { kind: 'returned', id: request.id, value, ...usage() };
    } catch (error) {
      return { kind: 'threw', id: request.id, error: describeThrown(error), ...usage() };
    }
  }

  const values: unknown[] = new Array(request.count);
  const consumed = new Uint32Array(request.count);
  let threwAt: { index: number; error: ThrownInfo } | undefined;
  for (let i = 0; i < request.count; i++) {
    const before = counter.calls;
    try {
      let value = fn(...args);
      if (typeof value !== 'number') value = toWire(await settle(value));
      values[i] = value;
    } catch (error) {
      threwAt = { index: i, error: describeThrown(error) };
      values.length = i;
      break;
    }
    consumed[i] = counter.calls - before;
  }
  return { kind: 'samples', id: request.id, values, consumed: threwAt ? consumed.slice(0, threwAt.index) : consumed, threwAt, ...usage() };
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
      const info = describeThrown(error);
      send({ kind: 'threw', id: message.id, error: { ...info, message: `the result could not be sent to the grader: ${info.message}` }, rngCalls: 0, mathRandomCalls: 0, elapsedMs: 0 });
    }
  });
});

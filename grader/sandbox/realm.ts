/**
 * The realm student code runs in, inside the sandbox child: a V8 context of its own (node:vm), with its
 * own globals and built-ins, and nothing of Node's: no `process`, no `require`, no `import()` of anything,
 * no IPC channel. Student code therefore cannot reach the child's channel to the grader (to forge or
 * garble answers), cannot tamper with the built-ins the child's own code uses (`Array.prototype.map`,
 * `JSON`, `Object.prototype.then` in its realm are not the child's), and finds no module to open a socket,
 * a file or a trace with. The permission model and the namespaces around the child stay in place behind it.
 *
 * The rule that keeps the realm closed: no object or function of the child's realm is ever handed to
 * student code, because from any such object `x.constructor.constructor('return process')()` would reach
 * the child's `process`. Everything the realm needs from outside (console, timers, the seeded rng,
 * Math.random) is a function created INSIDE the realm, closing over a child function it calls with
 * primitives only; those child functions never throw (a thrown child Error would be such an object), they
 * return a status the realm-side code turns into an Error of the realm's own. Arguments cross as JSON
 * text parsed by the realm's own JSON.parse, captured before any student code ran.
 *
 * Three ways that rule was broken before, each closed here and tested in test/sandbox/realm-escapes.test.ts:
 * - At the stack's limit V8 throws its RangeError in the realm of the function that overflowed. A student
 *   who recurses to the limit and then calls Math.random (or console.log, performance.now, a timer, the
 *   rng) overflows inside the child function behind it and catches a RangeError of the CHILD's realm.
 *   So every call to a child function is made through a realm-side wrapper that lets nothing it throws
 *   through (`host()` in the prelude): what it throws is replaced by a RangeError of the realm.
 * - Reading `.stack` formats the trace, and V8 makes the CallSites it hands to `Error.prepareStackTrace`
 *   (which the student may set) in the realm that READS it. The child used to read the stack of what
 *   student code threw; now the prelude reads it (`describe`), inside the realm, and hands back strings.
 * - The prelude read `buffer.length` through `%TypedArray%.prototype.length`, which the student can
 *   redefine (a Symbol there made the child's `n < length` throw a child TypeError). The prelude reads no
 *   property the student can redefine: it keeps the buffer's size itself and uses intrinsics captured
 *   before any student code ran.
 * And two found while closing them: the context's global was backed by a child object (`{}`), so a bare
 * `constructor` in student code was the child's Object (and a getter defined on the global received that
 * object as `this`): the global is now backed by a null-prototype object. The dynamic-import hook was a
 * child function: it is now a realm function, and the mathjs module it hands back is fully evaluated.
 * V8 and Node still call into the child's realm from student code at a depth the student chooses (Node's
 * stack-trace formatter, its dynamic-import callback); child.ts cuts the ways from any child object to code.
 */
import vm from 'node:vm';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SourceMap } from 'node:module';
import { basename } from 'node:path';
import { RNG_MARKER } from './protocol.ts';
import { findRngSpec } from './rng-arguments.ts';
import { uniformStream, type UniformStream } from '../random/uniform-stream.ts';
import { isNativeError } from 'node:util/types';
import type { ThrownParts } from './describe-thrown.ts';

export interface RealmOptions {
  /** file: URL of the prebuilt mathjs bundle, the one module student code may import. */
  mathjsUrl: string;
  /** Console output (stream 1 or 2): the realm's console calls this; false means the limit was reached. */
  write(stream: number, text: string): boolean;
  /** Seed of the realm's Math.random (deterministic, so the same submission gives the same report). */
  mathRandomSeed: number;
}

/**
 * Global lookups in a vm context go through the context's interceptors, tens of times slower than a local
 * variable: a training loop calling Math.exp a million times would crawl. So each module sees the built-ins
 * it uses most as module-scope constants, bound on its first line (line numbers in stack traces unchanged).
 * A module that declares one of these names itself is evaluated without the binding.
 */
const BUILTINS = ['Math', 'Number', 'Array', 'Object', 'JSON', 'String', 'Boolean', 'Symbol', 'Error', 'TypeError', 'RangeError', 'Map', 'Set', 'WeakMap', 'Promise', 'Reflect', 'Float64Array', 'Float32Array', 'Int32Array', 'Uint32Array', 'Uint8Array', 'ArrayBuffer', 'isFinite', 'isNaN', 'parseFloat', 'parseInt', 'Infinity', 'NaN', 'console'];
const BIND_BUILTINS = `const { ${BUILTINS.join(', ')} } = globalThis; `;

export interface RngCounter {
  calls: number;
}

/** Realm-side helpers, compiled in the realm before any student code runs. */
const PRELUDE = String.raw`(function prelude(host) {
  'use strict';
  const parse = JSON.parse;
  const F64 = Float64Array;
  const U32 = Uint32Array;
  const NumberOf = Number;
  const ErrorOf = Error;
  const StringOf = String;
  const isArray = Array.isArray;
  const RangeErrorOf = RangeError;
  const join = Function.prototype.call.bind(Array.prototype.join);
  const hasOwn = Function.prototype.call.bind(Object.prototype.hasOwnProperty);
  const own = (value, key) => hasOwn(value, key);
  const MARKER = host.marker;

  // Every call to a child (host) function goes through one of these wrappers. Host functions are called
  // with primitives and the realm's own buffer, and throw nothing of their own; what they can throw is
  // the RangeError V8 makes when the stack runs out inside them, an object of the child's realm. It is
  // dropped unread and replaced by the realm's own (made here, so at the limit it is the realm's too).
  const overflow = () => new RangeErrorOf('Maximum call stack size exceeded');
  const hostRefill = host.refill;
  function refill(id, buffer, size) { try { return hostRefill(id, buffer, size); } catch { throw overflow(); } }
  const hostRandom = host.random;
  function random() { try { return hostRandom(); } catch { throw overflow(); } }
  const hostNow = host.now;
  function now() { try { return hostNow(); } catch { throw overflow(); } }
  const hostWrite = host.write;
  function write(stream, text) { try { return hostWrite(stream, text); } catch { throw overflow(); } }
  const hostSchedule = host.schedule;
  function schedule(id, ms, repeat) { try { hostSchedule(id, ms, repeat); } catch { throw overflow(); } }
  const hostCancel = host.cancel;
  function cancel(id) { try { hostCancel(id); } catch { throw overflow(); } }
  const hostImport = host.importModule;

  // Arguments: JSON text, with non-JSON numbers spelled {"$n": "NaN"} and the rng marker replaced by the
  // call's rng (made by makeRng).
  function argsFrom(text, rng) {
    return parse(text, function revive(key, value) {
      if (typeof value === 'object' && value !== null && !isArray(value)) {
        if (own(value, '$n')) return NumberOf(value.$n);
        if (own(value, MARKER)) return rng;
      }
      return value;
    });
  }

  // A call's rng: uniforms from a buffer of the realm's own that the child refills (refill writes into
  // it and returns how many it wrote), so a draw costs no crossing between realms.
  // The buffer starts small and grows fourfold up to 4096: most calls draw one or a few uniforms. Its size
  // is kept here: buffer.length would go through %TypedArray%.prototype.length, the student's to redefine.
  function makeRng(id) {
    let buffer;
    let size = 0;
    let filled = 0;
    let position = 0;
    let calls = 0;
    function rng() {
      if (position === filled) {
        const next = size === 0 ? 16 : size < 4096 ? size * 4 : 4096;
        const fresh = new F64(next);
        filled = refill(id, fresh, next);
        buffer = fresh;
        size = next;
        position = 0;
      }
      calls++;
      return buffer[position++];
    }
    return { rng, calls: () => calls };
  }

  // Many draws of fn(...args) in the realm, into typed arrays. Stops at the first draw that throws or is
  // not a number (the child takes that one over), reporting where it stopped.
  function drawMany(fn, args, count, rngState) {
    const values = new F64(count);
    const consumed = new U32(count);
    const done = (stoppedAt, value, threw) => ({ stoppedAt, value, threw, values, consumed });
    let i = 0;
    // Called with the arguments spelled out: a spread call at each of 200 000 draws costs more than most
    // samplers do.
    const [a, b, c] = args;
    const n = args.length;
    const call = n === 0 ? () => fn() : n === 1 ? () => fn(a) : n === 2 ? () => fn(a, b) : n === 3 ? () => fn(a, b, c) : () => fn(...args);
    try {
      for (; i < count; i++) {
        const before = rngState.calls();
        const value = call();
        consumed[i] = rngState.calls() - before;
        if (typeof value !== 'number') return done(i, value, false);
        values[i] = value;
      }
    } catch (error) {
      return done(i, error, true);
    }
    return done(count, undefined, false);
  }

  function show(value, depth) {
    try {
      if (typeof value === 'string') return value;
      if (typeof value !== 'object' || value === null) return StringOf(value);
      if (depth > 2) return isArray(value) ? '[Array]' : '[Object]';
      if (isArray(value)) {
        const parts = [];
        const n = value.length > 100 ? 100 : value.length;
        for (let i = 0; i < n; i++) parts[i] = show(value[i], depth + 1);
        return '[ ' + join(parts, ', ') + (value.length > n ? ', … ' + (value.length - n) + ' more' : '') + ' ]';
      }
      if (value instanceof ErrorOf) return StringOf(value.stack || value.message);
      const parts = [];
      let i = 0;
      for (const key in value) {
        if (i++ >= 50) { parts[parts.length] = '…'; break; }
        parts[parts.length] = key + ': ' + show(value[key], depth + 1);
      }
      return '{ ' + join(parts, ', ') + ' }';
    } catch (error) {
      return '[unprintable]';
    }
  }

  function emit(stream, text) {
    if (!write(stream, text)) throw new ErrorOf('console output limit reached: this code wrote too much');
  }
  function printer(stream) {
    return function print(...values) {
      const parts = [];
      for (let i = 0; i < values.length; i++) parts[i] = show(values[i], 0);
      emit(stream, join(parts, ' ') + '\n');
    };
  }
  const log = printer(1);
  const error = printer(2);
  const console = { log, info: log, debug: log, trace: log, table: log, dir: log, error, warn: error };

  const callbacks = new Map();
  let nextTimer = 1;
  function timer(repeat) {
    return function set(callback, ms, ...args) {
      if (typeof callback !== 'function') throw new TypeError('the callback must be a function');
      const id = nextTimer++;
      callbacks.set(id, () => callback(...args));
      schedule(id, NumberOf(ms) || 0, repeat);
      return id;
    };
  }
  function clear(id) {
    callbacks.delete(id);
    cancel(NumberOf(id));
  }
  function fire(id, repeat) {
    const callback = callbacks.get(id);
    if (!repeat) callbacks.delete(id);
    if (callback) { try { callback(); } catch (ignored) { /* an error in a timer is the student's; nothing to report */ } }
  }

  Math.random = function random_() { return random(); };
  const globals = {
    console,
    setTimeout: timer(false), setInterval: timer(true), setImmediate: (callback, ...args) => timer(false)(callback, 0, ...args),
    clearTimeout: clear, clearInterval: clear, clearImmediate: clear,
    queueMicrotask: (callback) => { Promise.resolve().then(() => callback()); },
    performance: { now: () => now() },
    // What a submission may reasonably touch of Node's process: output, an empty environment, and an exit
    // that ends only the call that makes it.
    process: {
      stdout: { write: (text) => { emit(1, StringOf(text)); return true; } },
      stderr: { write: (text) => { emit(2, StringOf(text)); return true; } },
      env: {},
      argv: [],
      platform: 'sandbox',
      versions: {},
      nextTick: (callback, ...args) => { Promise.resolve().then(() => callback(...args)); },
      exit: (code) => { throw new ErrorOf('process.exit(' + (code === undefined ? '' : StringOf(code)) + ') was called: a submission cannot end the grader, so this call failed'); },
      on: () => undefined,
    },
  };
  for (const key in globals) Object.defineProperty(globalThis, key, { value: globals[key], writable: true, configurable: true, enumerable: false });

  // What was thrown, read HERE: reading an error's stack formats its trace, and V8 makes the CallSites
  // it hands to Error.prepareStackTrace (which the student may have set) in the realm that reads it. Only
  // strings (or undefined, where a read failed) go back; the child cuts them to length.
  // nativeError: the child's util.types.isNativeError, which no Proxy trap can answer.
  function text(read) {
    try {
      const value = read();
      return typeof value === 'string' ? value : StringOf(value);
    } catch {
      return undefined;
    }
  }
  function describe(thrown, nativeError) {
    let error = nativeError === true;
    if (!error) { try { error = thrown instanceof ErrorOf; } catch { error = false; } }
    const isObject = typeof thrown === 'object' && thrown !== null;
    let hasMessage = false;
    if (!error && isObject) { try { hasMessage = 'message' in thrown; } catch { hasMessage = false; } }
    const name = error ? text(() => thrown.name) : typeof thrown;
    const message = error || hasMessage ? text(() => thrown.message) : text(() => thrown);
    let stack;
    if (error) { try { stack = thrown.stack; } catch { stack = undefined; } }
    return { error, name, message, stack: typeof stack === 'string' ? stack : undefined };
  }

  // The dynamic-import hook V8 calls (through Node) for import() in student code. The child's function
  // behind it answers only for mathjs, with a child Promise of the evaluated module; anything else it
  // refuses with undefined.
  const refused = () => new ErrorOf('import() is not available to submissions: import mathjs at the top of the file');
  function importModule(specifier) {
    let pending;
    try { pending = hostImport(typeof specifier === 'string' ? specifier : ''); } catch { throw overflow(); }
    if (pending === undefined) throw refused();
    return pending;
  }
  return { argsFrom, makeRng, drawMany, fire, describe, importModule, objectPrototype: Object.prototype, importFailed: () => new ErrorOf('import() of mathjs failed') };
})`;

interface RealmRng {
  rng: () => number;
  calls(): number;
}

export interface DrawOutcome {
  /** Draws done: values[0..stoppedAt) are numbers. */
  stoppedAt: number;
  /** The value (not a number) or the thrown value at stoppedAt, when stoppedAt < count. */
  value: unknown;
  threw: boolean;
}

interface Prelude {
  argsFrom(text: string, rng: unknown): unknown[];
  makeRng(id: number): RealmRng;
  drawMany(fn: unknown, args: unknown[], count: number, rng: RealmRng): DrawOutcome & { values: Float64Array; consumed: Uint32Array };
  fire(id: number, repeat: boolean): void;
  describe(thrown: unknown, nativeError: boolean): ThrownParts;
  importModule(specifier: unknown): unknown;
  objectPrototype: object;
  importFailed(): unknown;
}

export class StudentRealm {
  readonly context: vm.Context;
  private readonly prelude: Prelude;
  private readonly modules = new Map<string, Promise<Record<string, unknown>>>();
  private mathjs: vm.SourceTextModule | undefined;
  private readonly rngs = new Map<number, { first: number[]; seed: number; stream?: UniformStream }>();
  private nextRngId = 1;
  private readonly timers = new Map<number, NodeJS.Timeout>();
  /** mathjs linked and evaluated for import(), made once (see dynamicImport). */
  private mathjsReady: Promise<vm.Module> | undefined;
  mathRandomCalls = 0;

  constructor(private readonly options: RealmOptions) {
    // The global's properties live on this object, and a lookup the realm's global does not answer walks
    // ITS prototype chain: with `{}`, a bare `constructor` in student code was the child's Object (and a
    // getter on globalThis got this object as `this`). With no prototype it holds only the realm's values.
    this.context = vm.createContext(Object.create(null) as object, { name: 'submission', codeGeneration: { strings: true, wasm: false } });
    const random = uniformStream(options.mathRandomSeed);
    // The child functions the realm closes over: called with primitives, return primitives, never throw.
    const host = {
      marker: RNG_MARKER,
      // The buffer is the realm's: its length is passed along rather than read through a getter the
      // student could have redefined.
      refill: (id: number, buffer: Float64Array, length: number) => {
        const rng = this.rngs.get(id);
        if (!rng) return 0;
        let n = 0;
        while (rng.first.length > 0 && n < length) buffer[n++] = rng.first.shift()!;
        rng.stream ??= uniformStream(rng.seed);
        for (; n < length; n++) buffer[n] = rng.stream.next();
        return n;
      },
      random: () => {
        this.mathRandomCalls += 1;
        return random.next();
      },
      write: (stream: number, text: string) => (typeof text === 'string' ? this.options.write(stream, text) : true),
      schedule: (id: number, ms: number, repeat: boolean) => {
        const delay = Math.min(Math.max(0, Number(ms) || 0), 2 ** 31 - 1);
        const fire = () => {
          try {
            this.prelude.fire(id, repeat);
          } catch {
            // The realm's own built-ins were tampered with: the student's timer is lost, nothing else.
          }
        };
        const handle = repeat ? setInterval(fire, Math.max(1, delay)) : setTimeout(fire, delay);
        handle.unref();
        this.timers.set(id, handle);
      },
      cancel: (id: number) => {
        const handle = this.timers.get(id);
        if (handle) clearTimeout(handle);
        this.timers.delete(id);
      },
      now: () => performance.now(),
      importModule: (specifier: string) => (specifier === 'mathjs' ? this.dynamicImport() : undefined),
    };
    const makePrelude = vm.runInContext(PRELUDE, this.context, { filename: 'grader:prelude' }) as (host: unknown) => Prelude;
    // `host` itself is a child object: the prelude reads its fields once and keeps no reference to it.
    this.prelude = makePrelude(Object.freeze({ ...host }));
  }

  /** The realm's own Object.prototype: a plain object student code returns has this prototype. */
  get objectPrototype(): object {
    return this.prelude.objectPrototype;
  }

  /** What student code threw, read inside the realm (see the prelude's describe). */
  describe(thrown: unknown): ThrownParts {
    const parts = this.prelude.describe(thrown, isNativeError(thrown));
    // A realm object made by the prelude: own data properties only, read once each.
    const { error, name, message, stack } = parts;
    return { error: error === true, name: typeof name === 'string' ? name : undefined, message: typeof message === 'string' ? message : undefined, stack: typeof stack === 'string' ? stack : undefined };
  }

  /**
   * A call's arguments as values of the realm. The rng marker becomes a counting rng over the seeded
   * stream; `counter` says how many uniforms the call used.
   */
  args(args: unknown[]): { args: unknown[]; counter: RngCounter; rng: RealmRng; release(): void } {
    const spec = findRngSpec(args);
    const id = this.nextRngId++;
    this.rngs.set(id, { first: [...(spec?.first ?? [])], seed: spec?.seed ?? 0 });
    const rng = this.prelude.makeRng(id);
    const realmArgs = this.prelude.argsFrom(encode(args), rng.rng);
    const counter = {
      get calls() {
        return rng.calls();
      },
    };
    return { args: realmArgs, counter, rng, release: () => this.rngs.delete(id) };
  }

  /** `count` draws of fn(...args) run inside the realm (see the prelude's drawMany). */
  drawMany(fn: unknown, args: unknown[], count: number, rng: RealmRng): { values: Float64Array; consumed: Uint32Array; outcome: DrawOutcome } {
    const outcome = this.prelude.drawMany(fn, args, count, rng);
    // Copied into this realm's arrays entry by entry: the realm's iterators, `length` and `subarray` could
    // have been redefined by student code, indexed reads of a typed array cannot.
    const values = new Float64Array(count);
    const consumed = new Uint32Array(count);
    const stoppedAt = Math.min(count, Math.max(0, Number(outcome.stoppedAt) | 0));
    for (let i = 0; i < stoppedAt; i++) {
      values[i] = outcome.values[i]!;
      consumed[i] = outcome.consumed[i]!;
    }
    if (stoppedAt < count) consumed[stoppedAt] = outcome.consumed[stoppedAt]!;
    return { values, consumed, outcome: { stoppedAt, value: outcome.value, threw: outcome.threw === true } };
  }

  /** Imports a compiled student module into the realm; each instance number evaluates it afresh. */
  load(url: string, instance: number): Promise<Record<string, unknown>> {
    const key = `${url}#${instance}`;
    let pending = this.modules.get(key);
    if (!pending) {
      pending = this.evaluate(url, instance);
      this.modules.set(key, pending);
    }
    return pending;
  }

  private async evaluate(url: string, instance: number): Promise<Record<string, unknown>> {
    // Named as the student named the file, not by its temporary path: stack traces (and so the feedback)
    // are the same on every run.
    const name = basename(fileURLToPath(url)).replace(/\.mjs$/, '.ts');
    const source = readFileSync(fileURLToPath(url), 'utf8');
    this.rememberSourceMap(name, source);
    const module = this.moduleFrom(source, instance === 0 ? name : `${name}#${instance}`);
    await module.link((specifier) => {
      if (specifier === 'mathjs') return this.mathjsModule();
      throw new Error(`${specifier} cannot be imported (only mathjs can)`);
    });
    await module.evaluate();
    return module.namespace as Record<string, unknown>;
  }

  private readonly sourceMaps = new Map<string, SourceMap>();

  private rememberSourceMap(name: string, source: string): void {
    if (this.sourceMaps.has(name)) return;
    const match = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/.exec(source);
    if (!match) return;
    try {
      this.sourceMaps.set(name, new SourceMap(JSON.parse(Buffer.from(match[1]!, 'base64').toString('utf8'))));
    } catch {
      // no map: stack traces keep the compiled positions
    }
  }

  /** A stack trace with positions in the student's own .ts files (through the compiled files' source maps). */
  remapStack(stack: string): string {
    return stack.replace(/([\w.-]+\.ts)(#\d+)?:(\d+):(\d+)/g, (whole, name: string, _instance: string | undefined, line: string, column: string) => {
      const map = this.sourceMaps.get(name);
      if (!map) return whole;
      const entry = map.findEntry(Number(line) - 1, Number(column) - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
      if (!entry || entry.originalLine === undefined || !entry.originalSource) return whole;
      return `${basename(entry.originalSource)}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
    });
  }

  private mathjsModule(): vm.SourceTextModule {
    this.mathjs ??= this.moduleFrom(readFileSync(fileURLToPath(this.options.mathjsUrl), 'utf8'), this.options.mathjsUrl);
    return this.mathjs;
  }

  /**
   * import('mathjs') works as the static import does (the prelude's importModule refuses anything else).
   * One promise, made once, of the module linked and evaluated: Node reads `namespace` from what the hook
   * gives it and throws an error of its own (this realm's) for a module still linking, as a second import()
   * racing the first would find it. Whatever goes wrong becomes an Error of the student's realm.
   */
  private dynamicImport(): Promise<vm.Module> {
    this.mathjsReady ??= (async () => {
      const mathjs = this.mathjsModule();
      if (mathjs.status === 'unlinked') await mathjs.link(() => {
        throw this.prelude.importFailed();
      });
      if (mathjs.status === 'linked') await mathjs.evaluate();
      if (mathjs.status !== 'evaluated') throw this.prelude.importFailed();
      return mathjs;
    })().catch(() => {
      throw this.prelude.importFailed();
    });
    return this.mathjsReady;
  }

  private moduleFrom(source: string, identifier: string): vm.SourceTextModule {
    const options = {
      context: this.context,
      identifier,
      // A function of the realm: at the stack's limit it overflows into an error of the realm.
      importModuleDynamically: this.prelude.importModule as never,
    };
    try {
      return new vm.SourceTextModule(BIND_BUILTINS + source, options);
    } catch (error) {
      if (!(error instanceof SyntaxError) || !/already been declared/.test(error.message)) throw error;
      return new vm.SourceTextModule(source, options);
    }
  }
}

/** JSON text of the arguments, with NaN, ±Infinity and −0 spelled so they survive. */
function encode(args: unknown[]): string {
  return JSON.stringify(args, (_key, value: unknown) => {
    if (typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0))) return { $n: Object.is(value, -0) ? '-0' : String(value) };
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
    return value;
  });
}

/**
 * Turns whatever student code returned into plain data that can cross to the parent: numbers, strings,
 * booleans, null/undefined, arrays and plain objects. Anything else becomes an OpaqueValue describing it,
 * so a Proxy, a getter that throws, a cyclic structure or a 10^8-element array is reported, not crashed on.
 * A mathjs Matrix is unwrapped to its array (returning one is a legitimate way to compute a matrix).
 * Runs inside the sandbox child.
 */
import type { OpaqueValue } from './protocol.ts';

const MAX_DEPTH = 6;
/** Numbers and strings in one value; a 200×200 matrix is 40 000, well inside. */
const MAX_ITEMS = 2_000_000;
const MAX_STRING = 2_000;

interface Budget {
  items: number;
  plainPrototype: object;
}

/**
 * `plainPrototype`: the Object.prototype of the realm the value comes from (student code runs in a realm of
 * its own, whose plain objects do not have this realm's prototype).
 */
export function toWire(value: unknown, plainPrototype: object = Object.prototype): unknown {
  const budget = { items: 0, plainPrototype };
  return convert(value, 0, budget, new Set());
}

function opaque(kind: OpaqueValue['$opaque'], text: string): OpaqueValue {
  return { $opaque: kind, text };
}

function convert(value: unknown, depth: number, budget: Budget, seen: Set<object>): unknown {
  budget.items += 1;
  if (budget.items > MAX_ITEMS) return opaque('too-large', `more than ${MAX_ITEMS} values`);
  switch (typeof value) {
    case 'number':
    case 'boolean':
    case 'undefined':
      return value;
    case 'string':
      return value.length > MAX_STRING ? value.slice(0, MAX_STRING) + `… (${value.length - MAX_STRING} more characters)` : value;
    case 'bigint':
      return opaque('bigint', `${value}n`);
    case 'symbol':
      return opaque('symbol', 'a symbol');
    case 'function':
      return opaque('function', 'a function');
  }
  if (value === null) return null;
  const object = value as object;
  if (depth >= MAX_DEPTH) return opaque('too-deep', `nested more than ${MAX_DEPTH} levels`);
  if (seen.has(object)) return opaque('cyclic', 'a structure that contains itself');
  seen.add(object);
  try {
    if (ArrayBuffer.isView(object) && Object.prototype.toString.call(object) !== '[object DataView]') {
      return convert(Array.from(object as unknown as ArrayLike<number>), depth, budget, seen);
    }
    if (Array.isArray(object)) {
      const length = object.length;
      if (length > MAX_ITEMS - budget.items) return opaque('too-large', `an array of ${length} elements`);
      const out = new Array(length);
      for (let i = 0; i < length; i++) out[i] = convert(object[i], depth + 1, budget, seen);
      return out;
    }
    if (typeof (object as { then?: unknown }).then === 'function') return opaque('promise', 'a Promise (or thenable)');
    if (isMathjsMatrix(object)) return convert(object.toArray(), depth, budget, seen);
    const proto = Object.getPrototypeOf(object);
    if (proto !== budget.plainPrototype && proto !== Object.prototype && proto !== null) {
      const name = typeof proto?.constructor?.name === 'string' ? proto.constructor.name : 'unknown class';
      return opaque('instance', `an instance of ${name}`);
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(object)) out[key] = convert((object as Record<string, unknown>)[key], depth + 1, budget, seen);
    return out;
  } catch (error) {
    return opaque('unreadable', `a value whose contents could not be read (${describeQuietly(error)})`);
  } finally {
    seen.delete(object);
  }
}

function isMathjsMatrix(object: object): object is { toArray(): unknown } {
  const candidate = object as { isMatrix?: unknown; toArray?: unknown };
  return candidate.isMatrix === true && typeof candidate.toArray === 'function';
}

function describeQuietly(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'unprintable error';
  }
}

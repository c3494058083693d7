/**
 * What the grading process accepts as one answer from the sandbox child, and the copy of it the rest of
 * the grader reads. The child is the student's (issue 11): its message is structured-cloned data that may
 * hold anything V8 can serialize, not only what `to-wire.ts` makes. A sparse array of length 2³² − 1 costs
 * the child a few bytes, and any walk over its indices (`every`, `slice`, `JSON.stringify`) costs the parent
 * minutes; a cycle or a BigInt makes `JSON.stringify` throw; a Map, a Date, a boxed number or an array with
 * extra own properties is data no student function can return. So every answer is read here, once, at the
 * boundary (submission/read-response.ts), and what passes is a fresh tree of plain data within the budget.
 *
 * The budget, derived from what the contracts expect:
 *  - nodes (every number, string, boolean, null, undefined, array and object counted once): 2 000 000.
 *    The largest answer any contract expects is a batch of draws, 200 000 numbers (the sampler tests'
 *    DRAWS); the largest single return is train's parameters on the digits, 50 × 4 + 4 = 204 numbers, and a
 *    data-sized matrix (the digits' 240 examples × 50 inputs) would be 12 000. 2 000 000 is ten times the
 *    batch and the sandbox child's own limit on one value (to-wire.ts MAX_ITEMS), so an honest child's value
 *    is never refused for its size, and reading an accepted answer costs at most ~20 ms.
 *  - depth: 8 nested arrays or objects. The deepest contract answer is 3 (an object of matrices); the child
 *    replaces anything nested more than 6 levels by a marker object (to-wire.ts MAX_DEPTH), which holds
 *    strings: 8 levels in all.
 *  - characters, in all strings and keys together: 2 000 000. No contract's answer is a string; feedback
 *    shows at most 1 200 characters of a value; the child cuts each string at 2 000 characters and thrown
 *    messages at 4 000.
 * An array's length is checked against the nodes left before any of its entries is read, so an answer
 * that breaks the budget is refused after at most `nodes` steps, whatever length it claims.
 */

export interface WireLimits {
  nodes: number;
  depth: number;
  characters: number;
}

export const wireLimits: WireLimits = { nodes: 2_000_000, depth: 8, characters: 2_000_000 };

/** What is left of the budget of one message (several values of one message share it). */
export interface WireBudget {
  limits: WireLimits;
  nodes: number;
  characters: number;
}

export function wireBudget(limits: WireLimits = wireLimits): WireBudget {
  return { limits, nodes: limits.nodes, characters: limits.characters };
}

export type WireRead = { ok: true; value: unknown } | { ok: false; problem: string };

/**
 * The value as a fresh tree of plain data (numbers, strings, booleans, null, undefined, dense arrays, plain
 * objects), charged to `budget`; or what is wrong with it, in words. Extra own properties of an array are
 * not copied (no plain data has them, and reading them would mean listing every index).
 */
export function readWireValue(value: unknown, budget: WireBudget): WireRead {
  try {
    return { ok: true, value: copy(value, 0, budget) };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, problem: error.message };
    throw error;
  }
}

/** A count with its thousands separated by spaces, as the budget is written above. */
function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

class Refused extends Error {}

const hasOwn = Object.prototype.hasOwnProperty;

function copy(value: unknown, depth: number, budget: WireBudget): unknown {
  budget.nodes -= 1;
  if (budget.nodes < 0) throw new Refused(tooMany(budget));
  switch (typeof value) {
    case 'number':
    case 'boolean':
    case 'undefined':
      return value;
    case 'string':
      charge(value.length, budget);
      return value;
    case 'object':
      break;
    default:
      throw new Refused(`it holds a ${typeof value}, which is not plain data`);
  }
  if (value === null) return null;
  if (depth >= budget.limits.depth) throw new Refused(`it is nested more than ${budget.limits.depth} levels deep`);
  const proto = Object.getPrototypeOf(value);
  if (Array.isArray(value)) {
    if (proto !== Array.prototype) throw new Refused('it holds an array of another kind');
    const length = value.length;
    // Before any entry is read: a claimed length is refused at the cost of reading it.
    if (length > budget.nodes) {
      throw new Refused(length > budget.limits.nodes ? `it holds an array of length ${count(length)}, more than the ${count(budget.limits.nodes)} values the grader reads of one answer` : tooMany(budget));
    }
    const out: unknown[] = [];
    for (let i = 0; i < length; i++) {
      if (!hasOwn.call(value, i)) throw new Refused(`it holds an array with holes (index ${i} of ${count(length)} is missing)`);
      out.push(copy(value[i], depth + 1, budget));
    }
    return out;
  }
  if (proto !== Object.prototype && proto !== null) {
    // A Map, Date, typed array, boxed number, Error…: structured clone carries them, the child never sends them.
    throw new Refused(`it holds a ${Object.prototype.toString.call(value).slice(8, -1)}, where only arrays and plain objects are sent`);
  }
  const keys = Object.keys(value);
  if (keys.length > budget.nodes) throw new Refused(tooMany(budget));
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    // Assigning it would set the copy's prototype; the child never sends it as a key (to-wire.ts assigns too).
    if (key === '__proto__') throw new Refused('it holds an object with an own "__proto__" key');
    charge(key.length, budget);
    out[key] = copy((value as Record<string, unknown>)[key], depth + 1, budget);
  }
  return out;
}

function tooMany(budget: WireBudget): string {
  return `it holds more than the ${count(budget.limits.nodes)} values the grader reads of one answer`;
}

function charge(characters: number, budget: WireBudget): void {
  budget.characters -= characters;
  if (budget.characters < 0) throw new Refused(`its strings hold more than ${count(budget.limits.characters)} characters`);
}

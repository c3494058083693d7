/**
 * The boundary where an answer of the sandbox child enters the grading process. The child is the
 * student's (issue 11: the realm is not a security boundary, the process is), so its message is read as
 * untrusted data: its kind must answer the request that was sent, its bookkeeping must be counts, its sizes
 * and shapes are checked before anything is traversed (values/wire-value.ts), and what passes is a fresh
 * copy. Anything else becomes `malformed`, which the student module turns into that call's failure; nothing
 * past this point ever sees an over-budget, holey, cyclic or non-plain value.
 *
 * The bookkeeping (rng() calls, Math.random calls, time) is the child's word. It is read here only so that
 * it is well-formed; the checks use it to fail an answer, never to pass one (see checks/method-check.ts).
 */
import type { ChildOutcome, RequestWithoutId } from '../sandbox/sandbox.ts';
import type { CallResult, Response, ThrownInfo, Usage } from '../sandbox/protocol.ts';
import { readWireValue, wireBudget, type WireBudget } from '../values/wire-value.ts';

/** An answer the grader could not accept, and why (for the feedback). */
export interface MalformedAnswer {
  kind: 'malformed';
  id: number;
  problem: string;
}

export type CheckedOutcome = ChildOutcome | MalformedAnswer;

/** Which answers each request may get (besides the sandbox's own timeout and crash). */
const ANSWERS: Record<RequestWithoutId['kind'], ReadonlySet<string>> = {
  load: new Set(['loaded', 'load-failed', 'threw']),
  call: new Set(['returned', 'threw', 'missing-export', 'load-failed']),
  sample: new Set(['samples', 'threw', 'missing-export', 'load-failed']),
  calls: new Set(['results', 'threw', 'load-failed']),
};

/**
 * Longest text kept of a thrown value's name, message and stack. The child cuts them at 200, 4 000 and
 * 4 000 characters (describe-thrown.ts) and may lengthen a stack's lines when it maps them to the source.
 */
const THROWN_TEXT = { name: 200, message: 4_000, stack: 16_000 };
/** Longest text kept of a crash's reason (the sandbox's own words, a sentence). */
const REASON_TEXT = 1_000;

class Malformed extends Error {}

function malformed(problem: string): never {
  throw new Malformed(problem);
}

/** The outcome of a request, checked against it: a well-formed answer (a fresh copy), or `malformed`. */
export function readResponse(outcome: ChildOutcome, request: RequestWithoutId): CheckedOutcome {
  try {
    return readOutcome(outcome, request);
  } catch (error) {
    if (error instanceof Malformed) return { kind: 'malformed', id: outcome.id, problem: error.message };
    throw error;
  }
}

function readOutcome(outcome: ChildOutcome, request: RequestWithoutId): ChildOutcome {
  const message = outcome as unknown as Record<string, unknown>;
  const id = outcome.id;
  const kind = message.kind;
  // The sandbox makes these two itself, but the child can send a message of the same kind.
  if (kind === 'timeout') {
    const limitMs = message.limitMs;
    if (typeof limitMs !== 'number' || !(limitMs > 0 && limitMs <= 2 ** 31)) malformed('a time limit that is not one');
    return { kind, id, limitMs };
  }
  if (kind === 'crashed') return { kind, id, reason: text(message.reason, REASON_TEXT, 'reason') };
  if (typeof kind !== 'string' || !ANSWERS[request.kind].has(kind)) {
    malformed(`an answer of kind ${typeof kind === 'string' ? JSON.stringify(kind.slice(0, 40)) : typeof kind} to a ${request.kind} request`);
  }
  switch (kind) {
    case 'loaded':
      return { kind, id };
    case 'load-failed':
      return { kind, id, error: thrown(message.error) };
    case 'missing-export':
      return { kind, id, ...missingExport(message, wireBudget()) };
    case 'returned':
      return { kind, id, value: value(message.value, wireBudget()), ...usage(message) };
    case 'threw':
      return { kind, id, error: thrown(message.error), ...usage(message) };
    case 'samples':
      return samples(message, id, request as Extract<RequestWithoutId, { kind: 'sample' }>);
    case 'results':
      return { kind, id, results: results(message.results, (request as Extract<RequestWithoutId, { kind: 'calls' }>).calls.length) };
  }
  return malformed(`an answer of kind ${kind}`);
}

function fieldsOf(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) malformed(`${what} that is not an object`);
  return value as Record<string, unknown>;
}

function value(raw: unknown, budget: WireBudget): unknown {
  const read = readWireValue(raw, budget);
  if (!read.ok) malformed(`a value the grader does not read: ${read.problem}`);
  return read.value;
}

function text(raw: unknown, max: number, what: string): string {
  if (typeof raw !== 'string') malformed(`a ${what} that is not text`);
  return raw.length > max ? raw.slice(0, max) : raw;
}

/**
 * The bookkeeping, as counts: whole numbers of calls ≥ 0 and a time ≥ 0. It is the child's word (a forged
 * child may claim anything well-formed): checks may fail an answer on it, and never pass one on it alone.
 */
function usage(message: Record<string, unknown>): Usage {
  const calls = (raw: unknown, name: string) => {
    if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < 0) malformed(`bookkeeping whose ${name} is not a count (${describeNumber(raw)})`);
    return raw;
  };
  const elapsedMs = message.elapsedMs;
  if (typeof elapsedMs !== 'number' || !(elapsedMs >= 0 && elapsedMs < Infinity)) malformed(`bookkeeping whose elapsedMs is not a time (${describeNumber(elapsedMs)})`);
  return { rngCalls: calls(message.rngCalls, 'rngCalls'), mathRandomCalls: calls(message.mathRandomCalls, 'mathRandomCalls'), elapsedMs };
}

function describeNumber(raw: unknown): string {
  return typeof raw === 'number' ? String(raw) : typeof raw;
}

function thrown(raw: unknown): ThrownInfo {
  const error = fieldsOf(raw, 'an error');
  const stack = error.stack === undefined ? undefined : text(error.stack, THROWN_TEXT.stack, 'stack');
  if (typeof error.notAnError !== 'boolean') malformed('an error without its notAnError flag');
  return {
    name: text(error.name, THROWN_TEXT.name, 'error name'),
    message: text(error.message, THROWN_TEXT.message, 'error message'),
    ...(stack === undefined ? {} : { stack }),
    notAnError: error.notAnError,
  };
}

function missingExport(message: Record<string, unknown>, budget: WireBudget): { fn: string; exports: string[] } {
  const exports = value(message.exports, budget);
  if (!Array.isArray(exports) || !exports.every((name) => typeof name === 'string')) malformed('a list of exports that is not a list of names');
  return { fn: text(message.fn, THROWN_TEXT.name, 'function name'), exports: exports as string[] };
}

type Samples = Extract<Response, { kind: 'samples' }>;

/**
 * A batch of draws: exactly `count` draws and `count` per-draw rng counts (lengths compared before anything
 * is read), or the draw that threw. The draws of a packed request may come as a Float64Array (read by index
 * only), otherwise as an array read like any value.
 */
function samples(message: Record<string, unknown>, id: number, request: Extract<RequestWithoutId, { kind: 'sample' }>): Samples {
  const { count } = request;
  const bookkeeping = usage(message);
  if (message.threwAt !== undefined) {
    const threwAt = fieldsOf(message.threwAt, 'a failed draw');
    const index = threwAt.index;
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= count) malformed(`a failed draw numbered ${describeNumber(index)} of ${count}`);
    // The draws before it are not used: a draw that throws fails the test.
    return { kind: 'samples', id, values: [], consumed: new Uint32Array(0), threwAt: { index, error: thrown(threwAt.error) }, ...bookkeeping };
  }
  const consumed = message.consumed;
  if (!(consumed instanceof Uint32Array) || consumed.length !== count) malformed(`per-draw rng counts that are not ${count} counts (Uint32Array)`);
  const raw = message.values;
  let values: Samples['values'];
  if (raw instanceof Float64Array && request.packed) {
    if (raw.length !== count) malformed(`${raw.length} draws where ${count} were asked for`);
    // A copy holds just these draws, whatever buffer the received array is a view of.
    values = raw.slice();
  } else if (Array.isArray(raw)) {
    if (raw.length !== count) malformed(`${raw.length} draws where ${count} were asked for`);
    values = value(raw, wireBudget()) as unknown[];
  } else malformed(`draws that are not a list (${describeKind(raw)})`);
  return { kind: 'samples', id, values, consumed: consumed.slice(), ...bookkeeping };
}

function describeKind(raw: unknown): string {
  return typeof raw === 'object' && raw !== null ? Object.prototype.toString.call(raw).slice(8, -1) : typeof raw;
}

/** A batch's answers: one to each call up to where it stopped (at least one, at most one per call), all sharing one budget. */
function results(raw: unknown, calls: number): CallResult[] {
  if (!Array.isArray(raw)) malformed('a batch of answers that is not a list');
  if (raw.length === 0 || raw.length > calls) malformed(`${raw.length} answers to a batch of ${calls} calls`);
  const budget = wireBudget();
  const out: CallResult[] = [];
  for (let i = 0; i < raw.length; i++) {
    const result = fieldsOf(raw[i], 'an answer in a batch');
    switch (result.kind) {
      case 'returned':
        out.push({ kind: 'returned', value: value(result.value, budget), ...usage(result) });
        break;
      case 'threw':
        out.push({ kind: 'threw', error: thrown(result.error), ...usage(result) });
        break;
      case 'missing-export':
        out.push({ kind: 'missing-export', ...missingExport(result, budget) });
        break;
      default:
        malformed('an answer in a batch of no known kind');
    }
  }
  return out;
}

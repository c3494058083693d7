/**
 * The messages between the grading process (parent) and the sandbox child that runs student code.
 *
 * The parent asks the child to call one exported function on plain-data arguments, or to draw many
 * samples in one round trip; the child answers with raw values only. The parent alone judges: anything
 * the child sends is untrusted data (the student may own the process), read where it enters the parent
 * (`grader/submission/read-response.ts`: kinds, counts, sizes within the budget of
 * `grader/values/wire-value.ts`). Values cross as structured clones (`serialization: 'advanced'`), so
 * Float64Array and Uint32Array travel without copying into JSON.
 */

/** Where an argument holds this key, the child passes an rng function drawing from the seeded stream. */
export const RNG_MARKER = '__graderRng__';
export interface RngArgument {
  /** `first`: values handed out before the seeded stream starts (edge cases such as u = 1 − 2^-53). */
  [RNG_MARKER]: { seed: number; first?: number[] };
}
export function rngArgument(seed: number, first?: number[]): RngArgument {
  return { [RNG_MARKER]: first ? { seed, first } : { seed } };
}

export interface InitMessage {
  kind: 'init';
  /** Assignment id → file URL of its compiled module. */
  modules: Record<string, string>;
  /** file: URL of the prebuilt mathjs bundle, the one module student code may import. */
  mathjsUrl: string;
  /** Console output the child passes on, bytes; beyond it the call that writes fails. */
  maxOutputBytes: number;
}

export interface CallRequest {
  kind: 'call';
  id: number;
  module: string;
  /** Modules are imported again under a new instance number, giving student code fresh module state. */
  instance: number;
  fn: string;
  args: unknown[];
}

export interface SampleRequest {
  kind: 'sample';
  id: number;
  module: string;
  instance: number;
  fn: string;
  /** Arguments of every draw; the single RngArgument among them draws from one stream across all draws. */
  args: unknown[];
  count: number;
  /**
   * When every draw is a number, answer with them in a Float64Array: one copy of its bytes, where an
   * array is cloned entry by entry on both sides.
   */
  packed?: boolean;
}

/** Imports a module instance ahead of calls, so its loading time does not count against a call's limit. */
export interface LoadRequest {
  kind: 'load';
  id: number;
  module: string;
  instance: number;
}

/**
 * Several calls in one round trip, made in order exactly as that many CallRequests would make them (each
 * with its own rng binding and usage), stopping after the first that throws or names no function; with
 * `stopUnlessFinite`, also after the first value that is not a finite number (a caller reading numbers
 * stops there).
 */
export interface CallsRequest {
  kind: 'calls';
  id: number;
  module: string;
  instance: number;
  calls: PlannedCall[];
  stopUnlessFinite?: boolean;
}

export type Request = CallRequest | SampleRequest | LoadRequest | CallsRequest;

/** One call of a batch: an exported function and its arguments. */
export interface PlannedCall {
  fn: string;
  args: unknown[];
}

/** What a thrown value looked like, read defensively (its getters may throw). */
export interface ThrownInfo {
  name: string;
  message: string;
  stack?: string;
  /** True when the value thrown was not an Error instance. */
  notAnError: boolean;
}

/** The child's bookkeeping of a call: its word, not evidence (checks may fail an answer on it, never pass one). */
export interface Usage {
  /** rng() calls made during the call (all draws, for samples). */
  rngCalls: number;
  /** Math.random() calls made during the call. */
  mathRandomCalls: number;
  /** Wall time of the call in the child, milliseconds. */
  elapsedMs: number;
}

export type Response =
  | ({ kind: 'returned'; id: number; value: unknown } & Usage)
  | ({ kind: 'threw'; id: number; error: ThrownInfo } & Usage)
  | ({
      kind: 'samples';
      id: number;
      /** Draws in order; sanitized wire values (numbers normally); a Float64Array only if asked (packed). */
      values: unknown[] | Float64Array;
      /** rng() calls made by each draw. */
      consumed: Uint32Array;
      /** Set when a draw threw: the draws before it are in `values`. */
      threwAt?: { index: number; error: ThrownInfo };
    } & Usage)
  | { kind: 'results'; id: number; results: CallResult[] }
  | { kind: 'loaded'; id: number }
  | { kind: 'load-failed'; id: number; error: ThrownInfo }
  | { kind: 'missing-export'; id: number; fn: string; exports: string[] };

/** One call's answer within a CallsRequest: what a CallRequest would have answered. */
export type CallResult =
  | ({ kind: 'returned'; value: unknown } & Usage)
  | ({ kind: 'threw'; error: ThrownInfo } & Usage)
  | { kind: 'missing-export'; fn: string; exports: string[] };

/** Sanitized forms of values that cannot cross as plain data. */
export interface OpaqueValue {
  $opaque: 'function' | 'symbol' | 'bigint' | 'promise' | 'cyclic' | 'too-deep' | 'too-large' | 'unreadable' | 'instance';
  text: string;
}
export function isOpaque(value: unknown): value is OpaqueValue {
  return typeof value === 'object' && value !== null && '$opaque' in value && typeof (value as OpaqueValue).$opaque === 'string';
}

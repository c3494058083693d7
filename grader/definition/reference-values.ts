/**
 * The reference's VALUES instead of its code. An assignment whose public tests compute expected values with
 * the reference solution exports, from `assignments/<id>/reference.ts`, its solution's functions wrapped by
 * `recordedReference`. In the repository they simply run the solution; while `grader release` records the
 * public run of the reference (record-reference.ts), each call's name, arguments and result are written
 * down. In the student bundle that file is replaced by one that serves those values (`servedReference`), so
 * the bundle holds the answers to the public tests at the default grading seed, never the code that
 * computes them.
 *
 * Values are JSON with −0, NaN and ±Infinity kept (plain JSON turns −0 into 0 and the others into null), and
 * a float's JSON text is its shortest round-trip form: a replayed value is bit for bit the recorded one, and
 * the same arguments computed in the bundle give the same key.
 */
import { readFileSync } from 'node:fs';

/** One call of a recorded reference function. */
export interface ReferenceCall {
  assignment: string;
  fn: string;
  /** `referenceKey(fn, args)`. */
  key: string;
  /** `encodeValue(result)`. */
  result: string;
}

export type ReferenceRecorder = (call: ReferenceCall) => void;

let recorder: ReferenceRecorder | undefined;

/** Records every later call of a recorded reference function (record-reference.ts, in its own process). */
export function installReferenceRecorder(record: ReferenceRecorder | undefined): void {
  recorder = record;
}

type Functions = Record<string, (...args: any[]) => unknown>;

/**
 * `functions`, each recording its calls while a recorder is installed. Results are encoded before the
 * caller can touch them, so a caller that mutates what it got does not change the record.
 */
export function recordedReference<T extends Functions>(assignment: string, functions: T): T {
  const wrapped: Functions = {};
  for (const [fn, implementation] of Object.entries(functions)) {
    wrapped[fn] = (...args: unknown[]) => {
      const key = recorder ? referenceKey(fn, args) : '';
      const result = implementation(...args);
      recorder?.({ assignment, fn, key, result: encodeValue(result) });
      return result;
    };
  }
  return wrapped as T;
}

/** What the student bundle holds for one assignment: key → encoded result, keys sorted. */
export type RecordedValues = Record<string, string>;

/** A reference call the student bundle cannot answer: its values cover the calls of the default seed's run. */
export class UnrecordedReferenceCall extends Error {
  constructor(assignment: string, key: string) {
    super(
      `the student bundle holds the reference's values for the default seed only; this call was not recorded: ${assignment}: ${key.length > 300 ? `${key.slice(0, 300)}…` : key}. ` +
        'Run the public tests without GRADER_SEED (other seeds are for course staff, who grade with the repository).',
    );
    this.name = 'UnrecordedReferenceCall';
  }
}

/**
 * The student bundle's `reference`: each of `names` answers from the values recorded in `file` (read once,
 * on the first call) and throws UnrecordedReferenceCall for arguments it has no value for.
 */
export function servedReference(assignment: string, file: URL, names: readonly string[]): Functions {
  let values: RecordedValues | undefined;
  const served: Functions = {};
  for (const fn of names) {
    served[fn] = (...args: unknown[]) => {
      values ??= JSON.parse(readFileSync(file, 'utf8')) as RecordedValues;
      const key = referenceKey(fn, args);
      const result = values[key];
      if (result === undefined) throw new UnrecordedReferenceCall(assignment, key);
      // Decoded afresh on every call: each caller gets its own copy, as from a real call.
      return decodeValue(result);
    };
  }
  return served;
}

/** `fn(arguments as JSON)`. */
export function referenceKey(fn: string, args: readonly unknown[]): string {
  return `${fn}(${encodeValue(args).slice(1, -1)})`;
}

const SPECIAL = '$number';

export function encodeValue(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item !== 'number') return item;
    if (Object.is(item, -0)) return { [SPECIAL]: '-0' };
    return Number.isFinite(item) ? item : { [SPECIAL]: String(item) };
  }) ?? 'null';
}

export function decodeValue(text: string): unknown {
  return JSON.parse(text, (_key, item: unknown) => {
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
      const keys = Object.keys(item);
      if (keys.length === 1 && keys[0] === SPECIAL) return Number((item as Record<string, string>)[SPECIAL]);
    }
    return item;
  });
}

/**
 * Reads an untrusted returned value as the shape the contract promises: a number, a vector of length n,
 * an r×c matrix, or an object with named fields. Anything else (a string, an object with valueOf, a Proxy,
 * a ragged array, NaN where a number is due) comes back as a problem in words, with the path to it.
 * Every reader looks at no more entries than the shape it expects (a length alone decides a wrong shape),
 * so what it costs never depends on what the value claims to hold; values from the sandbox have also been
 * read within a size budget at the boundary (wire-value.ts).
 */
import { isOpaque } from '../sandbox/protocol.ts';
import { showValue } from '../feedback/show-value.ts';

export type Read<T> = { ok: true; value: T } | { ok: false; problem: string; transposed?: boolean };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const problem = <T>(text: string, extra: { transposed?: boolean } = {}): Read<T> => ({ ok: false, problem: text, ...extra });

export function describeType(value: unknown): string {
  if (isOpaque(value)) return value.text;
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'object') return `an object with keys {${firstKeys(value, 8)}}`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  return `${typeof value} ${String(value)}`;
}

/** A number; `finite` (the default) also refuses NaN and ±Infinity. */
export function readNumber(value: unknown, path: string, finite = true): Read<number> {
  if (typeof value !== 'number') return problem(`${path} should be a number but is ${describeType(value)}`);
  if (finite && !Number.isFinite(value)) return problem(`${path} is ${value}, but a finite number is due`);
  return ok(value);
}

export function readVector(value: unknown, length: number, path: string): Read<number[]> {
  if (!Array.isArray(value)) return problem(`${path} should be an array of ${length} numbers but is ${describeType(value)}`);
  if (value.length !== length) return problem(`${path} has length ${value.length}, expected ${length}`);
  const out: number[] = [];
  for (let i = 0; i < length; i++) {
    const entry = readNumber(value[i], `${path}[${i}]`);
    if (!entry.ok) return entry;
    out.push(entry.value);
  }
  return ok(out);
}

export function readMatrix(value: unknown, rows: number, cols: number, path: string): Read<number[][]> {
  const notMatrix = () => problem<number[][]>(`${path} should be a ${rows}×${cols} array of arrays (number[][]) but is ${describeType(value)}`);
  if (!Array.isArray(value)) return notMatrix();
  // Neither the expected nor the transposed number of rows: the length and the first row say it all.
  if (value.length !== rows && value.length !== cols) {
    return Array.isArray(value[0]) ? problem(`${path} has shape ${value.length}×${value[0].length}, expected ${rows}×${cols}`) : notMatrix();
  }
  for (let r = 0; r < value.length; r++) if (!Array.isArray(value[r])) return notMatrix();
  const shape = `${value.length}×${(value[0] as unknown[] | undefined)?.length ?? 0}`;
  if (value.length !== rows || value.some((row) => (row as unknown[]).length !== cols)) {
    const transposed = rows !== cols && value.length === cols && value.every((row) => (row as unknown[]).length === rows);
    const hint = transposed ? ' — it looks transposed' : '';
    return problem(`${path} has shape ${shape}, expected ${rows}×${cols}${hint}`, { transposed });
  }
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) {
    const row = readVector(value[r], cols, `${path}[${r}]`);
    if (!row.ok) return row;
    out.push(row.value);
  }
  return ok(out);
}

/** Transposes a matrix read with its rows and columns swapped, so it can still be compared and diagnosed. */
export function readTransposed(value: unknown, rows: number, cols: number, path: string): number[][] | undefined {
  const swapped = readMatrix(value, cols, rows, path);
  if (!swapped.ok) return undefined;
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => swapped.value[c]![r]!));
}

/** A field of a returned object (e.g. `yHat` of forward's result). */
export function readField(value: unknown, key: string, path: string): Read<unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || isOpaque(value)) {
    return problem(`${path} should be an object with a field ${key} but is ${describeType(value)}`);
  }
  if (!(key in value)) return problem(`${path} has no field ${key} (it has {${firstKeys(value, 8)}})`);
  return ok((value as Record<string, unknown>)[key]);
}

/** The first `max` own keys, listed, without listing every key of an object that has millions. */
function firstKeys(value: object, max: number): string {
  const keys: string[] = [];
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    if (keys.length === max) {
      keys.push('…');
      break;
    }
    keys.push(key);
  }
  return keys.join(', ');
}

export { showValue };

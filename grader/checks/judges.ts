/**
 * Small judges for example and stability cases: compare a returned value with an expected one of the same
 * shape, entry by entry, with |a − e| ≤ atol + rtol·|e|. Non-numbers, NaN and wrong shapes are reported
 * in words (values/read.ts).
 */
import { readMatrix, readNumber, readVector } from '../values/read.ts';
import { showNumber, showValue } from '../feedback/show-value.ts';
import type { Judgement } from './example-check.ts';

export interface Closeness {
  atol: number;
  rtol: number;
}

function within(actual: number, expected: number, { atol, rtol }: Closeness): boolean {
  return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
}

export function closeToNumber(expected: number, closeness: Closeness, path = 'the result'): (value: unknown) => Judgement {
  return (value) => {
    const read = readNumber(value, path);
    if (!read.ok) return { ok: false, expected: showNumber(expected), problem: read.problem };
    if (!within(read.value, expected, closeness)) {
      return { ok: false, expected: showNumber(expected), problem: `${path} is off by ${showNumber(Math.abs(read.value - expected))}` };
    }
    return { ok: true };
  };
}

/** Compares a vector (expected: number[]) or matrix (expected: number[][]). */
export function closeToArray(expected: number[] | number[][], closeness: Closeness, path = 'the result'): (value: unknown) => Judgement {
  return (value) => judgeArray(value, expected, closeness, path);
}

export function judgeArray(value: unknown, expected: number[] | number[][], closeness: Closeness, path: string): Judgement {
  const isMatrix = Array.isArray(expected[0]);
  const read = isMatrix
    ? readMatrix(value, expected.length, (expected[0] as number[]).length, path)
    : readVector(value, expected.length, path);
  if (!read.ok) return { ok: false, expected: showValue(expected, 400), problem: read.problem };
  const actualFlat = isMatrix ? (read.value as number[][]).flat() : (read.value as number[]);
  const expectedFlat = isMatrix ? (expected as number[][]).flat() : (expected as number[]);
  const cols = isMatrix ? (expected[0] as number[]).length : 0;
  for (let i = 0; i < expectedFlat.length; i++) {
    if (!within(actualFlat[i]!, expectedFlat[i]!, closeness)) {
      const where = isMatrix ? `${path}[${Math.floor(i / cols)}][${i % cols}]` : `${path}[${i}]`;
      return {
        ok: false,
        expected: showValue(expected, 400),
        problem: `${where} is ${showNumber(actualFlat[i]!)} but should be ${showNumber(expectedFlat[i]!)}`,
      };
    }
  }
  return { ok: true };
}

/** An object whose named fields are each judged (e.g. forward's { h, yHat }). */
export function fields(judges: Record<string, (value: unknown) => Judgement>, path = 'the result'): (value: unknown) => Judgement {
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { ok: false, expected: `an object with fields {${Object.keys(judges).join(', ')}}`, problem: `${path} is ${showValue(value)}, not an object` };
    }
    for (const [key, judge] of Object.entries(judges)) {
      if (!(key in value)) return { ok: false, expected: `a field ${key}`, problem: `${path} has no field ${key}` };
      const judgement = judge((value as Record<string, unknown>)[key]);
      if (!judgement.ok) return judgement;
    }
    return { ok: true };
  };
}

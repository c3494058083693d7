/**
 * What the grading process accepts of a value the sandbox child sent (values/wire-value.ts), and that the
 * readers and feedback never walk more of a value than they show. Values are passed through V8's structured
 * clone first, as the IPC channel does, so the test sees what a forged message can really hold.
 *
 * The sparse arrays here claim 2³² − 1 entries: any code that visited their indices would run for minutes
 * (the forged forward() answer of issue 11 took 115 s in readMatrix). Those tests have a timeout of a few
 * seconds as a guard, but what they assert is the answer: refused, with the length named.
 */
import { describe, expect, it } from 'vitest';
import { deserialize, serialize } from 'node:v8';
import { readWireValue, wireBudget, wireLimits } from '../../grader/values/wire-value.ts';
import { describeType, readField, readMatrix, readVector } from '../../grader/values/read.ts';
import { showValue } from '../../grader/feedback/show-value.ts';
import { toWire } from '../../grader/sandbox/to-wire.ts';

/** A value as the parent receives it over the IPC channel ('advanced' serialization). */
const overTheWire = <T>(value: T): T => deserialize(serialize(value)) as T;
const read = (value: unknown) => readWireValue(overTheWire(value), wireBudget());

function sparse(length: number, entries: Record<number, unknown> = {}): unknown[] {
  const array: unknown[] = [];
  array.length = length;
  for (const [index, value] of Object.entries(entries)) array[Number(index)] = value;
  return array;
}

const HUGE = 2 ** 32 - 1;

describe('the budget of one answer', () => {
  it('refuses a sparse array of length 2³² − 1 from its length alone, at the top or nested', { timeout: 5_000 }, () => {
    const forged = sparse(HUGE, { 0: [1, 2], 7: 3 });
    expect(overTheWire(forged).length).toBe(HUGE);
    expect(read(forged)).toEqual({ ok: false, problem: expect.stringContaining('an array of length 4 294 967 295') });
    // The forward() answer of issue 11: { h: sparse, yHat: sparse } with sparse rows inside.
    const forward = { h: sparse(HUGE, { 0: sparse(HUGE) }), yHat: sparse(HUGE) };
    expect(read(forward)).toMatchObject({ ok: false, problem: expect.stringContaining('length 4 294 967 295') });
    expect(read([[1, 2], sparse(HUGE)])).toMatchObject({ ok: false });
  });

  it('refuses holes, whatever the length', () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(read([1, , 3])).toEqual({ ok: false, problem: 'it holds an array with holes (index 1 of 3 is missing)' });
    expect(read(sparse(10))).toMatchObject({ ok: false, problem: expect.stringContaining('holes') });
    expect(read([1, undefined, 3])).toEqual({ ok: true, value: [1, undefined, 3] });
  });

  it('refuses more values, more nesting or more text than any answer holds, within its own budget', () => {
    // The array counts as one value: 2 000 000 − 1 numbers fill the budget exactly.
    expect(read(new Array(wireLimits.nodes - 1).fill(0))).toMatchObject({ ok: true });
    expect(read(new Array(wireLimits.nodes).fill(0))).toEqual({ ok: false, problem: 'it holds more than the 2 000 000 values the grader reads of one answer' });
    let deep: unknown = 1;
    for (let i = 0; i < 20; i++) deep = [deep];
    expect(read(deep)).toEqual({ ok: false, problem: 'it is nested more than 8 levels deep' });
    expect(read(['x'.repeat(1_500_000), 'y'.repeat(600_000)])).toMatchObject({ ok: false, problem: expect.stringContaining('characters') });
    expect(read({ ['k'.repeat(2_100_000)]: 1 })).toMatchObject({ ok: false, problem: expect.stringContaining('characters') });
  });

  it('counts shared references every time they are reached: a small message that expands to 10⁹ entries is refused', { timeout: 5_000 }, () => {
    const row = new Array(1000).fill(0);
    const block = new Array(1000).fill(row);
    const bomb = new Array(1000).fill(block);
    const received = overTheWire(bomb);
    expect(received[0]).toBe(received[1]);
    expect(readWireValue(received, wireBudget())).toMatchObject({ ok: false, problem: expect.stringContaining("more than the 2 000 000 values") });
  });

  it('refuses cycles (structured clone keeps them) by their depth', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const received = overTheWire(cyclic);
    expect(received.self).toBe(received);
    expect(read(cyclic)).toEqual({ ok: false, problem: 'it is nested more than 8 levels deep' });
  });

  it('refuses data that no function return crosses as: typed arrays, Map, Date, boxed numbers, BigInt, Error, an own __proto__', () => {
    expect(read({ thetaH: new Float64Array([1, 2]) })).toMatchObject({ ok: false, problem: expect.stringContaining('Float64Array') });
    expect(read([new Int32Array(3)])).toMatchObject({ ok: false, problem: expect.stringContaining('Int32Array') });
    expect(read(new Map([[1, 2]]))).toMatchObject({ ok: false, problem: expect.stringContaining('Map') });
    expect(read(new Date(0))).toMatchObject({ ok: false, problem: expect.stringContaining('Date') });
    expect(read(Object(5))).toMatchObject({ ok: false, problem: expect.stringContaining('Number') });
    expect(read(5n)).toEqual({ ok: false, problem: 'it holds a bigint, which is not plain data' });
    expect(read(new Error('x'))).toMatchObject({ ok: false, problem: expect.stringContaining('Error') });
    expect(read(JSON.parse('{"__proto__": {"polluted": true}}'))).toMatchObject({ ok: false, problem: expect.stringContaining('__proto__') });
  });

  it('gives back a fresh tree of plain data: getters arrive as values, extra properties of an array are left behind', () => {
    const withGetter = { get yHat() { return 0.5; } };
    expect(read(withGetter)).toEqual({ ok: true, value: { yHat: 0.5 } });
    const extra = Object.assign([1, 2, 3], { $opaque: 'function', text: ['not', 'text'] });
    expect(Object.keys(overTheWire(extra))).toContain('$opaque');
    const copied = read(extra);
    expect(copied).toEqual({ ok: true, value: [1, 2, 3] });
    expect(Object.keys((copied as { value: unknown[] }).value)).toEqual(['0', '1', '2']);
    const shared = [1, 2];
    const copy = read({ a: shared, b: shared }) as { ok: true; value: { a: unknown; b: unknown } };
    expect(copy.value.a).not.toBe(copy.value.b);
  });

  it('accepts everything an honest child sends within its own limits: 200 000 draws, a data-sized matrix, markers', () => {
    expect(read(Array.from({ length: 200_000 }, (_, i) => i / 7))).toMatchObject({ ok: true });
    const digits = Array.from({ length: 240 }, () => Array.from({ length: 50 }, () => 0.5));
    expect(read(toWire({ thetaH: digits, thetaY: [1, 2, 3, 4] }))).toEqual({ ok: true, value: { thetaH: digits, thetaY: [1, 2, 3, 4] } });
    const opaque = toWire([() => 1, 1n, new Proxy({}, { ownKeys: () => { throw new Error('trap'); } })]);
    expect(read(opaque)).toEqual({ ok: true, value: opaque });
    let nested: unknown = 1;
    for (let i = 0; i < 12; i++) nested = [nested];
    expect(read(toWire(nested))).toMatchObject({ ok: true });
    expect(read(toWire('x'.repeat(10_000)))).toMatchObject({ ok: true });
  });
});

describe('readers and feedback look at no more than they show', () => {
  const forged = sparse(HUGE, { 0: [1, 2, 3] });

  it('readMatrix and readVector decide a wrong shape from the length', { timeout: 5_000 }, () => {
    expect(readMatrix(forged, 3, 4, 'forward(…).h')).toEqual({ ok: false, problem: 'forward(…).h has shape 4294967295×3, expected 3×4' });
    expect(readMatrix(sparse(HUGE), 3, 4, 'W')).toMatchObject({ ok: false, problem: expect.stringContaining('array of arrays') });
    expect(readVector(forged, 4, 'thetaY')).toEqual({ ok: false, problem: 'thetaY has length 4294967295, expected 4' });
    // What they said before for the shapes students get wrong, unchanged.
    expect(readMatrix([[1, 2], [3, 4], [5, 6]], 2, 3, 'W')).toMatchObject({ ok: false, transposed: true });
    expect(readMatrix([1, 2, 3], 2, 3, 'W')).toMatchObject({ ok: false, problem: expect.stringContaining('array of arrays') });
    expect(readMatrix([[1, 2], 3], 2, 2, 'W')).toMatchObject({ ok: false, problem: expect.stringContaining('array of arrays') });
  });

  it('showValue, describeType and readField show the first entries only', { timeout: 5_000 }, () => {
    expect(showValue(forged)).toBe('[[1, 2, 3], undefined, undefined, undefined, undefined, undefined, undefined, undefined, … 4294967287 more]');
    expect(describeType(forged)).toBe('an array of length 4294967295');
    const wide = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i]));
    expect(describeType(wide)).toBe('an object with keys {k0, k1, k2, k3, k4, k5, k6, k7, …}');
    expect(readField(wide, 'yHat', 'forward(…)')).toMatchObject({ ok: false, problem: 'forward(…) has no field yHat (it has {k0, k1, k2, k3, k4, k5, k6, k7, …})' });
    expect(showValue({ a: [1, 2], b: { c: 'd' } })).toBe('{ a: [1, 2], b: { c: "d" } }');
  });
});

import { describe, expect, it } from 'vitest';
import { readMatrix, readNumber, readVector, readTransposed } from '../../grader/values/read.ts';
import { toWire } from '../../grader/sandbox/to-wire.ts';

describe('reading untrusted values', () => {
  it('refuses what is not a finite number, in words', () => {
    expect(readNumber('0.5', 'f(1)')).toMatchObject({ ok: false, problem: expect.stringContaining('the string "0.5"') });
    expect(readNumber(NaN, 'f(1)')).toMatchObject({ ok: false, problem: 'f(1) is NaN, but a finite number is due' });
    expect(readNumber(toWire({ valueOf: () => 0.5 }), 'f(1)')).toMatchObject({ ok: false });
    expect(readNumber(true, 'f(1)')).toMatchObject({ ok: false, problem: expect.stringContaining('boolean true') });
  });

  it('checks shapes and recognises a transposed matrix', () => {
    expect(readVector([1, 2], 3, 'v')).toMatchObject({ ok: false, problem: 'v has length 2, expected 3' });
    const transposed = [[1, 2, 3], [4, 5, 6]];
    expect(readMatrix(transposed, 3, 2, 'W')).toMatchObject({ ok: false, transposed: true });
    expect(readTransposed(transposed, 3, 2, 'W')).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(readMatrix([[1, 2], [3]], 2, 2, 'W')).toMatchObject({ ok: false });
  });
});

describe('toWire (in the sandbox child)', () => {
  it('describes what cannot cross as data instead of throwing', () => {
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(toWire(cyclic)).toEqual([{ $opaque: 'cyclic', text: 'a structure that contains itself' }]);
    expect(toWire(() => 1)).toMatchObject({ $opaque: 'function' });
    expect(toWire(new Proxy({}, { ownKeys: () => { throw new Error('trap'); } }))).toMatchObject({ $opaque: 'unreadable' });
    expect(toWire(Promise.resolve(1))).toMatchObject({ $opaque: 'promise' });
    expect(toWire(new Float64Array([1, 2]))).toEqual([1, 2]);
  });
});

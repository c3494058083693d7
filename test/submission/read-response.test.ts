/**
 * The boundary where a child's answer enters the grading process (submission/read-response.ts), on messages
 * as a forged child could send them: each kind answers only its own requests, bookkeeping is counts, sizes
 * are compared before anything is read, and what passes is a copy. End to end, with a real child process
 * playing these messages, in compromised-child.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { deserialize, serialize } from 'node:v8';
import { readResponse } from '../../grader/submission/read-response.ts';
import type { ChildOutcome, RequestWithoutId } from '../../grader/sandbox/sandbox.ts';

const call: RequestWithoutId = { kind: 'call', module: 'm', instance: 0, fn: 'f', args: [] };
const sample: RequestWithoutId = { kind: 'sample', module: 'm', instance: 0, fn: 'f', args: [], count: 3, packed: true };
const calls: RequestWithoutId = { kind: 'calls', module: 'm', instance: 0, calls: [{ fn: 'f', args: [] }, { fn: 'f', args: [] }] };
const usage = { rngCalls: 1, mathRandomCalls: 0, elapsedMs: 0.5 };

/** A message as the parent receives it, checked against the request it answers. */
const answer = (message: object, request: RequestWithoutId = call) => readResponse(deserialize(serialize({ id: 7, ...message })) as ChildOutcome, request);

describe('reading an answer from the child', () => {
  it('passes a well-formed answer on as a copy', () => {
    const value = { thetaY: [1, 2] };
    expect(answer({ kind: 'returned', value, ...usage })).toEqual({ kind: 'returned', id: 7, value, ...usage });
    const draws = answer({ kind: 'samples', values: new Float64Array([1, 2, 3]), consumed: new Uint32Array([1, 1, 1]), ...usage }, sample);
    expect(draws).toMatchObject({ kind: 'samples', values: new Float64Array([1, 2, 3]), consumed: new Uint32Array([1, 1, 1]) });
    expect(answer({ kind: 'missing-export', fn: 'f', exports: ['g'] })).toEqual({ kind: 'missing-export', id: 7, fn: 'f', exports: ['g'] });
  });

  it('refuses an answer of a kind the request cannot get', () => {
    expect(answer({ kind: 'samples', values: [], consumed: new Uint32Array(0), ...usage })).toMatchObject({ kind: 'malformed', problem: 'an answer of kind "samples" to a call request' });
    expect(answer({ kind: 'loaded' })).toMatchObject({ kind: 'malformed' });
    expect(answer({ kind: 'results', results: [] }, sample)).toMatchObject({ kind: 'malformed' });
  });

  it('refuses bookkeeping that is not counts', () => {
    for (const forged of [{ rngCalls: NaN }, { rngCalls: -1 }, { rngCalls: 2 ** 60 }, { mathRandomCalls: 0.5 }, { mathRandomCalls: '0' }, { elapsedMs: -1 }, { elapsedMs: undefined }]) {
      expect(answer({ kind: 'returned', value: 1, ...usage, ...forged })).toMatchObject({ kind: 'malformed', problem: expect.stringContaining('bookkeeping') });
    }
  });

  it('compares the lengths of a batch of draws before reading them', () => {
    const forged = (fields: object) => answer({ kind: 'samples', values: new Float64Array(3), consumed: new Uint32Array(3), ...usage, ...fields }, sample);
    const holey: number[] = [];
    holey.length = 2 ** 32 - 1;
    expect(forged({ values: holey })).toMatchObject({ kind: 'malformed', problem: '4294967295 draws where 3 were asked for' });
    expect(forged({ consumed: new Uint32Array(2) })).toMatchObject({ kind: 'malformed' });
    expect(forged({ consumed: new Int32Array(3) })).toMatchObject({ kind: 'malformed' });
    expect(forged({ values: new Float32Array(3) })).toMatchObject({ kind: 'malformed' });
    expect(answer({ kind: 'samples', values: new Float64Array(3), consumed: new Uint32Array(3), ...usage }, { ...sample, packed: false })).toMatchObject({ kind: 'malformed' });
    expect(forged({ threwAt: { index: 3, error: { name: 'E', message: 'm', notAnError: false } } })).toMatchObject({ kind: 'malformed' });
    expect(forged({ threwAt: { index: 1, error: { name: 'E', message: 'm', notAnError: false } } })).toMatchObject({ kind: 'samples', threwAt: { index: 1 } });
  });

  it('takes a batch of answers whole or not at all, the values of all its answers sharing one budget', () => {
    const returned = (value: unknown) => ({ kind: 'returned', value, ...usage });
    expect(answer({ kind: 'results', results: [returned(1), returned(2)] }, calls)).toMatchObject({ kind: 'results', results: [{ value: 1 }, { value: 2 }] });
    expect(answer({ kind: 'results', results: [returned(1), returned(2), returned(3)] }, calls)).toMatchObject({ kind: 'malformed', problem: '3 answers to a batch of 2 calls' });
    expect(answer({ kind: 'results', results: [returned(1), { kind: 'loaded' }] }, calls)).toMatchObject({ kind: 'malformed' });
    const half = new Array(1_200_000).fill(0);
    expect(answer({ kind: 'results', results: [returned(half), returned(half)] }, calls)).toMatchObject({ kind: 'malformed', problem: expect.stringContaining('2 000 000') });
  });

  it('keeps thrown text and a crash reason short, and refuses what is not text', () => {
    const long = 'x'.repeat(100_000);
    const threw = answer({ kind: 'threw', error: { name: long, message: long, stack: long, notAnError: false }, ...usage });
    expect(threw).toMatchObject({ kind: 'threw' });
    const error = (threw as { error: { name: string; message: string; stack: string } }).error;
    expect([error.name.length, error.message.length, error.stack.length]).toEqual([200, 4_000, 16_000]);
    expect(answer({ kind: 'threw', error: { name: 1, message: 'm', notAnError: false }, ...usage })).toMatchObject({ kind: 'malformed' });
    expect(answer({ kind: 'crashed', reason: long })).toMatchObject({ kind: 'crashed', reason: 'x'.repeat(1_000) });
    expect(answer({ kind: 'timeout', limitMs: Infinity })).toMatchObject({ kind: 'malformed' });
    expect(answer({ kind: 'missing-export', fn: 'f', exports: [1, 2] })).toMatchObject({ kind: 'malformed' });
  });
});

/** Training data: XOR, and handwritten 1s vs 2s (fixtures/data/digits-1v2.json), each with a constant-1 input. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fixturesDir } from '../../grader/paths.ts';
import type { Dataset } from '../../grader/checks/training-check.ts';

const withBias = (x: number[]) => [...x, 1];

export function xor(): { train: Dataset; test: Dataset; name: string } {
  const set = { xs: [[0, 0], [0, 1], [1, 0], [1, 1]].map(withBias), ys: [0, 1, 1, 0] };
  return { train: set, test: set, name: 'XOR' };
}

let digitsCache: { train: Dataset; test: Dataset; name: string } | undefined;

export function digits(): { train: Dataset; test: Dataset; name: string } {
  if (!digitsCache) {
    const raw = JSON.parse(readFileSync(resolve(fixturesDir, 'data', 'digits-1v2.json'), 'utf8')) as { train: Dataset; test: Dataset };
    const prepare = (set: Dataset) => ({ xs: set.xs.map(withBias), ys: set.ys });
    digitsCache = { train: prepare(raw.train), test: prepare(raw.test), name: 'held-out handwritten 1s and 2s' };
  }
  return digitsCache;
}

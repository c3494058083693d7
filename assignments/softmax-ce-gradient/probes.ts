/**
 * Probes for the softmax network: seeded parameters on non-square shapes (D, M, K all different) with
 * several samples, expected gradients by central differences of the reference cost J.
 */
import { centralDifferences, type ParamBlocks } from '../../grader/numeric/finite-difference.ts';
import { gradientTolerance } from '../../grader/numeric/compare.ts';
import type { BlockSpec, GradientProbe } from '../../grader/checks/gradient-check.ts';
import { rngFunction } from '../../grader/random/uniform-stream.ts';
import { reference, type Params } from './reference.ts';

export type { Params };

export interface Batch {
  params: Params;
  X: number[][];
  T: number[][];
}

/** Weights in (−1, 1), biases in (−0.5, 0.5), inputs in (−2, 2), one-hot targets of random classes. */
export function makeBatch(seed: number, D: number, M: number, K: number, N: number): Batch {
  const rng = rngFunction(seed);
  const uniform = (half: number) => (2 * rng() - 1) * half;
  const matrix = (rows: number, cols: number, half: number) => Array.from({ length: rows }, () => Array.from({ length: cols }, () => uniform(half)));
  return {
    params: { W: matrix(D, M, 1), b: Array.from({ length: M }, () => uniform(0.5)), V: matrix(M, K, 1), c: Array.from({ length: K }, () => uniform(0.5)) },
    X: matrix(N, D, 2),
    T: Array.from({ length: N }, () => {
      const k = Math.floor(rng() * K);
      return Array.from({ length: K }, (_, j) => (j === k ? 1 : 0));
    }),
  };
}

export const cost = (params: Params, X: number[][], T: number[][]) => reference.crossEntropy(T, reference.forward(params, X).Y);

const asBlocks = (params: Params): ParamBlocks => ({ W: params.W, b: params.b, V: params.V, c: params.c });

export function numericalGradients(batch: Batch): ParamBlocks {
  return centralDifferences((p) => cost(p as unknown as Params, batch.X, batch.T), asBlocks(batch.params));
}

/** ∂J/∂W and ∂J/∂b without the hidden layer's Z ⊙ (1 − Z) factor. */
function withoutHiddenFactor(batch: Batch): ParamBlocks {
  const { W, b, V } = batch.params;
  const { Z, Y } = reference.forward(batch.params, batch.X);
  const gW = W.map((row) => row.map(() => 0));
  const gb = b.map(() => 0);
  batch.X.forEach((x, n) => {
    const delta = Z[n]!.map((_, m) => V[m]!.reduce((sum, v, k) => sum + v * (Y[n]![k]! - batch.T[n]![k]!), 0));
    delta.forEach((d, m) => {
      gb[m]! += d;
      x.forEach((xd, i) => (gW[i]![m]! += xd * d));
    });
  });
  const exact = numericalGradients(batch);
  return { W: gW, b: gb, V: exact.V!, c: exact.c! };
}

export type Which = 'V-c' | 'W-b' | 'all';

export function gradientsProbe(batch: Batch, which: Which): GradientProbe {
  const D = batch.params.W.length;
  const M = batch.params.b.length;
  const K = batch.params.c.length;
  const N = batch.X.length;
  const all: BlockSpec[] = [
    { field: 'W', name: 'W', rows: D, cols: M },
    { field: 'b', name: 'b', rows: M },
    { field: 'V', name: 'V', rows: M, cols: K },
    { field: 'c', name: 'c', rows: K },
  ];
  const blocks = all.filter((block) => which === 'all' || which.split('-').includes(block.name));
  return {
    fn: 'gradients',
    args: [batch.params, batch.X, batch.T],
    show: `gradients(params, X, T) with D = ${D}, M = ${M}, K = ${K} and N = ${N} samples`,
    blocks,
    expected: numericalGradients(batch),
    examples: N,
    perExample: batch.X.map((x, n) => numericalGradients({ params: batch.params, X: [x], T: [batch.T[n]!] })),
    known: [
      {
        name: 'missing Z ⊙ (1 − Z) factor',
        explanation: 'the hidden layer is $Z = σ(XW + b)$, so $∂J/∂(XW + b) = ((Y − T)Vᵀ) ⊙ Z ⊙ (1 − Z)$: the sigmoid\'s derivative is missing',
        values: withoutHiddenFactor(batch),
      },
    ],
    tolerance: gradientTolerance,
  };
}

export { reference };

/**
 * Probes for the two-layer network: seeded parameters and batches on NON-square shapes (m_x ≠ m_h) with
 * several examples, so a transposed θ^(h) or a gradient of the last example only cannot pass; and the
 * expected gradients by central differences of the reference log-likelihood.
 */
import { centralDifferences } from '../../grader/numeric/finite-difference.ts';
import { gradientTolerance } from '../../grader/numeric/compare.ts';
import type { GradientProbe } from '../../grader/checks/gradient-check.ts';
import { rngFunction } from '../../grader/random/uniform-stream.ts';
import { reference, type Params } from './reference.ts';

export type { Params };

export interface Batch {
  params: Params;
  xs: number[][];
  ys: number[];
}

/**
 * Weights uniform in (−1.5, 1.5) and inputs in (−2, 2): every ŷ stays within (0.002, 0.998), so LL is
 * finite and of moderate size (|LL| < 5n), as the finite-difference error bound assumes. Labels alternate
 * so both terms of LL appear.
 */
export function makeBatch(seed: number, mx: number, mh: number, n: number): Batch {
  const rng = rngFunction(seed);
  const uniform = (half: number) => (2 * rng() - 1) * half;
  return {
    params: {
      thetaH: Array.from({ length: mx }, () => Array.from({ length: mh }, () => uniform(1.5))),
      thetaY: Array.from({ length: mh }, () => uniform(1.5)),
    },
    xs: Array.from({ length: n }, () => Array.from({ length: mx }, () => uniform(2))),
    ys: Array.from({ length: n }, (_, k) => (k % 2 === 0 ? 1 : 0)),
  };
}

const toBlocks = (params: Params) => ({ thetaH: params.thetaH, thetaY: params.thetaY });

/** ∂LL/∂θ by central differences of the reference LL. */
export function numericalGradient(batch: Batch): Params {
  const grad = centralDifferences((p) => reference.logLikelihood(p, batch.xs, batch.ys), toBlocks(batch.params));
  return { thetaH: grad.thetaH as number[][], thetaY: grad.thetaY as number[] };
}

/** A gradient with the hidden layer's σ(1 − σ) factor left out: Σ (y − ŷ) θ^(ŷ)_j x_i. */
function withoutHiddenFactor(batch: Batch): Params {
  const grad = reference.gradient(batch.params, batch.xs, batch.ys);
  const thetaH = batch.params.thetaH.map((row) => row.map(() => 0));
  batch.xs.forEach((x, k) => {
    const { yHat } = reference.forward(batch.params, x);
    x.forEach((xi, i) => batch.params.thetaY.forEach((ty, j) => (thetaH[i]![j]! += (batch.ys[k]! - yHat) * ty * xi)));
  });
  return { thetaH, thetaY: grad.thetaY };
}

/** A gradient that keeps the output layer's ŷ(1 − ŷ) factor (it cancels against ∂LL/∂ŷ). */
function withOutputFactor(batch: Batch): Params {
  const thetaH = batch.params.thetaH.map((row) => row.map(() => 0));
  const thetaY = batch.params.thetaY.map(() => 0);
  batch.xs.forEach((x, k) => {
    const { h, yHat } = reference.forward(batch.params, x);
    const delta = (batch.ys[k]! - yHat) * yHat * (1 - yHat);
    h.forEach((hj, j) => {
      thetaY[j]! += delta * hj;
      x.forEach((xi, i) => (thetaH[i]![j]! += delta * batch.params.thetaY[j]! * hj * (1 - hj) * xi));
    });
  });
  return { thetaH, thetaY };
}

export type Layer = 'thetaH' | 'thetaY' | 'both';

/** A gradient probe of `gradient(params, xs, ys)` checking one layer's block, or both. */
export function gradientProbe(batch: Batch, layer: Layer): GradientProbe {
  const mx = batch.params.thetaH.length;
  const mh = batch.params.thetaY.length;
  const blocks = [
    { field: 'thetaH', name: 'thetaH', rows: mx, cols: mh },
    { field: 'thetaY', name: 'thetaY', rows: mh },
  ].filter((block) => layer === 'both' || block.field === layer);
  const single = (k: number) => numericalGradient({ params: batch.params, xs: [batch.xs[k]!], ys: [batch.ys[k]!] });
  return {
    fn: 'gradient',
    args: [batch.params, batch.xs, batch.ys],
    show: `gradient(params, xs, ys) with m_x = ${mx} inputs, m_h = ${mh} hidden units and n = ${batch.xs.length} examples`,
    blocks,
    expected: numericalGradient(batch) as unknown as Record<string, number[] | number[][]>,
    examples: batch.xs.length,
    perExample: batch.xs.map((_, k) => single(k) as unknown as Record<string, number[] | number[][]>),
    known: [
      {
        name: 'missing h_j(1 − h_j) factor',
        explanation: '$∂h_j/∂θ^{(h)}_{i,j} = h_j(1 − h_j) x_i$: the derivative of the hidden sigmoid is missing from $∂LL/∂θ^{(h)}$',
        values: withoutHiddenFactor(batch) as unknown as Record<string, number[] | number[][]>,
      },
      {
        name: 'extra ŷ(1 − ŷ) factor',
        explanation: '$∂LL/∂ŷ = y/ŷ − (1 − y)/(1 − ŷ)$ times $∂ŷ/∂z = ŷ(1 − ŷ)$ is simply $y − ŷ$: the factor $ŷ(1 − ŷ)$ cancels and must not appear again',
        values: withOutputFactor(batch) as unknown as Record<string, number[] | number[][]>,
      },
    ],
    tolerance: gradientTolerance,
  };
}

export { reference };

/**
 * The Dvoretzky–Kiefer–Wolfowitz–Massart inequality: for n iid draws from ANY distribution with CDF F,
 *   P( sup_x |F_n(x) − F(x)| > ε ) ≤ 2·exp(−2nε²).
 * It holds exactly for every n (Massart 1990) and for discrete F too (where the sup is only smaller), so a
 * band ε = √(ln(2/α) / 2n) has false-failure probability at most α with no asymptotics. This is the test
 * TensorFlow Probability's statistical_testing module builds on.
 */
import { binomialCdfAt, tailsUpperBound } from './binomial.ts';

export function dkwmEpsilon(n: number, alpha: number): number {
  return Math.sqrt(Math.log(2 / alpha) / (2 * n));
}

export interface SupDistance {
  distance: number;
  /** Where the largest gap is, and the two CDF values there. */
  at: number;
  empirical: number;
  target: number;
}

/** sup |F_n − F| for a continuous F, from the sorted draws (the sup is attained just at or before a draw). */
export function supDistanceContinuous(sorted: Float64Array, cdf: (x: number) => number): SupDistance {
  const n = sorted.length;
  let best: SupDistance = { distance: 0, at: sorted[0] ?? 0, empirical: 0, target: 0 };
  for (let i = 0; i < n; i++) {
    const x = sorted[i]!;
    const target = cdf(x);
    const above = (i + 1) / n - target;
    const below = target - i / n;
    if (above > best.distance) best = { distance: above, at: x, empirical: (i + 1) / n, target };
    if (below > best.distance) best = { distance: below, at: x, empirical: i / n, target };
  }
  return best;
}

/**
 * sup |F_n − F| for an integer-valued F: both are step functions constant on [k, k+1), so the sup is the
 * largest gap at the integers. (Evaluating a continuous-case formula at the atoms, as some KS
 * implementations do, mixes F(k) with F(k−) and is wrong for discrete targets.)
 */
export function supDistanceInteger(counts: Map<number, number>, n: number, cdf: (k: number) => number, from: number, to: number): SupDistance {
  // F_n is constant between the integers where a draw enters it (⌈v⌉ for a draw v) and F only grows, so on
  // each run of integers with the same F_n the gap is largest at one of the run's two ends: only those are
  // evaluated. The result is the scan over every k in [from, to] (same distance, same first k), but a draw
  // of 10^15 costs two points instead of 10^15.
  const keys = [...counts.keys()].sort((a, b) => a - b);
  const candidates = new Set<number>([from, to]);
  for (const value of keys) {
    const enters = Math.ceil(value);
    if (enters - 1 >= from && enters - 1 <= to) candidates.add(enters - 1);
    if (enters >= from && enters <= to) candidates.add(enters);
  }
  const points = [...candidates].sort((a, b) => a - b);
  let cumulative = 0;
  let next = 0;
  let best: SupDistance = { distance: 0, at: from, empirical: 0, target: 0 };
  for (const k of points) {
    while (next < keys.length && keys[next]! <= k) cumulative += counts.get(keys[next++]!)!;
    const empirical = cumulative / n;
    const target = cdf(k);
    const gap = Math.abs(empirical - target);
    if (gap > best.distance) best = { distance: gap, at: k, empirical, target };
  }
  return best;
}

/** supDistanceInteger with the counts of from, from + 1, …, to in an array (every draw lies in that range). */
export function supDistanceIntegerDense(counts: ArrayLike<number>, from: number, n: number, cdf: (k: number) => number, to: number): SupDistance {
  let cumulative = 0;
  let best: SupDistance = { distance: 0, at: from, empirical: 0, target: 0 };
  for (let k = from; k <= to; k++) {
    cumulative += counts[k - from]!;
    const empirical = cumulative / n;
    const target = cdf(k);
    const gap = Math.abs(empirical - target);
    if (gap > best.distance) best = { distance: gap, at: k, empirical, target };
  }
  return best;
}

/**
 * A lower bound on the power of the band test against an alternative G: at the point x* where |G − F| is
 * largest, n·F_n(x*) ~ Bin(n, G(x*)), and the test surely fails when |F_n(x*) − F(x*)| > ε. Exact binomial.
 */
export function dkwmPowerAt(n: number, epsilon: number, targetAt: number, alternativeAt: number): number {
  const below = Math.ceil(n * (targetAt - epsilon)) - 1; // counts ≤ below are outside the band
  const above = Math.floor(n * (targetAt + epsilon)) + 1; // counts ≥ above are outside the band
  return binomialCdfAt(below, n, alternativeAt) + (1 - binomialCdfAt(above - 1, n, alternativeAt));
}

/** An upper bound on dkwmPowerAt (Chernoff on both tails), at a fraction of its cost. */
export function dkwmPowerUpperBound(n: number, epsilon: number, targetAt: number, alternativeAt: number): number {
  const below = Math.ceil(n * (targetAt - epsilon)) - 1;
  const above = Math.floor(n * (targetAt + epsilon)) + 1;
  return tailsUpperBound(n, alternativeAt, below, above);
}

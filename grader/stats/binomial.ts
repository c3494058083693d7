/**
 * Exact binomial tails (via @stdlib's binomial CDF): acceptance regions with a guaranteed false-failure
 * probability, and the probability that a count falls outside one (the power against an alternative).
 * Exact tails stay calibrated at the 1e-8 levels used here, where chi-square's "expected counts ≥ 5"
 * rule of thumb does not.
 */
import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';

/** P(X ≤ k) for X ~ Bin(n, p); 0 for k < 0. */
export function binomialCdfAt(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  return binomialCdf(k, n, p);
}

export interface Acceptance {
  /** Accept counts lo ≤ X ≤ hi. */
  lo: number;
  hi: number;
  /** The exact false-failure probability P(X < lo) + P(X > hi) ≤ alpha. */
  falseFailure: number;
}

/** Regions already computed, by (n, p, α): a test uses the same few for every submission it grades. */
const regions = new Map<string, Acceptance>();
const MAX_REGIONS = 20_000;

/** The narrowest equal-tailed region with P(X < lo) ≤ α/2 and P(X > hi) ≤ α/2. */
export function acceptanceRegion(n: number, p: number, alpha: number): Acceptance {
  const key = `${n} ${p} ${alpha}`;
  const known = regions.get(key);
  if (known) return { ...known };
  const region = computeRegion(n, p, alpha);
  if (regions.size >= MAX_REGIONS) regions.clear();
  regions.set(key, region);
  return { ...region };
}

function computeRegion(n: number, p: number, alpha: number): Acceptance {
  if (p <= 0) return { lo: 0, hi: 0, falseFailure: 0 };
  if (p >= 1) return { lo: n, hi: n, falseFailure: 0 };
  // lo: the largest k with P(X ≤ k − 1) ≤ α/2.
  let lo = 0;
  let high = n;
  while (lo < high) {
    const mid = Math.ceil((lo + high) / 2);
    if (lowerTailWithin(mid - 1, n, p, alpha / 2)) lo = mid;
    else high = mid - 1;
  }
  // hi: the smallest k with P(X > k) ≤ α/2.
  let low = 0;
  let hi = n;
  while (low < hi) {
    const mid = Math.floor((low + hi) / 2);
    if (upperTailWithin(mid, n, p, alpha / 2)) hi = mid;
    else low = mid + 1;
  }
  return { lo, hi, falseFailure: binomialCdfAt(lo - 1, n, p) + (1 - binomialCdfAt(hi, n, p)) };
}

/*
 * The bisections above take the same steps as with every comparison made on the exact tail; a comparison
 * far from the answer is settled without it: beyond the mean by Chernoff's bound (a tail at most a quarter
 * of the limit is within it, whatever the rounding of the exact value), on the near side of the mean by
 * the median (P(X ≤ k) ≥ 1/2 for k ≥ ⌈np⌉, P(X > k) ≥ 1/2 for k < ⌊np⌋, neither within a limit below 1/4).
 */

/** binomialCdfAt(k, n, p) ≤ limit. */
function lowerTailWithin(k: number, n: number, p: number, limit: number): boolean {
  if (k >= 0 && k < n) {
    if (k < n * p && Math.exp(-n * klBernoulli(k / n, p)) <= limit / 4) return true;
    if (k >= Math.ceil(n * p) && limit < 0.25) return false;
  }
  return binomialCdfAt(k, n, p) <= limit;
}

/** 1 − binomialCdfAt(k, n, p) ≤ limit. */
function upperTailWithin(k: number, n: number, p: number, limit: number): boolean {
  if (k >= 0 && k < n) {
    if (k + 1 > n * p && limit > 1e-12 && Math.exp(-n * klBernoulli((k + 1) / n, p)) <= limit / 4) return true;
    if (k + 1 <= Math.floor(n * p) && limit < 0.25) return false;
  }
  return 1 - binomialCdfAt(k, n, p) <= limit;
}

/** P(X < lo or X > hi) for X ~ Bin(n, q): the chance an alternative with cell probability q is caught. */
export function probabilityOutside(n: number, q: number, region: { lo: number; hi: number }): number {
  if (q <= 0) return region.lo > 0 ? 1 : 0;
  if (q >= 1) return region.hi < n ? 1 : 0;
  return binomialCdfAt(region.lo - 1, n, q) + (1 - binomialCdfAt(region.hi, n, q));
}

/**
 * An upper bound on P(X ≤ atMost) + P(X ≥ atLeast) for X ~ Bin(n, q), by Chernoff's bound on each tail
 * beyond the mean: P(X ≤ k) ≤ exp(−n·KL(k/n ‖ q)) for k < nq, and likewise above (a tail that reaches the
 * mean counts as 1). Cheap, and used only to skip exact evaluations that cannot matter.
 */
export function tailsUpperBound(n: number, q: number, atMost: number, atLeast: number): number {
  const lower = atMost < 0 ? 0 : atMost < n * q ? Math.exp(-n * klBernoulli(atMost / n, q)) : 1;
  const upper = atLeast > n ? 0 : atLeast > n * q ? Math.exp(-n * klBernoulli(atLeast / n, q)) : 1;
  return Math.min(1, lower + upper);
}

/** KL(a ‖ q) between Bernoulli(a) and Bernoulli(q), for 0 ≤ a ≤ 1 and 0 < q < 1. */
function klBernoulli(a: number, q: number): number {
  if (q <= 0 || q >= 1) return 0;
  const low = a > 0 ? a * Math.log(a / q) : 0;
  const high = a < 1 ? (1 - a) * Math.log((1 - a) / (1 - q)) : 0;
  return Math.max(0, low + high);
}

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
    if (binomialCdfAt(mid - 1, n, p) <= alpha / 2) lo = mid;
    else high = mid - 1;
  }
  // hi: the smallest k with P(X > k) ≤ α/2.
  let low = 0;
  let hi = n;
  while (low < hi) {
    const mid = Math.floor((low + hi) / 2);
    if (1 - binomialCdfAt(mid, n, p) <= alpha / 2) hi = mid;
    else low = mid + 1;
  }
  return { lo, hi, falseFailure: binomialCdfAt(lo - 1, n, p) + (1 - binomialCdfAt(hi, n, p)) };
}

/** P(X < lo or X > hi) for X ~ Bin(n, q): the chance an alternative with cell probability q is caught. */
export function probabilityOutside(n: number, q: number, region: { lo: number; hi: number }): number {
  if (q <= 0) return region.lo > 0 ? 1 : 0;
  if (q >= 1) return region.hi < n ? 1 : 0;
  return binomialCdfAt(region.lo - 1, n, q) + (1 - binomialCdfAt(region.hi, n, q));
}

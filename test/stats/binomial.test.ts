import { describe, expect, it } from 'vitest';
import { acceptanceRegion, binomialCdfAt, probabilityOutside, tailsUpperBound } from '../../grader/stats/binomial.ts';

describe('acceptanceRegion', () => {
  it.each([
    [200_000, 0.001, 5e-8],
    [1000, 0.3, 0.01],
    [50, 0.02, 1e-6],
    [200_000, 1e-9, 1e-8],
  ])('n = %d, p = %d: exact false-failure ≤ α and the region is as narrow as allowed', (n, p, alpha) => {
    const region = acceptanceRegion(n, p, alpha);
    expect(region.falseFailure).toBeLessThanOrEqual(alpha);
    // One step narrower on either side would exceed its α/2 share.
    if (region.lo > 0) expect(binomialCdfAt(region.lo, n, p)).toBeGreaterThan(alpha / 2);
    if (region.hi > 0) expect(1 - binomialCdfAt(region.hi - 1, n, p)).toBeGreaterThan(alpha / 2);
  });

  it('an impossible cell accepts only a zero count, and any count there is caught', () => {
    const region = acceptanceRegion(1000, 0, 1e-6);
    expect(region).toMatchObject({ lo: 0, hi: 0 });
    expect(probabilityOutside(1000, 0.01, region)).toBeGreaterThan(0.99);
  });

  it('a truncated exponential tail (0 where ~200 are due) is caught with certainty', () => {
    const region = acceptanceRegion(200_000, 0.001, 5e-8);
    expect(region.lo).toBeGreaterThan(100);
    expect(probabilityOutside(200_000, 0, region)).toBe(1);
  });
});

describe('shortcuts that must not change a result', () => {
  /** The region by plain bisection, every comparison on the exact tail (how acceptanceRegion was first written). */
  function plainRegion(n: number, p: number, alpha: number) {
    if (p <= 0) return { lo: 0, hi: 0, falseFailure: 0 };
    if (p >= 1) return { lo: n, hi: n, falseFailure: 0 };
    let lo = 0;
    let high = n;
    while (lo < high) {
      const mid = Math.ceil((lo + high) / 2);
      if (binomialCdfAt(mid - 1, n, p) <= alpha / 2) lo = mid;
      else high = mid - 1;
    }
    let low = 0;
    let hi = n;
    while (low < hi) {
      const mid = Math.floor((low + hi) / 2);
      if (1 - binomialCdfAt(mid, n, p) <= alpha / 2) hi = mid;
      else low = mid + 1;
    }
    return { lo, hi, falseFailure: binomialCdfAt(lo - 1, n, p) + (1 - binomialCdfAt(hi, n, p)) };
  }

  it('acceptanceRegion is the plain bisection, to the last bit, from tiny to large n, p and α', () => {
    for (const n of [1, 7, 300, 2000, 20_000, 200_000]) {
      for (const p of [1e-11, 1e-7, 1e-4, 0.001, 0.05, 0.3, 0.5, 0.9, 0.999, 1 - 1e-9]) {
        for (const alpha of [0.5, 0.05, 2e-4, 1e-8, 2.9e-10, 1e-13]) {
          expect(acceptanceRegion(n, p, alpha), `n ${n}, p ${p}, α ${alpha}`).toEqual(plainRegion(n, p, alpha));
        }
      }
    }
  });

  it('tailsUpperBound bounds the two tails it skips', () => {
    for (const n of [50, 2000, 200_000]) {
      for (const q of [1e-6, 0.001, 0.2, 0.5, 0.97]) {
        for (const f of [0, 0.3, 0.8, 0.95, 1.05, 1.2, 2]) {
          const k = Math.round(n * q * f);
          const exact = binomialCdfAt(k, n, q) + (1 - binomialCdfAt(k + Math.ceil(n * q * 0.1) - 1, n, q));
          expect(tailsUpperBound(n, q, k, k + Math.ceil(n * q * 0.1))).toBeGreaterThanOrEqual(exact * (1 - 1e-9));
        }
      }
    }
  });
});

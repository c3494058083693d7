import { describe, expect, it } from 'vitest';
import { acceptanceRegion, binomialCdfAt, probabilityOutside } from '../../grader/stats/binomial.ts';

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

/**
 * The picture data of a sampler test (checks/figure.ts): the histogram of the draws with the counts the
 * target predicts, the empirical CDF against the target CDF at a few hundred points, and the largest gap the
 * test measured. A few hundred numbers whatever the number of draws.
 */
import type { SamplerFigure } from './figure.ts';
import type { Alternative, SamplerDesign, Target } from './sampler-check.ts';
import type { SupDistance } from '../stats/dkwm.ts';
import { supDistanceContinuous, supDistanceInteger } from '../stats/dkwm.ts';

const CONTINUOUS_BINS = 40;
const CDF_POINTS = 200;
/** At most this many bars for an integer target (a wrong sampler may return anything). */
const MAX_BARS = 200;

/** `sorted`: the draws in increasing order (continuous targets; computed anyway for the band). */
export function samplerFigure(values: Float64Array, sorted: Float64Array | undefined, target: Target, design: SamplerDesign, sup: SupDistance): SamplerFigure {
  const n = values.length;
  const common = {
    kind: 'sampler' as const,
    target: target.name,
    draws: n,
    gap: { at: sup.at, empirical: sup.empirical, target: sup.target, distance: sup.distance },
    epsilon: design.epsilon,
    falseFailure: design.falseFailure,
    power: design.power,
  };
  if (target.kind === 'continuous') {
    const draws = sorted ?? values.slice().sort();
    // The target's central 99.9%, widened to hold the gap (a wrong sampler's gap may lie outside it).
    let lo = Math.min(target.quantile(0.0005), sup.at);
    let hi = Math.max(target.quantile(0.9995), sup.at);
    if (!(hi > lo)) hi = lo + 1;
    const width = (hi - lo) / CONTINUOUS_BINS;
    const bins = Array.from({ length: CONTINUOUS_BINS }, (_, i) => {
      const x0 = lo + i * width;
      const x1 = i === CONTINUOUS_BINS - 1 ? hi : lo + (i + 1) * width;
      return { x0, x1, observed: 0, expected: n * (target.cdf(x1) - target.cdf(x0)) };
    });
    let below = 0;
    let above = 0;
    for (let i = 0; i < n; i++) {
      const v = draws[i]!;
      if (v < lo) below += 1;
      else if (v > hi) above += 1;
      else bins[Math.min(CONTINUOUS_BINS - 1, Math.floor((v - lo) / width))]!.observed += 1;
    }
    const xs = Array.from({ length: CDF_POINTS + 1 }, (_, i) => lo + ((hi - lo) * i) / CDF_POINTS);
    xs.push(sup.at);
    xs.sort((a, b) => a - b);
    const cdf = xs.map((x) => ({ x, empirical: upperBound(draws, x) / n, target: target.cdf(x) }));
    return { ...common, discrete: false, bins, outside: { below, above }, cdf };
  }
  // Integer target: one bar per value, over the values the target or the draws make visible.
  let first = Infinity;
  let last = -Infinity;
  for (let k = target.min; k <= target.max; k++) {
    if (n * target.pmf(k) >= 0.5) {
      first = Math.min(first, k);
      last = Math.max(last, k);
    }
  }
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v < first) first = v;
    if (v > last) last = v;
  }
  first = Math.max(first, Math.floor(sup.at) - MAX_BARS, target.min - MAX_BARS);
  last = Math.min(last, first + MAX_BARS - 1);
  const counts = new Float64Array(last - first + 1);
  let below = 0;
  let above = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v < first) below += 1;
    else if (v > last) above += 1;
    else counts[v - first]! += 1;
  }
  const bins = [];
  const cdf = [];
  let cumulative = below;
  for (let k = first; k <= last; k++) {
    const observed = counts[k - first]!;
    cumulative += observed;
    const inSupport = k >= target.min && k <= target.max;
    bins.push({ x0: k, x1: k, observed, expected: inSupport ? n * target.pmf(k) : 0 });
    cdf.push({ x: k, empirical: cumulative / n, target: target.cdf(k) });
  }
  return { ...common, discrete: true, bins, outside: { below, above }, cdf };
}

/**
 * The named alternative the draws fit (inside the same band around its CDF as the test puts around the
 * target's), if one does: the diagnosis of a failing sampler, e.g. "λ used as the scale". Only alternatives whose CDF differs from
 * the target's by more than twice the band can be told apart from the target; others are not named.
 */
export function matchingAlternative(values: Float64Array, sorted: Float64Array | undefined, target: Target, alternatives: Alternative[], epsilon: number): Alternative | undefined {
  const n = values.length;
  let counts: Map<number, number> | undefined;
  let from = Infinity;
  let to = -Infinity;
  if (target.kind === 'integer') {
    counts = new Map();
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      counts.set(v, (counts.get(v) ?? 0) + 1);
      if (v < from) from = v;
      if (v > to) to = v;
    }
    from = Math.min(from, target.min);
    to = Math.max(to, target.max);
  }
  const draws = target.kind === 'continuous' ? (sorted ?? values.slice().sort()) : undefined;
  const distance = (cdf: (x: number) => number) => (draws ? supDistanceContinuous(draws, cdf) : supDistanceInteger(counts!, n, cdf, from, to)).distance;
  let best: { alternative: Alternative; distance: number } | undefined;
  for (const alternative of alternatives) {
    const d = distance(alternative.cdf);
    if (d <= epsilon && (!best || d < best.distance)) best = { alternative, distance: d };
  }
  return best?.alternative;
}

/** The number of sorted values ≤ x. */
function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

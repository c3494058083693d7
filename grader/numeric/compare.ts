/**
 * The pass rule for gradients and derivatives: BOTH
 *   normwise   ‖a − n‖₂ ≤ normRtol·‖n‖₂ + atol·√N, and
 *   per entry  |a_i − n_i| ≤ atol + rtol·|n_i|.
 * A per-entry relative rule alone false-fails correct code on entries near zero (relative error 3e-5 there
 * from finite-difference noise alone); a loose relative rule (torch's rtol 1e-3) misses 1e-3 errors.
 * The absolute term absorbs the noise near zero, the normwise term catches a small error spread over all
 * entries, and the per-entry term catches one wrong entry hidden in a large norm. Each test states its
 * constants and their derivation next to them; the defaults are derived in `gradientTolerance`.
 */
export interface Tolerance {
  atol: number;
  rtol: number;
  normRtol: number;
  /** The derivation in one line, shown in feedback. */
  why: string;
}

/**
 * For a comparison with central differences (finite-difference.ts: error ≤ 3e-9 per entry):
 * atol 1e-6 leaves a margin of 300 over that noise and still fails an additive error of 1e-4 by a factor
 * of 100; rtol 1e-5 and normRtol 1e-6 fail a relative error of 1e-3 on every entry larger than 1e-3
 * (all our probes' gradients have entries and norms well above that) while correct code's relative error
 * on such entries is below 3e-6.
 */
export const gradientTolerance: Tolerance = {
  atol: 1e-6,
  rtol: 1e-5,
  normRtol: 1e-6,
  why: 'central differences with h = 1e-5 are accurate to ~3e-9 here; atol 1e-6, rtol 1e-5, normwise 1e-6',
};

export interface Block {
  name: string;
  values: number[];
  /** Label of entry i, e.g. "θ^(h)[2][1]" or "z = 25". */
  label(index: number): string;
}

export interface EntryError {
  label: string;
  actual: number;
  expected: number;
  error: number;
  allowed: number;
}

export interface Comparison {
  pass: boolean;
  normRelativeError: number;
  normAllowed: number;
  failingEntries: number;
  totalEntries: number;
  /** The worst entries by error/allowed, most off first (at most 5). */
  worst: EntryError[];
}

export function compareBlocks(actual: Block[], expected: Block[], tolerance: Tolerance): Comparison {
  const entries: EntryError[] = [];
  let diffSquared = 0;
  let normSquared = 0;
  expected.forEach((block, b) => {
    const got = actual[b]!;
    block.values.forEach((n, i) => {
      const a = got.values[i]!;
      const error = Math.abs(a - n);
      diffSquared += Number.isFinite(error) ? error * error : Infinity;
      normSquared += n * n;
      entries.push({ label: block.label(i), actual: a, expected: n, error: Number.isNaN(error) ? Infinity : error, allowed: tolerance.atol + tolerance.rtol * Math.abs(n) });
    });
  });
  const norm = Math.sqrt(normSquared);
  const normAllowed = tolerance.normRtol * norm + tolerance.atol * Math.sqrt(entries.length);
  const diff = Math.sqrt(diffSquared);
  const failing = entries.filter((entry) => !(entry.error <= entry.allowed));
  const worst = [...entries].sort((x, y) => y.error / y.allowed - x.error / x.allowed).slice(0, 5);
  return {
    pass: failing.length === 0 && diff <= normAllowed,
    normRelativeError: norm > 0 ? diff / norm : diff,
    normAllowed: norm > 0 ? normAllowed / norm : normAllowed,
    failingEntries: failing.length,
    totalEntries: entries.length,
    worst,
  };
}

export const vectorLabels = (name: string) => (index: number) => `${name}[${index}]`;
export const matrixLabels = (name: string, cols: number) => (index: number) => `${name}[${Math.floor(index / cols)}][${index % cols}]`;
export const flatten = (block: number[] | number[][]): number[] => (Array.isArray(block[0]) ? (block as number[][]).flat() : (block as number[]));

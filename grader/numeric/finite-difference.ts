/**
 * Central finite differences, the independent yardstick for analytic gradients.
 *
 * Error of (f(θ+h) − f(θ−h)) / 2h in float64: truncation h²/6·|f'''| plus rounding about ε|f|/h
 * (ε = 2.2e-16). With h = 1e-5 and the probes used here (|f| ≤ 50, |f'''| ≤ 10) that is at most
 * 1.7e-9 + 1.1e-9 ≈ 3e-9 per entry; the tolerances in compare.ts are built on that figure.
 */
export const FD_STEP = 1e-5;

/** Parameters as named blocks: a vector or a matrix each (θ^(h), θ^(ŷ), W, b, …). */
export type ParamBlocks = Record<string, number[] | number[][]>;

export function cloneBlocks<P extends ParamBlocks>(params: P): P {
  const out: ParamBlocks = {};
  for (const [name, block] of Object.entries(params)) {
    out[name] = Array.isArray(block[0]) ? (block as number[][]).map((row) => [...row]) : [...(block as number[])];
  }
  return out as P;
}

/** ∂f/∂(every entry of every block), in the same shape as the parameters. */
export function centralDifferences<P extends ParamBlocks>(f: (params: P) => number, params: P, h = FD_STEP): P {
  const work = cloneBlocks(params);
  const gradient = cloneBlocks(params);
  for (const name of Object.keys(work)) {
    const block = work[name]!;
    const target = gradient[name]!;
    if (Array.isArray(block[0])) {
      const matrix = block as number[][];
      matrix.forEach((row, r) =>
        row.forEach((_, c) => {
          (target as number[][])[r]![c] = differenceAt(f, work, row, c, h);
        }),
      );
    } else {
      const vector = block as number[];
      vector.forEach((_, i) => {
        (target as number[])[i] = differenceAt(f, work, vector, i, h);
      });
    }
  }
  return gradient;
}

function differenceAt<P>(f: (params: P) => number, params: P, holder: number[], index: number, h: number): number {
  const original = holder[index]!;
  holder[index] = original + h;
  const up = f(params);
  holder[index] = original - h;
  const down = f(params);
  holder[index] = original;
  return (up - down) / (2 * h);
}

/** d/dz of a scalar function by central differences. */
export function scalarDerivative(f: (z: number) => number, z: number, h = FD_STEP): number {
  return (f(z + h) - f(z - h)) / (2 * h);
}

/**
 * Names the common pattern behind a wrong gradient, so feedback can say "opposite sign" rather than only
 * "entry [2][1] is off by 0.31". Candidates, in order: a known mistake the assignment describes (e.g. a
 * missing σ(1−σ) factor), one example instead of the sum, and a constant scale s fitted by least squares,
 * s = ⟨a,n⟩/⟨n,n⟩, when a ≈ s·n (s = −1: opposite sign; s = n or 1/n: sum vs mean; other: a stray
 * constant). "Transposed" is detected where the shape is read (values/read.ts).
 */
export interface KnownMistake {
  name: string;
  /** What the student probably did, in words, with the formula it points to (formulas in `$…$`, see feedback/math-text.ts). */
  explanation: string;
  /** The gradient that mistake produces, flattened like the expected one. */
  values: number[];
}

export interface Diagnosis {
  pattern: string;
  explanation: string;
}

/** Relative distance at which a gradient "matches" a candidate; far above float noise, far below mistakes. */
const MATCH = 1e-4;

function norm(values: number[]): number {
  return Math.sqrt(values.reduce((sum, value) => sum + value * value, 0));
}

function relativeDistance(a: number[], b: number[]): number {
  const scale = norm(b);
  const diff = norm(a.map((value, i) => value - b[i]!));
  return scale > 0 ? diff / scale : diff;
}

export interface DiagnoseContext {
  /** Number of examples summed over (for "scaled by n"). */
  examples?: number;
  /** The expected gradient of each example alone, flattened. */
  perExample?: number[][];
  known?: KnownMistake[];
}

export function diagnose(actual: number[], expected: number[], context: DiagnoseContext = {}): Diagnosis | undefined {
  if (!actual.every(Number.isFinite) || norm(expected) === 0) return undefined;
  for (const mistake of context.known ?? []) {
    if (relativeDistance(actual, mistake.values) < MATCH) return { pattern: mistake.name, explanation: mistake.explanation };
  }
  const examples = context.examples ?? 1;
  const perExample = context.perExample ?? [];
  for (const [k, single] of perExample.entries()) {
    if (examples > 1 && norm(single) > 0 && relativeDistance(actual, single) < MATCH) {
      const which = k === examples - 1 ? 'the last example' : k === 0 ? 'the first example' : `example ${k + 1}`;
      return {
        pattern: 'one example instead of the sum',
        explanation: `this is the gradient of ${which} alone; the gradient of the whole batch is the sum over all ${examples} examples (accumulate with +=, do not overwrite)`,
      };
    }
  }
  const s = actual.reduce((sum, value, i) => sum + value * expected[i]!, 0) / expected.reduce((sum, value) => sum + value * value, 0);
  const residual = relativeDistance(actual, expected.map((value) => s * value));
  if (residual > MATCH || Math.abs(s - 1) < MATCH) return undefined;
  const near = (target: number) => Math.abs(s - target) < MATCH * Math.max(1, Math.abs(target));
  if (near(-1)) return { pattern: 'opposite sign', explanation: 'every entry has the right size but the wrong sign: check whether you computed the gradient of the cost or of the log-likelihood ($y − ŷ$ versus $ŷ − y$)' };
  if (examples > 1 && near(1 / examples)) return { pattern: 'scaled by 1/n', explanation: `every entry is the expected one divided by $n = ${examples}$: the gradient is a sum over examples, not a mean` };
  if (examples > 1 && near(examples)) return { pattern: 'scaled by n', explanation: `every entry is the expected one multiplied by $n = ${examples}$: a term is summed once too often` };
  if (examples > 1 && near(-1 / examples)) return { pattern: 'opposite sign and scaled by 1/n', explanation: `every entry is $−1/${examples}$ times the expected one: wrong sign, and a mean instead of a sum` };
  return { pattern: `scaled by a constant (${Number(s.toPrecision(4))})`, explanation: `every entry is ${Number(s.toPrecision(4))} times the expected one: a stray constant factor` };
}

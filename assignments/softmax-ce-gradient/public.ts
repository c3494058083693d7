import fc from 'fast-check';
import { defineExampleTest } from '../../grader/checks/example-check.ts';
import { defineGradientTest, type GradientProbe } from '../../grader/checks/gradient-check.ts';
import { ask, definePropertyTest, type PropertySpec } from '../../grader/checks/property-check.ts';
import { closeToArray, closeToNumber, fields, judgeArray } from '../../grader/checks/judges.ts';
import { readVector } from '../../grader/values/read.ts';
import { centralDifferences } from '../../grader/numeric/finite-difference.ts';
import { gradientTolerance } from '../../grader/numeric/compare.ts';
import { rngFunction } from '../../grader/random/uniform-stream.ts';
import { showNumber } from '../../grader/feedback/show-value.ts';
import type { TestDefinition } from '../../grader/definition/types.ts';
import { gradientsProbe, makeBatch, reference } from './probes.ts';

const softmaxHint = '$y_k = e^{a_k} / \\sum_j e^{a_j}$; subtracting $\\max(a)$ from every $a_k$ first changes nothing mathematically and keeps $e^{…}$ from overflowing.';
const ceHint = '$J = −\\sum_n \\sum_k t_{nk} \\log y_{nk}$: a sum over all samples and classes (not a mean); terms with $t_{nk} = 0$ contribute nothing.';
const gradientHint = "With $y = \\mathrm{softmax}(a)$ and $J = −\\sum_k t_k \\log y_k$, $∂y_k/∂a_{k'} = y_k(δ_{kk'} − y_{k'})$ gives $∂J/∂a = y − t$.";
const backpropHint = '$∂J/∂V = Zᵀ(Y − T)$, $∂J/∂c = \\sum_n (y_n − t_n)$; with $Δ = ((Y − T)Vᵀ) ⊙ Z ⊙ (1 − Z)$: $∂J/∂W = XᵀΔ$ and $∂J/∂b = \\sum_n Δ_n$. Sum over samples; $J$ is a cost, so these point uphill (descent subtracts them).';

/** Any correct evaluation order is within ~K ulps (1e-15) of the reference; 1e-12 relative is generous. */
const softmaxCloseness = { atol: 1e-300, rtol: 1e-12 };
const forwardCloseness = { atol: 1e-12, rtol: 1e-9 };

function logits(seed: number, K: number, scale: number): number[] {
  const rng = rngFunction(seed);
  return Array.from({ length: K }, () => (2 * rng() - 1) * scale);
}

function oneHot(K: number, k: number): number[] {
  return Array.from({ length: K }, (_, j) => (j === k ? 1 : 0));
}

/** ∂J/∂a for one sample by central differences of J(a) = −Σ t log softmax(a). */
function ceGradientProbe(a: number[], t: number[]): GradientProbe {
  const J = (blocks: { a: number[] }) => reference.crossEntropy([t], [reference.softmax(blocks.a)]);
  const perEntry = centralDifferences(J, { a });
  return {
    fn: 'softmaxCrossEntropyGradient',
    args: [a, t],
    show: `softmaxCrossEntropyGradient([${a.map((v) => v.toFixed(3)).join(', ')}], [${t.join(', ')}])`,
    blocks: [{ name: '∂J/∂a', rows: a.length }],
    expected: { '∂J/∂a': perEntry.a },
    examples: 1,
    tolerance: gradientTolerance,
  };
}

/**
 * A probability that underflowed to exactly 0 where the target is 0 (softmax of logits 800 apart gives
 * one): the term t_nk log y_nk is 0 · (−∞) = NaN unless terms with t_nk = 0 are skipped, as J's definition
 * allows (they contribute nothing). J itself is −log 1 − log 0.5 = log 2, finite.
 */
function underflowedProbability() {
  const Y = [[0, 1, 1e-300], [0.5, 0.5, 0]];
  const T = [oneHot(3, 1), oneHot(3, 0)];
  return [{ fn: 'crossEntropy', args: [T, Y], show: 'crossEntropy([[0, 1, 0], [1, 0, 0]], [[0, 1, 1e-300], [0.5, 0.5, 0]]) (a probability of exactly 0 where t = 0)', judge: closeToNumber(reference.crossEntropy(T, Y), forwardCloseness, 'J') }];
}

export const publicTests: TestDefinition[] = [
  defineExampleTest({
    id: 'softmax-values',
    title: 'softmax: values on moderate logits',
    points: 2,
    visibility: 'public',
    checks: 'softmax on logits with |a| ≤ 10 against the reference, relative 1e-12',
    hint: softmaxHint,
    tolerance: 'relative 1e-12 per entry',
    cases: (seed) =>
      [3, 5, 1, 8].map((K, i) => {
        const a = K === 1 ? [0.7] : logits(seed + i, K, 10);
        return { fn: 'softmax', args: [a], show: `softmax([${a.map((v) => v.toFixed(3)).join(', ')}])`, judge: closeToArray(reference.softmax(a), softmaxCloseness, 'softmax(a)') };
      }),
  }),
  definePropertyTest({
    id: 'softmax-properties',
    title: 'softmax: a probability vector, invariant to shifting the logits',
    points: 2,
    visibility: 'public',
    checks: 'sums to 1, entries in [0, 1], softmax(a + c) = softmax(a)',
    hint: softmaxHint,
    properties: softmaxProperties(),
  }),
  defineExampleTest({
    id: 'softmax-stability',
    title: 'softmax: stable for logits of ±1000',
    kind: 'stability',
    points: 1,
    visibility: 'public',
    checks: 'logits of ±1000 and 710..800 give finite, right answers',
    hint: '$e^{1000}$ is Infinity in floating point and Infinity/Infinity is NaN: subtract $\\max(a)$ before exponentiating.',
    tolerance: 'absolute 1e-15, relative 1e-12',
    cases: () =>
      [
        [1000, 999, 998],
        [-1000, -1001, -999],
        [710, 800, 0],
        [-800, 0, 5],
        [1000, -1000],
      ].map((a) => ({ fn: 'softmax', args: [a], show: `softmax([${a.join(', ')}])`, judge: closeToArray(reference.softmax(a), { atol: 1e-15, rtol: 1e-12 }, 'softmax(a)') })),
  }),
  defineExampleTest({
    id: 'cross-entropy-values',
    title: 'crossEntropy: J summed over samples',
    points: 2,
    visibility: 'public',
    checks: 'J = −Σ_n Σ_k t_nk log y_nk, a sum over samples (not a mean)',
    hint: ceHint,
    tolerance: 'relative 1e-9',
    cases: (seed) =>
      [
        [4, 3],
        [1, 5],
        [6, 2],
      ].map(([N, K], i) => {
        const rng = rngFunction(seed + i);
        const Y = Array.from({ length: N! }, () => reference.softmax(Array.from({ length: K! }, () => 4 * rng() - 2)));
        const T = Array.from({ length: N! }, () => oneHot(K!, Math.floor(rng() * K!)));
        return { fn: 'crossEntropy', args: [T, Y], show: `crossEntropy(T, Y) with N = ${N} samples and K = ${K} classes`, judge: closeToNumber(reference.crossEntropy(T, Y), forwardCloseness, 'J') };
      }).concat(underflowedProbability()),
  }),
  defineGradientTest({
    id: 'softmax-ce-gradient-check',
    title: 'softmaxCrossEntropyGradient: ∂J/∂a = y − t (gradient check)',
    points: 2,
    visibility: 'public',
    checks: '∂J/∂a against central differences of J(a) = −Σ t log softmax(a), for K = 3, 5, 7',
    hint: gradientHint,
    probes: (seed) => [3, 5, 7].map((K, i) => ceGradientProbe(logits(seed + i, K, 3), oneHot(K, (i * 2) % K))),
  }),
  defineExampleTest({
    id: 'forward-values',
    title: 'forward: Z = σ(XW + b) and Y = softmax(ZV + c)',
    points: 2,
    visibility: 'public',
    checks: 'Z and Y with D = 3, M = 4, K = 5, N = 6 against the reference',
    hint: '$Z = σ(XW + b)$ is $N×M$ (row $n$: the hidden layer of sample $n$), $Y = \\mathrm{softmax}(ZV + c)$ is $N×K$, softmax taken along each row. Compute $σ(z)$ as $1/(1 + e^{−z})$ for $z ≥ 0$: $e^{z}/(1 + e^{z})$ is NaN once $z > 709$.',
    tolerance: 'relative 1e-9, absolute 1e-12',
    cases: (seed) => {
      const batch = makeBatch(seed, 3, 4, 5, 6);
      // The same batch with hidden biases of ±750 and ±1000: pre-activations far beyond 709.78, where
      // e^{z} / (1 + e^{z}) is Infinity / Infinity = NaN, while 1 / (1 + e^{−z}) and the two-branch form are
      // exact (σ(z) = 1 or 0 to within 1e-300).
      const saturated = { ...batch.params, b: [750, -750, 1000, -1000] };
      return [
        { params: batch.params, show: 'forward(params, X) with X 6×3, W 3×4, b 4, V 4×5, c 5' },
        { params: saturated, show: 'forward(params, X) with X 6×3, W 3×4, b = [750, −750, 1000, −1000], V 4×5, c 5' },
      ].map(({ params, show }) => {
        const expected = reference.forward(params, batch.X);
        return {
          fn: 'forward',
          args: [params, batch.X],
          show,
          judge: fields({ Z: (value) => judgeArray(value, expected.Z, forwardCloseness, 'Z'), Y: (value) => judgeArray(value, expected.Y, forwardCloseness, 'Y') }),
        };
      });
    },
  }),
  defineGradientTest({
    id: 'gradients-V-c',
    title: 'gradients: ∂J/∂V and ∂J/∂c (gradient check)',
    points: 3,
    visibility: 'public',
    checks: '∂J/∂V (M×K) and ∂J/∂c against central differences of J, D = 3, M = 4, K = 5, N = 6',
    hint: backpropHint,
    probes: (seed) => [gradientsProbe(makeBatch(seed, 3, 4, 5, 6), 'V-c')],
  }),
  defineGradientTest({
    id: 'gradients-W-b',
    title: 'gradients: ∂J/∂W and ∂J/∂b (gradient check)',
    points: 3,
    visibility: 'public',
    checks: '∂J/∂W (D×M) and ∂J/∂b against central differences of J, same probe',
    hint: backpropHint,
    probes: (seed) => [gradientsProbe(makeBatch(seed, 3, 4, 5, 6), 'W-b')],
  }),
];

/**
 * Tolerances: Σ_k y_k is 1 within K·2ε ≈ 3e-15 for K ≤ 12, so 1e-12 is generous; shifting logits by c with
 * |a + c| ≤ 150 perturbs them by at most half an ulp of 150 (1.4e-14), which moves each y_k by a relative
 * 3e-14: compared with relative 1e-10 and absolute 1e-15.
 */
function softmaxProperties(): PropertySpec<any>[] {
  const vector = fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 1, maxLength: 12 });
  const readProbabilities = (length: number) => (value: unknown, path: string) => readVector(value, length, path);
  const probability: PropertySpec<number[]> = {
    name: 'softmax(a) has entries in [0, 1] summing to 1',
    arbitrary: vector,
    show: (a) => `softmax([${a.map((v) => showNumber(v)).join(', ')}])`,
    async check(student, a) {
      const y = await ask(student, 'softmax', [a], readProbabilities(a.length));
      if (!y.ok) return y.verdict;
      if (y.value.some((p) => p < 0 || p > 1)) return { ok: false, problem: `an entry is outside [0, 1]: [${y.value.map(showNumber).join(', ')}]` };
      const sum = y.value.reduce((s, p) => s + p, 0);
      return Math.abs(sum - 1) <= 1e-12 ? { ok: true } : { ok: false, problem: `the entries sum to ${showNumber(sum)}` };
    },
  };
  const shift: PropertySpec<[number[], number]> = {
    name: 'softmax(a + c) = softmax(a) for every constant c',
    arbitrary: fc.tuple(vector, fc.double({ min: -100, max: 100, noNaN: true })),
    show: ([a, c]) => `softmax(a) and softmax(a + ${showNumber(c)}) for a = [${a.map((v) => showNumber(v)).join(', ')}]`,
    async check(student, [a, c]) {
      const y = await ask(student, 'softmax', [a], readProbabilities(a.length));
      if (!y.ok) return y.verdict;
      const shifted = await ask(student, 'softmax', [a.map((v) => v + c)], readProbabilities(a.length));
      if (!shifted.ok) return shifted.verdict;
      const judgement = judgeArray(shifted.value, y.value, { atol: 1e-15, rtol: 1e-10 }, `softmax(a + ${showNumber(c)})`);
      return judgement.ok ? { ok: true } : { ok: false, problem: `${judgement.problem ?? 'differs'} (softmax(a) = [${y.value.map(showNumber).join(', ')}])` };
    },
  };
  return [probability, shift];
}

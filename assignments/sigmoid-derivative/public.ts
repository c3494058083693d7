import fc from 'fast-check';
import { defineScalarDerivativeTest } from '../../grader/checks/gradient-check.ts';
import { defineExampleTest, type Judgement } from '../../grader/checks/example-check.ts';
import { askNumber, definePropertyTest, type PropertySpec } from '../../grader/checks/property-check.ts';
import { closeToNumber } from '../../grader/checks/judges.ts';
import { readNumber } from '../../grader/values/read.ts';
import { showNumber } from '../../grader/feedback/show-value.ts';
import type { TestDefinition } from '../../grader/definition/types.ts';
import {
  derivativeTolerance,
  fixedSigmoidPoints,
  fixedTanhPoints,
  reference,
  seededPoints,
  sigmoidDerivativeMistakes,
  sigmoidDerivativeProbe,
  stableSigmoidDerivative,
  stableTanhDerivative,
  tanhDerivativeMistakes,
  tanhDerivativeProbe,
} from './probes.ts';

const sigmoidHint = '$σ(z) = 1 / (1 + e^{−z})$; for $z < 0$ the same value is $e^{z} / (1 + e^{z})$, which never overflows.';
const derivativeHint = "Differentiate $σ(z) = (1 + e^{−z})^{−1}$ with the chain rule: $σ'(z) = σ(z)(1 − σ(z))$.";
const tanhHint = "$\\tanh'(z) = 1 − \\tanh²(z)$ (equivalently $4σ'(2z)$, since $\\tanh(z) = 2σ(2z) − 1$).";
const reluHint = "$\\mathrm{relu}(z) = \\max(0, z)$, so $\\mathrm{relu}'(z)$ is the number 0 for $z < 0$ and 1 for $z > 0$ (a number, not true/false).";

/**
 * Relative 1e-12 plus absolute 1e-15. The usual forms of σ are within a few ulps (1e-15) relatively, but
 * the equally correct (1 + tanh(z/2))/2 cancels for z ≪ 0: at z = −20 it is 2e-9 with an absolute error of
 * ~1.1e-16 (the rounding of tanh near −1), a relative error of 3e-8. Absolute 1e-15 admits that ten times
 * over; any wrong formula is off by far more.
 */
const sigmoidCloseness = { atol: 1e-15, rtol: 1e-12 };

export const publicTests: TestDefinition[] = [
  defineExampleTest({
    id: 'sigmoid-values',
    title: 'sigmoid: values on moderate inputs',
    points: 2,
    visibility: 'public',
    checks: 'sigmoid(z) at fixed z in [−20, 20] equals 1/(1+e^{−z}) to 1e-12 relative or 1e-15 absolute',
    hint: sigmoidHint,
    tolerance: 'relative 1e-12 or absolute 1e-15 (correct forms are within a few ulps, or ~1e-16 absolutely)',
    cases: () =>
      [-20, -7.5, -2, -0.5, 0, 0.5, 1, 3, 9.25, 20].map((z) => ({
        fn: 'sigmoid',
        args: [z],
        show: `sigmoid(${z})`,
        judge: closeToNumber(reference.sigmoid(z), sigmoidCloseness, `sigmoid(${z})`),
      })),
  }),
  defineScalarDerivativeTest({
    id: 'sigmoid-derivative-check',
    title: "sigmoidDerivative: gradient check of σ'(z)",
    points: 3,
    visibility: 'public',
    checks: "σ'(z) against central differences of σ for |z| ≤ 20 and the stable closed form for 20 < |z| ≤ 40",
    hint: derivativeHint,
    fn: 'sigmoidDerivative',
    probes: (seed) => [...fixedSigmoidPoints, ...seededPoints(seed, 20, 8)].map(sigmoidDerivativeProbe),
    tolerance: derivativeTolerance,
    mistakes: sigmoidDerivativeMistakes,
  }),
  defineScalarDerivativeTest({
    id: 'tanh-derivative-check',
    title: "tanhDerivative: gradient check of tanh'(z)",
    points: 2,
    visibility: 'public',
    checks: "tanh'(z) against central differences of Math.tanh for |z| ≤ 10 and the stable form 4σ'(2z) beyond",
    hint: tanhHint,
    fn: 'tanhDerivative',
    probes: (seed) => [...fixedTanhPoints, ...seededPoints(seed, 20, 5)].map(tanhDerivativeProbe),
    tolerance: derivativeTolerance,
    mistakes: tanhDerivativeMistakes,
  }),
  defineExampleTest({
    id: 'relu-derivative-values',
    title: 'reluDerivative: 0 below zero, 1 above',
    points: 2,
    visibility: 'public',
    checks: 'the number 0 for z < 0, 1 for z > 0, 0 or 1 at z = 0',
    hint: reluHint,
    tolerance: 'exact',
    cases: () => [-1000, -3, -1e-9, 0, 1e-9, 2, 1000].map((z) => ({ fn: 'reluDerivative', args: [z], show: `reluDerivative(${z})`, judge: reluJudge(z) })),
  }),
  definePropertyTest({
    id: 'sigmoid-properties',
    title: 'sigmoid and its derivative: symmetry and bounds',
    points: 2,
    visibility: 'public',
    checks: "σ(−z) = 1 − σ(z); 0 ≤ σ'(z) ≤ 1/4, σ'(z) > 0 for |z| ≤ 30; σ'(−z) = σ'(z)",
    hint: `${sigmoidHint} ${derivativeHint}`,
    properties: sigmoidProperties(),
  }),
  defineExampleTest({
    id: 'large-input-stability',
    title: 'numerical stability for |z| up to 1000',
    kind: 'stability',
    points: 3,
    visibility: 'public',
    checks: 'sigmoid, sigmoidDerivative and tanhDerivative at |z| ∈ {40, 500, 709, 710, 745, 1000}: finite and right',
    hint: "$e^{z}$ overflows to Infinity for $z > 709.78$, and Infinity/Infinity is NaN: exponentiate $−|z|$ only, e.g. $σ'(z) = e^{−|z|}/(1 + e^{−|z|})²$, or use $σ(z)(1 − σ(z))$.",
    tolerance: 'absolute 1e-15 (the true values there are below 1e-17 or within 1e-17 of 1)',
    cases: () =>
      [40, 500, 709, 710, 745, 1000].flatMap((magnitude) =>
        [-magnitude, magnitude].flatMap((z) => [
          { fn: 'sigmoid', args: [z], show: `sigmoid(${z})`, judge: closeToNumber(reference.sigmoid(z), { atol: 1e-15, rtol: 0 }, `sigmoid(${z})`) },
          { fn: 'sigmoidDerivative', args: [z], show: `sigmoidDerivative(${z})`, judge: closeToNumber(stableSigmoidDerivative(z), { atol: 1e-15, rtol: 0 }, `sigmoidDerivative(${z})`) },
          { fn: 'tanhDerivative', args: [z], show: `tanhDerivative(${z})`, judge: closeToNumber(stableTanhDerivative(z), { atol: 1e-15, rtol: 0 }, `tanhDerivative(${z})`) },
        ]),
      ),
  }),
];

export function reluJudge(z: number): (value: unknown) => Judgement {
  const allowed = z < 0 ? [0] : z > 0 ? [1] : [0, 1];
  return (value) => {
    const read = readNumber(value, `reluDerivative(${z})`);
    if (!read.ok) return { ok: false, expected: allowed.join(' or '), problem: read.problem };
    if (!allowed.includes(read.value)) return { ok: false, expected: allowed.join(' or '), problem: `reluDerivative(${z}) is ${showNumber(read.value)}` };
    return { ok: true };
  };
}

/**
 * Tolerances: σ(−z) + σ(z) − 1 is a few ulps of 1 (≤ 1e-15) for any correct σ, so 1e-14 is generous; σ'
 * computed as σ(1 − σ) never exceeds 1/4 by more than an ulp (1/4 is representable and the product of
 * σ and its complement rounds to it at worst); σ'(±z) agree to 1e-14 absolutely for the same reason.
 */
function sigmoidProperties(): PropertySpec<number>[] {
  // |z| ≤ 700: overflow beyond e^{709} is the stability test's to score (once), not the properties'.
  const anyZ = fc.double({ min: -700, max: 700, noNaN: true });
  return [
    {
      name: 'σ(−z) = 1 − σ(z)',
      arbitrary: anyZ,
      show: (z) => `sigmoid(${-z}) and sigmoid(${z})`,
      async check(student, z) {
        const a = await askNumber(student, 'sigmoid', [-z]);
        if (!a.ok) return a.verdict;
        const b = await askNumber(student, 'sigmoid', [z]);
        if (!b.ok) return b.verdict;
        const gap = Math.abs(a.value - (1 - b.value));
        return gap <= 1e-14 ? { ok: true } : { ok: false, problem: `σ(${-z}) = ${showNumber(a.value)} but 1 − σ(${z}) = ${showNumber(1 - b.value)} (gap ${showNumber(gap)})` };
      },
    },
    {
      name: "0 ≤ σ'(z) ≤ 1/4, and σ'(z) > 0 where |z| ≤ 30",
      arbitrary: anyZ,
      show: (z) => `sigmoidDerivative(${z})`,
      async check(student, z) {
        const d = await askNumber(student, 'sigmoidDerivative', [z]);
        if (!d.ok) return d.verdict;
        if (d.value < 0 || d.value > 0.25 + 1e-16) return { ok: false, problem: `σ'(${z}) = ${showNumber(d.value)} is outside [0, 1/4]` };
        // A bound, not the reference's value at z: fast-check's z (and its shrinking) depend on the student's
        // answers, so the student bundle's recorded reference could not answer it.
        if (Math.abs(z) <= 30 && d.value <= 0) return { ok: false, problem: `σ'(${z}) = ${showNumber(d.value)}, but it is at least σ'(30) ≈ 9.36e-14 for |z| ≤ 30` };
        return { ok: true };
      },
    },
    {
      name: "σ'(−z) = σ'(z)",
      arbitrary: fc.double({ min: -60, max: 60, noNaN: true }),
      show: (z) => `sigmoidDerivative(${-z}) and sigmoidDerivative(${z})`,
      async check(student, z) {
        const a = await askNumber(student, 'sigmoidDerivative', [-z]);
        if (!a.ok) return a.verdict;
        const b = await askNumber(student, 'sigmoidDerivative', [z]);
        if (!b.ok) return b.verdict;
        const gap = Math.abs(a.value - b.value);
        return gap <= 1e-14 + 1e-9 * Math.abs(b.value) ? { ok: true } : { ok: false, problem: `σ'(${-z}) = ${showNumber(a.value)} but σ'(${z}) = ${showNumber(b.value)}` };
      },
    },
  ];
}

/**
 * Where the derivatives are probed and what is expected there, shared by the public and hidden tests.
 *
 * Expected values: for |z| ≤ 20, central differences of the reference σ (or of Math.tanh), the independent
 * yardstick; beyond that, σ(z ± h) differ by a few ulps and the difference quotient is noise, so the
 * reference is the stable closed form σ'(z) = e^{−|z|}/(1 + e^{−|z|})² (and tanh'(z) = 4σ'(2z)).
 */
import { scalarDerivative } from '../../grader/numeric/finite-difference.ts';
import type { DerivativeProbe } from '../../grader/checks/gradient-check.ts';
import type { Tolerance } from '../../grader/numeric/compare.ts';
import { rngFunction } from '../../grader/random/uniform-stream.ts';
import { reference } from './reference.ts';

/** Beyond this |z| finite differences of σ lose their accuracy (see above). */
const FD_LIMIT = 20;

/** The stable closed forms (reference.ts): recorded, like the reference's σ, so the student bundle ships their values only. */
export const stableSigmoidDerivative = (z: number) => reference.stableSigmoidDerivative(z);
export const stableTanhDerivative = (z: number) => reference.stableTanhDerivative(z);

export function sigmoidDerivativeProbe(z: number): DerivativeProbe {
  // σ(z) itself is asked for here, not only when a wrong σ' is diagnosed (sigmoidDerivativeMistakes): the
  // student bundle answers only the calls the reference's public run made, and the reference never fails.
  reference.sigmoid(z);
  return Math.abs(z) <= FD_LIMIT
    ? { z, expected: scalarDerivative(reference.sigmoid, z), method: 'central differences' }
    : { z, expected: stableSigmoidDerivative(z), method: 'stable closed form' };
}

export function tanhDerivativeProbe(z: number): DerivativeProbe {
  return Math.abs(z) <= FD_LIMIT / 2
    ? { z, expected: scalarDerivative(Math.tanh, z), method: 'central differences' }
    : { z, expected: stableTanhDerivative(z), method: 'stable closed form' };
}

/**
 * Tolerances. Central differences of σ with h = 1e-5: rounding ε·σ/h ≤ 1.1e-11, truncation h²/6·|σ'''| ≤
 * 2e-12; atol 1e-8 is 500 times that, and still 10⁴ below an additive error of 1e-4. rtol 1e-6 fails a
 * relative error of 1e-3 wherever σ' > 1e-5 (|z| < 11). Against the stable form, a correct σ(z)(1 − σ(z))
 * is off by at most ~2.2e-16 absolutely (the rounding of 1 − σ), though by up to 100% relatively at
 * |z| ≈ 36: atol 1e-13 admits that with a margin of 400 and still fails any additive error above 1e-13.
 */
export const derivativeTolerance: Record<DerivativeProbe['method'], Tolerance> = {
  'central differences': { atol: 1e-8, rtol: 1e-6, normRtol: 1e-6, why: 'central differences (h = 1e-5, accurate to 2e-11): atol 1e-8, rtol 1e-6' },
  'stable closed form': { atol: 1e-13, rtol: 1e-6, normRtol: 1e-6, why: "stable closed form (σ'(z) = e^{−|z|}/(1+e^{−|z|})², tanh'(z) = 4σ'(2z)): atol 1e-13 (σ(1−σ) and 1 − tanh² are exact to ~2.2e-16 absolutely there), rtol 1e-6" },
};

/** Fixed points, including 20 < |z| ≤ 40 where σ(1−σ) keeps its absolute accuracy only. */
export const fixedSigmoidPoints = [-40, -36, -30, -25, -20, -12, -5, -2.5, -1, -0.3, 0, 0.3, 1, 2.5, 5, 12, 20, 25, 30, 36, 40];
export const fixedTanhPoints = [-30, -15, -10, -4, -2, -1, -0.5, 0, 0.5, 1, 2, 4, 10, 15, 30];

/** `count` seeded points uniform in [−range, range]. */
export function seededPoints(seed: number, count: number, range: number): number[] {
  const rng = rngFunction(seed);
  return Array.from({ length: count }, () => (2 * rng() - 1) * range);
}

/** Known mistakes, for diagnosis: what a wrong σ' returns at the probed z. */
export const sigmoidDerivativeMistakes = (zs: number[]) => [
  { name: 'σ(z) instead of σ\'(z)', explanation: 'these are the values of $σ(z)$ itself; the derivative is $σ(z)(1 − σ(z))$', values: zs.map((z) => reference.sigmoid(z)) },
  { name: 'z(1 − z)', explanation: 'the formula $σ(1 − σ)$ was applied to $z$ instead of to $σ(z)$: compute $s = σ(z)$ first, then $s(1 − s)$', values: zs.map((z) => z * (1 - z)) },
  { name: '1 − σ(z)', explanation: 'the factor $σ(z)$ is missing: $σ\'(z) = σ(z)(1 − σ(z))$', values: zs.map((z) => 1 - reference.sigmoid(z)) },
];

export const tanhDerivativeMistakes = (zs: number[]) => [
  { name: '1 − tanh(z)', explanation: 'the square is missing: $\\tanh\'(z) = 1 − \\tanh²(z)$', values: zs.map((z) => 1 - Math.tanh(z)) },
  { name: 'tanh(z)²', explanation: 'this is $\\tanh²(z)$; the derivative is $1 − \\tanh²(z)$', values: zs.map((z) => Math.tanh(z) ** 2) },
];

export { reference };

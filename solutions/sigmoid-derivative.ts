/**
 * Sigmoid, tanh and ReLU derivatives (assignment `sigmoid-derivative`).
 *
 * Every function takes one number and returns one number, finite and accurate for every z with |z| <= 1000:
 * `Math.exp` overflows to Infinity once its argument exceeds 709.78, and Infinity / Infinity is NaN.
 */

/** The logistic sigmoid σ(z) = 1 / (1 + e^{−z}), in (0, 1) (exactly 0 or 1 only where it rounds so). */
export function sigmoid(z: number): number {
  // BEGIN SOLUTION
  // Exponentiate −|z| only: 1 / (1 + e^{−z}) for z ≥ 0, the same value as e^{z} / (1 + e^{z}) for z < 0.
  // Both are accurate to a few ulps relative; neither can form ∞ / ∞ (the one-line e^{z} / (1 + e^{z})
  // does for z > 709.78).
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
  // END SOLUTION
}

/** The derivative of the sigmoid, σ'(z) = σ(z)(1 − σ(z)): even, in [0, 1/4], largest at σ'(0) = 1/4. */
export function sigmoidDerivative(z: number): number {
  // BEGIN SOLUTION
  // σ' is even, so σ'(z) = e^{−|z|} / (1 + e^{−|z|})^2: no cancellation (unlike 1 − σ(z) where σ is near
  // 1) and no overflow, hence a few ulps relative for every z.
  const e = Math.exp(-Math.abs(z));
  const denominator = 1 + e;
  return e / (denominator * denominator);
  // END SOLUTION
}

/** The derivative of tanh, tanh'(z) = 1 − tanh^2(z): even, in [0, 1], largest at tanh'(0) = 1. */
export function tanhDerivative(z: number): number {
  // BEGIN SOLUTION
  // tanh(z) = 2σ(2z) − 1, so tanh'(z) = 4σ'(2z): the stable form above, accurate to a few ulps relative
  // even where 1 − tanh^2(z) cancels, and exactly 0 once e^{−2|z|} underflows.
  return 4 * sigmoidDerivative(2 * z);
  // END SOLUTION
}

/**
 * The derivative of relu(z) = max(0, z): the number 0 for z < 0 and 1 for z > 0 (a number, not a boolean).
 * At z = 0 the derivative does not exist, and either 0 or 1 is accepted.
 */
export function reluDerivative(z: number): number {
  // BEGIN SOLUTION
  // 0 at z = 0, the subgradient convention most libraries use.
  return z > 0 ? 1 : 0;
  // END SOLUTION
}

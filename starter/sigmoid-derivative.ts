/**
 * Sigmoid, tanh and ReLU derivatives (assignment `sigmoid-derivative`).
 *
 * Every function takes one number and returns one number, finite and accurate for every z with |z| <= 1000:
 * `Math.exp` overflows to Infinity once its argument exceeds 709.78, and Infinity / Infinity is NaN.
 */

/** The logistic sigmoid σ(z) = 1 / (1 + e^{−z}), in (0, 1) (exactly 0 or 1 only where it rounds so). */
export function sigmoid(z: number): number {
  throw new Error("not implemented: sigmoid");
}

/** The derivative of the sigmoid, σ'(z) = σ(z)(1 − σ(z)): even, in [0, 1/4], largest at σ'(0) = 1/4. */
export function sigmoidDerivative(z: number): number {
  throw new Error("not implemented: sigmoidDerivative");
}

/** The derivative of tanh, tanh'(z) = 1 − tanh^2(z): even, in [0, 1], largest at tanh'(0) = 1. */
export function tanhDerivative(z: number): number {
  throw new Error("not implemented: tanhDerivative");
}

/**
 * The derivative of relu(z) = max(0, z): the number 0 for z < 0 and 1 for z > 0 (a number, not a boolean).
 * At z = 0 the derivative does not exist, and either 0 or 1 is accepted.
 */
export function reluDerivative(z: number): number {
  throw new Error("not implemented: reluDerivative");
}

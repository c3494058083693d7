/**
 * Backpropagation in a two-layer network (assignment `two-layer-backprop`), in the notation of lecture 003:
 *
 *   h_j = σ(Σ_i x_i θ^(h)_{i,j}),   ŷ = σ(Σ_j h_j θ^(ŷ)_j) = P(Y = 1 | x),
 *
 * with no separate bias (a caller appends a constant-1 input instead), trained by batch gradient ascent on
 * the log-likelihood LL = Σ y log ŷ + (1 − y) log(1 − ŷ).
 */

/** The network's weights: thetaH[i][j] = θ^(h)_{i,j} (m_x × m_h) and thetaY[j] = θ^(ŷ)_j (m_h). */
export interface Params {
  thetaH: number[][];
  thetaY: number[];
}

/**
 * The logistic sigmoid, provided. It exponentiates −|z| only, so it stays finite for every z (the one-line
 * e^{z} / (1 + e^{z}) is ∞ / ∞ = NaN once z > 709.78).
 */
function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * The forward pass for one input x (length m_x): the hidden activations h_j = σ(Σ_i x_i θ^(h)_{i,j})
 * (length m_h) and the output ŷ = σ(Σ_j h_j θ^(ŷ)_j) = P(Y = 1 | x).
 */
export function forward(params: Params, x: number[]): { h: number[]; yHat: number } {
  throw new Error("not implemented: forward");
}

/**
 * The log-likelihood of the labelled batch (xs[k], ys[k]), a sum over examples:
 * LL = Σ_k y_k log ŷ_k + (1 − y_k) log(1 − ŷ_k).
 */
export function logLikelihood(params: Params, xs: number[][], ys: number[]): number {
  throw new Error("not implemented: logLikelihood");
}

/**
 * The gradient of the log-likelihood (the ascent direction), summed over the batch, in the shapes of
 * `params`:
 *
 *   ∂LL/∂θ^(ŷ)_j     = Σ_k (y_k − ŷ_k) h_j,
 *   ∂LL/∂θ^(h)_{i,j} = Σ_k (y_k − ŷ_k) θ^(ŷ)_j h_j (1 − h_j) x_i.
 */
export function gradient(params: Params, xs: number[][], ys: number[]): Params {
  throw new Error("not implemented: gradient");
}

/**
 * Trains the network by batch gradient ascent, θ ← θ + learningRate · ∂LL/∂θ with the summed gradient, for
 * `options.iterations` steps from small random weights, and returns the final weights. m_x is the length of
 * the inputs and m_h is `options.hiddenUnits`. All randomness comes from `options.rng` (uniform in (0, 1)),
 * never from Math.random, so the same rng stream gives the same weights.
 */
export function train(
  xs: number[][],
  ys: number[],
  options: { hiddenUnits: number; learningRate: number; iterations: number; rng: () => number },
): Params {
  throw new Error("not implemented: train");
}

/** The predicted label: the number 1 when ŷ > 0.5, otherwise 0. */
export function predict(params: Params, x: number[]): 0 | 1 {
  throw new Error("not implemented: predict");
}

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
  // BEGIN SOLUTION
  const { thetaH, thetaY } = params;
  const h = new Array<number>(thetaY.length);
  let outputSum = 0;
  for (let j = 0; j < thetaY.length; j++) {
    let hiddenSum = 0;
    for (let i = 0; i < x.length; i++) hiddenSum += x[i] * thetaH[i][j];
    h[j] = sigmoid(hiddenSum);
    outputSum += h[j] * thetaY[j];
  }
  return { h, yHat: sigmoid(outputSum) };
  // END SOLUTION
}

/**
 * The log-likelihood of the labelled batch (xs[k], ys[k]), a sum over examples:
 * LL = Σ_k y_k log ŷ_k + (1 − y_k) log(1 − ŷ_k).
 */
export function logLikelihood(params: Params, xs: number[][], ys: number[]): number {
  // BEGIN SOLUTION
  // With a = Σ_j h_j θ^(ŷ)_j: log σ(a) = −softplus(−a) and log(1 − σ(a)) = −softplus(a). Working from a
  // keeps every term finite even where ŷ would round to exactly 0 or 1.
  const softplus = (t: number) => Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t)));
  let total = 0;
  for (let k = 0; k < xs.length; k++) {
    const { h } = forward(params, xs[k]);
    let a = 0;
    for (let j = 0; j < h.length; j++) a += h[j] * params.thetaY[j];
    total -= ys[k] * softplus(-a) + (1 - ys[k]) * softplus(a);
  }
  return total;
  // END SOLUTION
}

/**
 * The gradient of the log-likelihood (the ascent direction), summed over the batch, in the shapes of
 * `params`:
 *
 *   ∂LL/∂θ^(ŷ)_j     = Σ_k (y_k − ŷ_k) h_j,
 *   ∂LL/∂θ^(h)_{i,j} = Σ_k (y_k − ŷ_k) θ^(ŷ)_j h_j (1 − h_j) x_i.
 */
export function gradient(params: Params, xs: number[][], ys: number[]): Params {
  // BEGIN SOLUTION
  const { thetaH, thetaY } = params;
  const gradH = thetaH.map((row) => row.map(() => 0));
  const gradY = thetaY.map(() => 0);
  for (let k = 0; k < xs.length; k++) {
    const x = xs[k];
    const { h, yHat } = forward(params, x);
    // ∂LL/∂ŷ · ∂ŷ/∂(output sum) = (y − ŷ) / (ŷ(1 − ŷ)) · ŷ(1 − ŷ): the ŷ(1 − ŷ) cancels.
    const error = ys[k] - yHat;
    for (let j = 0; j < thetaY.length; j++) {
      gradY[j] += error * h[j];
      const hiddenDelta = error * thetaY[j] * h[j] * (1 - h[j]);
      for (let i = 0; i < x.length; i++) gradH[i][j] += hiddenDelta * x[i];
    }
  }
  return { thetaH: gradH, thetaY: gradY };
  // END SOLUTION
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
  // BEGIN SOLUTION
  const { hiddenUnits, learningRate, iterations, rng } = options;
  // Uniform in (−1, 1), thetaH row by row and then thetaY. Random, not zero: identical hidden units would
  // get identical gradients and stay identical forever.
  const uniform = () => 2 * rng() - 1;
  const params: Params = {
    thetaH: Array.from({ length: xs[0].length }, () => Array.from({ length: hiddenUnits }, uniform)),
    thetaY: Array.from({ length: hiddenUnits }, uniform),
  };
  for (let step = 0; step < iterations; step++) {
    const grad = gradient(params, xs, ys);
    params.thetaH.forEach((row, i) => row.forEach((_, j) => (row[j] += learningRate * grad.thetaH[i][j])));
    params.thetaY.forEach((_, j) => (params.thetaY[j] += learningRate * grad.thetaY[j]));
  }
  return params;
  // END SOLUTION
}

/** The predicted label: the number 1 when ŷ > 0.5, otherwise 0. */
export function predict(params: Params, x: number[]): 0 | 1 {
  // BEGIN SOLUTION
  return forward(params, x).yHat > 0.5 ? 1 : 0;
  // END SOLUTION
}

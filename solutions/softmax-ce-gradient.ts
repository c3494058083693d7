/**
 * Softmax, cross-entropy and their gradients (assignment `softmax-ce-gradient`), in the matrix notation of
 * lecture 004:
 *
 *   Z = σ(XW + b)  (N × M),   Y = softmax(ZV + c)  (N × K),   J = −Σ_n Σ_k t_nk log y_nk,
 *
 * with b and c added to every row, σ entrywise and softmax row by row. J is a sum over samples, and every
 * gradient here is a gradient of J (the cost, for descent).
 */

/** The network's parameters: W (D × M), b (M), V (M × K), c (K). Gradients come back in the same shapes. */
export interface Params {
  W: number[][];
  b: number[];
  V: number[][];
  c: number[];
}

/**
 * softmax(a)_k = e^{a_k} / Σ_j e^{a_j} for one row of logits. Subtracting max_k a_k first leaves the result
 * unchanged (e^{−max} cancels) but keeps every exponent ≤ 0, so logits of ±1000 give finite probabilities
 * (some exactly 0) and the denominator is at least 1.
 */
export function softmax(a: number[]): number[] {
  // BEGIN SOLUTION
  let max = -Infinity;
  for (const value of a) if (value > max) max = value;
  const exps = a.map((value) => Math.exp(value - max));
  let total = 0;
  for (const e of exps) total += e;
  return exps.map((e) => e / total);
  // END SOLUTION
}

/**
 * The cross-entropy cost J = −Σ_n Σ_k t_nk log y_nk of targets t and predicted probabilities y (both N × K),
 * summed (not averaged) over samples. Terms with t_nk = 0 contribute nothing and are skipped, so a
 * probability that underflowed to 0 where the target is 0 does not turn J into 0 · log 0 = NaN.
 */
export function crossEntropy(t: number[][], y: number[][]): number {
  // BEGIN SOLUTION
  let cost = 0;
  for (let n = 0; n < t.length; n++) {
    for (let k = 0; k < t[n].length; k++) {
      if (t[n][k] !== 0) cost -= t[n][k] * Math.log(y[n][k]);
    }
  }
  return cost;
  // END SOLUTION
}

/**
 * ∂J/∂a for one sample with logits a and target t, where J = −Σ_k t_k log softmax(a)_k: the softmax
 * Jacobian y_k(δ_kk' − y_k') and the 1/y_k of the log cancel, leaving softmax(a) − t (using Σ_k t_k = 1).
 */
export function softmaxCrossEntropyGradient(a: number[], t: number[]): number[] {
  // BEGIN SOLUTION
  const y = softmax(a);
  return y.map((yk, k) => yk - t[k]);
  // END SOLUTION
}

/**
 * The forward pass for the samples in the rows of X (N × D): hidden activations Z = σ(XW + b) (N × M) and
 * output probabilities Y = softmax(ZV + c) (N × K).
 */
export function forward(params: Params, X: number[][]): { Z: number[][]; Y: number[][] } {
  // BEGIN SOLUTION
  const { W, b, V, c } = params;
  // σ in a form that never exponentiates a large positive number.
  const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
  const M = b.length;
  const K = c.length;
  const Z: number[][] = [];
  const Y: number[][] = [];
  for (const x of X) {
    const z = new Array<number>(M);
    for (let m = 0; m < M; m++) {
      let sum = b[m];
      for (let d = 0; d < x.length; d++) sum += x[d] * W[d][m];
      z[m] = sigmoid(sum);
    }
    const logits = new Array<number>(K);
    for (let k = 0; k < K; k++) {
      let sum = c[k];
      for (let m = 0; m < M; m++) sum += z[m] * V[m][k];
      logits[k] = sum;
    }
    Z.push(z);
    Y.push(softmax(logits));
  }
  return { Z, Y };
  // END SOLUTION
}

/**
 * The gradients of J = −Σ_n Σ_k t_nk log y_nk with respect to all four parameter blocks, summed over the N
 * samples (rows of X and T), in the shapes of `params`:
 *
 *   ∂J/∂V = Zᵀ(Y − T),   ∂J/∂c = Σ_n (y_n − t_n),
 *   ∂J/∂W = Xᵀ[((Y − T)Vᵀ) ⊙ Z ⊙ (1 − Z)],   ∂J/∂b = column sums of the bracket.
 */
export function gradients(params: Params, X: number[][], T: number[][]): Params {
  // BEGIN SOLUTION
  const { W, V } = params;
  const { Z, Y } = forward(params, X);
  const D = W.length;
  const M = V.length;
  const K = params.c.length;
  const dW = Array.from({ length: D }, () => new Array<number>(M).fill(0));
  const db = new Array<number>(M).fill(0);
  const dV = Array.from({ length: M }, () => new Array<number>(K).fill(0));
  const dc = new Array<number>(K).fill(0);
  for (let n = 0; n < X.length; n++) {
    const x = X[n];
    const z = Z[n];
    // Output error ∂J/∂a_n = y_n − t_n (softmax and cross-entropy together).
    const outputDelta = Y[n].map((y, k) => y - T[n][k]);
    for (let k = 0; k < K; k++) dc[k] += outputDelta[k];
    for (let m = 0; m < M; m++) {
      let back = 0;
      for (let k = 0; k < K; k++) {
        dV[m][k] += z[m] * outputDelta[k];
        back += outputDelta[k] * V[m][k];
      }
      // Through the sigmoid: σ'(·) = z(1 − z).
      const hiddenDelta = back * z[m] * (1 - z[m]);
      db[m] += hiddenDelta;
      for (let d = 0; d < D; d++) dW[d][m] += x[d] * hiddenDelta;
    }
  }
  return { W: dW, b: db, V: dV, c: dc };
  // END SOLUTION
}

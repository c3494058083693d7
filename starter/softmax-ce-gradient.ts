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
  throw new Error("not implemented: softmax");
}

/**
 * The cross-entropy cost J = −Σ_n Σ_k t_nk log y_nk of targets t and predicted probabilities y (both N × K),
 * summed (not averaged) over samples. Terms with t_nk = 0 contribute nothing and are skipped, so a
 * probability that underflowed to 0 where the target is 0 does not turn J into 0 · log 0 = NaN.
 */
export function crossEntropy(t: number[][], y: number[][]): number {
  throw new Error("not implemented: crossEntropy");
}

/**
 * ∂J/∂a for one sample with logits a and target t, where J = −Σ_k t_k log softmax(a)_k: the softmax
 * Jacobian y_k(δ_kk' − y_k') and the 1/y_k of the log cancel, leaving softmax(a) − t (using Σ_k t_k = 1).
 */
export function softmaxCrossEntropyGradient(a: number[], t: number[]): number[] {
  throw new Error("not implemented: softmaxCrossEntropyGradient");
}

/**
 * The forward pass for the samples in the rows of X (N × D): hidden activations Z = σ(XW + b) (N × M) and
 * output probabilities Y = softmax(ZV + c) (N × K).
 */
export function forward(params: Params, X: number[][]): { Z: number[][]; Y: number[][] } {
  throw new Error("not implemented: forward");
}

/**
 * The gradients of J = −Σ_n Σ_k t_nk log y_nk with respect to all four parameter blocks, summed over the N
 * samples (rows of X and T), in the shapes of `params`:
 *
 *   ∂J/∂V = Zᵀ(Y − T),   ∂J/∂c = Σ_n (y_n − t_n),
 *   ∂J/∂W = Xᵀ[((Y − T)Vᵀ) ⊙ Z ⊙ (1 − Z)],   ∂J/∂b = column sums of the bracket.
 */
export function gradients(params: Params, X: number[][], T: number[][]): Params {
  throw new Error("not implemented: gradients");
}

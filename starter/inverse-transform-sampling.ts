/**
 * Inverse-transform sampling (assignment `inverse-transform-sampling`), after the end of lecture 000: turn one
 * uniform U ~ Uni(0, 1) into a draw X = F⁻¹(U) of a distribution with CDF F. For a discrete distribution
 * F⁻¹(u) = min{k : F(k) ≥ u}, found by walking the CDF. Every sampler takes its uniform from the rng it is
 * given, exactly one per draw.
 */

/** The grader's generator: each call returns the next uniform, in the open interval (0, 1). */
export type Rng = () => number;

/**
 * The inverse of the Exponential(λ) CDF F(x) = 1 − e^{−λx}: F⁻¹(u) = −ln(1 − u)/λ. Math.log1p(−u)
 * computes ln(1 − u) without first rounding 1 − u, so small u keep their digits.
 */
export function inverseExponentialCdf(u: number, lambda: number): number {
  throw new Error("not implemented: inverseExponentialCdf");
}

/** One Exponential(λ) draw (rate λ, mean 1/λ): F⁻¹(u) of one uniform u = rng(). */
export function sampleExponential(lambda: number, rng: Rng): number {
  throw new Error("not implemented: sampleExponential");
}

/**
 * One Poisson(λ) draw: with one uniform u, the first k with F(k) ≥ u, walking the CDF with p_0 = e^{−λ} and
 * p_k = p_{k−1}·λ/k (no λ^k or k! on their own, so λ = 100 stays in range). If u lies within rounding of 1,
 * the float CDF may stop growing below it; the walk then stops where the terms no longer change the sum.
 */
export function samplePoisson(lambda: number, rng: Rng): number {
  throw new Error("not implemented: samplePoisson");
}

/**
 * One draw of an index k with probability pmf[k]: with one uniform u, the first k whose cumulative
 * probability Σ_{j≤k} pmf[j] is ≥ u. An index with pmf[k] = 0 is never returned. The entries may add up to
 * slightly less than 1 in floating point; if u lies above that sum, the last index with positive probability
 * is returned.
 */
export function sampleDiscrete(pmf: number[], rng: Rng): number {
  throw new Error("not implemented: sampleDiscrete");
}

/** The softplus and its derivative (`softplus-derivative`): accurate for |x| <= 1000, where e^x may overflow. */

/** The softplus f(x) = log(1 + e^x), a smooth relu: f(x) > max(0, x), and f(x) − max(0, x) → 0 as |x| grows. */
export function softplus(x: number): number {
  throw new Error("not implemented: softplus");
}

/** Its derivative f'(x) = e^x / (1 + e^x) = σ(x), the sigmoid: in (0, 1), with f'(0) = 1/2. */
export function softplusDerivative(x: number): number {
  throw new Error("not implemented: softplusDerivative");
}

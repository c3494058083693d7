/**
 * The reference values the public and hidden tests compare with. In the repository they are computed by the
 * reference solution; the student bundle (`grader release`) replaces this file by one serving the values
 * recorded from the public run at the default seed, so neither the solution nor the closed forms below ship.
 */
import { recordedReference } from '../../grader/definition/reference-values.ts';
import * as solution from '../../solutions/sigmoid-derivative.ts';

/**
 * The stable closed form σ'(z) = e^{−|z|}/(1 + e^{−|z|})², the yardstick where finite differences of σ are
 * noise (|z| > 20): written here, independently of the solution's σ', and tanh'(z) = 4σ'(2z).
 */
function stableSigmoidDerivative(z: number): number {
  const e = Math.exp(-Math.abs(z));
  return e / ((1 + e) * (1 + e));
}

export const reference = recordedReference('sigmoid-derivative', {
  sigmoid: solution.sigmoid,
  stableSigmoidDerivative,
  stableTanhDerivative: (z: number) => 4 * stableSigmoidDerivative(2 * z),
});

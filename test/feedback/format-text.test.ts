/** The plain-text feedback (terminal, vitest failure messages, results.json) shows formulas without `$` or TeX. */
import { expect, it } from 'vitest';
import { formatFeedback } from '../../grader/feedback/format-text.ts';
import { failed } from '../../grader/checks/result.ts';

it('writes the hint and the diagnosis without math delimiters', () => {
  const text = formatFeedback(
    failed({
      summary: 'sigmoidDerivative differs from the derivative',
      diagnosis: "1 − σ(z): the factor $σ(z)$ is missing: $σ'(z) = σ(z)(1 − σ(z))$",
      hint: '$∂LL/∂θ^{(h)}_{i,j} = \\sum (y − ŷ) θ^{(ŷ)}_j h_j (1 − h_j) x_i$ has the shape of $θ^{(h)}$: $m_x × m_h$.',
    }),
  );
  expect(text).toBe(
    [
      'sigmoidDerivative differs from the derivative',
      "  diagnosis: 1 − σ(z): the factor σ(z) is missing: σ'(z) = σ(z)(1 − σ(z))",
      '  hint:      ∂LL/∂θ^(h)_{i,j} = Σ (y − ŷ) θ^(ŷ)_j h_j (1 − h_j) x_i has the shape of θ^(h): m_x × m_h.',
    ].join('\n'),
  );
});

/**
 * Targets as math (grader/definition/math-targets.ts): the compiled expressions agree with hand-written
 * ones, the symbolic derivative evaluated in 40 digits is the correctly rounded derivative even where its
 * double-precision form overflows, the quantile by bisection inverts the CDF, a pmf's CDF is its running
 * sum, and an instructor's mistake in an expression throws an error that names it.
 */
import { describe, expect, it } from 'vitest';
import {
  MathExpressionError,
  continuousTarget,
  derivativeProbes,
  integerTarget,
  knownMistakes,
  mathDerivative,
  mathFunction,
  alternativeFrom,
  quantileByBisection,
  symbolicDerivativeTolerance,
  valueCases,
} from '../../grader/definition/math-targets.ts';
import { scalarDerivative } from '../../grader/numeric/finite-difference.ts';
import { samplerDesign, type SamplerTestOptions } from '../../grader/checks/sampler-check.ts';

/** σ(x) by hand, exponentiating −|x| only: a few ulps everywhere. */
const sigmoid = (x: number) => {
  const e = Math.exp(-Math.abs(x));
  return x >= 0 ? 1 / (1 + e) : e / (1 + e);
};
const relativeError = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('mathFunction', () => {
  it('binds parameters and agrees with the same formula written in TypeScript', () => {
    const cdf = mathFunction('1 - exp(-lambda * x)', { parameters: { lambda: 2 } });
    for (const x of [0, 0.1, 1, 3.7, 20]) expect(cdf.at(x)).toBe(1 - Math.exp(-2 * x));
    expect(cdf.text).toBe('1 - exp(-lambda * x) with lambda = 2');
    expect(cdf.tex).toContain('\\lambda');
  });

  it('precise values are right where the double-precision form loses everything', () => {
    const softplus = mathFunction('log(1 + exp(x))');
    expect(softplus.at(1000)).toBe(Infinity);
    expect(softplus.precise(1000)).toBe(1000);
    expect(softplus.at(-40)).toBe(0);
    // log(1 + e^{−40}) = e^{−40} − e^{−80}/2 + …, and e^{−80} is 1e-19 of it.
    expect(relativeError(softplus.precise(-40), Math.exp(-40))).toBeLessThan(1e-15);
    for (const x of [-30, -2.5, 0, 0.7, 12, 700]) {
      const stable = Math.max(0, x) + Math.log1p(Math.exp(-Math.abs(x)));
      expect(relativeError(softplus.precise(x), stable)).toBeLessThan(4e-16);
    }
  });
});

describe('mathDerivative', () => {
  const derivative = mathDerivative('log(1 + exp(x))');

  it('is the symbolic derivative, e^x / (e^x + 1) = σ(x), and says so', () => {
    expect(derivative.expression).toBe('exp(x) / (exp(x) + 1)');
    expect(derivative.text).toBe('d/dx log(1 + exp(x)) = exp(x) / (exp(x) + 1)');
  });

  it('matches the hand-derived σ(x) to an ulp or two, also beyond 709 where e^x / (e^x + 1) is NaN in doubles', () => {
    expect(Number.isNaN(derivative.at(710))).toBe(true);
    const xs = [-1000, -745, -700, -40, -12, -1, -1e-8, 0, 1e-8, 0.3, 2, 17, 36, 40, 500, 709, 710, 745, 1000];
    for (const x of xs) {
      const expected = sigmoid(x);
      if (expected === 0) expect(derivative.precise(x)).toBe(0);
      else expect(relativeError(derivative.precise(x), expected), `x = ${x}`).toBeLessThan(4.5e-16);
    }
  });

  it('agrees with central differences of the function where those are accurate', () => {
    const softplus = mathFunction('log(1 + exp(x))');
    for (const x of [-8, -3, -0.5, 0, 0.5, 3, 8]) {
      // Central differences (h = 1e-5) of log(1 + e^x): rounding ε·f/h ≤ 2e-10, truncation h²/6·|f'''| ≤ 2e-12.
      expect(Math.abs(scalarDerivative(softplus.precise, x) - derivative.precise(x))).toBeLessThan(1e-9);
    }
  });

  it('binds parameters of the derivative: d/dx (1 − e^{−λx}) = λe^{−λx}', () => {
    const density = mathDerivative('1 - exp(-lambda * x)', { parameters: { lambda: 1.5 } });
    for (const x of [0, 0.2, 1, 4]) expect(relativeError(density.precise(x), 1.5 * Math.exp(-1.5 * x))).toBeLessThan(3e-16);
  });

  it('gives probes and a tolerance the gradient check takes, which a correct σ passes and a missing chain factor fails', () => {
    const zs = [-40, -5, 0, 5, 40];
    const probes = derivativeProbes(derivative, zs);
    expect(probes.map((probe) => probe.method)).toEqual(Array(5).fill('stable closed form'));
    const { atol, rtol } = symbolicDerivativeTolerance['stable closed form'];
    const passes = (f: (x: number) => number) => probes.every((probe) => Math.abs(f(probe.z) - probe.expected) <= atol + rtol * Math.abs(probe.expected));
    expect(passes(sigmoid)).toBe(true);
    expect(passes((x) => 0.5 * (1 + Math.tanh(x / 2)))).toBe(true);
    expect(passes((x) => 1 / (1 + Math.exp(x)))).toBe(false);
    const mistakes = knownMistakes([{ name: 'chain factor missing', explanation: '', expression: '1 / (1 + exp(x))' }])(zs);
    expect(mistakes[0]!.values[1]).toBeCloseTo(1 / (1 + Math.exp(-5)), 15);
  });

  it('refuses a point outside the domain', () => {
    expect(() => derivativeProbes(mathDerivative('x * log(x)'), [-1])).toThrow(/'x \* log\(x\)' has the derivative 'log\(x\) \+ 1', which is (NaN|not a real number) at x = -1/);
  });
});

describe('valueCases', () => {
  it('judges a call against the precise value', () => {
    const [exact] = valueCases('softplus', mathFunction('log(1 + exp(x))'), [1000], { atol: 1e-15, rtol: 1e-12 });
    expect(exact!.show).toBe('softplus(1000)');
    expect(exact!.judge(1000)).toEqual({ ok: true });
    expect(exact!.judge(Infinity).ok).toBe(false);
  });
});

describe('continuous targets: the quantile by bisection', () => {
  const exponential = continuousTarget({ name: 'Exponential(λ = 2)', cdf: '1 - exp(-lambda * x)', parameters: { lambda: 2 }, support: [0, Infinity] });

  it('inverts the CDF: F(F⁻¹(p)) = p, and F⁻¹ equals −ln(1 − p)/λ up to the CDF\'s own rounding', () => {
    for (const p of [1e-6, 0.00025, 0.1, 0.5, 0.9, 0.999, 1 - 1e-9]) {
      const x = exponential.quantile(p);
      // 1 − e^{−λx} in doubles is off by up to ~2.2e-16 absolutely; F' = λ(1 − p) and x ≈ −ln(1 − p)/λ, so
      // x moves by up to 2.2e-16/(λ(1 − p)x) relatively: ~2.2e-16/p for small p, 1e-7 at p = 1 − 1e-9.
      const allowed = 1e-14 + (4.4e-16 / ((1 - p) * -Math.log1p(-p)));
      expect(relativeError(x, -Math.log1p(-p) / 2), `p = ${p}`).toBeLessThan(allowed);
      expect(exponential.cdf(x)).toBeGreaterThanOrEqual(p);
      // The largest double below x has F < p: x is the smallest such double.
      expect(exponential.cdf(x - Math.abs(x) * 2 ** -52)).toBeLessThan(p);
    }
  });

  it('handles a support infinite on both sides (the logistic distribution, F = σ)', () => {
    const logistic = quantileByBisection((x) => 1 / (1 + Math.exp(-x)), -Infinity, Infinity);
    for (const p of [1e-4, 0.3, 0.5, 0.8]) expect(Math.abs(logistic(p) - Math.log(p / (1 - p)))).toBeLessThan(1e-14);
  });

  it('knows its support', () => {
    expect(exponential.inSupport(0)).toBe(true);
    expect(exponential.inSupport(-1e-9)).toBe(false);
    expect(exponential.inSupport(NaN)).toBe(false);
    expect(exponential.cdf(-1)).toBe(0);
  });

  it('refuses a CDF that does not run from 0 to 1', () => {
    expect(() => continuousTarget({ cdf: '1 - exp(-x) / 2', support: [0, Infinity] })).toThrow(/not from 0 to 1/);
    expect(() => continuousTarget({ cdf: 'exp(-x)', support: [0, Infinity] })).toThrow(/decreases/);
  });
});

describe('integer targets from a pmf', () => {
  const geometric = integerTarget({ name: 'Geometric(p = 0.3)', pmf: 'p * (1 - p)^(k - 1)', parameters: { p: 0.3 }, min: 1 });

  it('sums the pmf: F(k) = 1 − (1 − p)^k', () => {
    for (const k of [1, 2, 5, 20, 50]) expect(Math.abs(geometric.cdf(k) - (1 - 0.7 ** k))).toBeLessThan(1e-15);
    expect(geometric.cdf(0)).toBe(0);
    expect(geometric.cdf(2.5)).toBe(geometric.cdf(2));
    expect(geometric.pmf(3)).toBeCloseTo(0.3 * 0.49, 15);
    expect(geometric.pmf(0)).toBe(0);
  });

  it('chooses max where the tail falls below 1e-9', () => {
    expect(1 - geometric.cdf(geometric.max)).toBeLessThan(1e-9);
    expect(1 - geometric.cdf(geometric.max - 1)).toBeGreaterThanOrEqual(1e-9);
    expect(geometric.cdf(1e15)).toBeLessThanOrEqual(1);
  });

  it('refuses a pmf that is not normalised', () => {
    expect(() => integerTarget({ pmf: '(1 - p)^(k - 1)', parameters: { p: 0.3 }, min: 1 })).toThrow(/'\(1 - p\)\^\(k - 1\)' sums to 1.7 > 1 over k = 1…2/);
    expect(() => integerTarget({ pmf: '0.2', min: 0, max: 3 })).toThrow(/sums to 0.8/);
  });
});

describe("an instructor's mistake names the expression", () => {
  it.each([
    ['log(1 + exp(x)', /'log\(1 \+ exp\(x\)' is not a mathjs expression/],
    ['1 - exp(-lambda * x)', /'1 - exp\(-lambda \* x\)' uses "lambda", which is neither the variable x nor a parameter/],
    ['softplus(x)', /'softplus\(x\)' calls softplus\(…\), which mathjs does not know/],
    ['a = x + 1', /is a statement/],
  ])('%s', (expression, message) => {
    expect(() => mathFunction(expression)).toThrow(MathExpressionError);
    expect(() => mathFunction(expression)).toThrow(message);
  });

  it('a parameter that is not a number', () => {
    expect(() => mathFunction('x * a', { parameters: { a: NaN } })).toThrow(/parameter a = NaN/);
  });

  it('a non-real value, found where it is evaluated', () => {
    expect(() => mathFunction('sqrt(x)').at(-1)).toThrow(/'sqrt\(x\)' is not a real number at x = -1/);
  });
});

describe('the targets drive a sampler design', () => {
  const head = { id: 'geometric', title: '', points: 1, visibility: 'public' as const, checks: '', hint: '', fn: 'sampleGeometric', args: () => [], show: '', design: '' };
  const alpha = { band: 1e-7, cells: 5e-8, dependence: 1e-8 };

  it('Geometric(0.3) from its pmf: a p 10% too high is caught at 20 000 draws', () => {
    const geometric = (p: number) => integerTarget({ name: `Geometric(p = ${p})`, pmf: 'p * (1 - p)^(k - 1)', parameters: { p }, min: 1 });
    const options: SamplerTestOptions = { ...head, draws: 20_000, target: geometric(0.3), alpha, alternatives: [alternativeFrom('p 10% too high', geometric(0.33))] };
    const design = samplerDesign(options);
    expect(design.falseFailure).toBeLessThanOrEqual(1.6e-7 + 1e-12);
    expect(design.power[0]!.power).toBeGreaterThan(0.99);
  });

  it('Exponential(2) from its CDF: the tail cell catches truncation at the 0.999 quantile', () => {
    const cdf = '1 - exp(-lambda * x)';
    const exponential = continuousTarget({ cdf, parameters: { lambda: 2 }, support: [0, Infinity] });
    const truncated = { cdf: (x: number) => Math.min(1, exponential.cdf(x) / 0.999) };
    const options: SamplerTestOptions = { ...head, draws: 20_000, target: exponential, alpha, upperTail: 0.001, alternatives: [alternativeFrom('truncated', truncated)] };
    expect(samplerDesign(options).power[0]!.power).toBeGreaterThan(0.99);
  });
});

/**
 * Targets as math: an instructor writes a function, a derivative's antiderivative, a CDF or a pmf as a
 * mathjs expression string ('log(1 + exp(x))', '1 - exp(-lambda * x)', 'p * (1 - p)^(k - 1)'), with its
 * parameters' values, and these builders turn it into what the test kinds consume: derivative probes and
 * their tolerance (checks/gradient-check.ts), example cases (checks/example-check.ts), sampler targets and
 * alternatives (checks/sampler-check.ts), known mistakes for diagnosis (numeric/diagnose.ts). Where the
 * problem is a derivative, mathjs's symbolic `derivative` is the reference: the instructor writes no
 * reference code for it.
 *
 * Each expression is compiled twice. `at(x)` evaluates it in double precision (about 1 µs a call): what a
 * CDF over 200 000 draws needs. `precise(x)` evaluates it in 40-digit decimal arithmetic (decimal.js, via
 * mathjs's BigNumber; about 0.4 ms a call) and rounds once to a double: the reference values. The symbolic
 * derivative of log(1 + e^x) is e^x / (e^x + 1), which in doubles is ∞/∞ = NaN for x > 709.78 and, in
 * general, a closed form typed literally can cancel or overflow where the mathematics is tame; in 40 digits
 * e^1000 is an ordinary number and 23 digits may cancel before the rounded double loses one. So the
 * reference is the correctly rounded value wherever the expression is defined, with no probe restrictions.
 *
 * A malformed expression, a symbol with no value, a function mathjs does not know or cannot differentiate,
 * a non-number value: each throws a MathExpressionError naming the expression, when the definition loads.
 */
import { all, create, derivative as symbolicDerivative, parse, type EvalFunction, type MathNode } from 'mathjs';
import type { Alternative, Target } from '../checks/sampler-check.ts';
import type { DerivativeProbe } from '../checks/gradient-check.ts';
import type { ExampleCase } from '../checks/example-check.ts';
import { closeToNumber, type Closeness } from '../checks/judges.ts';
import type { KnownMistake } from '../numeric/diagnose.ts';
import { gradientTolerance, type Tolerance } from '../numeric/compare.ts';

/** An instructor's mistake in a math target: says which expression and what to change. */
export class MathExpressionError extends Error {
  readonly code = 'MATH_EXPRESSION';
  constructor(
    readonly expression: string,
    problem: string,
  ) {
    super(`the expression '${expression}' ${problem}`);
  }
}

/** The variable and the parameters' values; the variable is x unless said otherwise (k for a pmf). */
export interface MathSpec {
  variable?: string;
  parameters?: Readonly<Record<string, number>>;
}

export interface MathFunction {
  /** The expression as mathjs prints it (for a derivative: the derivative's). */
  expression: string;
  /** The instructor's expression, as given (errors name it). */
  source: string;
  /** Empty, or for a derivative "has the derivative '…', which " (errors say what is wrong with which). */
  subject: string;
  variable: string;
  parameters: Readonly<Record<string, number>>;
  /** In double precision, parameters bound: fast, for CDFs and mistakes. */
  at(x: number): number;
  /** In 40-digit decimal arithmetic, rounded once to a double: the reference value. */
  precise(x: number): number;
  /** Human-readable, e.g. "1 - exp(-(lambda * x)) with lambda = 2". */
  text: string;
  /** The expression in TeX (parameters by name, Greek where mathjs knows it), for handouts and hints. */
  tex: string;
}

/**
 * 40 digits: the 17 a double needs plus 23 that may cancel inside the expression before its rounded value
 * changes. At 40 digits a call costs ~0.4 ms (64 digits: ~0.8 ms), and the values are memoized per point.
 */
const PRECISION = 40;
const decimal = create(all, { number: 'BigNumber', precision: PRECISION });

/** Memoized precise values per expression (probes are the same points test after test): at most this many. */
const MEMO_LIMIT = 10_000;

/** A function of one variable from a mathjs expression, parameters bound. */
export function mathFunction(expression: string, spec: MathSpec = {}): MathFunction {
  return fromNode(expression, parseChecked(expression), spec);
}

/**
 * The symbolic derivative d/d(variable) of the expression (mathjs `derivative`), parameters bound. Its text
 * says what it is the derivative of: "d/dx log(1 + exp(x)) = exp(x) / (exp(x) + 1)".
 */
export function mathDerivative(expression: string, spec: MathSpec = {}): MathFunction {
  const node = parseChecked(expression);
  const variable = spec.variable ?? 'x';
  checkSymbols(expression, node, variable, spec.parameters ?? {});
  let derived: MathNode;
  try {
    derived = symbolicDerivative(node, variable);
  } catch (error) {
    throw new MathExpressionError(expression, `cannot be differentiated by mathjs: ${(error as Error).message}`);
  }
  const result = fromNode(expression, derived, spec, `has the derivative '${derived.toString()}', which `);
  return { ...result, text: `d/d${variable} ${node.toString()} = ${result.text}` };
}

function parseChecked(expression: string): MathNode {
  let node: MathNode;
  try {
    node = parse(expression);
  } catch (error) {
    throw new MathExpressionError(expression, `is not a mathjs expression: ${(error as Error).message}`);
  }
  const statement = node.filter((n) => n.type === 'AssignmentNode' || n.type === 'FunctionAssignmentNode' || n.type === 'BlockNode')[0];
  if (statement) throw new MathExpressionError(expression, `is a statement (${statement.type}), not an expression of one variable`);
  return node;
}

/** Every free symbol is the variable, a parameter or a mathjs constant; every function is a mathjs function. */
function checkSymbols(expression: string, node: MathNode, variable: string, parameters: Readonly<Record<string, number>>): void {
  if (variable in parameters) throw new MathExpressionError(expression, `has "${variable}" as both the variable and a parameter`);
  for (const [name, value] of Object.entries(parameters)) {
    if (!Number.isFinite(value)) throw new MathExpressionError(expression, `has parameter ${name} = ${value}: give a finite number`);
  }
  const mathjs = decimal as unknown as Record<string, unknown>;
  node.traverse((child, path) => {
    if (child.type !== 'SymbolNode') return;
    const name = (child as MathNode & { name: string }).name;
    if (path === 'fn') {
      if (typeof mathjs[name] !== 'function') throw new MathExpressionError(expression, `calls ${name}(…), which mathjs does not know (see mathjs.org/docs/reference/functions.html)`);
    } else if (name !== variable && !(name in parameters) && (!(name in mathjs) || typeof mathjs[name] === 'function')) {
      throw new MathExpressionError(expression, `uses "${name}", which is neither the variable ${variable} nor a parameter: give its value in parameters: { ${name}: … }`);
    }
  });
}

function fromNode(expression: string, node: MathNode, spec: MathSpec, subject = ''): MathFunction {
  const variable = spec.variable ?? 'x';
  const parameters = { ...(spec.parameters ?? {}) };
  checkSymbols(expression, node, variable, parameters);
  const shown = node.toString();
  let fast: EvalFunction;
  let slow: EvalFunction;
  try {
    fast = node.compile();
    slow = decimal.parse(shown).compile();
  } catch (error) {
    throw new MathExpressionError(expression, `does not compile: ${(error as Error).message}`);
  }
  const scope: Record<string, number> = { ...parameters, [variable]: 0 };
  const decimalScope: Record<string, unknown> = Object.fromEntries(Object.entries(parameters).map(([name, value]) => [name, exactDecimal(value)]));
  const numberAt = (value: unknown, x: number, where: string): number => {
    if (typeof value === 'number') return value;
    if (value !== null && typeof value === 'object' && (value as { isBigNumber?: boolean }).isBigNumber) return Number(value);
    throw new MathExpressionError(expression, `${subject}is not a real number at ${variable} = ${x} (${where}: ${String(value)}); keep the probes inside its domain`);
  };
  const memo = new Map<number, number>();
  const at = (x: number): number => {
    scope[variable] = x;
    return numberAt(fast.evaluate(scope), x, 'double precision');
  };
  const precise = (x: number): number => {
    const known = memo.get(x);
    if (known !== undefined) return known;
    const value = numberAt(slow.evaluate({ ...decimalScope, [variable]: exactDecimal(x) }), x, `${PRECISION} digits`);
    if (memo.size < MEMO_LIMIT) memo.set(x, value);
    return value;
  };
  const bound = Object.entries(parameters).map(([name, value]) => `${name} = ${value}`).join(', ');
  return { expression: shown, source: expression, subject, variable, parameters, at, precise, text: bound ? `${shown} with ${bound}` : shown, tex: node.toTex() };
}

/** A double as a decimal, exactly to the 40 digits kept (its shortest string would move it by up to half an ulp). */
function exactDecimal(value: number): unknown {
  return decimal.bignumber(Number.isFinite(value) ? value.toPrecision(100) : String(value));
}

// ---------------------------------------------------------------------------------------------------------
// Derivatives (checks/gradient-check.ts): probes whose expected values are the symbolic derivative.

/**
 * The derivative at each z, evaluated in 40 digits ('stable closed form' in the gradient check's terms: it
 * is neither overflowing nor cancelling). NaN there means z is outside the derivative's domain.
 */
export function derivativeProbes(derivative: MathFunction, zs: readonly number[]): DerivativeProbe[] {
  return zs.map((z) => {
    const expected = derivative.precise(z);
    if (Number.isNaN(expected)) throw new MathExpressionError(derivative.source, `${derivative.subject}is NaN at ${derivative.variable} = ${z}: probe only where it is defined`);
    return { z, expected, method: 'stable closed form' };
  });
}

/**
 * Against a reference rounded once from 40 digits (relative error ≤ 1.1e-16), a correct double-precision
 * answer is off only by its own rounding: a few ulps (≤ 1e-15 relative) for the usual stable forms, and up
 * to ~2.2e-16 absolutely for forms that cancel in a sum of size ~1 (1 − σ(−x), (1 + tanh(x/2))/2 for σ).
 * atol 1e-14 admits the latter 45 times over; rtol 1e-10 admits a formula whose rounding is amplified by a
 * condition number up to 10⁵ (e^{x − f(x)} at |x| = 700: 1e-13 relative), and fails a float32 answer
 * (1e-7) or any wrong formula. For a derivative whose values are far from size 1 where correct forms
 * cancel, scale atol with it. 'central differences' is compare.ts's rule, for probes an instructor adds.
 */
export const symbolicDerivativeTolerance: Record<DerivativeProbe['method'], Tolerance> = {
  'central differences': gradientTolerance,
  'stable closed form': {
    atol: 1e-14,
    rtol: 1e-10,
    normRtol: 1e-10,
    why: 'symbolic derivative (mathjs) evaluated in 40 digits, correctly rounded: atol 1e-14, rtol 1e-10 (correct double forms are within a few ulps, or ~2.2e-16 absolutely where they cancel)',
  },
};

/** A known mistake as an expression: what a wrong formula gives at the probed points (for the diagnosis). */
export interface MathMistake {
  name: string;
  /** What the student probably did, formulas in `$…$`. */
  explanation: string;
  expression: string;
}

/** Known mistakes as `mistakes` for a scalar derivative test: each expression compiled once, now. */
export function knownMistakes(mistakes: readonly MathMistake[], spec: MathSpec = {}): (zs: number[]) => KnownMistake[] {
  const compiled = mistakes.map((mistake) => ({ ...mistake, f: mathFunction(mistake.expression, spec) }));
  return (zs) => compiled.map(({ name, explanation, f }) => ({ name, explanation, values: zs.map((z) => f.at(z)) }));
}

// ---------------------------------------------------------------------------------------------------------
// Values (checks/example-check.ts).

/** One example case per x: `fn(x)` against the expression's 40-digit value, within `closeness`. */
export function valueCases(fn: string, f: MathFunction, xs: readonly number[], closeness: Closeness): ExampleCase[] {
  return xs.map((x) => {
    const expected = f.precise(x);
    if (Number.isNaN(expected)) throw new MathExpressionError(f.source, `${f.subject}is NaN at ${f.variable} = ${x}: give values only where it is defined`);
    return { fn, args: [x], show: `${fn}(${x})`, judge: closeToNumber(expected, closeness, `${fn}(${x})`) };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Sampler targets (checks/sampler-check.ts).

export interface ContinuousTargetSpec extends MathSpec {
  /** Shown in feedback, e.g. "Exponential(λ = 2)"; default: the CDF's text. */
  name?: string;
  /** F(x) as an expression, non-decreasing from 0 to 1 on the support. */
  cdf: string;
  /** The support [lo, hi]; either end may be infinite. */
  support: readonly [number, number];
}

export type MathContinuousTarget = Extract<Target, { kind: 'continuous' }> & { formula: MathFunction };

/** A continuous target from its CDF: the quantile by bisection (quantileByBisection). */
export function continuousTarget(spec: ContinuousTargetSpec): MathContinuousTarget {
  const formula = mathFunction(spec.cdf, { variable: spec.variable ?? 'x', parameters: spec.parameters ?? {} });
  const [lo, hi] = spec.support;
  if (!(lo < hi)) throw new MathExpressionError(spec.cdf, `has support [${lo}, ${hi}]: give [lo, hi] with lo < hi`);
  const cdf = (x: number) => (x < lo ? 0 : x >= hi ? 1 : Math.min(1, Math.max(0, formula.at(x))));
  checkCdf(spec.cdf, cdf, lo, hi);
  return {
    kind: 'continuous',
    name: spec.name ?? `the distribution with CDF F(${formula.variable}) = ${formula.text}`,
    cdf,
    quantile: quantileByBisection(cdf, lo, hi),
    inSupport: (x) => Number.isFinite(x) && x >= lo && x <= hi,
    formula,
  };
}

/** F must run from 0 to 1 across the support and never decrease (checked on a grid: an instructor's typo shows). */
function checkCdf(expression: string, cdf: (x: number) => number, lo: number, hi: number): void {
  const from = Number.isFinite(lo) ? lo : -1e6;
  const to = Number.isFinite(hi) ? hi : 1e6;
  let previous = -Infinity;
  for (let i = 0; i <= 1000; i++) {
    const x = i === 1000 ? to : from + ((to - from) * i) / 1000;
    const value = cdf(x);
    if (Number.isNaN(value)) throw new MathExpressionError(expression, `is NaN at x = ${x}, inside the support`);
    if (value < previous - 1e-12) throw new MathExpressionError(expression, `decreases near x = ${x} (${previous} then ${value}): a CDF never decreases`);
    previous = value;
  }
  const ends = [cdf(Number.isFinite(lo) ? lo : -1e300), cdf(Number.isFinite(hi) ? hi : 1e300)];
  if (!(ends[0]! <= 1e-9) || !(ends[1]! >= 1 - 1e-9)) throw new MathExpressionError(expression, `runs from ${ends[0]} to ${ends[1]} across the support, not from 0 to 1`);
}

/**
 * F⁻¹(p) = min{x : F(x) ≥ p} by bisection on doubles: an infinite end of the support is first replaced by
 * a finite bracket (doubling outwards), then the bracket is halved until its ends are adjacent doubles,
 * F(lo) < p ≤ F(hi), and hi is returned. Exact to the ulp for a CDF that is monotone in floating point;
 * ~60 to 70 CDF calls a quantile for the brackets of ordinary targets (capped at 2 200).
 */
export function quantileByBisection(cdf: (x: number) => number, lower: number, upper: number): (p: number) => number {
  return (p) => {
    if (!(p > 0)) return lower;
    if (!(p < 1)) return upper;
    let hi = upper;
    if (!Number.isFinite(hi)) {
      hi = Math.max(lower, 0) + 1;
      while (cdf(hi) < p && hi < 1e300) hi = 2 * hi + 1;
    }
    let lo = lower;
    if (!Number.isFinite(lo)) {
      lo = Math.min(hi, 0) - 1;
      while (cdf(lo) >= p && lo > -1e300) lo = 2 * lo - 1;
    }
    for (let i = 0; i < 2200; i++) {
      const mid = lo + (hi - lo) / 2;
      if (mid <= lo || mid >= hi) break;
      if (cdf(mid) >= p) hi = mid;
      else lo = mid;
    }
    return hi;
  };
}

export interface IntegerTargetSpec extends MathSpec {
  /** Shown in feedback, e.g. "Geometric(p = 0.3)"; default: the pmf's text. */
  name?: string;
  /** P(X = k) as an expression of k (the variable is k unless said otherwise). */
  pmf: string;
  /** The smallest value, e.g. 0 (Poisson) or 1 (Geometric on 1, 2, …). */
  min: number;
  /** The largest value, for a bounded support (P(X = k) is 0 beyond it); default: the first K with P(X > K) < 1e-9, the cells testing values above it together. */
  max?: number;
}

export type MathIntegerTarget = Extract<Target, { kind: 'integer' }> & { formula: MathFunction };

/** Values beyond which the CDF is not summed further (its tail there is far below any band or cell). */
const SUM_LIMIT = 1_000_000;

/**
 * An integer target from its pmf: the CDF is the running sum from min (Neumaier's compensated sum, exact to
 * a few ulps), extended as far as asked up to min + 10⁶ and constant beyond. The total mass is checked: 1
 * within 1e-9 at max.
 */
export function integerTarget(spec: IntegerTargetSpec): MathIntegerTarget {
  const formula = mathFunction(spec.pmf, { variable: spec.variable ?? 'k', parameters: spec.parameters ?? {} });
  const { min } = spec;
  if (!Number.isInteger(min)) throw new MathExpressionError(spec.pmf, `has min = ${min}: give an integer`);
  // A max given is the end of the support (a Binomial's n): the expression need not vanish beyond it.
  const pmf = (k: number) => (Number.isInteger(k) && k >= min && !(k > (spec.max ?? Infinity)) ? formula.at(k) : 0);
  const sums: number[] = [];
  let sum = 0;
  let compensation = 0;
  const extendTo = (index: number) => {
    while (sums.length <= index) {
      const k = min + sums.length;
      const p = pmf(k);
      if (!(p >= 0) || !(p <= 1)) throw new MathExpressionError(spec.pmf, `is ${p} at ${formula.variable} = ${k}: a probability is in [0, 1]`);
      const t = sum + p;
      compensation += Math.abs(sum) >= p ? sum - t + p : p - t + sum;
      sum = t;
      if (sum + compensation > 1 + 1e-9) throw new MathExpressionError(spec.pmf, `sums to ${sum + compensation} > 1 over ${formula.variable} = ${min}…${k}: check the normalisation`);
      sums.push(Math.min(1, sum + compensation));
    }
  };
  const cdf = (k: number) => {
    if (k < min) return 0;
    const index = Math.min(Math.floor(k) - min, SUM_LIMIT);
    extendTo(index);
    return sums[index]!;
  };
  let max = spec.max;
  if (max === undefined) {
    max = min;
    while (1 - cdf(max) >= 1e-9 && max - min < SUM_LIMIT) max += 1;
  }
  // Summed a little further: a pmf with too much mass can reach 1 early (then 1 − F(max) is 0 at once).
  cdf(min + 2 * (max - min) + 10);
  const total = cdf(max);
  const tail = spec.max === undefined ? 1e-9 : 0;
  if (!(Math.abs(1 - total) <= tail + 1e-9)) {
    throw new MathExpressionError(spec.pmf, `sums to ${total} over ${formula.variable} = ${min}…${max}, not 1: check the normalisation${spec.max === undefined ? '' : ' or max'}`);
  }
  return { kind: 'integer', name: spec.name ?? `the distribution with pmf P(${formula.variable}) = ${formula.text}`, cdf, pmf, min, max, formula };
}

/** A wrong distribution the sampler test must catch, from a target built with other parameters (or another formula). */
export function alternativeFrom(name: string, target: Pick<Target, 'cdf'>): Alternative {
  return { name, cdf: (x) => target.cdf(x) };
}

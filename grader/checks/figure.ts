/**
 * The numbers behind a report's picture, computed by the check that reached the verdict. Plain data (JSON),
 * small whatever the test's size (a few hundred points at most), so it travels from a grading worker and is
 * kept in the student's grade record; reports draw it (grader/report/plots/), checks never draw.
 */
export type Figure = SamplerFigure | GradientFigure | PropertyFigure;

/** A sampler test: the draws' histogram and empirical CDF against the target. */
export interface SamplerFigure {
  kind: 'sampler';
  /** The target distribution, e.g. "Exponential(λ = 2)". */
  target: string;
  /** Integer-valued target (pmf, one bar per value) or continuous (density, bins). */
  discrete: boolean;
  draws: number;
  /**
   * Histogram bins in increasing x: the student's count and the count the target predicts there,
   * n·(F(x1) − F(x0)). A discrete target has one bin per value k, with x0 = x1 = k.
   */
  bins: Array<{ x0: number; x1: number; observed: number; expected: number }>;
  /** Draws left of the first bin and right of the last (not drawn as bars). */
  outside: { below: number; above: number };
  /** F_n and F at increasing x (for a discrete target: at each value, where both step). */
  cdf: Array<{ x: number; empirical: number; target: number }>;
  /** The largest gap sup|F_n − F| and where it is. */
  gap: { at: number; empirical: number; target: number; distance: number };
  /** The band's half-width ε: the test fails when the gap exceeds it. */
  epsilon: number;
  /** Designed false-failure probability of the whole test, and its power against each named mistake. */
  falseFailure: number;
  power: Array<{ alternative: string; power: number }>;
}

/** A gradient check: the student's entries against the numerical gradient's, block by block. */
export interface GradientFigure {
  kind: 'gradient';
  /** The call, as code. */
  called: string;
  /**
   * One block per returned gradient (θ^(h), θ^(ŷ), W, b, or a derivative at several z), flattened row by
   * row. `cols` is absent for a vector; `labels` names the entries of a vector when they are not indices
   * (e.g. "z = 25").
   */
  blocks: Array<{ name: string; rows: number; cols?: number; labels?: string[]; student: number[]; numerical: number[]; allowed: number[] }>;
  /** The worst entries (most over their allowance first). */
  worst: Array<{ label: string; student: number; numerical: number; error: number; allowed: number }>;
  /** The recognised pattern, e.g. "opposite sign", with what it points to in the lecture's notation. */
  diagnosis?: { pattern: string; explanation: string };
}

/** A property test: the shrunk counterexample and how to replay it (the command is the feedback's `reproduce`). */
export interface PropertyFigure {
  kind: 'property';
  property: string;
  counterexample: string;
  seed: number;
  path: string;
  runs: number;
  shrinks: number;
}

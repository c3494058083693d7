/**
 * Gradient checks: the student's analytic derivative or gradient against central finite differences of the
 * reference (or, where finite differences are themselves inaccurate, against a reference computed in a
 * stable closed form). Probes use non-square shapes and batches of several examples, so a transpose or
 * "last example only" cannot pass. On failure: which entries, by how much, and the diagnosed pattern.
 */
import { compareBlocks, flatten, matrixLabels, vectorLabels, type Block, type Comparison, type Tolerance } from '../numeric/compare.ts';
import { diagnose, type Diagnosis, type KnownMistake } from '../numeric/diagnose.ts';
import { readField, readMatrix, readNumber, readTransposed, readVector } from '../values/read.ts';
import { showNumber, showValue } from '../feedback/show-value.ts';
import { testFrom, type TestContext, type TestDefinition, type TestHead } from '../definition/types.ts';
import { failed, passed, type CheckResult, type Fact, type Feedback } from './result.ts';
import type { GradientFigure } from './figure.ts';
import { failureResult, invalidValue } from './student-failure.ts';
import { primed } from './batched-calls.ts';


// ---------------------------------------------------------------------------------------------------------
// Scalar derivatives: f'(z) at many z, one call each.

export interface DerivativeProbe {
  z: number;
  expected: number;
  /** How `expected` was obtained; each has its own tolerance. */
  method: 'central differences' | 'stable closed form';
}

export interface ScalarDerivativeTestOptions extends TestHead {
  fn: string;
  /** Where to probe and what is expected there (seed: this test's seed). */
  probes(seed: number): DerivativeProbe[];
  tolerance: Record<DerivativeProbe['method'], Tolerance>;
  /** Known mistakes, evaluated at the probed z (same order). */
  mistakes?(zs: number[]): KnownMistake[];
}

export function defineScalarDerivativeTest(options: ScalarDerivativeTestOptions): TestDefinition {
  return testFrom(options, 'gradient', async (context: TestContext): Promise<CheckResult> => {
      const probes = options.probes(context.seed);
      const actual: number[] = [];
      // The loop stops at the first call without a finite number: so does the batch.
      const student = await primed(context.student, probes.map((probe) => ({ fn: options.fn, args: [probe.z] })), { stopUnlessFinite: true });
      for (const probe of probes) {
        const called = `${options.fn}(${probe.z})`;
        const outcome = await student.call(options.fn, [probe.z]);
        if (!outcome.ok) return failureResult(outcome.failure, called, options.hint);
        const value = readNumber(outcome.value, `${options.fn}(${probe.z})`);
        if (!value.ok) return invalidValue(value.problem, called, options.hint);
        actual.push(value.value);
      }
      const zs = probes.map((probe) => probe.z);
      const comparisons = (['central differences', 'stable closed form'] as const)
        .map((method) => {
          const indices = probes.flatMap((probe, i) => (probe.method === method ? [i] : []));
          const label = (k: number) => `${options.fn}(${zs[indices[k]!]})`;
          const block = (values: number[]): Block => ({ name: options.fn, values, label });
          return {
            method,
            count: indices.length,
            comparison: compareBlocks([block(indices.map((i) => actual[i]!))], [block(indices.map((i) => probes[i]!.expected))], options.tolerance[method]),
          };
        })
        .filter((entry) => entry.count > 0);
      const facts: Fact[] = comparisons.map(({ method, count, comparison }) => ({
        label: `${count} points against ${method}`,
        value: `${options.tolerance[method].why}; normwise relative error ${showNumber(comparison.normRelativeError)}`,
      }));
      const failing = comparisons.find((entry) => !entry.comparison.pass);
      if (!failing) return passed({ summary: `${options.fn} matches the derivative at all ${probes.length} points probed`, facts });
      const diagnosis = diagnose(actual, probes.map((probe) => probe.expected), { known: options.mistakes?.(zs) });
      const called = `${options.fn}(z) for z in {${zs.slice(0, 12).join(', ')}${zs.length > 12 ? ', …' : ''}}`;
      const block = {
        name: `${options.fn}(z)`,
        rows: probes.length,
        labels: zs.map((z) => `z = ${z}`),
        student: actual,
        numerical: probes.map((probe) => probe.expected),
        allowed: probes.map((probe) => allowedAt(options.tolerance[probe.method], probe.expected)),
      };
      return failed(gradientFeedback(`${options.fn} differs from the derivative (${failing.method})`, called, failing.comparison, diagnosis, options.hint, facts, [block]));
  });
}

// ---------------------------------------------------------------------------------------------------------
// Gradients of a network: one call returns named blocks (θ^(h), θ^(ŷ), W, b, …).

export interface BlockSpec {
  /** Field of the returned object holding this block, e.g. 'thetaH'; undefined: the value itself. */
  field?: string;
  /** Shown name, e.g. 'θ^(h)' or '∂J/∂W'. */
  name: string;
  rows: number;
  /** Columns for a matrix; undefined for a vector of `rows` entries. */
  cols?: number;
}

export interface GradientProbe {
  fn: string;
  args: unknown[];
  /** The call as a student would write it, with the shapes. */
  show: string;
  blocks: BlockSpec[];
  /** Expected values per block (by BlockSpec.name), usually central differences of the reference. */
  expected: Record<string, number[] | number[][]>;
  /** Number of examples in the batch, and each example's own expected gradient (for diagnosis). */
  examples: number;
  perExample?: Record<string, number[] | number[][]>[];
  known?: Array<{ name: string; explanation: string; values: Record<string, number[] | number[][]> }>;
  tolerance: Tolerance;
}

export interface GradientTestOptions extends TestHead {
  probes(seed: number): GradientProbe[];
}

export function defineGradientTest(options: GradientTestOptions): TestDefinition {
  return testFrom(options, 'gradient', async (context: TestContext): Promise<CheckResult> => {
      const facts: Fact[] = [];
      for (const probe of options.probes(context.seed)) {
        const outcome = await context.student.call(probe.fn, probe.args);
        if (!outcome.ok) return failureResult(outcome.failure, probe.show, options.hint);
        const actualBlocks: Block[] = [];
        const expectedBlocks: Block[] = [];
        for (const spec of probe.blocks) {
          const label = spec.cols === undefined ? vectorLabels(spec.name) : matrixLabels(spec.name, spec.cols);
          const path = spec.field ? `${probe.fn}(…).${spec.field}` : `${probe.fn}(…)`;
          const raw = spec.field ? readField(outcome.value, spec.field, `${probe.fn}(…)`) : { ok: true as const, value: outcome.value };
          if (!raw.ok) return invalidValue(raw.problem, probe.show, options.hint);
          const read = spec.cols === undefined ? readVector(raw.value, spec.rows, path) : readMatrix(raw.value, spec.rows, spec.cols, path);
          if (!read.ok) {
            const transposed = read.transposed && spec.cols !== undefined ? readTransposed(raw.value, spec.rows, spec.cols, path) : undefined;
            if (!transposed) return invalidValue(read.problem, probe.show, options.hint);
            return failed({
              summary: `${spec.name} is transposed: ${read.problem}`,
              called: probe.show,
              diagnosis: `transposed: the gradient with respect to ${spec.name} has the shape of ${spec.name} itself, ${spec.rows}×${spec.cols}; check which factor of your outer product gives the rows`,
              pattern: 'transposed',
              expected: `a ${spec.rows}×${spec.cols} matrix`,
              received: `a ${spec.cols}×${spec.rows} matrix${equalsUpToTolerance(transposed, probe.expected[spec.name]!, probe.tolerance) ? ' whose transpose is the right gradient' : ''}`,
              hint: options.hint,
            });
          }
          actualBlocks.push({ name: spec.name, values: flatten(read.value), label });
          expectedBlocks.push({ name: spec.name, values: flatten(probe.expected[spec.name]!), label });
        }
        const comparison = compareBlocks(actualBlocks, expectedBlocks, probe.tolerance);
        facts.push({ label: probe.show, value: `normwise relative error ${showNumber(comparison.normRelativeError)} (allowed ${showNumber(comparison.normAllowed)}); ${probe.tolerance.why}` });
        if (!comparison.pass) {
          const pick = (record: Record<string, number[] | number[][]>) => probe.blocks.flatMap((spec) => flatten(record[spec.name]!));
          const diagnosis = diagnose(actualBlocks.flatMap((block) => block.values), expectedBlocks.flatMap((block) => block.values), {
            examples: probe.examples,
            perExample: probe.perExample?.map(pick),
            known: probe.known?.map((mistake) => ({ name: mistake.name, explanation: mistake.explanation, values: pick(mistake.values) })),
          });
          const inputs = { label: 'the arguments', value: showValue(probe.args, 1200) };
          const blocks = probe.blocks.map((spec, b) => ({
            name: spec.name,
            rows: spec.rows,
            ...(spec.cols === undefined ? {} : { cols: spec.cols }),
            student: actualBlocks[b]!.values,
            numerical: expectedBlocks[b]!.values,
            allowed: expectedBlocks[b]!.values.map((n) => allowedAt(probe.tolerance, n)),
          }));
          return failed(gradientFeedback(`${probe.blocks.map((spec) => spec.name).join(' and ')} ${probe.blocks.length === 1 ? 'differs' : 'differ'} from the numerical gradient`, probe.show, comparison, diagnosis, options.hint, [inputs, ...facts], blocks));
        }
      }
      return passed({ summary: 'matches the numerical gradient on every probe', facts });
  });
}

function equalsUpToTolerance(actual: number[][], expected: number[] | number[][], tolerance: Tolerance): boolean {
  const label = () => '';
  return compareBlocks([{ name: '', values: actual.flat(), label }], [{ name: '', values: flatten(expected), label }], tolerance).pass;
}

/** An entry's allowance under the per-entry rule (numeric/compare.ts): atol + rtol·|n|. */
function allowedAt(tolerance: Tolerance, numerical: number): number {
  return tolerance.atol + tolerance.rtol * Math.abs(numerical);
}

function gradientFeedback(summary: string, called: string, comparison: Comparison, diagnosis: Diagnosis | undefined, hint: string, facts: Fact[], blocks: GradientFigure['blocks']): Feedback {
  const worst = comparison.worst.filter((entry) => !(entry.error <= entry.allowed)).slice(0, 3);
  const shown = worst.length > 0 ? worst : comparison.worst.slice(0, 1);
  const figure: GradientFigure = {
    kind: 'gradient',
    called,
    blocks,
    worst: comparison.worst.map((entry) => ({ label: entry.label, student: entry.actual, numerical: entry.expected, error: entry.error, allowed: entry.allowed })),
    ...(diagnosis ? { diagnosis } : {}),
  };
  return {
    summary: `${summary}: ${comparison.failingEntries} of ${comparison.totalEntries} entries outside the tolerance`,
    called,
    expected: shown.map((entry) => `${entry.label} = ${showNumber(entry.expected)}`).join(', '),
    received: shown.map((entry) => `${entry.label} = ${showNumber(entry.actual)} (off by ${showNumber(entry.error)}, allowed ${showNumber(entry.allowed)})`).join(', '),
    diagnosis: diagnosis ? `${diagnosis.pattern}: ${diagnosis.explanation}` : undefined,
    pattern: diagnosis?.pattern,
    hint,
    facts,
    figures: [figure],
  };
}

/**
 * Every hint, known-mistake explanation and diagnosis the grader can show has its formulas in `$…$`,
 * each of which KaTeX renders without error, and reads as plain text with no delimiter or TeX left.
 * Hints are collected as the definitions are built (every test kind passes its options through
 * testFrom), so a hint written in a constant, a template or a new test is not missed.
 */
import { describe, expect, it, vi } from 'vitest';
import katex from 'katex';
import type * as DefinitionTypes from '../../grader/definition/types.ts';

const heads = vi.hoisted(() => [] as Array<{ id: string; hint: string }>);
vi.mock('../../grader/definition/types.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof DefinitionTypes>();
  return {
    ...actual,
    testFrom: (head: DefinitionTypes.TestHead, ...rest: [DefinitionTypes.TestKind, DefinitionTypes.TestDefinition['run']]) => {
      heads.push({ id: head.id, hint: head.hint });
      return actual.testFrom(head, ...rest);
    },
  };
});

const { assignments } = await import('../../assignments/index.ts');
const { discreteHint } = await import('../../assignments/inverse-transform-sampling/public.ts');
const sigmoid = await import('../../assignments/sigmoid-derivative/probes.ts');
const softmax = await import('../../assignments/softmax-ce-gradient/probes.ts');
const twoLayer = await import('../../assignments/two-layer-backprop/probes.ts');
const { diagnose } = await import('../../grader/numeric/diagnose.ts');
const { hintHtml, MATH_ERROR_CLASS, plainMath } = await import('../../grader/report/math.ts');
const { splitMath } = await import('../../grader/feedback/math-text.ts');

/** The diagnoses diagnose() can give without a known mistake: each constant scale, and one example alone. */
function diagnoseExplanations(): string[] {
  const expected = [0.3, -1.2, 0.05, 2.4, -0.7, 0.9];
  const scaled = [-1, 1 / 5, 5, -1 / 5, 2].map((scale) => diagnose(expected.map((value) => value * scale), expected, { examples: 5 }));
  const perExample = [expected.map((value) => value * 0.5), expected.map((value) => value * 0.5)];
  const single = diagnose(perExample[1]!, expected, { examples: 2, perExample });
  return [...scaled, single].map((diagnosis) => diagnosis!.explanation);
}

const texts: Array<[string, string]> = [
  ...heads.map((head): [string, string] => [`hint of ${head.id}`, head.hint]),
  ['discreteHint', discreteHint],
  ...[...sigmoid.sigmoidDerivativeMistakes([0.5]), ...sigmoid.tanhDerivativeMistakes([0.5])].map((mistake): [string, string] => [`explanation of ${mistake.name}`, mistake.explanation]),
  ...(softmax.gradientsProbe(softmax.makeBatch(1, 3, 4, 5, 6), 'all').known ?? []).map((mistake): [string, string] => [`explanation of ${mistake.name}`, mistake.explanation]),
  ...(twoLayer.gradientProbe(twoLayer.makeBatch(1, 3, 4, 5), 'both').known ?? []).map((mistake): [string, string] => [`explanation of ${mistake.name}`, mistake.explanation]),
  ...diagnoseExplanations().map((explanation, i): [string, string] => [`diagnose() explanation ${i + 1}`, explanation]),
];

/** Tests whose feedback comes from their parts' hints (all-of tests) or that pass discreteHint themselves. */
const withoutOwnHead = new Set(['poisson-method', 'discrete-distribution', 'poisson-large-lambda', 'discrete-sum-below-one']);

it('collects a hint from every test of every assignment', () => {
  const ids = new Set(heads.map((head) => head.id));
  const missed = assignments.flatMap((assignment) => assignment.tests).filter((test) => !ids.has(test.id) && !withoutOwnHead.has(test.id));
  expect(missed.map((test) => test.id)).toEqual([]);
  expect(heads.length).toBeGreaterThan(30);
});

describe.each(texts)('%s', (_name, text) => {
  const formulas = splitMath(text).filter((piece) => piece.kind === 'math');

  it('renders each formula with KaTeX without error', () => {
    for (const formula of formulas) {
      expect(() => katex.renderToString(formula.tex, { output: 'mathml', throwOnError: true, strict: 'ignore', displayMode: formula.display }), formula.tex).not.toThrow();
    }
    expect(hintHtml(text)).not.toContain(MATH_ERROR_CLASS);
  });

  it('reads as plain text with no $ and no TeX command left', () => {
    expect(plainMath(text)).not.toMatch(/\$|\\[A-Za-z]/);
  });

  it('keeps TeX syntax inside $…$ (none in the prose around it)', () => {
    const prose = splitMath(text)
      .filter((piece) => piece.kind === 'text')
      .map((piece) => piece.text)
      .join(' ');
    expect(prose).not.toMatch(/[\^_][{(]|e\^|\\[A-Za-z]/);
  });
});

import { describe, expect, it } from 'vitest';
import { diagnose } from '../../grader/numeric/diagnose.ts';

const expected = [0.3, -1.2, 0.05, 2.4, -0.7, 0.9];

describe('diagnose', () => {
  it.each([
    [-1, 'opposite sign'],
    [1 / 5, 'scaled by 1/n'],
    [5, 'scaled by n'],
    [2, 'scaled by a constant (2)'],
    [-1 / 5, 'opposite sign and scaled by 1/n'],
  ])('a gradient scaled by %d: "%s"', (scale, pattern) => {
    expect(diagnose(expected.map((value) => value * scale), expected, { examples: 5 })?.pattern).toBe(pattern);
  });

  it('names one example instead of the sum, and which one', () => {
    const perExample = [expected.map((value) => value * 0.5), expected.map((value) => value * 0.3), expected.map((value) => value * 0.2)];
    const diagnosis = diagnose(perExample[2]!.map((value, i) => value + (i === 0 ? 0.01 : 0)), expected, { examples: 3, perExample });
    expect(diagnosis).toBeUndefined();
    expect(diagnose(perExample[2]!, expected, { examples: 3, perExample })).toMatchObject({ pattern: 'one example instead of the sum' });
    expect(diagnose(perExample[2]!, expected, { examples: 3, perExample })?.explanation).toMatch(/last example/);
  });

  it('prefers a known mistake the assignment describes', () => {
    const missingFactor = expected.map((value, i) => value * (1 + i));
    expect(diagnose(missingFactor, expected, { known: [{ name: 'missing σ(1 − σ)', explanation: 'x', values: missingFactor }] })?.pattern).toBe('missing σ(1 − σ)');
  });

  it('says nothing for an unstructured error or a right answer', () => {
    expect(diagnose(expected.map((value, i) => value + (i % 2 ? 0.3 : -0.1)), expected, { examples: 5 })).toBeUndefined();
    expect(diagnose(expected, expected, { examples: 5 })).toBeUndefined();
  });
});

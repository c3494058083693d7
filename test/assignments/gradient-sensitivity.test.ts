/**
 * The gradient checks as shipped, against the error sizes the issue names: a derivative or gradient off by
 * a relative 1e-3, or by an additive 1e-4, fails; the correct formula σ(z)(1 − σ(z)) passes at |z| ≈ 25–40,
 * where it keeps its absolute accuracy only.
 */
import { describe, expect, it } from 'vitest';
import { TrustedModule } from '../../grader/submission/trusted-module.ts';
import { findAssignment } from '../../assignments/index.ts';
import * as sigmoidReference from '../../solutions/sigmoid-derivative.ts';
import * as backpropReference from '../../solutions/two-layer-backprop.ts';
import * as softmaxReference from '../../solutions/softmax-ce-gradient.ts';
import type { TestDefinition } from '../../grader/definition/types.ts';

const testOf = (assignment: string, id: string): TestDefinition => findAssignment(assignment).tests.find((test) => test.id === id)!;

async function statusOf(test: TestDefinition, module: Record<string, unknown>): Promise<string> {
  const result = await test.run({ student: new TrustedModule('x', () => module), seed: 12345, gradingSeed: 12345 });
  return result.status;
}

const mapGradient = <P extends Record<string, number[] | number[][]>>(gradient: P, f: (value: number, index: number) => number): P =>
  Object.fromEntries(
    Object.entries(gradient).map(([key, block]) => [key, Array.isArray(block[0]) ? (block as number[][]).map((row, r) => row.map((value, c) => f(value, r * 100 + c))) : (block as number[]).map(f)]),
  ) as P;

describe('sigmoid derivative checks', () => {
  const checks = ['sigmoid-derivative-check', 'sigmoid-derivative-random'].map((id) => testOf('sigmoid-derivative', id));

  it('pass σ(z)(1 − σ(z)), which loses relative but not absolute precision at |z| ≈ 25–40', async () => {
    const naive = { sigmoidDerivative: (z: number) => sigmoidReference.sigmoid(z) * (1 - sigmoidReference.sigmoid(z)) };
    const z = 36;
    expect(Math.abs(naive.sigmoidDerivative(z) / sigmoidReference.sigmoidDerivative(z) - 1)).toBeGreaterThan(1e-3);
    for (const check of checks) expect(await statusOf(check, naive)).toBe('passed');
  });

  it.each([
    ['a relative error of 1e-3', (z: number) => sigmoidReference.sigmoidDerivative(z) * 1.001],
    ['an additive error of 1e-4', (z: number) => sigmoidReference.sigmoidDerivative(z) + 1e-4],
  ])('fail %s', async (_label, sigmoidDerivative) => {
    for (const check of checks) expect(await statusOf(check, { sigmoidDerivative })).toBe('failed');
  });
});

describe('network gradient checks', () => {
  const backprop = ['gradient-theta-y', 'gradient-theta-h', 'gradient-other-shapes'].map((id) => testOf('two-layer-backprop', id));
  const softmax = ['gradients-V-c', 'gradients-W-b', 'gradients-other-shapes'].map((id) => testOf('softmax-ce-gradient', id));

  it('pass the reference gradients', async () => {
    for (const check of backprop) expect(await statusOf(check, { ...backpropReference })).toBe('passed');
    for (const check of softmax) expect(await statusOf(check, { ...softmaxReference })).toBe('passed');
  });

  it.each([
    ['a relative error of 1e-3 everywhere', (value: number) => value * 1.001],
    ['an additive error of 1e-4 on one entry', (value: number, index: number) => (index === 1 ? value + 1e-4 : value)],
  ])('fail %s', async (_label, perturb) => {
    const wrongBackprop = { gradient: (...args: Parameters<typeof backpropReference.gradient>) => mapGradient(backpropReference.gradient(...args) as never, perturb) };
    const wrongSoftmax = { gradients: (...args: Parameters<typeof softmaxReference.gradients>) => mapGradient(softmaxReference.gradients(...args) as never, perturb) };
    for (const check of backprop) expect(await statusOf(check, wrongBackprop), check.id).toBe('failed');
    for (const check of softmax) expect(await statusOf(check, wrongSoftmax), check.id).toBe('failed');
  });
});

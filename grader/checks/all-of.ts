/**
 * A test made of several checks of one kind that must all pass (e.g. a sampler at λ = 100 and at λ = 0.2):
 * one id, one score, and the first failing part's feedback (or, when all pass, every part's facts and figures).
 */
import type { TestContext, TestDefinition } from '../definition/types.ts';
import { deriveSeed } from '../random/uniform-stream.ts';
import { passed, type CheckResult } from './result.ts';
import type { Figure } from './figure.ts';

export function defineAllOfTest(head: Omit<TestDefinition, 'run' | 'kind'>, parts: TestDefinition[]): TestDefinition & { parts: readonly TestDefinition[] } {
  return {
    ...head,
    kind: parts[0]!.kind,
    // The parts themselves, for tools that look inside a test (grader validate reports each sampler's design).
    parts,
    async run(context: TestContext): Promise<CheckResult> {
      const summaries: string[] = [];
      const figures: Figure[] = [];
      for (const [index, part] of parts.entries()) {
        const result = await part.run({ ...context, seed: deriveSeed(context.seed, String(index)) });
        if (result.status !== 'passed') return result;
        summaries.push(result.feedback.summary);
        figures.push(...(result.feedback.figures ?? []));
      }
      return passed({ summary: summaries.join('; '), facts: [], ...(figures.length > 0 ? { figures } : {}) });
    },
  };
}

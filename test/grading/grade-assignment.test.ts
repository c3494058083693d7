import { describe, expect, it } from 'vitest';
import { gradeAssignment } from '../../grader/grading/grade-assignment.ts';
import { TrustedModule } from '../../grader/submission/trusted-module.ts';
import { passed } from '../../grader/checks/result.ts';
import type { AssignmentDefinition } from '../../grader/definition/types.ts';

describe('gradeAssignment', () => {
  it("reports a test that throws as the grader's failure, not as the student's, and goes on", async () => {
    const definition: AssignmentDefinition = {
      id: 'demo',
      title: 'demo',
      exports: [],
      tests: [
        { id: 'broken', title: 'broken', points: 2, visibility: 'public', kind: 'example', checks: '', run: async () => { throw new TypeError('a bug in the grader'); } },
        { id: 'fine', title: 'fine', points: 3, visibility: 'public', kind: 'example', checks: '', run: async () => passed({ summary: 'ok' }) },
      ],
    };
    const outcome = await gradeAssignment(definition, new TrustedModule('demo', () => ({})), { gradingSeed: 1 });
    expect(outcome.tests[0]!.result).toMatchObject({ status: 'graderError', detail: expect.stringContaining('a bug in the grader') });
    expect(outcome.tests[0]!.result.feedback.summary).toMatch(/the grader failed on this test \(not your fault\)/);
    expect(outcome.tests[1]!.score).toBe(3);
    expect(outcome).toMatchObject({ score: 3, max: 5 });
  });

  it('gives every test its own seed, the same for the same grading seed', async () => {
    const seen: number[] = [];
    const test = (id: string) => ({ id, title: id, points: 1, visibility: 'public' as const, kind: 'example' as const, checks: '', run: async ({ seed }: { seed: number }) => (seen.push(seed), passed({ summary: '' })) });
    const definition: AssignmentDefinition = { id: 'demo', title: 'demo', exports: [], tests: [test('a'), test('b')] };
    await gradeAssignment(definition, new TrustedModule('demo', () => ({})), { gradingSeed: 7 });
    await gradeAssignment(definition, new TrustedModule('demo', () => ({})), { gradingSeed: 7 });
    expect(seen[0]).not.toBe(seen[1]);
    expect(seen.slice(2)).toEqual(seen.slice(0, 2));
  });
});

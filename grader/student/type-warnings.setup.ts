/**
 * vitest globalSetup for the student run: type-checks the submission while the tests run and prints the
 * type errors at the end as warnings (never penalized).
 */
import { typeCheck, formatTypeWarnings, type TypeWarning } from '../submission/type-check.ts';
import { submissionFolder } from './folder.ts';

const ASSIGNMENT_FILES = ['sigmoid-derivative', 'two-layer-backprop', 'softmax-ce-gradient', 'inverse-transform-sampling'];

let pending: Promise<TypeWarning[]> | undefined;

export function setup(): void {
  pending = typeCheck(submissionFolder(), ASSIGNMENT_FILES).catch(() => []);
}

export async function teardown(): Promise<void> {
  const text = formatTypeWarnings((await pending) ?? []);
  if (text) console.log(`\n${text}`);
}

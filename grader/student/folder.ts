/** Which submission the student run grades, and with which seed: from the environment, with defaults. */
import { resolve } from 'node:path';
import { DEFAULT_GRADING_SEED } from '../grading/seed.ts';
import { starterDir } from '../paths.ts';

/** GRADER_SUBMISSION, or the starter/ folder the student edits. */
export function submissionFolder(): string {
  return resolve(process.env.GRADER_SUBMISSION || starterDir);
}

export function gradingSeed(): number {
  const text = process.env.GRADER_SEED;
  if (text === undefined || text === '') return DEFAULT_GRADING_SEED;
  const seed = Number(text);
  if (!Number.isInteger(seed)) throw new Error(`GRADER_SEED must be an integer, got "${text}"`);
  return seed;
}

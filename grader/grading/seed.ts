/**
 * The default grading seed: fixed, so two runs of `npm test` on the same code give the same verdicts and
 * the same feedback. Batch grading records the seed it used next to every grade.
 */
export const DEFAULT_GRADING_SEED = 20261123;

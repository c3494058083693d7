/**
 * The reference values the public and hidden tests compare with. In the repository they are computed by the
 * reference solution; the student bundle (`grader release`) replaces this file by one serving the values
 * recorded from the public run at the default seed, so the solution does not ship.
 */
import { recordedReference } from '../../grader/definition/reference-values.ts';
import * as solution from '../../solutions/two-layer-backprop.ts';

export type { Params } from '../../solutions/two-layer-backprop.ts';

/** 'solution' here; the student bundle's replacement says 'recorded' (public.ts's training test asks). */
export const referenceSource: 'solution' | 'recorded' = 'solution';

export const reference = recordedReference('two-layer-backprop', {
  forward: solution.forward,
  logLikelihood: solution.logLikelihood,
  gradient: solution.gradient,
  predict: solution.predict,
});

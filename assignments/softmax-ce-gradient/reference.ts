/**
 * The reference values the public and hidden tests compare with. In the repository they are computed by the
 * reference solution; the student bundle (`grader release`) replaces this file by one serving the values
 * recorded from the public run at the default seed, so the solution does not ship.
 */
import { recordedReference } from '../../grader/definition/reference-values.ts';
import * as solution from '../../solutions/softmax-ce-gradient.ts';

export type { Params } from '../../solutions/softmax-ce-gradient.ts';

export const reference = recordedReference('softmax-ce-gradient', {
  softmax: solution.softmax,
  crossEntropy: solution.crossEntropy,
  forward: solution.forward,
});

/** A mistake in how the command was called: reported as one line, exit status 2. */
export class UsageError extends Error {
  readonly code = 'USAGE';
}

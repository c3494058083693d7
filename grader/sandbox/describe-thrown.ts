import type { ThrownInfo } from './protocol.ts';

/**
 * Reads a thrown value without trusting it: `throw 42`, `throw { get message() { throw … } }` and
 * Errors with hostile getters all come out as a ThrownInfo, never as a second exception.
 */
export function describeThrown(thrown: unknown): ThrownInfo {
  const notAnError = !(thrown instanceof Error);
  return {
    name: safely(() => (thrown instanceof Error ? String(thrown.name) : typeof thrown), 'Error'),
    message: safely(() => {
      if (thrown instanceof Error) return String(thrown.message);
      if (typeof thrown === 'object' && thrown !== null && 'message' in thrown) return String((thrown as { message: unknown }).message);
      return String(thrown);
    }, '(a thrown value that could not be printed)').slice(0, 4_000),
    stack: safely(() => (thrown instanceof Error && typeof thrown.stack === 'string' ? thrown.stack.slice(0, 4_000) : undefined), undefined),
    notAnError,
  };
}

function safely<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

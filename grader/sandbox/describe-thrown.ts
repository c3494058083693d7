import type { ThrownInfo } from './protocol.ts';

/**
 * Reads a thrown value without trusting it: `throw 42`, `throw { get message() { throw … } }` and
 * Errors with hostile getters all come out as a ThrownInfo, never as a second exception.
 */
export function describeThrown(thrown: unknown, isError: (value: unknown) => boolean = (value) => value instanceof Error): ThrownInfo {
  // Even `instanceof` runs student code when the value is a Proxy (its getPrototypeOf trap).
  const error = safely(() => isError(thrown), false);
  const read = (key: 'name' | 'message' | 'stack') => (thrown as Record<string, unknown>)[key];
  return {
    name: safely(() => (error ? String(read('name')) : typeof thrown), 'Error').slice(0, 200),
    message: safely(() => {
      if (error) return String(read('message'));
      if (typeof thrown === 'object' && thrown !== null && 'message' in thrown) return String(read('message'));
      return String(thrown);
    }, '(a thrown value that could not be printed)').slice(0, 4_000),
    stack: safely(() => {
      const stack = error ? read('stack') : undefined;
      return typeof stack === 'string' ? stack.slice(0, 4_000) : undefined;
    }, undefined),
    notAnError: !error,
  };
}

function safely<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

import type { ThrownInfo } from './protocol.ts';

/**
 * What was read of a thrown value: whether it is an Error, and its name, message and stack as strings
 * (undefined where reading failed). For student code the reading is done inside the student's realm
 * (realm.ts, the prelude's `describe`), never here: reading `.stack` in this realm would hand a
 * student-set `Error.prepareStackTrace` CallSites made in this realm.
 */
export interface ThrownParts {
  error: boolean;
  name: string | undefined;
  message: string | undefined;
  stack: string | undefined;
}

/** The parts as the grader reports them: cut to length, with a fallback for each read that failed. */
export function thrownInfoFrom(parts: ThrownParts): ThrownInfo {
  return {
    name: (parts.name ?? 'Error').slice(0, 200),
    message: (parts.message ?? '(a thrown value that could not be printed)').slice(0, 4_000),
    stack: parts.error && parts.stack !== undefined ? parts.stack.slice(0, 4_000) : undefined,
    notAnError: !parts.error,
  };
}

/**
 * Reads a thrown value of THIS realm without trusting it: `throw 42`, `throw { get message() { throw … } }`
 * and Errors with hostile getters all come out as a ThrownInfo, never as a second exception. (The sandbox
 * child uses it only before its realm exists; values of the student's realm go through the realm.)
 */
export function describeThrown(thrown: unknown, isError: (value: unknown) => boolean = (value) => value instanceof Error): ThrownInfo {
  // Even `instanceof` runs student code when the value is a Proxy (its getPrototypeOf trap).
  const error = safely(() => isError(thrown), false);
  const read = (key: 'name' | 'message' | 'stack') => (thrown as Record<string, unknown>)[key];
  const stack = error ? safely(() => read('stack'), undefined) : undefined;
  return thrownInfoFrom({
    error,
    name: safely(() => (error ? String(read('name')) : typeof thrown), undefined),
    message: safely(() => {
      if (error) return String(read('message'));
      if (typeof thrown === 'object' && thrown !== null && 'message' in thrown) return String(read('message'));
      return String(thrown);
    }, undefined),
    stack: typeof stack === 'string' ? stack : undefined,
  });
}

function safely<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

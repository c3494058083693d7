/**
 * Rng arguments on the receiving side: find the rng marker among a call's arguments and replace it by a
 * counting rng function over the seeded stream. Shared by the sandbox child and by TrustedModule, so
 * reference code and student code see exactly the same uniforms.
 */
import { RNG_MARKER, type RngArgument } from './protocol.ts';
import { uniformStream, type UniformStream } from '../random/uniform-stream.ts';

export interface RngCounter {
  calls: number;
}

export function bindRng(args: unknown[]): { args: unknown[]; counter: RngCounter } {
  const counter: RngCounter = { calls: 0 };
  const spec = findRngSpec(args) ?? { seed: 0 };
  const seed = spec.seed;
  const first = spec.first ?? [];
  // Seeding a Mersenne Twister costs more than most calls: only when rng() reaches the stream.
  let stream: UniformStream | undefined;
  const rng = function rng() {
    counter.calls += 1;
    return counter.calls <= first.length ? first[counter.calls - 1]! : (stream ??= uniformStream(seed)).next();
  };
  return { args: args.map((arg) => replace(arg, rng, 0)), counter };
}

/** The seed (and leading values) of the rng marker among a call's arguments, if there is one. */
export function findRngSpec(args: unknown[]): RngArgument[typeof RNG_MARKER] | undefined {
  let spec: RngArgument[typeof RNG_MARKER] | undefined;
  const find = (value: unknown, depth: number): void => {
    if (spec || depth > 3 || typeof value !== 'object' || value === null) return;
    if (RNG_MARKER in value) spec = (value as RngArgument)[RNG_MARKER];
    else for (const item of Object.values(value)) find(item, depth + 1);
  };
  args.forEach((arg) => find(arg, 0));
  return spec;
}

function replace(value: unknown, rng: () => number, depth: number): unknown {
  if (depth > 3 || typeof value !== 'object' || value === null) return value;
  if (RNG_MARKER in value) return rng;
  if (Array.isArray(value)) return value.map((item) => replace(item, rng, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replace(item, rng, depth + 1)]));
}

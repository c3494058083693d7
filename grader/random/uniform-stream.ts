/**
 * The grader's uniforms: a seeded Mersenne Twister stream (pure-rand) mapped to the OPEN interval (0, 1).
 *
 * Why Mersenne Twister and not pure-rand's faster xoroshiro128+: xoroshiro128plus(seed) puts the seed
 * straight into its state, so for small seeds its first outputs are nearly all ones (the first uniform of
 * seeds 1, 2, 3, … is ≈ 0.99999). MT19937's standard initialisation mixes the seed through its whole state.
 * The grader's own error-rate tests found this (a correct Poisson sampler failing 1 run in 5).
 *
 * pure-rand's uniformFloat64 yields multiples of 2^-53 in [0, 1); we redraw the single value 0 so that
 * every uniform lies in (0, 1), as the assignments promise (−ln(u) and −ln(1−u) are then always finite:
 * the largest value is 1 − 2^-53 and the smallest 2^-53). The same function runs in the grading process
 * and in the sandbox child, so a stream is fully described by its seed: the parent can regenerate any
 * uniform a draw consumed without the child sending it back.
 */
import { mersenne } from 'pure-rand/generator/mersenne';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

export interface UniformStream {
  /** The next uniform in (0, 1). */
  next(): number;
  /** How many uniforms have been drawn so far. */
  readonly drawn: number;
}

export function uniformStream(seed: number): UniformStream {
  const generator = mersenne(seed | 0);
  let drawn = 0;
  return {
    next() {
      let u = uniformFloat64(generator);
      while (u === 0) u = uniformFloat64(generator);
      drawn += 1;
      return u;
    },
    get drawn() {
      return drawn;
    },
  };
}

/** The first `count` uniforms of the stream with this seed. */
export function uniforms(seed: number, count: number): Float64Array {
  const stream = uniformStream(seed);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = stream.next();
  return out;
}

/** A plain `() => number` over a stream, for reference code and tests that want an rng function. */
export function rngFunction(seed: number): () => number {
  const stream = uniformStream(seed);
  return () => stream.next();
}

/**
 * A 32-bit seed derived from a grading seed and names (assignment id, test id), so each test has its own
 * stream and adding a test never changes another test's draws. FNV-1a over the UTF-8 text.
 */
const encoder = new TextEncoder();

export function deriveSeed(seed: number, ...names: string[]): number {
  let hash = 0x811c9dc5 ^ (seed >>> 0);
  hash = Math.imul(hash, 0x01000193) >>> 0;
  for (const byte of encoder.encode(names.join('\u0000'))) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash | 0;
}

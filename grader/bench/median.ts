/** The middle of several timings (the upper middle for an even count): what the benchmarks report. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

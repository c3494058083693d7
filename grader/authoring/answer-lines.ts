/**
 * The lines that give an answer away: each line (and each pair of consecutive lines) between
 * `// BEGIN SOLUTION` and `// END SOLUTION` with at least 16 letters and digits (shorter ones, such as
 * `return k;`, are everywhere). `grader release` refuses a bundle that holds one of a released assignment's
 * answer lines anywhere, and its test scans every bundle file with the same needles. The blocks are the
 * starter's reading of the markers (starter.ts `solutionBlocks`).
 */
import { solutionBlocks } from './starter.ts';

export function answerLines(source: string, file?: string): string[] {
  const weight = (text: string) => text.replace(/[^A-Za-z0-9]/g, '').length;
  const lines = trimmedLines(source).split('\n');
  const blocks = solutionBlocks(source, file).map((block) => lines.slice(block.begin + 1, block.end).filter((line) => line !== '' && !line.startsWith('//')));
  return blocks.flatMap((lines) => [...lines.filter((line) => weight(line) >= 16), ...lines.slice(1).map((line, i) => `${lines[i]}\n${line}`).filter((pair) => weight(pair) >= 16)]);
}

/** The text with each line trimmed (indentation differs between a solution and a copy of its code). */
export function trimmedLines(text: string): string {
  return text.split(/\r?\n/).map((line) => line.trim()).join('\n');
}

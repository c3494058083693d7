/**
 * The short summary printed in a terminal: points per assignment (green when full, yellow when partial, red
 * at zero) and, under each, the failing tests with their status and a one-line reason. Pure: the caller
 * passes the data and whether to color (decided once, at the edge, by `useColor`), and gets text back.
 * With color off the text is plain, byte for byte what a log file or a test expects.
 */
import pc from 'picocolors';
import { escapeControl } from './escape-control.ts';

export type Colors = ReturnType<typeof pc.createColors>;
type Paint = Colors['red'];

/** One failing test, as the summary shows it. */
export interface FailingTest {
  /** What the student sees as the test's name, e.g. "sigmoid: values on moderate inputs (2 points)". */
  title: string;
  /** A check status ("failed", "errored", "timedOut", "graderError") or a grades.json one ("error", "timeout"). */
  status: string;
  /** The feedback; only its first line (the verdict) is shown. */
  feedback: string;
}

/** One assignment of one student. */
export interface AssignmentPoints {
  assignment: string;
  score: number;
  max: number;
  passed: number;
  tests: number;
  /** Tests that failed because the stub still says "not implemented"; counted, not listed apart. */
  notImplemented?: number;
  failing: FailingTest[];
}

/** Tests not run here (the student's machine runs only the public ones), so totals never overclaim. */
export interface HiddenTests {
  count: number;
  points: number;
}

/** Long enough for every verdict the checks write today, short enough for one line of an 80–120 column terminal. */
export const REASON_WIDTH = 100;

/** Column of the points, after the assignment ids (the longest today is 25 characters). */
const NAME_WIDTH = 28;

export function palette(color: boolean): Colors {
  return pc.createColors(color);
}

/** Green at full marks, yellow when partial, red at zero; an assignment worth nothing is not a failure. */
export function pointsPaint(colors: Colors, score: number, max: number): Paint {
  if (score >= max) return colors.green;
  return score > 0 ? colors.yellow : colors.red;
}

/**
 * The verdict: the feedback's first non-empty line, cut to `width` characters with "…". Feedback quotes
 * what the student's code threw or printed, so control characters are escaped (escape-control.ts) before
 * the cut: the line is safe to print, and a cut never splits an escape sequence the terminal would act on.
 */
export function oneLineReason(feedback: string, width = REASON_WIDTH): string {
  const first = escapeControl(feedback.split(/\r?\n/).find((line) => line.trim() !== '')?.trim() ?? '');
  const characters = [...first]; // by code point, so a cut never splits a surrogate pair (σ is one, 𝔼 two units)
  return characters.length <= width ? first : `${characters.slice(0, width - 1).join('').trimEnd()}…`;
}

const STATUS_LABELS: Record<string, string> = {
  failed: 'failed',
  errored: 'error',
  error: 'error',
  timedOut: 'timed out',
  timeout: 'timed out',
  graderError: 'grader error',
};
const LABEL_WIDTH = Math.max(...Object.values(STATUS_LABELS).map((label) => label.length));

function statusLabel(colors: Colors, status: string): string {
  const label = (STATUS_LABELS[status] ?? status).padEnd(LABEL_WIDTH);
  // The grader's own failure is not the student's: it must not look like their red.
  return status === 'graderError' ? colors.magenta(label) : colors.red(label);
}

/** The line of one failing test: status, name, and the verdict. */
export function failingTestLine(test: FailingTest, color: boolean): string {
  const colors = palette(color);
  return `     ${statusLabel(colors, test.status)}  ${test.title}: ${oneLineReason(test.feedback)}`;
}

/** Each assignment's points, then its failing tests indented beneath it (none for a fully passed one). */
export function assignmentSummaryLines(assignments: ReadonlyArray<AssignmentPoints>, color: boolean): string[] {
  const colors = palette(color);
  const lines: string[] = [];
  for (const entry of assignments) {
    const notImplemented = entry.notImplemented ? `, ${entry.notImplemented} not implemented yet` : '';
    const points = `${String(entry.score).padStart(3)} / ${String(entry.max).padEnd(3)}`;
    lines.push(`   ${colors.bold(entry.assignment.padEnd(NAME_WIDTH))} ${pointsPaint(colors, entry.score, entry.max)(points)} (${entry.passed} of ${entry.tests} tests passed${notImplemented})`);
    for (const test of entry.failing) lines.push(failingTestLine(test, color));
  }
  return lines;
}

/** The student's closing block: points of the public tests, the total, and the hidden tests not run here. */
export function studentSummary(assignments: ReadonlyArray<AssignmentPoints>, hidden: HiddenTests, color: boolean): string {
  const colors = palette(color);
  const sorted = [...assignments].sort((a, b) => a.assignment.localeCompare(b.assignment));
  const score = sorted.reduce((sum, entry) => sum + entry.score, 0);
  const max = sorted.reduce((sum, entry) => sum + entry.max, 0);
  const lines = ['', colors.bold(' Points (public tests run here):'), ...assignmentSummaryLines(sorted, color)];
  lines.push(`   ${colors.bold('total'.padEnd(NAME_WIDTH))} ${pointsPaint(colors, score, max)(`${String(score).padStart(3)} / ${max}`)}`);
  if (hidden.count > 0) {
    lines.push(` Not run here: ${hidden.count} hidden tests worth ${hidden.points} points; they run only when the course staff grade.`);
  }
  return lines.join('\n');
}

/**
 * Whether to color output written to `stream`. Following no-color.org and Node's own FORCE_COLOR:
 * NO_COLOR set to anything non-empty turns color off, whatever else is set; FORCE_COLOR turns it on (unless
 * "0" or "false"), for a piped run that ends in a terminal anyway; otherwise only a TTY gets color, and not
 * one whose TERM says "dumb" (Emacs shells; Windows sets no TERM, so its consoles keep color). CI alone
 * forces nothing: a CI log is a file, and a CI that renders colors says so with FORCE_COLOR.
 */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR.toLowerCase() !== 'false';
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/**
 * The terminal summary: plain text without color, escape codes with it, the one-line reasons of failing
 * tests (cut with "…"), nothing listed under a fully passed assignment, and the color decision (NO_COLOR,
 * non-TTY, FORCE_COLOR, CI). Also the class summary: colored only on request, and the same text underneath.
 */
import { describe, expect, it } from 'vitest';
import { stripVTControlCharacters } from 'node:util';
import { assignmentSummaryLines, oneLineReason, REASON_WIDTH, studentSummary, useColor, type AssignmentPoints } from '../../grader/feedback/terminal-summary.ts';
import { classSummary } from '../../grader/batch/class-summary.ts';
import type { ClassOutcome } from '../../grader/batch/grade-class.ts';

const ESCAPE = /\x1b\[/;

const sigmoidFeedback = [
  'sigmoid(-20) is off by 0.9999999959',
  '  called:    sigmoid(-20)',
  '  expected:  2.061154e-9',
  '  received:  0.9999999979',
].join('\n');

const partial: AssignmentPoints = {
  assignment: 'sigmoid-derivative',
  score: 9,
  max: 14,
  passed: 4,
  tests: 6,
  failing: [
    { title: 'sigmoid: values on moderate inputs (2 points)', status: 'failed', feedback: sigmoidFeedback },
    { title: 'numerical stability for |z| up to 1000 (3 points)', status: 'timedOut', feedback: 'sigmoid took longer than 2000 ms' },
  ],
};
const full: AssignmentPoints = { assignment: 'softmax-ce-gradient', score: 10, max: 10, passed: 5, tests: 5, failing: [] };
const none: AssignmentPoints = { assignment: 'two-layer-backprop', score: 0, max: 8, passed: 0, tests: 4, notImplemented: 4, failing: [] };

describe('assignmentSummaryLines', () => {
  it('writes no escape codes when color is off', () => {
    const text = [...assignmentSummaryLines([partial, full, none], false), studentSummary([partial, full, none], { count: 3, points: 4 }, false)].join('\n');
    expect(text).not.toMatch(ESCAPE);
  });

  it('colors the points green when full, yellow when partial, red at zero', () => {
    const [partialLine] = assignmentSummaryLines([partial], true);
    const [fullLine] = assignmentSummaryLines([full], true);
    const [noneLine] = assignmentSummaryLines([none], true);
    expect(partialLine).toContain('\x1b[33m  9 / 14 \x1b[39m');
    expect(fullLine).toContain('\x1b[32m 10 / 10 \x1b[39m');
    expect(noneLine).toContain('\x1b[31m  0 / 8  \x1b[39m');
  });

  it('with color on, says the same as with color off', () => {
    const colored = assignmentSummaryLines([partial, full, none], true);
    expect(colored.join('\n')).toMatch(ESCAPE);
    expect(colored.map((line) => stripVTControlCharacters(line))).toEqual(assignmentSummaryLines([partial, full, none], false));
  });

  it('lists each failing test under its assignment with its status and the first line of its feedback', () => {
    const lines = assignmentSummaryLines([partial], false);
    expect(lines).toEqual([
      '   sigmoid-derivative             9 / 14  (4 of 6 tests passed)',
      '     failed        sigmoid: values on moderate inputs (2 points): sigmoid(-20) is off by 0.9999999959',
      '     timed out     numerical stability for |z| up to 1000 (3 points): sigmoid took longer than 2000 ms',
    ]);
  });

  it('lists no failing tests under a fully passed assignment', () => {
    expect(assignmentSummaryLines([full], false)).toEqual(['   softmax-ce-gradient           10 / 10  (5 of 5 tests passed)']);
  });

  it('keeps the count of stubs not implemented yet', () => {
    expect(assignmentSummaryLines([none], false)[0]).toContain('(0 of 4 tests passed, 4 not implemented yet)');
  });
});

describe('studentSummary', () => {
  it('keeps every number of the honest totals: points per assignment, the total, the hidden tests not run', () => {
    const text = studentSummary([partial, full], { count: 3, points: 4 }, false);
    expect(text.split('\n')).toEqual([
      '',
      ' Points (public tests run here):',
      '   sigmoid-derivative             9 / 14  (4 of 6 tests passed)',
      '     failed        sigmoid: values on moderate inputs (2 points): sigmoid(-20) is off by 0.9999999959',
      '     timed out     numerical stability for |z| up to 1000 (3 points): sigmoid took longer than 2000 ms',
      '   softmax-ce-gradient           10 / 10  (5 of 5 tests passed)',
      '   total                         19 / 24',
      ' Not run here: 3 hidden tests worth 4 points; they run only when the course staff grade.',
    ]);
  });

  it('says nothing about hidden tests when there are none', () => {
    expect(studentSummary([full], { count: 0, points: 0 }, false)).not.toContain('Not run here');
  });
});

describe('oneLineReason', () => {
  it('keeps a short first line whole and drops the rest', () => {
    expect(oneLineReason(sigmoidFeedback)).toBe('sigmoid(-20) is off by 0.9999999959');
  });

  it('cuts a long reason to the width, ending with "…"', () => {
    const long = `σ'(z) is off ${'by a great deal '.repeat(20)}`;
    const reason = oneLineReason(`${long}\n  hint: elsewhere`);
    expect([...reason]).toHaveLength(REASON_WIDTH);
    expect(reason.endsWith('…')).toBe(true);
    expect(long.startsWith(reason.slice(0, -1))).toBe(true);
  });

  it('appears in full in the summary line when it is short, cut when it is long', () => {
    const long = 'x'.repeat(300);
    const [, line] = assignmentSummaryLines([{ ...partial, failing: [{ title: 'big', status: 'errored', feedback: long }] }], false);
    expect(line).toBe(`     error         big: ${'x'.repeat(REASON_WIDTH - 1)}…`);
  });
});

describe('useColor', () => {
  const tty = { isTTY: true };
  const pipe = {};

  it('colors a terminal', () => expect(useColor(tty, {})).toBe(true));
  it('does not color a pipe or a file', () => {
    expect(useColor(pipe, {})).toBe(false);
    expect(useColor({ isTTY: false }, {})).toBe(false);
  });
  it('does not color when NO_COLOR is set to anything non-empty, even on a terminal or with FORCE_COLOR', () => {
    expect(useColor(tty, { NO_COLOR: '1' })).toBe(false);
    expect(useColor(tty, { NO_COLOR: 'false' })).toBe(false);
    expect(useColor(tty, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
  });
  it('ignores an empty NO_COLOR', () => expect(useColor(tty, { NO_COLOR: '' })).toBe(true));
  it('colors a pipe when FORCE_COLOR is set to anything but "0"', () => {
    expect(useColor(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(useColor(pipe, { FORCE_COLOR: '3' })).toBe(true);
    expect(useColor(tty, { FORCE_COLOR: '0' })).toBe(false);
  });
  it('is not forced by CI alone', () => {
    expect(useColor(pipe, { CI: 'true' })).toBe(false);
    expect(useColor(tty, { CI: 'true' })).toBe(true);
  });
  it('does not color a dumb terminal', () => expect(useColor(tty, { TERM: 'dumb' })).toBe(false));
});

describe('classSummary', () => {
  const grade = (score: number, reason?: string) => ({ score, max: 10, tests: [], ...(reason ? { reason } : {}) });
  const outcome = {
    run: {
      graderVersion: '0.1.0+test',
      seed: 7,
      assignments: ['sigmoid-derivative'],
      node: 'v20.0.0',
      isolation: { level: 'full', sandbox: 'full: made up', filesystem: 'read-only', network: 'blocked' },
      timeLimits: { perCallMs: {}, perTestMs: {}, perSubmissionMs: 1000, referenceTotalMs: 100 },
      students: {
        ada: { status: 'graded', submissionHash: 'a', folder: 'ada' },
        bob: { status: 'graded', submissionHash: 'b', folder: 'bob' },
        cyd: { status: 'ungradable', reason: 'unreadable zip', submissionHash: 'c', folder: 'cyd' },
      },
    },
    students: { ada: { 'sigmoid-derivative': grade(10) }, bob: { 'sigmoid-derivative': grade(0, 'missing') }, cyd: {} },
    named: [],
    graderFailures: [],
  } satisfies ClassOutcome;

  it('is plain by default, and the same text underneath when colored', () => {
    const plain = classSummary(outcome, 'reports');
    expect(plain).not.toMatch(ESCAPE);
    expect(plain).toContain('sigmoid-derivative           handed in    1 of 2   mean  10.0 / 10');
    expect(plain).toContain('not graded (1):\n  "cyd": unreadable zip');
    const colored = classSummary(outcome, 'reports', { color: true });
    expect(colored).toMatch(ESCAPE);
    expect(stripVTControlCharacters(colored)).toBe(plain);
    expect(classSummary(outcome, 'reports', { color: false })).toBe(plain);
  });

  it('lists each test some students failed, most failed first, with how many and the most frequent reason', () => {
    const test = (id: string, status: 'passed' | 'failed', feedback: string, diagnosis?: string) => ({ id, title: `title of ${id}`, score: 0, max: 1, status, feedback, ...(diagnosis ? { diagnosis } : {}) });
    const withTests = (tests: ReturnType<typeof test>[]) => ({ score: 0, max: 10, tests });
    const failing = {
      ...outcome,
      students: {
        ada: { 'sigmoid-derivative': withTests([test('a', 'failed', 'off by 1\n  called: f(1)'), test('b', 'failed', 'wrong', 'opposite sign')]) },
        bob: { 'sigmoid-derivative': withTests([test('a', 'failed', 'off by 2'), test('b', 'failed', 'wrong', 'opposite sign')]) },
        cyd: { 'sigmoid-derivative': withTests([test('a', 'passed', 'fine'), test('b', 'failed', 'wrong', 'opposite sign')]) },
      },
    } satisfies ClassOutcome;
    const lines = classSummary(failing, 'reports').split('\n');
    expect(lines.slice(2, 4)).toEqual(['      ✗ title of b: 3 of 3: opposite sign', '      ✗ title of a: 2 of 3: off by 1 (and 1 for other reasons)']);
  });

  it('accounts for every entry of the submissions folder, each by name, and shows names escaped', () => {
    const hostile = 'evil\n\x1b[2J[9/9] forged';
    const everyone = {
      ...outcome,
      run: { ...outcome.run, students: { ...outcome.run.students, [hostile]: { status: 'graded', submissionHash: 'e', folder: hostile } }, refused: [{ name: 'notes\x07.txt', reason: 'not a folder or .zip' }] },
      students: { ...outcome.students, [hostile]: { 'sigmoid-derivative': grade(5) } },
      named: [{ entry: 'dup.ZIP', id: 'dup.ZIP', folder: 'dup.ZIP (2)', notes: ['graded as the student "dup.ZIP", not "dup": "dup.zip" would be "dup" too'] }],
    } satisfies ClassOutcome;
    const text = classSummary(everyone, 'reports');
    expect(text).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
    expect(text.split('\n')).toEqual(expect.arrayContaining([
      'not graded (1):',
      '  "cyd": unreadable zip',
      'refused, not students (1):',
      '  "notes\\x07.txt": not a folder or .zip',
      'given another id or folder than their own name (1):',
      '  "dup.ZIP" → student "dup.ZIP", folder "dup.ZIP (2)"',
      'graded (3): "ada", "bob", "evil\\n\\x1b[2J[9/9] forged"',
      'found 5 in the submissions folder: 3 graded + 1 could not be graded + 1 refused',
    ]));
  });

  it('colors only the assignment lines and the "not graded" block', () => {
    const colored = classSummary(outcome, 'reports', { color: true }).split('\n');
    const plain = classSummary(outcome, 'reports').split('\n');
    const changed = plain.filter((line, index) => colored[index] !== line);
    expect(changed).toEqual([plain[1], 'not graded (1):', '  "cyd": unreadable zip']);
  });
});

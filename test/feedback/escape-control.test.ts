/**
 * Control characters a student controls are shown escaped, never obeyed: the function itself (which
 * characters, which spelling, lines kept or not, backslashes left alone), and each output boundary that
 * uses it: the one-line verdicts of the terminal summaries, report.md's text, code spans and blocks, and the
 * HTML view models.
 */
import { describe, expect, it } from 'vitest';
import { escapeControl, quotedName } from '../../grader/feedback/escape-control.ts';
import { failingTestLine, oneLineReason } from '../../grader/feedback/terminal-summary.ts';
import { mdBlock, mdCode, mdText } from '../../grader/report/markdown-text.ts';
import { studentHtmlView, studentMarkdownView } from '../../grader/report/student-view.ts';
import type { StudentReportData } from '../../grader/report/report-data.ts';

const ESC = '\x1b';
const BEL = '\x07';
/** What the hostile-terminal-escapes student throws: OSC 52 (clipboard), OSC 0 (title), CR, ESC[2J, C1 CSI, RLO. */
const OSC52 = `${ESC}]52;c;ZWNobyBwd25lZA==${BEL}`;
const HOSTILE_NAME = `${OSC52}${ESC}]0;all passed${BEL}`;
const HOSTILE_MESSAGE = `\r${ESC}[2J${ESC}[H all tests passed\u009b2K\u202edessap`;
/** Anything a terminal would act on, as the tests look for it in output. */
const RAW = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

describe('escapeControl', () => {
  it('writes ESC, BEL, CR, backspace, DEL, C1 controls and bidi overrides as escapes', () => {
    expect(escapeControl(`a${ESC}[2Jb`)).toBe('a\\x1b[2Jb');
    expect(escapeControl(OSC52)).toBe('\\x1b]52;c;ZWNobyBwd25lZA==\\x07');
    expect(escapeControl('x\ry\bz\u007f')).toBe('x\\ry\\x08z\\x7f');
    expect(escapeControl('\u009b2J \u0085')).toBe('\\x9b2J \\x85');
    expect(escapeControl('\u202eabc\u202c \u2066x\u2069')).toBe('\\u202eabc\\u202c \\u2066x\\u2069');
    expect(escapeControl('\u0000')).toBe('\\x00');
  });

  it('escapes newlines in one line, and keeps them (and CRLF) in several, but never a lone CR', () => {
    expect(escapeControl('a\nb\r\nc')).toBe('a\\nb\\r\\nc');
    expect(escapeControl('a\nb\r\nc\rd', { lines: 'keep' })).toBe('a\nb\r\nc\\rd');
    expect(escapeControl(`a\n${ESC}[2J`, { lines: 'keep' })).toBe('a\n\\x1b[2J');
  });

  it('leaves ordinary text alone: tabs, backslashes (formulas), accents, CJK, emoji', () => {
    const plain = 'σ′(z) = σ(1 − σ)\t\\sigma(z) 李雷 Émile 𝔼 😀 "quoted"';
    expect(escapeControl(plain)).toBe(plain);
    expect(escapeControl(plain, { lines: 'keep' })).toBe(plain);
  });

  it('leaves no raw control character in whatever it is given', () => {
    let all = '';
    for (let code = 0; code < 0x300; code++) all += String.fromCharCode(code);
    all += '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069';
    expect(escapeControl(all)).not.toMatch(/[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/);
    expect(escapeControl(all, { lines: 'keep' })).not.toMatch(RAW);
  });
});

describe('quotedName', () => {
  it('quotes like JSON for ordinary names, and tells an escaped ESC from a typed backslash', () => {
    expect(quotedName('Émile, "the" Borel')).toBe(JSON.stringify('Émile, "the" Borel'));
    expect(quotedName(`a${ESC}`)).toBe('"a\\x1b"');
    expect(quotedName('a\\x1b')).toBe('"a\\\\x1b"');
    expect(quotedName('evil\n[3/9] forged')).toBe('"evil\\n[3/9] forged"');
  });
});

describe('the output boundaries', () => {
  const feedback = `reluDerivative threw ${HOSTILE_NAME}: ${HOSTILE_MESSAGE}\n  called: reluDerivative(-1000)`;

  it('the terminal one-line verdict and failing-test line show the thrown name and message escaped', () => {
    const line = oneLineReason(feedback, 400);
    expect(line).not.toMatch(RAW);
    expect(line).toContain('\\x1b]52;c;ZWNobyBwd25lZA==\\x07');
    expect(line).toContain('\\r\\x1b[2J');
    expect(failingTestLine({ title: 'relu', status: 'errored', feedback }, false)).not.toMatch(RAW);
    // Cut after escaping, so a cut never leaves half a sequence the terminal could act on.
    expect(oneLineReason(`${ESC}[2J`.repeat(100), 10)).not.toMatch(RAW);
  });

  it('report.md text, code spans and code blocks show them escaped', () => {
    expect(mdText(HOSTILE_MESSAGE)).not.toMatch(RAW);
    expect(mdText(`${ESC}[2J`)).toBe('\\\\x1b\\[2J'); // Markdown-escaped backslash and bracket: renders as \x1b[2J
    expect(mdCode(HOSTILE_NAME)).toBe('`\\x1b]52;c;ZWNobyBwd25lZA==\\x07\\x1b]0;all passed\\x07`');
    const block = mdBlock(`line one\r\nline two ${ESC}[31mred${ESC}[0m\rover`);
    expect(block.replace(/\r\n/g, '\n')).not.toMatch(RAW); // CRLF, a line end, stays
    expect(block).toBe('```text\nline one\r\nline two \\x1b[31mred\\x1b[0m\\rover\n```');
  });

  it("a student's report, HTML and Markdown views, holds no raw control character from their name, notes or console", () => {
    const data: StudentReportData = {
      student: `evil\n${ESC}[2J`,
      status: 'graded',
      score: 0,
      max: 2,
      seed: 7,
      graderVersion: '0.1.0+abc',
      tests: 'public and hidden',
      notes: [`zip entry refused: ${ESC}]0;x${BEL}.ts (a symbolic link)`],
      console: { text: `${OSC52}\nsecond line`, totalBytes: 40 },
      assignments: [
        {
          id: 'sigmoid-derivative',
          title: 'The sigmoid',
          score: 0,
          max: 2,
          warnings: [],
          tests: [{ id: 't', title: 'a test', kind: 'example', visibility: 'public', score: 0, max: 2, status: 'error', feedback: { summary: feedback, received: HOSTILE_MESSAGE } }],
        },
      ],
    };
    const html = studentHtmlView(data, { gradedAt: 'then' });
    const markdown = studentMarkdownView(data, { gradedAt: 'then' });
    for (const text of strings(html)) expect(text).not.toMatch(RAW);
    expect(html.student).toBe('evil\\n\\x1b[2J');
    expect(html.console!.text).toBe('\\x1b]52;c;ZWNobyBwd25lZA==\\x07\nsecond line');
    expect(html.notes[0]).toContain('\\x1b]0;x\\x07');
    for (const text of [markdown.student, ...markdown.notes, markdown.console!.block, markdown.assignments[0]!.tests[0]!.summary]) expect(text).not.toMatch(RAW);
  });
});

/** Every string inside a view model. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null) return [];
  return Object.values(value).flatMap(strings);
}

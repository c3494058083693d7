/**
 * Untrusted text made inert in Markdown: a student's message such as `<script>alert(1)</script>` or
 * `**bold** [link](x)` must show as the characters it is, whichever renderer (Gradescope, GitHub, a
 * viewer) reads the file. Text is entity-escaped for HTML and backslash-escaped for Markdown's punctuation;
 * code goes in spans and blocks whose fences are longer than any backtick run inside. Control characters
 * (ESC, BEL, a lone carriage return, bidi overrides) are shown as escapes (escape-control.ts): report.md
 * is also read with `cat` and `less`, where they would act on the terminal.
 */
import { escapeControl } from '../feedback/escape-control.ts';

/**
 * One line of inert text, for use inside a line (after a label or in a table cell), never at its start:
 * newlines become spaces (a line break could start a heading or a list), so only the punctuation that means
 * something mid-line is escaped (emphasis, code, links, tables, strikethrough, HTML).
 */
export function mdText(text: string): string {
  return escapeControl(text.replace(/\r?\n|\r/g, ' '))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, '\\$&');
}

/** An inline code span. */
export function mdCode(text: string): string {
  const flat = escapeControl(text.replace(/\r?\n|\r/g, ' '));
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat.startsWith(' ') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A fenced code block (inert whatever it holds). */
export function mdBlock(raw: string, info = 'text'): string {
  const text = escapeControl(raw, { lines: 'keep' });
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${text}\n${fence}`;
}

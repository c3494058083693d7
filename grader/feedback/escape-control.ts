/**
 * Text a student controls (a thrown error's name and message, what their code printed, a zip entry's or a
 * folder's name) made inert for a terminal: every character a terminal or a text viewer acts on instead of
 * showing is written out as an escape, `\x1b`, `\r`, `\u202e`, so the TA sees what was there and the
 * terminal does nothing. Without it an `Error.name` holding OSC 52 (`ESC ] 52 ; c ; … BEL`) writes the TA's
 * clipboard, `ESC [ 2 J` clears the screen, a carriage return or a newline in a folder name forges a
 * progress line, and a bidi override (the "Trojan Source" characters) shows text in another order than it is.
 *
 * Applied where text leaves the grader (the terminal renderers, the Markdown and HTML view models), never to
 * the data: grades.json keeps what the student wrote, byte for byte.
 *
 * Escaped: C0 controls (U+0000–U+001F) but tab, DEL (U+007F), C1 controls (U+0080–U+009F: U+009B is a
 * one-character CSI on terminals that honour C1), and the bidi embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069). Tab moves the cursor right and no further, so it stays. Backslashes stay
 * as they are: hints are full of `\sigma`, and doubling them would garble every formula; the one place
 * where an escape must not be confused with the same characters typed literally, a student id, is
 * `quotedName` below.
 */

/** One line: newlines and carriage returns are escaped too (a line break there would forge a line). */
const LINE_CONTROLS = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Several lines: newlines stay, and so does a carriage return right before one (CRLF, a Windows line end,
 * moves the cursor nowhere it would not go anyway); a lone carriage return, which returns to the start of
 * the line to overwrite it, is escaped.
 */
const BLOCK_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|\r(?!\n)/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r' };

function escapeOne(character: string): string {
  const named = NAMED[character];
  if (named !== undefined) return named;
  const code = character.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every control character escaped. `lines: 'keep'` keeps line breaks, for output that is
 * several lines anyway (feedback under a test, a console excerpt in a code block).
 */
export function escapeControl(text: string, options: { lines?: 'escape' | 'keep' } = {}): string {
  return text.replace(options.lines === 'keep' ? BLOCK_CONTROLS : LINE_CONTROLS, escapeOne);
}

/**
 * A student id or file name in double quotes, unambiguous and inert: quotes and backslashes are escaped as
 * in JSON, so `"a\x1b"` (an escaped ESC) and `"a\\x1b"` (a name typed with a backslash) differ. The same
 * as `JSON.stringify` for ordinary names, which is what the summaries printed before.
 */
export function quotedName(name: string): string {
  return `"${escapeControl(name.replace(/[\\"]/g, '\\$&'))}"`;
}

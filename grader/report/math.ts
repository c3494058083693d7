/**
 * Formulas as MathML, for the HTML reports: hints and diagnoses (`$…$` in the grader's text) and the
 * handouts (Markdown with TeX). KaTeX's MathML output needs no fonts, CSS or script, so a report stays one
 * self-contained file. Delimiters are found by the same rules as in plain text (feedback/math-text.ts),
 * so a hint reads the same in the terminal and in a report.
 *
 * KaTeX runs with throwOnError: true inside a try: a formula it cannot parse is shown as its escaped
 * source in `<code class="math-error">` with KaTeX's message as the title (throwOnError: false would give
 * KaTeX's own red span instead, and any other error would still throw). Nothing here throws for bad TeX.
 */
import katex, { type KatexOptions } from 'katex';
import markdownIt, { type MarkdownIt, type StateBlock, type StateInline } from 'markdown-it';
import { findMath, plainMath, splitMath } from '../feedback/math-text.ts';
import { escapeXml } from './escape-markup.ts';

export { plainMath };

/** The class of the `<code>` that stands in for a formula KaTeX could not parse. */
export const MATH_ERROR_CLASS = 'math-error';

/**
 * strict: 'ignore' lets hints write σ, ŷ and other Unicode letters directly in math mode (LaTeX itself
 * would want \sigma, \hat{y}); trust: false keeps \href, \url and \htmlClass out of the output.
 */
const KATEX_OPTIONS = { output: 'mathml', throwOnError: true, strict: 'ignore', trust: false } as const satisfies KatexOptions;

/** One formula as MathML, or its escaped source in a `<code>` if KaTeX cannot parse it. */
export function mathHtml(tex: string, display: boolean): string {
  const rendered = renderMath(tex, display);
  if ('html' in rendered) return rendered.html;
  return `<code class="${MATH_ERROR_CLASS}" title="${escapeXml(rendered.why)}">${escapeXml(rendered.source)}</code>`;
}

function renderMath(tex: string, display: boolean): { html: string } | { source: string; why: string } {
  try {
    return { html: katex.renderToString(tex, { ...KATEX_OPTIONS, displayMode: display }) };
  } catch (error) {
    return { source: display ? `$$${tex}$$` : `$${tex}$`, why: error instanceof Error ? error.message : String(error) };
  }
}

/** The formulas of a handout that KaTeX cannot render, each with its source and KaTeX's reason (none: all render). */
export function handoutMathErrors(markdown: string): Array<{ source: string; why: string }> {
  const errors: Array<{ source: string; why: string }> = [];
  const visit = (tokens: ReturnType<typeof handoutMarkdown.parse>) => {
    for (const token of tokens) {
      if (token.type === 'math_inline' || token.type === 'math_inline_display' || token.type === 'math_block') {
        const rendered = renderMath(token.content, token.type !== 'math_inline');
        if (!('html' in rendered)) errors.push(rendered);
      }
      if (token.children) visit(token.children);
    }
  };
  visit(handoutMarkdown.parse(markdown, {}));
  return errors;
}

/** A hint or other feedback line as HTML: text escaped, each `$…$` (and `$$…$$`) as MathML. */
export function hintHtml(text: string): string {
  return splitMath(text)
    .map((piece) => (piece.kind === 'text' ? escapeXml(piece.text) : mathHtml(piece.tex, piece.display)))
    .join('');
}

/** A handout (Markdown with `$…$` and `$$…$$`) as an HTML fragment; raw HTML in it is escaped, not passed. */
export function handoutHtml(markdown: string): string {
  return handoutMarkdown.render(markdown);
}

/**
 * `$…$` and `$$…$$` inside a paragraph, heading or table cell. Runs before markdown-it's own rules, at a
 * `$` only: code spans (found at their backtick first) and `\$` (the escape rule) keep their dollars.
 */
function mathInline(state: StateInline, silent: boolean): boolean {
  const math = findMath(state.src, state.pos, state.posMax);
  if (!math) return false;
  if (!silent) {
    const token = state.push(math.display ? 'math_inline_display' : 'math_inline', 'math', 0);
    token.content = math.tex;
    token.markup = math.display ? '$$' : '$';
  }
  state.pos = math.end;
  return true;
}

/**
 * A display formula as a block: a line that starts with `$$`, up to the line that ends with `$$` (the same
 * line or a later one; a blank line first means it was not a block, and the paragraph's inline rule gets it).
 */
function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  const start = state.bMarks[startLine]! + state.tShift[startLine]!;
  const first = state.src.slice(start, state.eMarks[startLine]).trimEnd();
  if (!first.startsWith('$$')) return false;
  const lines: string[] = [];
  let line = startLine;
  let rest = first.slice(2);
  for (;;) {
    const close = rest.indexOf('$$');
    if (close !== -1) {
      // The closing $$ must end its line; text after it makes this an inline formula in a paragraph.
      if (close !== rest.length - 2) return false;
      lines.push(rest.slice(0, close));
      break;
    }
    lines.push(rest);
    line += 1;
    if (line >= endLine || state.isEmpty(line) || state.sCount[line]! < state.blkIndent) return false;
    rest = state.src.slice(state.bMarks[line]! + state.tShift[line]!, state.eMarks[line]).trimEnd();
  }
  const tex = lines.join('\n');
  if (tex.trim() === '') return false;
  if (silent) return true;
  state.line = line + 1;
  const token = state.push('math_block', 'math', 0);
  token.block = true;
  token.content = tex;
  token.markup = '$$';
  token.map = [startLine, state.line];
  return true;
}

function mathPlugin(md: MarkdownIt): void {
  md.inline.ruler.before('escape', 'math_inline', mathInline);
  md.block.ruler.before('fence', 'math_block', mathBlock, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  md.renderer.rules.math_inline = (tokens, idx) => mathHtml(tokens[idx]!.content, false);
  md.renderer.rules.math_inline_display = (tokens, idx) => mathHtml(tokens[idx]!.content, true);
  md.renderer.rules.math_block = (tokens, idx) => `<div class="math-block">${mathHtml(tokens[idx]!.content, true)}</div>\n`;
}

/** Handouts are the course's own files, but html: false still keeps a stray tag in one from becoming markup. */
const handoutMarkdown = markdownIt('default', { html: false, linkify: false, typographer: false }).use(mathPlugin);

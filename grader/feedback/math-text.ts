/**
 * Formulas in the grader's own text (hints, diagnoses, known-mistake explanations) are marked with `$…$`
 * (display: `$$…$$`), in the lecture's notation. This file finds them and turns them into plain text for
 * the terminal, vitest failure messages and results.json; report/math.ts renders the same segments as
 * MathML. It loads no renderer, so the students' `npm test` does not pay for KaTeX.
 *
 * Delimiters follow Pandoc's `tex_math_dollars`, so prose with a price in it is left alone: an opening `$`
 * has a non-space character right after it, a closing `$` has a non-space character right before it and
 * no digit right after it, and it is the next unescaped `$` ("costs $5 and $10" holds no math). `\$` is a
 * literal dollar.
 *
 * Hints are written so that the TeX inside `$…$` already reads as plain text (σ, θ, ŷ, −, ·, ∂, ⊙, ᵀ, ≥ are
 * Unicode, which KaTeX accepts in math mode with strict: 'ignore'); the few TeX commands that do appear
 * (\sum, \log, \mathrm{…}, θ^{(h)}, t_{nk}) are mapped back below, so `plainMath` of a hint is the text
 * the hint was before it was marked up.
 */

/** A run of prose, or one formula with its delimiters stripped. */
export type MathPiece = { kind: 'text'; text: string } | { kind: 'math'; tex: string; display: boolean; source: string };

/** A formula found at a `$`: its TeX, whether it is display math, and where its source ends (exclusive). */
export interface MathMatch {
  tex: string;
  display: boolean;
  end: number;
}

const isSpace = (ch: string | undefined) => ch === undefined || /\s/.test(ch);
const isDigit = (ch: string | undefined) => ch !== undefined && ch >= '0' && ch <= '9';

/**
 * The formula that starts at `src[pos]` (a `$`), or undefined when that `$` is not an opening delimiter.
 * `max` bounds the search (markdown-it hands an inline rule a slice of a larger source). Inside TeX a
 * backslash escapes the next character, so `\$` never closes a formula.
 */
export function findMath(src: string, pos: number, max = src.length): MathMatch | undefined {
  if (src[pos] !== '$') return undefined;
  if (src[pos + 1] === '$' && pos + 1 < max) {
    for (let i = pos + 2; i + 1 < max; i += 1) {
      if (src[i] === '\\') i += 1;
      else if (src[i] === '$' && src[i + 1] === '$') {
        const tex = src.slice(pos + 2, i);
        return tex.trim() === '' ? undefined : { tex, display: true, end: i + 2 };
      }
    }
    return undefined;
  }
  if (pos + 1 >= max || isSpace(src[pos + 1])) return undefined;
  // The next unescaped $ closes the formula, or shows that this $ opened none ("$5 and $x$": the $ before
  // x cannot close, so "$5" is text and "$x$" the formula).
  for (let i = pos + 1; i < max; i += 1) {
    if (src[i] === '\\') i += 1;
    else if (src[i] === '$') return isSpace(src[i - 1]) || (i + 1 < max && isDigit(src[i + 1])) ? undefined : { tex: src.slice(pos + 1, i), display: false, end: i + 1 };
  }
  return undefined;
}

/** Text cut into prose and formulas; `\$` in prose becomes `$`, and a `$` that opens nothing stays text. */
export function splitMath(text: string): MathPiece[] {
  const pieces: MathPiece[] = [];
  let prose = '';
  const flush = () => {
    if (prose !== '') pieces.push({ kind: 'text', text: prose });
    prose = '';
  };
  for (let i = 0; i < text.length; ) {
    if (text[i] === '\\' && text[i + 1] === '$') {
      prose += '$';
      i += 2;
      continue;
    }
    const math = text[i] === '$' ? findMath(text, i) : undefined;
    if (math) {
      flush();
      pieces.push({ kind: 'math', tex: math.tex, display: math.display, source: text.slice(i, math.end) });
      i = math.end;
      continue;
    }
    prose += text[i];
    i += 1;
  }
  flush();
  return pieces;
}

/** The text with its delimiters removed and the TeX inside each formula written in Unicode. */
export function plainMath(text: string): string {
  return splitMath(text)
    .map((piece) => (piece.kind === 'text' ? piece.text : texToUnicode(piece.tex)))
    .join('');
}

/** Greek letters (and ∂, ∞): TeX ignores the space after them (`\lambda x` is λx), so it is dropped before a letter. */
const GREEK: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ', iota: 'ι', kappa: 'κ', lambda: 'λ',
  mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', rho: 'ρ', sigma: 'σ', tau: 'τ', phi: 'φ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω',
  Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Pi: 'Π', Sigma: 'Σ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω', partial: '∂', infty: '∞',
};

/** Operators and relations, and the names of functions (`\log` is "log"); spaces around them are kept. */
const SYMBOLS: Record<string, string> = {
  sum: 'Σ', prod: 'Π', cdot: '·', times: '×', odot: '⊙', pm: '±', le: '≤', leq: '≤', ge: '≥', geq: '≥', ne: '≠', neq: '≠', approx: '≈', sim: '~', in: '∈',
  mid: '|', leftarrow: '←', gets: '←', rightarrow: '→', to: '→', Rightarrow: '⇒', iff: '⇔', ldots: '…', dots: '…', cdots: '⋯', top: '⊤',
  log: 'log', ln: 'ln', exp: 'exp', max: 'max', min: 'min', tanh: 'tanh', quad: ' ', qquad: ' ',
  left: '', right: '', big: '', Big: '', bigl: '', bigr: '', Bigl: '', Bigr: '',
};

/** One-character commands: thin spaces vanish, escaped braces and dollars stay. */
const CONTROL_SYMBOLS: Record<string, string> = { ',': '', ';': '', ':': '', '!': '', ' ': ' ', '{': '{', '}': '}', $: '$', '\\': ' ' };

/** Commands whose argument is shown as it is: the font and the operator name carry no meaning in text. */
const WRAPPERS = new Set(['mathrm', 'mathit', 'mathbf', 'mathsf', 'boldsymbol', 'operatorname', 'text', 'textrm']);

/** TeX written as Unicode text: `\sigma`→σ, `\frac{a}{b}`→a/b (parenthesised unless one number or letter), θ^{(h)}→θ^(h), t_{nk}→t_nk. */
export function texToUnicode(tex: string): string {
  return convert(tex)
    .replace(/\^\{⊤\}|\^⊤/g, 'ᵀ')
    .replace(/\^\{(\([^{}()]*\))\}/g, '^$1')
    .replace(/_\{([\p{L}\p{N}']+)\}(?![\p{L}\p{N}])/gu, '_$1');
}

function convert(tex: string): string {
  let out = '';
  let i = 0;
  while (i < tex.length) {
    if (tex[i] !== '\\') {
      out += tex[i];
      i += 1;
      continue;
    }
    const word = controlWord(tex, i);
    if (!word) {
      const next = tex[i + 1] ?? '';
      out += CONTROL_SYMBOLS[next] ?? `\\${next}`;
      i += 2;
      continue;
    }
    const name = word[1]!;
    i += word[0].length;
    if (name === 'frac' || name === 'dfrac' || name === 'tfrac') {
      const numerator = readArgument(tex, i);
      const denominator = readArgument(tex, numerator.end);
      out += `${term(convert(numerator.content))}/${term(convert(denominator.content))}`;
      i = denominator.end;
    } else if (name === 'hat') {
      const base = readArgument(tex, i);
      const letter = convert(base.content);
      out += Array.from(letter).length === 1 ? `${letter}\u0302`.normalize('NFC') : `hat(${letter})`;
      i = base.end;
    } else if (WRAPPERS.has(name)) {
      const argument = readArgument(tex, i);
      out += convert(argument.content);
      i = argument.end;
    } else if (Object.hasOwn(GREEK, name)) {
      out += GREEK[name];
      if (tex[i] === ' ' && /[\p{L}\p{N}\\]/u.test(tex[i + 1] ?? '')) i += 1;
    } else if (Object.hasOwn(SYMBOLS, name)) {
      out += SYMBOLS[name];
    } else {
      out += word[0];
    }
  }
  return out;
}

/** A command's argument: a balanced `{…}` group, a control word, or one character (spaces before it skipped). */
function readArgument(tex: string, start: number): { content: string; end: number } {
  let i = start;
  while (tex[i] === ' ') i += 1;
  if (tex[i] === '{') {
    let depth = 0;
    for (let j = i; j < tex.length; j += 1) {
      if (tex[j] === '\\') j += 1;
      else if (tex[j] === '{') depth += 1;
      else if (tex[j] === '}' && --depth === 0) return { content: tex.slice(i + 1, j), end: j + 1 };
    }
    return { content: tex.slice(i + 1), end: tex.length };
  }
  const word = controlWord(tex, i);
  if (word) return { content: word[0], end: i + word[0].length };
  const point = tex.codePointAt(i);
  if (point === undefined) return { content: '', end: i };
  const ch = String.fromCodePoint(point);
  return { content: ch, end: i + ch.length };
}

/** The control word (`\sigma`) at `tex[start]`, if there is one. */
function controlWord(tex: string, start: number): RegExpExecArray | null {
  const pattern = /\\([A-Za-z]+)/y;
  pattern.lastIndex = start;
  return pattern.exec(tex);
}

/** A numerator or denominator: bare when it is one number or one letter (1/4, y/ŷ), else in parentheses. */
function term(text: string): string {
  return /^(?:\d+(?:\.\d+)?|\p{L})$/u.test(text) ? text : `(${text})`;
}

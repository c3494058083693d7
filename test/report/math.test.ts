/**
 * Formulas in hints and handouts: MathML where there is math, escaped text everywhere else, the source
 * in a <code> where KaTeX cannot parse it, and plain Unicode for the terminal.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import katex from 'katex';
import { handoutHtml, hintHtml, MATH_ERROR_CLASS, plainMath } from '../../grader/report/math.ts';
import { splitMath } from '../../grader/feedback/math-text.ts';
import { assignments } from '../../assignments/index.ts';
import { assignmentsDir } from '../../grader/paths.ts';

const sigmoidIdentity = "$σ'(z) = σ(z)(1 − σ(z))$";

describe('hintHtml', () => {
  it('renders $…$ as MathML', () => {
    const html = hintHtml(`use ${sigmoidIdentity}.`);
    expect(html).toMatch(/^use <span class="katex"><math xmlns="http:\/\/www\.w3\.org\/1998\/Math\/MathML">/);
    expect(html).toContain('<mi>σ</mi>');
    expect(html).toContain('<mo>−</mo>');
    expect(html).toMatch(/<\/math><\/span>\.$/);
    expect(html).not.toMatch(/katex-error|\$/);
  });

  it('renders $$…$$ as display math', () => {
    expect(hintHtml('$$J = −\\sum_n \\sum_k t_{nk} \\log y_{nk}$$')).toMatch(/^<span class="katex"><math [^>]*display="block"/);
  });

  it('escapes text outside math, and markup typed inside math comes out as characters', () => {
    const outside = hintHtml('<script>alert(1)</script> & "quotes"');
    expect(outside).toBe('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    const inside = hintHtml('$<script>alert(1)</script>$');
    expect(inside).toContain('<math');
    expect(inside).not.toMatch(/<script|<\/script/);
    expect(inside).toContain('&lt;');
  });

  it('leaves a $ that delimits nothing as text: a price, a lone dollar, \\$', () => {
    expect(hintHtml('costs $5 and $10')).toBe('costs $5 and $10');
    expect(hintHtml('5 $ each, or $ 6 $')).toBe('5 $ each, or $ 6 $');
    expect(hintHtml('a \\$x$ b')).toBe('a $x$ b');
    expect(hintHtml('US$5 then $x$')).toMatch(/^US\$5 then <span class="katex"><math/);
    expect(hintHtml('unclosed $x')).toBe('unclosed $x');
  });

  it('shows malformed TeX as its escaped source in a <code>, without throwing', () => {
    const html = hintHtml('a $\\frac{1}{<b>$ b $x^{$ c');
    expect(html).toMatch(new RegExp(`^a <code class="${MATH_ERROR_CLASS}" title="[^"<>]*">\\$\\\\frac\\{1\\}\\{&lt;b&gt;\\$</code> b `));
    expect(html).not.toContain('<b>');
    expect(() => hintHtml('$\\undefinedcommand{x}$ $\\left($ $}$ $$\\begin{x}$$')).not.toThrow();
    expect(hintHtml('$\\undefinedcommand{x}$')).toContain(`<code class="${MATH_ERROR_CLASS}"`);
  });

  it('does not let trusted-only commands through', () => {
    const html = hintHtml('$\\href{javascript:alert(1)}{x}$ $\\htmlClass{y}{x}$');
    expect(html).not.toMatch(/href=|class="y"/);
  });

  it('is deterministic', () => {
    const hint = `With ${sigmoidIdentity} and $$∂J/∂a = y − t$$, <b>$θ^{(h)}_{i,j}$</b>`;
    expect(hintHtml(hint)).toBe(hintHtml(hint));
  });
});

describe('plainMath', () => {
  it('drops the delimiters of formulas already written in Unicode', () => {
    expect(plainMath(`Differentiate with the chain rule: ${sigmoidIdentity}.`)).toBe("Differentiate with the chain rule: σ'(z) = σ(z)(1 − σ(z)).");
    expect(plainMath('$$∂J/∂a = y − t$$')).toBe('∂J/∂a = y − t');
    expect(plainMath('costs $5, a \\$ sign, $x$')).toBe('costs $5, a $ sign, x');
  });

  it.each([
    ['\\sigma(z)', 'σ(z)'],
    ['\\theta^{(h)}_{i,j}', 'θ^(h)_{i,j}'],
    ['\\theta^{(\\hat{y})}_j', 'θ^(ŷ)_j'],
    ['\\partial LL / \\partial \\theta', '∂LL / ∂θ'],
    ['2 \\cdot x', '2 · x'],
    ['\\sum_n (y_n − t_n)', 'Σ_n (y_n − t_n)'],
    ['J = −\\sum_n \\sum_k t_{nk} \\log y_{nk}', 'J = −Σ_n Σ_k t_nk log y_nk'],
    ["y_k(\\delta_{kk'} − y_{k'})", "y_k(δ_kk' − y_k')"],
    ['\\frac{a}{b}', 'a/b'],
    ['\\frac{1}{1 + e^{-z}}', '1/(1 + e^{-z})'],
    ['\\frac{\\partial J}{\\partial a}', '(∂J)/(∂a)'],
    ['e^{-\\lambda x}', 'e^{-λx}'],
    ['Z^{\\top}(Y - T)', 'Zᵀ(Y - T)'],
    ["\\mathrm{relu}'(z) = \\max(0, z)", "relu'(z) = max(0, z)"],
    ['P(Y = 1 \\mid x)', 'P(Y = 1 | x)'],
    ['\\min\\{\\, k : F(k) \\ge u \\,\\}', 'min{ k : F(k) ≥ u }'],
    ['θ ← θ + \\mathit{learningRate} · ∂LL/∂θ', 'θ ← θ + learningRate · ∂LL/∂θ'],
    ['\\unknown{x}', '\\unknown{x}'],
    ['\\constructor \\toString', '\\constructor \\toString'],
  ])('$%s$ reads as %s', (tex, plain) => {
    expect(plainMath(`$${tex}$`)).toBe(plain);
  });
});

describe('the Unicode that hints write inside $…$', () => {
  // What the hints use in math mode instead of TeX commands; each must parse (strict: 'ignore' accepts
  // Unicode letters such as ŷ that LaTeX would want written as \hat{y}).
  it.each(['σ', 'θ', 'ŷ', 'λ', 'δ', 'Δ', 'Σ', '∂', '−', '·', '×', '⊙', '≥', '≤', '←', '…', '′', "'", 'ᵀ', '⁻¹', '²', '|z|'])('%s renders to MathML', (symbol) => {
    const html = katex.renderToString(`x ${symbol} y`, { output: 'mathml', throwOnError: true, strict: 'ignore' });
    expect(html).toContain('<math');
  });
});

describe('handoutHtml', () => {
  it('renders Markdown with inline, display and block math; code stays code; raw HTML is escaped', () => {
    const html = handoutHtml(
      ['# Title $x$', '', 'Text $a + b$, `$not math$` and \\$5.', '', '$$', 'P(X \\le x) = F(x)', '$$', '', '| a | b |', '|---|---|', '| $x^2$ | 1 |', '', '```ts', 'const price = "$x$";', '```', '', '<script>alert(1)</script>'].join('\n'),
    );
    expect(html).toMatch(/^<h1>Title <span class="katex"><math/);
    expect(html).toContain('<code>$not math$</code> and $5.');
    expect(html).toMatch(/<div class="math-block"><span class="katex"><math [^>]*display="block"/);
    expect(html).toMatch(/<td><span class="katex"><math/);
    expect(html).toContain('<pre><code class="language-ts">const price = &quot;$x$&quot;;\n</code></pre>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script');
  });

  it('renders a display formula over several lines, and one closed mid-line as inline display math', () => {
    const multi = handoutHtml('$$a = b, \\qquad\nc = d.$$\n\nafter');
    expect(multi).toMatch(/^<div class="math-block">/);
    expect(multi).toContain('<p>after</p>');
    expect(handoutHtml('$$a$$ then text')).toMatch(/^<p><span class="katex"><math [^>]*display="block"/);
  });

  it('does not throw on malformed TeX', () => {
    expect(handoutHtml('$\\frac{1}{$ and\n\n$$\\left($$')).toContain(`class="${MATH_ERROR_CLASS}"`);
  });

  describe.each(assignments.map((assignment) => [assignment.id] as const))('assignments/%s/README.md', (id) => {
    const markdown = readFileSync(join(assignmentsDir, id, 'README.md'), 'utf8');
    const html = handoutHtml(markdown);

    it('renders every formula without a KaTeX error', () => {
      expect(html).not.toContain('katex-error');
      expect(html).not.toContain(MATH_ERROR_CLASS);
      expect(html).not.toMatch(/<span[^>]*title="/);
      const formulas = splitMath(markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '')).filter((piece) => piece.kind === 'math');
      expect(formulas.length).toBeGreaterThan(10);
      expect(html.match(/<math /g)?.length).toBe(formulas.length);
    });

    it('leaves no $ outside code and the formulas’ own TeX annotations', () => {
      const prose = html
        .replace(/<pre>[\s\S]*?<\/pre>/g, '')
        .replace(/<code>[\s\S]*?<\/code>/g, '')
        .replace(/<annotation[\s\S]*?<\/annotation>/g, '');
      expect(prose).not.toContain('$');
    });
  });
});

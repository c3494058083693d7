/**
 * The report's pictures are SVG text built from d3's scales and paths. What a wrong plot would get wrong, checked
 * on hand-made figures: one bar per bin with heights in the order of the counts, the gap marker at the gap's x,
 * the cells outside their allowance outlined (and only those), data text escaped, the same bytes every time,
 * and no "NaN" anywhere when the data hold NaN or ±Infinity.
 */
import { describe, expect, it } from 'vitest';
import type { GradientFigure, SamplerFigure } from '../../grader/checks/figure.ts';
import { samplerHistogramLayout, samplerHistogramSvg } from '../../grader/report/plots/sampler-histogram.ts';
import { samplerCdfLayout, samplerCdfSvg } from '../../grader/report/plots/sampler-cdf.ts';
import { gradientBlockSvg, gradientDotsLayout } from '../../grader/report/plots/gradient-heatmap.ts';
import { scoreHistogramSvg } from '../../grader/report/plots/score-histogram.ts';
import { escapeXml, formatNumber, px } from '../../grader/report/plots/svg-parts.ts';

type Block = GradientFigure['blocks'][number];
type Attributes = Record<string, string>;

// ---------------------------------------------------------------------------------------------------------
// Reading the SVG text without a DOM

const TAG = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y;

/** Throws unless the text is well-formed XML of the kind we write: tags balance, every `&` is an entity. */
function assertWellFormed(svg: string): void {
  const open: string[] = [];
  let i = 0;
  while (i < svg.length) {
    const lt = svg.indexOf('<', i);
    const text = svg.slice(i, lt === -1 ? svg.length : lt);
    expect(text).not.toMatch(/&(?!(amp|lt|gt|quot|#39);)|>/);
    if (lt === -1) break;
    TAG.lastIndex = lt;
    const match = TAG.exec(svg);
    if (!match) throw new Error(`not a tag at ${lt}: ${svg.slice(lt, lt + 80)}`);
    const [whole, closing, name, attributeText, selfClosing] = match;
    expect(attributeText!).not.toMatch(/&(?!(amp|lt|gt|quot|#39);)/);
    if (closing) expect(open.pop()).toBe(name);
    else if (!selfClosing) open.push(name!);
    i = lt + whole.length;
  }
  expect(open).toEqual([]);
}

function attributesOf(tag: string): Attributes {
  return Object.fromEntries([...tag.matchAll(/\s([\w:-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

/** Every element whose class list holds all of `classes`, in document order. */
function elements(svg: string, ...classes: string[]): Attributes[] {
  return [...svg.matchAll(/<[A-Za-z][\w:-]*(?:\s+[\w:-]+="[^"]*")*\s*\/?>/g)]
    .map((m) => attributesOf(m[0]))
    .filter((attributes) => {
      const list = (attributes.class ?? '').split(/\s+/);
      return classes.every((c) => list.includes(c));
    });
}

/** The heat map's cells, each with the row of the group it sits in. */
function cellsOf(svg: string, ...classes: string[]): Attributes[] {
  return [...svg.matchAll(/<g class="row" data-row="(\d+)"[^>]*>(.*?)<\/g>/g)].flatMap((m) => elements(m[2]!, 'cell', ...classes).map((cell) => ({ ...cell, 'data-row': m[1]! })));
}

/** The dot plot's rings for the numerical entries: the circles of the group "numerical". */
function ringsOf(svg: string): Attributes[] {
  const group = /<g class="numerical"[^>]*>(.*?)<\/g>/s.exec(svg);
  return group ? elements(group[1]!) : [];
}

function root(svg: string): Attributes {
  return attributesOf(svg.slice(0, svg.indexOf('>') + 1));
}

/** The basics every picture must have, and no trace of a non-finite number. */
function assertSvgBasics(svg: string): void {
  assertWellFormed(svg);
  const attributes = root(svg);
  expect(svg.startsWith('<svg ')).toBe(true);
  expect(attributes.xmlns).toBe('http://www.w3.org/2000/svg');
  expect(attributes.viewBox).toMatch(/^0 0 \d+(\.\d)? \d+(\.\d)?$/);
  expect(attributes.width).toBe('100%');
  expect(attributes.role).toBe('img');
  expect(attributes['aria-label']!.length).toBeGreaterThan(0);
  expect(svg).toMatch(/^<svg[^>]*>\n<title>[^<]+<\/title>/);
  expect(svg).not.toMatch(/NaN|Infinity|undefined/);
  // Coordinates carry at most one decimal (the root's width is "100%").
  const body = svg.slice(svg.indexOf('>') + 1);
  for (const name of ['x', 'y', 'width', 'height', 'x1', 'x2', 'y1', 'y2', 'cx', 'cy']) {
    for (const m of body.matchAll(new RegExp(` ${name}="([^"]*)"`, 'g'))) expect(m[1], `${name}="${m[1]}"`).toMatch(/^-?\d+(\.\d)?$/);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Hand-made figures

function continuousFigure(overrides: Partial<SamplerFigure> = {}): SamplerFigure {
  // Exponential(2) over [0, 2) in 8 bins, 1000 draws; the student's draws are a little heavy on the right.
  const edges = Array.from({ length: 9 }, (_, i) => i * 0.25);
  const cdf = (x: number) => 1 - Math.exp(-2 * x);
  const observed = [330, 260, 150, 100, 60, 40, 25, 15];
  const bins = observed.map((count, i) => ({ x0: edges[i]!, x1: edges[i + 1]!, observed: count, expected: 1000 * (cdf(edges[i + 1]!) - cdf(edges[i]!)) }));
  let cumulative = 0;
  const points = bins.map((bin) => {
    cumulative += bin.observed;
    return { x: bin.x1, empirical: cumulative / 1000, target: cdf(bin.x1) };
  });
  return {
    kind: 'sampler',
    target: 'Exponential(λ = 2)',
    discrete: false,
    draws: 1000,
    bins,
    outside: { below: 0, above: 20 },
    cdf: [{ x: 0, empirical: 0, target: 0 }, ...points],
    gap: { at: 0.5, empirical: 0.59, target: cdf(0.5), distance: Math.abs(0.59 - cdf(0.5)) },
    epsilon: 0.0123,
    falseFailure: 1e-7,
    power: [],
    ...overrides,
  };
}

function discreteFigure(overrides: Partial<SamplerFigure> = {}): SamplerFigure {
  // An off-by-one Poisson-like sampler on 0..5: the draws sit one value to the right of the target.
  const expected = [50, 150, 220, 250, 200, 130];
  const observed = [0, 50, 150, 220, 250, 330];
  let e = 0;
  let o = 0;
  return {
    kind: 'sampler',
    target: 'Poisson(λ = 3)',
    discrete: true,
    draws: 1000,
    bins: expected.map((count, k) => ({ x0: k, x1: k, observed: observed[k]!, expected: count })),
    outside: { below: 0, above: 0 },
    cdf: expected.map((count, k) => {
      e += count;
      o += observed[k]!;
      return { x: k, empirical: o / 1000, target: e / 1000 };
    }),
    gap: { at: 2, empirical: 0.2, target: 0.42, distance: 0.22 },
    epsilon: 0.05,
    falseFailure: 1e-7,
    power: [],
    ...overrides,
  };
}

const matrixBlock: Block = {
  name: 'thetaH',
  rows: 2,
  cols: 3,
  student: [0.1, -0.2, 0.3, 0.4, 0.5, 0.9],
  numerical: [0.1, -0.2, 0.3, 0.4, 0.5, 0.6],
  allowed: [1e-6, 1e-6, 1e-6, 1e-6, 1e-6, 1e-6],
};

const vectorBlock: Block = {
  name: "σ'(z)",
  rows: 4,
  labels: ['z = -5', 'z = 0', 'z = 1', 'z = 25'],
  student: [0.0066, 0.5, 0.1966, 0],
  numerical: [0.0066, 0.25, 0.1966, 1.4e-11],
  allowed: [1e-6, 1e-6, 1e-6, 1e-6],
};

const numberOf = (value: string | undefined) => Number(value);

// ---------------------------------------------------------------------------------------------------------

describe('sampler histogram', () => {
  it('draws one bar per bin, as tall as its count, and the prediction over the bins', () => {
    const figure = continuousFigure();
    const svg = samplerHistogramSvg(figure);
    assertSvgBasics(svg);
    const bars = elements(svg, 'bar', 'observed');
    expect(bars).toHaveLength(figure.bins.length);
    expect(bars.map((bar) => numberOf(bar['data-count']))).toEqual(figure.bins.map((bin) => bin.observed));
    // Taller for a larger count, and every bar stands on the same baseline.
    const byCount = [...bars].sort((a, b) => numberOf(a['data-count']) - numberOf(b['data-count']));
    for (let i = 1; i < byCount.length; i++) expect(numberOf(byCount[i]!.height)).toBeGreaterThanOrEqual(numberOf(byCount[i - 1]!.height));
    const baselines = new Set(bars.map((bar) => (numberOf(bar.y) + numberOf(bar.height)).toFixed(1)));
    expect(baselines.size).toBe(1);
    // Bars left to right in bin order, over each bin's [x0, x1).
    const { x, y } = samplerHistogramLayout(figure);
    if (x.kind !== 'continuous') throw new Error('expected a continuous layout');
    bars.forEach((bar, i) => {
      expect(bar.x).toBe(px(x.scale(figure.bins[i]!.x0)));
      expect(bar.y).toBe(px(y(figure.bins[i]!.observed)));
    });
    const expected = elements(svg, 'expected');
    expect(expected).toHaveLength(1);
    expect(expected[0]!.d).toMatch(/^M[\d.,LMHV-]+$/);
    // The step line's first level is the first bin's expected count.
    expect(expected[0]!.d!.startsWith(`M${px(x.scale(0))},${px(y(figure.bins[0]!.expected))}`)).toBe(true);
    expect(elements(svg, 'caption', 'outside')[0]).toBeDefined();
    expect(svg).toContain('draws outside the bars: 20 above 2');
  });

  it('draws one bar per value k for an integer target, with a tick at each expected count', () => {
    const figure = discreteFigure();
    const svg = samplerHistogramSvg(figure);
    assertSvgBasics(svg);
    expect(root(svg).class).toBe('plot sampler-histogram discrete');
    const bars = elements(svg, 'bar', 'observed');
    expect(bars.map((bar) => bar['data-value'])).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(bars.map((bar) => numberOf(bar['data-expected']))).toEqual([50, 150, 220, 250, 200, 130]);
    // Equal widths, increasing x, heights in the order of the counts (0 draws: no height).
    expect(new Set(bars.map((bar) => bar.width)).size).toBe(1);
    for (let i = 1; i < bars.length; i++) expect(numberOf(bars[i]!.x)).toBeGreaterThan(numberOf(bars[i - 1]!.x));
    expect(numberOf(bars[0]!.height)).toBe(0);
    expect(numberOf(bars[5]!.height)).toBeGreaterThan(numberOf(bars[4]!.height));
    // One tick per value: six "M…h…" moves in the expected path, the tallest at k = 3.
    const ticks = [...elements(svg, 'expected')[0]!.d!.matchAll(/M(-?[\d.]+),(-?[\d.]+)h/g)].map((m) => Number(m[2]));
    expect(ticks).toHaveLength(6);
    expect(Math.min(...ticks)).toBe(ticks[3]);
    expect(svg).not.toContain('class="caption outside"');
  });

  it('keeps the picture compact for 200 bins', () => {
    const bins = Array.from({ length: 200 }, (_, k) => ({ x0: 900 + k, x1: 900 + k, observed: 1234 + ((k * 7919) % 5000), expected: 3456.789012345 + k / 3 }));
    const svg = samplerHistogramSvg(discreteFigure({ bins, cdf: bins.map((bin, i) => ({ x: bin.x0, empirical: i / 200, target: (i + 0.5) / 200 })) }));
    assertSvgBasics(svg);
    expect(elements(svg, 'bar', 'observed')).toHaveLength(200);
    // About 160 bytes a bar with its data attributes and expected tick: ~32 KB at the figure's 200-bar cap.
    expect(svg.length).toBeLessThan(33_000);
    const cdf = samplerCdfSvg(continuousFigure({ cdf: Array.from({ length: 201 }, (_, i) => ({ x: i / 100, empirical: Math.sqrt(i / 201), target: i / 201 + 1e-9 / 3 })) }));
    expect(cdf.length).toBeLessThan(30_000);
  });
});

describe('sampler CDF', () => {
  it('marks the largest gap at its x, between the two curves, with the numbers as data', () => {
    for (const figure of [continuousFigure(), discreteFigure()]) {
      const svg = samplerCdfSvg(figure);
      assertSvgBasics(svg);
      const { x, y } = samplerCdfLayout(figure);
      const [gap] = elements(svg, 'gap');
      expect(gap).toBeDefined();
      expect(gap!.x1).toBe(px(x(figure.gap.at)));
      expect(gap!.x2).toBe(gap!.x1);
      expect(gap!.y1).toBe(px(y(figure.gap.empirical)));
      expect(gap!.y2).toBe(px(y(figure.gap.target)));
      expect(numberOf(gap!['data-at'])).toBeCloseTo(figure.gap.at, 5);
      expect(numberOf(gap!['data-distance'])).toBeCloseTo(figure.gap.distance, 5);
      expect(numberOf(gap!['data-epsilon'])).toBeCloseTo(figure.epsilon, 5);
      // These gaps exceed ε: the marker says so.
      expect(gap!.class).toBe('gap exceeds');
      expect(elements(svg, 'band')).toHaveLength(1);
      expect(elements(svg, 'empirical')[0]!.d).toBeTruthy();
      expect(elements(svg, 'target')[0]!.d).toBeTruthy();
    }
    const svg = samplerCdfSvg(continuousFigure());
    expect(svg).toContain(`largest gap ${formatNumber(continuousFigure().gap.distance)} at x = 0.5 (ε = 0.0123)`);
  });

  it('draws step curves for an integer target and lines for a continuous one', () => {
    const steps = elements(samplerCdfSvg(discreteFigure()), 'empirical')[0]!.d!;
    const lines = elements(samplerCdfSvg(continuousFigure()), 'empirical')[0]!.d!;
    const points = (d: string) => [...d.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    const level = (d: string) => points(d).every((p, i, all) => i === 0 || p[0] === all[i - 1]![0] || p[1] === all[i - 1]![1]);
    expect(level(steps)).toBe(true); // d3's curveStepAfter: only level and upright segments
    expect(level(lines)).toBe(false);
  });

  it('shades the band F ± ε around the target, clipped to [0, 1]', () => {
    const figure = discreteFigure({ epsilon: 0.1 });
    const { y } = samplerCdfLayout(figure);
    const band = elements(samplerCdfSvg(figure), 'band')[0]!;
    const ys = [...band.d!.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((m) => Number(m[2]));
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(numberOf(px(y(1))));
    expect(Math.max(...ys)).toBeLessThanOrEqual(numberOf(px(y(0))));
    expect(ys).toContain(numberOf(px(y(1 - 0.1)))); // F(5) = 1, the band's lower edge at 0.9
    expect(band['data-epsilon']).toBe('0.1');
  });
});

describe('gradient blocks', () => {
  it('outlines exactly the matrix cells outside their allowance, at their row and column', () => {
    const svg = gradientBlockSvg(matrixBlock);
    assertSvgBasics(svg);
    const cells = cellsOf(svg);
    expect(cells).toHaveLength(6);
    expect(cells.map((cell) => `${cell['data-row']},${cell['data-col']}`)).toEqual(['0,0', '0,1', '0,2', '1,0', '1,1', '1,2']);
    const outside = cellsOf(svg, 'out-of-tolerance');
    expect(outside).toHaveLength(1);
    expect([outside[0]!['data-row'], outside[0]!['data-col']]).toEqual(['1', '2']);
    expect(numberOf(outside[0]!['data-difference'])).toBeCloseTo(0.3, 10);
    expect(outside[0]!.stroke).toBeDefined();
    // Equal entries are the scale's middle colour; the outlined one the far end (student larger: red).
    const inside = cells.filter((cell) => !cell.class!.includes('out-of-tolerance'));
    expect(new Set(inside.map((cell) => cell.fill))).toEqual(new Set(['#f7f7f7']));
    expect(outside[0]!.fill).toBe('#b2182b');
    // Row and column indices are labelled.
    expect(svg).toMatch(/class="row-index"[^>]*>(<text[^>]*>\d<\/text>){2}<\/g>/);
    expect(svg).toMatch(/class="col-index"[^>]*>(<text[^>]*>\d<\/text>){3}<\/g>/);
    expect(root(svg)['data-outside']).toBe('1');
    expect(svg).toContain('class="legend"');
  });

  it('plots a vector block as yours against numerical, labelled by its labels', () => {
    const svg = gradientBlockSvg(vectorBlock);
    assertSvgBasics(svg);
    expect(root(svg).class).toBe('plot gradient-block vector');
    const student = elements(svg, 'student').filter((e) => e['data-index'] !== undefined);
    const numerical = ringsOf(svg);
    expect(student).toHaveLength(4);
    expect(numerical).toHaveLength(4);
    expect(student.filter((e) => e.class!.includes('out-of-tolerance')).map((e) => e['data-index'])).toEqual(['1']);
    // Same x for both markers of an entry; the student's 0.5 above the numerical 0.25.
    const { x, y } = gradientDotsLayout(vectorBlock);
    expect(student[1]!.cx).toBe(px(x(1)!));
    expect(numerical[1]!.cx).toBe(student[1]!.cx);
    expect(student[1]!.cy).toBe(px(y(0.5)));
    expect(numberOf(student[1]!.cy)).toBeLessThan(numberOf(numerical[1]!.cy));
    for (const label of vectorBlock.labels!) expect(svg).toContain(`>${label}</text>`);
    expect(elements(svg, 'miss')).toHaveLength(1);
    // Without labels, indices.
    const plain = gradientBlockSvg({ ...vectorBlock, labels: undefined, name: 'thetaY' });
    expect(plain).toMatch(/>0<\/text>.*>3<\/text>/s);
  });
  it('keeps large blocks compact', () => {
    const values = Array.from({ length: 200 }, (_, i) => Math.sin(i * 1.3));
    const allowed = values.map((v) => 1e-6 + 1e-5 * Math.abs(v));
    const student = values.map((v, i) => (i % 17 === 0 ? -v : v + 1e-9));
    const matrix = gradientBlockSvg({ name: 'W', rows: 10, cols: 20, student, numerical: values, allowed });
    assertSvgBasics(matrix);
    expect(cellsOf(matrix)).toHaveLength(200);
    expect(matrix.length).toBeLessThan(31_000);
    // A dot plot carries two markers an entry: about 34 KB for 200, longer than any vector block the course has.
    const vector = gradientBlockSvg({ name: 'b', rows: 200, student, numerical: values, allowed });
    assertSvgBasics(vector);
    expect(ringsOf(vector)).toHaveLength(200);
    expect(vector.length).toBeLessThan(36_000);
  });
});

describe('score histogram', () => {
  it('has one bar per whole score up to 40 points, full marks in the last', () => {
    const scores = [0, 3, 5, 5, 7, 7, 7, 7.5, 10, 10];
    const svg = scoreHistogramSvg(scores, 10, { title: 'Sigmoid: scores' });
    assertSvgBasics(svg);
    const bars = elements(svg, 'bar');
    expect(bars).toHaveLength(11);
    expect(bars.map((bar) => numberOf(bar['data-count']))).toEqual([1, 0, 0, 1, 0, 2, 0, 4, 0, 0, 2]);
    for (let i = 1; i < bars.length; i++) {
      const [a, b] = [bars[i - 1]!, bars[i]!];
      if (numberOf(a['data-count']) < numberOf(b['data-count'])) expect(numberOf(a.height)).toBeLessThan(numberOf(b.height));
      if (numberOf(a['data-count']) === numberOf(b['data-count'])) expect(a.height).toBe(b.height);
    }
    expect(elements(svg, 'median')[0]!['data-value']).toBe('7');
    expect(svg).toContain('<title>Sigmoid: scores</title>');
  });

  it('bins a large maximum into about 20 bars that hold every score', () => {
    const scores = Array.from({ length: 97 }, (_, i) => (i * 37) % 101);
    const bars = elements(scoreHistogramSvg(scores, 100), 'bar');
    expect(bars.length).toBeGreaterThanOrEqual(15);
    expect(bars.length).toBeLessThanOrEqual(25);
    expect(bars.reduce((sum, bar) => sum + numberOf(bar['data-count']), 0)).toBe(97);
    expect(bars.at(-1)!['data-x1']).toBe('100');
  });

  it('draws an empty class without failing', () => {
    const svg = scoreHistogramSvg([], 0);
    assertSvgBasics(svg);
    expect(elements(svg, 'bar').every((bar) => bar['data-count'] === '0')).toBe(true);
  });
});

describe('every picture', () => {
  const nasty = '<script>alert(1)</script> & "quotes" \'too\'';

  it('escapes text from the data', () => {
    const svgs = [
      samplerHistogramSvg(continuousFigure({ target: nasty })),
      samplerCdfSvg(discreteFigure({ target: nasty })),
      gradientBlockSvg({ ...matrixBlock, name: nasty }),
      gradientBlockSvg({ ...vectorBlock, name: nasty, labels: [nasty, 'b', 'c', 'd'] }),
      scoreHistogramSvg([1, 2], 3, { title: nasty }),
    ];
    for (const svg of svgs) {
      assertSvgBasics(svg);
      expect(svg).not.toContain('<script');
      expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
    expect(escapeXml('a\u0000b')).toBe('a\uFFFDb');
  });

  it('gives the same bytes for the same figure', () => {
    const make = () => [samplerHistogramSvg(continuousFigure()), samplerCdfSvg(continuousFigure()), samplerHistogramSvg(discreteFigure()), samplerCdfSvg(discreteFigure()), gradientBlockSvg(matrixBlock), gradientBlockSvg(vectorBlock), scoreHistogramSvg([1, 2, 2, 3], 3)];
    expect(make()).toEqual(make());
    expect(new Set(make()).size).toBe(7);
  });

  it('skips NaN and ±Infinity, says so, and never writes "NaN"', () => {
    const continuous = continuousFigure();
    continuous.bins[2]!.observed = NaN;
    continuous.bins[3]!.expected = Infinity;
    continuous.bins[4]!.x1 = NaN;
    continuous.cdf[3]!.empirical = NaN;
    continuous.cdf[4]!.x = -Infinity;
    const histogram = samplerHistogramSvg(continuous);
    assertSvgBasics(histogram);
    expect(elements(histogram, 'bar', 'observed')).toHaveLength(continuous.bins.length - 2);
    expect(elements(histogram, 'caption', 'not-finite').length).toBeGreaterThan(0);
    const cdf = samplerCdfSvg(continuous);
    assertSvgBasics(cdf);
    expect(cdf).toContain('left out of the curves');

    const noGap = samplerCdfSvg(discreteFigure({ gap: { at: NaN, empirical: NaN, target: 0.5, distance: NaN }, epsilon: NaN }));
    assertSvgBasics(noGap);
    expect(elements(noGap, 'gap')).toHaveLength(0);
    expect(elements(noGap, 'band')).toHaveLength(0);
    expect(noGap).toContain('largest gap not marked');

    const matrix = gradientBlockSvg({ ...matrixBlock, student: [NaN, Infinity, 0.3, 0.4, 0.5, 0.6], allowed: [1e-6, 1e-6, NaN, 1e-6, 1e-6, 1e-6] });
    assertSvgBasics(matrix);
    // NaN and ∞ entries and a NaN allowance fail the check's `error <= allowed`, so they are outlined too.
    expect(cellsOf(matrix, 'out-of-tolerance').map((cell) => `${cell['data-row']},${cell['data-col']}`)).toEqual(['0,0', '0,1', '0,2']);
    expect(cellsOf(matrix, 'not-finite')).toHaveLength(2);

    const vector = gradientBlockSvg({ ...vectorBlock, student: [NaN, 0.5, -Infinity, 0] });
    assertSvgBasics(vector);
    expect(elements(vector, 'student').filter((e) => e['data-index'] !== undefined)).toHaveLength(2);
    expect(ringsOf(vector)).toHaveLength(2);
    expect(vector).toContain('not drawn, not finite numbers: z = -5, z = 1');

    const scores = scoreHistogramSvg([NaN, 1, Infinity, 2], NaN);
    assertSvgBasics(scores);
    expect(scores).toContain('2 scores not drawn');
  });

  it('draws empty and degenerate figures without failing', () => {
    const empty = continuousFigure({ bins: [], cdf: [], draws: 0, gap: { at: 0, empirical: 0, target: 0, distance: 0 } });
    const allNaN = discreteFigure({ bins: [{ x0: NaN, x1: NaN, observed: NaN, expected: NaN }], cdf: [{ x: NaN, empirical: NaN, target: NaN }] });
    const onePoint = continuousFigure({ bins: [{ x0: 1, x1: 1, observed: 5, expected: 5 }], cdf: [{ x: 1, empirical: 1, target: 1 }], gap: { at: 1, empirical: 1, target: 1, distance: 0 } });
    const svgs = [empty, allNaN, onePoint].flatMap((figure) => [samplerHistogramSvg(figure), samplerCdfSvg(figure)]);
    svgs.push(gradientBlockSvg({ name: 'W', rows: 0, cols: 0, student: [], numerical: [], allowed: [] }));
    svgs.push(gradientBlockSvg({ name: 'b', rows: 0, student: [], numerical: [], allowed: [] }));
    svgs.push(gradientBlockSvg({ name: 'b', rows: 3, student: [1], numerical: [], allowed: [] }));
    svgs.push(gradientBlockSvg({ name: 'W', rows: 1, cols: 1, student: [0], numerical: [0], allowed: [0] }));
    svgs.push(scoreHistogramSvg([5, 5, 5], 5), scoreHistogramSvg([0.25], 0.5));
    for (const svg of svgs) assertSvgBasics(svg);
  });

  it('formats numbers with a few significant digits, never as long floats', () => {
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(0.0064829088439)).toBe('0.00648');
    expect(formatNumber(200000)).toBe('200000');
    expect(formatNumber(-1.4e-11)).toBe('−1.4e−11');
    expect(formatNumber(NaN)).toBe('not a number');
    expect(px(12.345678)).toBe('12.3');
  });
});

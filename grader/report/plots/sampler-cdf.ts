/**
 * A sampler test's verdict in one picture: the empirical CDF F_n of the draws against the target's F, the band
 * F ± ε the test allows (DKW–Massart: sup|F_n − F| ≤ ε with the designed probability when the sampler is
 * right), and the largest gap, where the test measured sup|F_n − F|. A curve leaving the band is a failure.
 * Step curves for an integer target (both CDFs jump at each value k), straight segments between the figure's
 * few hundred points for a continuous one.
 */
import { extent } from 'd3-array';
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { area, curveLinear, curveStepAfter, line } from 'd3-shape';
import type { SamplerFigure } from '../../checks/figure.ts';
import {
  COLOURS,
  attributes,
  bottomAxis,
  captions,
  counted,
  dataNumber,
  formatNumber,
  isFiniteNumber,
  leftAxis,
  legend,
  linearTicks,
  plotFrame,
  svgDocument,
  type PlotFrame,
} from './svg-parts.ts';

type CdfPoint = SamplerFigure['cdf'][number];

/** The scales the picture uses; exported so tests can check where the gap marker sits. */
export interface SamplerCdfLayout {
  frame: PlotFrame;
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  /** The points drawn (finite x, increasing), with a last point repeated one step right for a step curve. */
  points: CdfPoint[];
  /** Whether the gap can be marked (all its numbers finite). */
  gapShown: boolean;
  notes: Array<{ kind: string; text: string; data?: Record<string, string> }>;
}

export function samplerCdfLayout(figure: SamplerFigure): SamplerCdfLayout {
  const finite = figure.cdf.filter((point) => isFiniteNumber(point.x));
  const { gap, epsilon } = figure;
  const gapShown = [gap.at, gap.empirical, gap.target, gap.distance].every(isFiniteNumber);

  // An integer target's CDFs are constant on [k, k + 1): the last step is drawn to k + 1.
  const last = finite.at(-1);
  const points = figure.discrete && last ? [...finite, { ...last, x: last.x + 1 }] : finite;
  let [lo, hi] = extent([...points.map((point) => point.x), ...(gapShown ? [gap.at] : [])]);
  if (lo === undefined || hi === undefined) [lo, hi] = [0, 1];
  if (!(hi > lo)) [lo, hi] = [lo - 0.5, hi + 0.5];

  const notes: SamplerCdfLayout['notes'] = [];
  notes.push(
    gapShown
      ? {
          kind: 'gap-label',
          text: `largest gap ${formatNumber(gap.distance)} at x = ${formatNumber(gap.at)} (ε = ${formatNumber(epsilon)})`,
          data: { 'data-distance': dataNumber(gap.distance), 'data-epsilon': dataNumber(epsilon) },
        }
      : { kind: 'gap-label', text: `largest gap not marked: ${formatNumber(gap.distance)} at x = ${formatNumber(gap.at)} is not a finite point` },
  );
  const missing = figure.cdf.length - finite.length + finite.filter((point) => !isFiniteNumber(point.empirical) || !isFiniteNumber(point.target)).length;
  if (missing > 0) notes.push({ kind: 'not-finite', text: `${counted(missing, 'point')} left out of the curves: not finite numbers` });
  if (!isFiniteNumber(epsilon)) notes.push({ kind: 'not-finite', text: `no band drawn: ε = ${formatNumber(epsilon)}` });

  const frame = plotFrame(notes.length);
  const x = scaleLinear().domain([lo, hi]).range([frame.left, frame.right]);
  const y = scaleLinear().domain([0, 1]).range([frame.bottom, frame.top]).clamp(true);
  return { frame, x, y, points, gapShown, notes };
}

export function samplerCdfSvg(figure: SamplerFigure): string {
  const layout = samplerCdfLayout(figure);
  const { frame, x, y, points } = layout;
  const { gap, epsilon } = figure;
  const curve = figure.discrete ? curveStepAfter : curveLinear;

  const curveOf = (value: (point: CdfPoint) => number) =>
    line<CdfPoint>()
      .defined((point) => isFiniteNumber(value(point)))
      .x((point) => x(point.x))
      .y((point) => y(value(point)))
      .curve(curve)
      .digits(1)(points) ?? '';
  const band = isFiniteNumber(epsilon)
    ? (area<CdfPoint>()
        .defined((point) => isFiniteNumber(point.target))
        .x((point) => x(point.x))
        .y0((point) => y(Math.max(0, point.target - epsilon)))
        .y1((point) => y(Math.min(1, point.target + epsilon)))
        .curve(curve)
        .digits(1)(points) ?? '')
    : '';

  const exceeds = layout.gapShown && !(gap.distance <= epsilon);
  const gapColour = exceeds ? COLOURS.gap : COLOURS.gapWithin;
  const gapData = {
    'data-at': dataNumber(gap.at),
    'data-empirical': dataNumber(gap.empirical),
    'data-target': dataNumber(gap.target),
    'data-distance': dataNumber(gap.distance),
    'data-epsilon': dataNumber(epsilon),
  };
  // A gap of 0.001 is a fraction of a pixel tall: a dashed guide across the plot shows where it is.
  const gapMarker = layout.gapShown
    ? [
        `<line${attributes({ class: 'gap-guide', x1: x(gap.at), x2: x(gap.at), y1: frame.top, y2: frame.bottom, stroke: gapColour, 'stroke-dasharray': '3 3', 'stroke-width': '1' })}/>`,
        `<line${attributes({ class: `gap ${exceeds ? 'exceeds' : 'within'}`, x1: x(gap.at), x2: x(gap.at), y1: y(gap.empirical), y2: y(gap.target), stroke: gapColour, 'stroke-width': '3', 'stroke-linecap': 'round', ...gapData })}/>`,
      ].join('')
    : '';

  const title = `Empirical CDF of ${formatNumber(figure.draws)} draws against the CDF of ${figure.target}, with the band ±ε = ${formatNumber(epsilon)}; largest gap ${formatNumber(gap.distance)} at x = ${formatNumber(gap.at)}`;
  const empirical = curveOf((point) => point.empirical);
  const target = curveOf((point) => point.target);
  return svgDocument({
    kind: `sampler-cdf ${figure.discrete ? 'discrete' : 'continuous'}`,
    frame,
    title,
    data: gapData,
    body: [
      leftAxis(frame, linearTicks(y, 5), 'F(x)'),
      band ? `<path class="band" d="${band}" fill="${COLOURS.band}" fill-opacity="0.45" stroke="none"${attributes({ 'data-epsilon': dataNumber(epsilon) })}/>` : '',
      target ? `<path class="target" d="${target}" fill="none" stroke="${COLOURS.target}" stroke-width="1.25"/>` : '',
      empirical ? `<path class="empirical" d="${empirical}" fill="none" stroke="${COLOURS.empirical}" stroke-width="1.5"/>` : '',
      gapMarker,
      bottomAxis(frame, linearTicks(x, 6, { integers: figure.discrete }), figure.discrete ? 'value k' : 'x'),
      legend(frame, [
        { kind: 'empirical', label: 'your draws', swatch: `<path d="M0,5h14" stroke="${COLOURS.empirical}" stroke-width="2"/>` },
        { kind: 'target', label: 'target F', swatch: `<path d="M0,5h14" stroke="${COLOURS.target}" stroke-width="1.5"/>` },
        { kind: 'band', label: 'F ± ε', swatch: `<rect width="14" height="10" fill="${COLOURS.band}" fill-opacity="0.45"/>` },
        { kind: 'gap', label: 'largest gap', swatch: `<path d="M7,0v10" stroke="${gapColour}" stroke-width="3"/>` },
      ]),
      captions(frame, layout.notes),
    ].filter(Boolean),
  });
}

/**
 * The view models of a student's report: everything a template shows, prepared here (truncated, escaped
 * where the format needs it, formulas rendered, figures drawn), so templates hold layout only.
 * Two views of the same data: HTML (text is escaped by Handlebars; `html` fields are markup we generated:
 * KaTeX's MathML and our SVG) and Markdown (every field already inert Markdown; rendered without escaping).
 * In both, the student's text shows its control characters as escapes (escape-control.ts), as a terminal
 * does: in a page a raw ESC or bidi override would garble or reorder what the student and staff read.
 */
import { escapeControl } from '../feedback/escape-control.ts';
import type { Fact } from '../checks/result.ts';
import type { Figure, GradientFigure, PropertyFigure, SamplerFigure } from '../checks/figure.ts';
import type { TestStatus } from '../batch/grades-file.ts';
import { showNumber } from '../feedback/show-value.ts';
import { hintHtml, plainMath } from './math.ts';
import { samplerHistogramSvg } from './plots/sampler-histogram.ts';
import { samplerCdfSvg } from './plots/sampler-cdf.ts';
import { gradientBlockSvg } from './plots/gradient-heatmap.ts';
import { mdBlock, mdCode, mdText } from './markdown-text.ts';
import { truncate, type Truncated } from './truncate.ts';
import type { AssignmentReportData, StudentReportData, TestReportData } from './report-data.ts';

/** How much of each untrusted text a report keeps (characters). */
export const TEXT_LIMITS = { line: 2_000, fact: 1_000, console: 4_000, warning: 1_000 };

export interface ReportMeta {
  /** When the grading happened, shown in the footer only (ISO 8601). */
  gradedAt: string;
  /** Where an assignment's handout page is, relative to the report (none: no link). */
  handoutHref?(assignment: string): string;
}

const STATUS_LABEL: Record<TestStatus, string> = { passed: 'passed', failed: 'failed', error: 'error', timeout: 'timed out' };

// ---------------------------------------------------------------------------------------------------------
// HTML

export interface TextView {
  text: string;
  note?: string;
}

export interface HtmlTestView {
  anchor: string;
  id: string;
  title: string;
  status: TestStatus;
  statusLabel: string;
  passed: boolean;
  score: number;
  max: number;
  hidden: boolean;
  summary: TextView;
  called?: TextView;
  expected?: TextView;
  received?: TextView;
  /** Diagnosis and hint as HTML (formulas as MathML). */
  diagnosisHtml?: string;
  hintHtml?: string;
  facts: Array<{ label: string; value: TextView }>;
  reproduce?: string;
  /** Anything to list under the summary (called, expected, received, facts, rerun). */
  hasDetails: boolean;
  figures: HtmlFigureView[];
}

export interface HtmlFigureView {
  kind: Figure['kind'];
  title: string;
  /** Inline SVG (ours). */
  svgs: string[];
  /** Numbers under the picture, label and value. */
  numbers: Array<{ label: string; value: string }>;
  /** Gradient checks: the worst entries. */
  worst?: Array<{ label: string; student: string; numerical: string; error: string; allowed: string; outside: boolean }>;
  /** Property tests: the counterexample (untrusted text). */
  counterexample?: TextView;
}

export interface HtmlAssignmentView {
  id: string;
  anchor: string;
  title: string;
  handoutHref?: string;
  score: number;
  max: number;
  standing: 'full' | 'partial' | 'zero';
  reason?: string;
  warnings: TextView[];
  passedCount: number;
  testCount: number;
  /** Empty when the assignment could not be graded test by test (`reason` says why). */
  tests: HtmlTestView[];
}

export interface HtmlStudentView {
  student: string;
  score: number;
  max: number;
  standing: 'full' | 'partial' | 'zero';
  status: StudentReportData['status'];
  reason?: string;
  testsRun: string;
  seed: number;
  graderVersion: string;
  notes: string[];
  assignments: HtmlAssignmentView[];
  console?: TextView & { totalBytes: number };
  gradedAt: string;
}

export function studentHtmlView(data: StudentReportData, meta: ReportMeta): HtmlStudentView {
  return {
    student: escapeControl(data.student),
    score: data.score,
    max: data.max,
    standing: standing(data.score, data.max),
    status: data.status,
    ...(data.reason === undefined ? {} : { reason: escapeControl(data.reason) }),
    testsRun: data.tests,
    seed: data.seed,
    graderVersion: data.graderVersion,
    notes: data.notes.map((note) => escapeControl(note)),
    assignments: data.assignments.map((assignment) => htmlAssignment(assignment, meta)),
    ...(data.console ? { console: { ...textView(data.console.text, TEXT_LIMITS.console), totalBytes: data.console.totalBytes } } : {}),
    gradedAt: meta.gradedAt,
  };
}

function htmlAssignment(assignment: AssignmentReportData, meta: ReportMeta): HtmlAssignmentView {
  return {
    id: assignment.id,
    anchor: anchorOf(assignment.id),
    title: assignment.title,
    ...(meta.handoutHref ? { handoutHref: meta.handoutHref(assignment.id) } : {}),
    score: assignment.score,
    max: assignment.max,
    standing: standing(assignment.score, assignment.max),
    ...(assignment.reason === undefined ? {} : { reason: escapeControl(assignment.reason) }),
    warnings: assignment.warnings.map((warning) => textView(warning, TEXT_LIMITS.warning)),
    passedCount: assignment.tests.filter((test) => test.status === 'passed').length,
    testCount: assignment.tests.length,
    // A missing or uncompilable file fails every test with the same sentence: said once, as the reason.
    tests: assignment.reason ? [] : assignment.tests.map((test) => htmlTest(assignment.id, test)),
  };
}

function htmlTest(assignment: string, test: TestReportData): HtmlTestView {
  const { feedback } = test;
  const facts = shownFacts(feedback.facts ?? [], feedback.figures ?? []);
  return {
    hasDetails: Boolean(feedback.called || feedback.expected || feedback.received || feedback.reproduce || facts.length > 0),
    anchor: anchorOf(`${assignment}--${test.id}`),
    id: test.id,
    title: test.title,
    status: test.status,
    ...verdictFields(test),
    summary: textView(feedback.summary, TEXT_LIMITS.line),
    ...optionalText('called', feedback.called),
    ...optionalText('expected', feedback.expected),
    ...optionalText('received', feedback.received),
    ...(feedback.diagnosis ? { diagnosisHtml: hintHtml(truncate(feedback.diagnosis, TEXT_LIMITS.line).text) } : {}),
    ...(feedback.hint ? { hintHtml: hintHtml(feedback.hint) } : {}),
    facts: facts.map((fact: Fact) => ({ label: fact.label, value: textView(fact.value, TEXT_LIMITS.fact) })),
    ...(feedback.reproduce ? { reproduce: feedback.reproduce } : {}),
    figures: (feedback.figures ?? []).map(htmlFigure),
  };
}

/**
 * A sampler figure lists the gap, the false-failure probability and the power under its pictures: the
 * same facts are not repeated above them.
 */
function shownFacts(facts: Fact[], figures: Figure[]): Fact[] {
  if (!figures.some((figure) => figure.kind === 'sampler')) return facts;
  return facts.filter((fact) => !/^(largest CDF gap|designed false-failure probability|power against )/.test(fact.label));
}

function htmlFigure(figure: Figure): HtmlFigureView {
  switch (figure.kind) {
    case 'sampler':
      return { kind: 'sampler', title: `${figure.draws} draws against ${figure.target}`, svgs: [samplerHistogramSvg(figure), samplerCdfSvg(figure)], numbers: samplerNumbers(figure) };
    case 'gradient':
      return {
        kind: 'gradient',
        title: figure.called,
        svgs: figure.blocks.map((block) => gradientBlockSvg(block)),
        numbers: figure.diagnosis ? [{ label: 'diagnosed pattern', value: figure.diagnosis.pattern }] : [],
        worst: worstRows(figure),
      };
    case 'property':
      return { kind: 'property', title: `counterexample to ${figure.property}`, svgs: [], numbers: propertyNumbers(figure), counterexample: textView(figure.counterexample, TEXT_LIMITS.fact) };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Markdown: every string below is inert Markdown already.

export interface MarkdownTestView {
  id: string;
  title: string;
  /** The verdict in words: "Passed", "Failed", "Failed: timed out", "Failed: your code gave no usable value (…)". */
  verdict: string;
  statusLabel: string;
  passed: boolean;
  score: number;
  max: number;
  hidden: boolean;
  summary: string;
  /** Label and Markdown value lines: called, expected, received, diagnosis, hint, facts, rerun. */
  lines: Array<{ label: string; value: string }>;
  /** Figures as Markdown (tables and code), one string each. */
  figures: string[];
}

export interface MarkdownStudentView {
  student: string;
  score: number;
  max: number;
  reason?: string;
  testsRun: string;
  seed: number;
  graderVersion: string;
  notes: string[];
  assignments: Array<{ id: string; title: string; score: number; max: number; reason?: string; warnings: string[]; tests: MarkdownTestView[] }>;
  console?: { block: string; note?: string; totalBytes: number };
  gradedAt: string;
}

export function studentMarkdownView(data: StudentReportData, meta: ReportMeta): MarkdownStudentView {
  return {
    student: mdText(data.student),
    score: data.score,
    max: data.max,
    ...(data.reason ? { reason: mdText(data.reason) } : {}),
    testsRun: data.tests,
    seed: data.seed,
    graderVersion: mdText(data.graderVersion),
    notes: data.notes.map(mdText),
    assignments: data.assignments.map((assignment) => ({
      id: assignment.id,
      title: mdText(assignment.title),
      score: assignment.score,
      max: assignment.max,
      ...(assignment.reason ? { reason: mdText(assignment.reason) } : {}),
      warnings: assignment.warnings.map((warning) => mdInline(warning, TEXT_LIMITS.warning)),
      tests: assignment.tests.map(markdownTest),
    })),
    ...(data.console ? { console: consoleMarkdown(data.console) } : {}),
    gradedAt: meta.gradedAt,
  };
}

export function markdownTest(test: TestReportData): MarkdownTestView {
  const { feedback } = test;
  const lines: MarkdownTestView['lines'] = [];
  const code = (label: string, value: string | undefined) => {
    if (value !== undefined) lines.push({ label, value: mdCodeCut(value, TEXT_LIMITS.line) });
  };
  code('called', feedback.called);
  if (feedback.expected !== undefined) lines.push({ label: 'expected', value: mdInline(feedback.expected, TEXT_LIMITS.line) });
  if (feedback.received !== undefined) lines.push({ label: 'received', value: mdInline(feedback.received, TEXT_LIMITS.line) });
  // Diagnosis and hint are the grader's own text, with formulas in $…$ (Markdown renderers with math show them).
  if (feedback.diagnosis) lines.push({ label: 'diagnosis', value: mdInline(plainMath(feedback.diagnosis), TEXT_LIMITS.line) });
  if (feedback.hint) lines.push({ label: 'hint', value: mdInline(plainMath(feedback.hint), TEXT_LIMITS.line) });
  for (const fact of feedback.facts ?? []) lines.push({ label: mdText(fact.label), value: mdInline(fact.value, TEXT_LIMITS.fact) });
  code('rerun', feedback.reproduce);
  return {
    id: test.id,
    title: mdText(test.title),
    verdict: verdictInWords(test),
    ...verdictFields(test),
    summary: mdInline(feedback.summary, TEXT_LIMITS.line),
    lines,
    figures: (feedback.figures ?? []).map(markdownFigure),
  };
}

/** What both views show of a test's verdict and points. */
function verdictFields(test: TestReportData): { statusLabel: string; passed: boolean; score: number; max: number; hidden: boolean } {
  return { statusLabel: STATUS_LABEL[test.status], passed: test.status === 'passed', score: test.score, max: test.max, hidden: test.visibility === 'hidden' };
}

function verdictInWords(test: TestReportData): string {
  switch (test.status) {
    case 'passed':
      return 'Passed';
    case 'failed':
      return 'Failed';
    case 'timeout':
      return 'Failed: timed out';
    case 'error':
      return test.reason ? `Failed: your code gave no usable value (${test.reason.replace(/-/g, ' ')})` : 'Failed';
  }
}

function markdownFigure(figure: Figure): string {
  switch (figure.kind) {
    case 'sampler':
      return table(['', ''], samplerNumbers(figure).map((entry) => [mdText(entry.label), mdText(entry.value)]), `${figure.draws} draws against ${mdText(figure.target)}`);
    case 'gradient': {
      const rows = worstRows(figure).map((row) => [mdText(row.label), row.student, row.numerical, row.error, row.allowed]);
      const head = figure.diagnosis ? `diagnosed pattern: **${mdText(figure.diagnosis.pattern)}**\n\n` : '';
      return `${head}${table(['entry', 'yours', 'numerical', '|difference|', 'allowed'], rows, `worst entries of ${mdCode(figure.called)}`)}`;
    }
    case 'property':
      return `counterexample to ${mdText(figure.property)} (fast-check seed ${figure.seed}, path ${mdCode(figure.path)}, ${figure.runs} runs, ${figure.shrinks} shrinks):\n\n${mdBlock(truncateWithNote(figure.counterexample, TEXT_LIMITS.fact))}`;
  }
}

function table(head: string[], rows: string[][], caption: string): string {
  const lines = [`${caption}:`, '', `| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)];
  return lines.join('\n');
}

function consoleMarkdown(console: { text: string; totalBytes: number }): { block: string; note?: string; totalBytes: number } {
  const cut = truncate(console.text, TEXT_LIMITS.console);
  return { block: mdBlock(cut.text), ...(cut.note ? { note: cut.note } : {}), totalBytes: console.totalBytes };
}

// ---------------------------------------------------------------------------------------------------------
// Shared

function samplerNumbers(figure: SamplerFigure): Array<{ label: string; value: string }> {
  return [
    { label: 'largest gap sup|F_n − F|', value: `${showNumber(figure.gap.distance)} at x = ${showNumber(figure.gap.at)} (F_n = ${showNumber(figure.gap.empirical)}, F = ${showNumber(figure.gap.target)})` },
    { label: 'threshold ε (the band)', value: `${showNumber(figure.epsilon)}: ${figure.gap.distance <= figure.epsilon ? 'inside' : 'outside'}` },
    { label: 'designed false-failure probability', value: `≤ ${showNumber(figure.falseFailure)}` },
    ...figure.power.map((entry) => ({ label: `power against ${entry.alternative}`, value: `≥ ${entry.power >= 0.999999 ? '0.999999' : showNumber(entry.power)}` })),
    ...(figure.outside.below + figure.outside.above > 0 ? [{ label: 'draws outside the plotted range', value: `${figure.outside.below} below, ${figure.outside.above} above` }] : []),
  ];
}

function propertyNumbers(figure: PropertyFigure): Array<{ label: string; value: string }> {
  return [
    { label: 'fast-check seed', value: String(figure.seed) },
    { label: 'path', value: figure.path },
    { label: 'runs before failing, shrinks', value: `${figure.runs}, ${figure.shrinks}` },
  ];
}

function worstRows(figure: GradientFigure) {
  return figure.worst.map((entry) => ({
    label: entry.label,
    student: showNumber(entry.student),
    numerical: showNumber(entry.numerical),
    error: showNumber(entry.error),
    allowed: showNumber(entry.allowed),
    outside: !(entry.error <= entry.allowed),
  }));
}

function textView(text: string, limit: number): TextView {
  const cut: Truncated = truncate(text, limit);
  const shown = escapeControl(cut.text, { lines: 'keep' });
  return cut.note ? { text: shown, note: cut.note } : { text: shown };
}

function optionalText<K extends 'called' | 'expected' | 'received'>(key: K, text: string | undefined): Partial<Record<K, TextView>> {
  return text === undefined ? {} : ({ [key]: textView(text, TEXT_LIMITS.line) } as Partial<Record<K, TextView>>);
}

function truncateWithNote(text: string, limit: number): string {
  const cut = truncate(text, limit);
  return cut.note ? `${cut.text}\n${cut.note}` : cut.text;
}

function mdInline(text: string, limit: number): string {
  const cut = truncate(text, limit);
  return cut.note ? `${mdText(cut.text)} *(${mdText(cut.note)})*` : mdText(cut.text);
}

function mdCodeCut(text: string, limit: number): string {
  const cut = truncate(text, limit);
  return cut.note ? `${mdCode(cut.text)} *(${mdText(cut.note)})*` : mdCode(cut.text);
}

function standing(score: number, max: number): 'full' | 'partial' | 'zero' {
  return score >= max && max > 0 ? 'full' : score > 0 ? 'partial' : 'zero';
}

/** An id usable as an HTML anchor whatever the text (assignment and test ids are kebab-case already). */
function anchorOf(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '-');
}


/**
 * The reports in a real browser (Debian's chromium, driven by playwright-core): a small class graded by
 * `grader batch`, then each student's report.html and the class index opened from disk as a student and a
 * TA open them. What a page must do there: show the numbers grades.json holds, draw its plots, show
 * formulas as MathML, show a student's hostile text as text (no dialog, no script), cut a flood of output
 * with a note, never scroll sideways, log no error and fetch nothing at all. The index must sort and
 * filter its table, and stay usable at 1 000 students (rendered directly from a fabricated grades file).
 *
 * UPDATE_SCREENSHOTS=1 also writes the README's pictures to docs/screenshots/ (nothing is written into the
 * project otherwise; the committed ones went through `pngquant --quality 80-95`, a third of the size).
 * Without /usr/bin/chromium the test is skipped, except under CI, where it must run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { fixturesDir, projectRoot } from '../../grader/paths.ts';
import { RUN_KEY, type GradesFile, type StudentGrades } from '../../grader/batch/grades-file.ts';
import { assignments } from '../../assignments/index.ts';
import { classView } from '../../grader/report/class-view.ts';
import { renderClassIndex } from '../../grader/report/render-class.ts';
import { loadTemplates } from '../../grader/report/templates.ts';
import { tempFolder } from '../batch/build-class.ts';
import { fabricatedClass } from '../../grader/bench/fabricated-class.ts';

const CHROMIUM = '/usr/bin/chromium';
const skipReason = existsSync(CHROMIUM) || process.env.CI ? undefined : `${CHROMIUM} not found: apt-get install chromium (under CI=true this test fails instead)`;
if (skipReason) console.warn(`test/report/browser.test.ts skipped: ${skipReason}`);

/** A fixed footer time (2026-11-23T12:00:00Z): the pages, and the screenshots, are the same on every run. */
const SOURCE_DATE_EPOCH = '1795435200';
const VIEWPORT = { width: 1200, height: 900 };
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? join(projectRoot, 'docs', 'screenshots') : undefined;

/**
 * The hostile student: HTML in their name (the folder's: any characters but "/") and in a thrown message,
 * and a flood of output with no space to wrap at. Were any of it markup, the image would fetch "x" and run
 * its handler, and the script would open a dialog: the request and dialog listeners would see them.
 */
const HOSTILE = 'mallory <img src=x onerror=alert(2)>';
const HOSTILE_MESSAGE = '<script>alert(1)</script>';
const PRINTED = '0123456789'.repeat(1_000);
const HOSTILE_SOURCE = `// Correct but for reluDerivative, which throws an Error whose message is HTML; loading prints 10 000 characters.
console.log(${JSON.stringify(PRINTED)});

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

export function sigmoidDerivative(z: number): number {
  const s = sigmoid(z);
  return s * (1 - s);
}

export function tanhDerivative(z: number): number {
  const t = Math.tanh(z);
  return 1 - t * t;
}

export function reluDerivative(z: number): number {
  throw new Error(${JSON.stringify(HOSTILE_MESSAGE)});
}
`;

/**
 * The class: Ada from fixtures/class (full marks), two students handing in files of fixture submissions
 * with known mistakes (each file's folder has the expected.json that says which tests fail), and the
 * hostile one. Four students on two jobs grade in ~15 s on a quiet machine (2 minutes for fixtures/class).
 */
const ADA = 'class/Ada Lovelace';
const HANDED_IN: Record<string, Record<string, string>> = {
  'Ada Lovelace': { 'sigmoid-derivative': ADA, 'two-layer-backprop': ADA, 'softmax-ce-gradient': ADA, 'inverse-transform-sampling': ADA },
  grace: { 'sigmoid-derivative': ADA, 'two-layer-backprop': ADA, 'softmax-ce-gradient': 'submissions/sm-missing-sigmoid-factor', 'inverse-transform-sampling': 'submissions/its-rate-as-scale' },
  kurt: { 'two-layer-backprop': 'submissions/tl-wrong-sign', 'inverse-transform-sampling': 'submissions/its-poisson-off-by-one' },
};

/** The page's globals used by the functions run in it (the project compiles without the DOM library). */
declare const document: { scripts: { length: number } };
interface TableRow {
  hidden: boolean;
  offsetParent: unknown;
  cells: ArrayLike<{ textContent: string | null; getAttribute(name: string): string | null }>;
}

interface Expected {
  expect: Record<string, { fail: string[] }>;
}

let classDir: string;
let out: string;
let grades: GradesFile;
let context: BrowserContext;
let profileDir: string;

beforeAll(async () => {
  if (skipReason) return;
  if (!existsSync(CHROMIUM)) throw new Error(`CI: ${CHROMIUM} is missing; .ci/run installs it with apt-get (Debian's chromium package)`);
  classDir = tempFolder('numgrade-browser-class-');
  for (const [student, files] of Object.entries(HANDED_IN)) {
    mkdirSync(join(classDir, student));
    for (const [assignment, source] of Object.entries(files)) cpSync(join(fixturesDir, source, `${assignment}.ts`), join(classDir, student, `${assignment}.ts`));
  }
  mkdirSync(join(classDir, HOSTILE));
  writeFileSync(join(classDir, HOSTILE, 'sigmoid-derivative.ts'), HOSTILE_SOURCE);
  out = tempFolder('numgrade-browser-out-');
  const started = performance.now();
  // Rejects, with the batch's stderr, unless it exits 0.
  await promisify(execFile)(process.execPath, [join(projectRoot, 'grader', 'bin', 'grader.mjs'), 'batch', classDir, '--out', out, '--jobs', '2'], {
    cwd: projectRoot,
    env: { ...process.env, CI: 'true', SOURCE_DATE_EPOCH },
    maxBuffer: 16 * 1024 * 1024,
  });
  grades = JSON.parse(readFileSync(join(out, 'grades.json'), 'utf8')) as GradesFile;
  profileDir = tempFolder('numgrade-chromium-profile-');
  // A persistent context is how playwright takes a --user-data-dir (a fresh folder: no state between runs).
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    viewport: VIEWPORT,
    deviceScaleFactor: 1,
  });
  console.log(`grader batch on ${Object.keys(grades).length - 1} students: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}, 180_000);

afterAll(async () => {
  await context?.close();
  for (const folder of [classDir, out, profileDir]) if (folder) rmSync(folder, { recursive: true, force: true });
});

/** A page opened from disk with everything it does recorded: requests, console errors, dialogs. */
interface Visit {
  page: Page;
  url: string;
  requests: string[];
  errors: string[];
  dialogs: string[];
  /** performance timing of the document, ms from navigation start. */
  timing: { domContentLoaded: number; load: number };
}

async function visit(file: string): Promise<Visit> {
  const page = await context.newPage();
  const url = pathToFileURL(file).href;
  const visited: Visit = { page, url, requests: [], errors: [], dialogs: [], timing: { domContentLoaded: 0, load: 0 } };
  page.on('request', (request) => visited.requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') visited.errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => visited.errors.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    visited.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(url, { waitUntil: 'load' });
  visited.timing = await page.evaluate<Visit['timing']>(`(() => {
    const entry = performance.getEntriesByType('navigation')[0];
    return { domContentLoaded: entry.domContentLoadedEventEnd, load: entry.loadEventEnd };
  })()`);
  return visited;
}

/** What every page must do: fetch nothing, log no error, open no dialog, never scroll sideways. */
async function expectWellBehaved(visited: Visit): Promise<void> {
  expect(visited.requests, 'requests other than the document itself').toEqual([visited.url]);
  expect(visited.errors).toEqual([]);
  expect(visited.dialogs).toEqual([]);
  const width = await visited.page.evaluate<{ scroll: number; client: number; culprits: string[] }>(`(() => {
    const client = document.documentElement.clientWidth;
    const beyond = (element) => element.getBoundingClientRect().right > client + 1;
    // The outermost elements that reach past the window: what to fix when the page scrolls sideways.
    const culprits = [...document.body.querySelectorAll('*')]
      .filter((element) => beyond(element) && !beyond(element.parentElement))
      .slice(0, 5)
      .map((element) => element.tagName.toLowerCase() + (element.id ? '#' + element.id : '') + (element.classList.length ? '.' + [...element.classList].join('.') : '') + ' (' + Math.round(element.getBoundingClientRect().width) + ' px)');
    return { scroll: document.documentElement.scrollWidth, client, culprits };
  })()`);
  expect(width.scroll, `the page scrolls sideways (${width.scroll} px wide in a ${width.client} px window): ${width.culprits.join(', ')}`).toBeLessThanOrEqual(width.client + 1);
}

function studentsOf(file: GradesFile): Record<string, StudentGrades> {
  return Object.fromEntries(Object.entries(file).filter(([key]) => key !== RUN_KEY)) as Record<string, StudentGrades>;
}

function reportPath(student: string): string {
  return join(out, grades[RUN_KEY].students[student]!.folder, 'report.html');
}

async function screenshot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
}

describe.skipIf(skipReason !== undefined)(skipReason ? `reports in a browser (skipped: ${skipReason})` : 'reports in a browser', () => {
  it('each student page shows the scores of grades.json, test by test, and the expected failures', async () => {
    const students = studentsOf(grades);
    expect(Object.keys(students).sort()).toEqual(['Ada Lovelace', 'grace', 'kurt', HOSTILE]);
    for (const [student, byAssignment] of Object.entries(students)) {
      const visited = await visit(reportPath(student));
      const { page } = visited;
      const score = Object.values(byAssignment).reduce((sum, grade) => sum + grade.score, 0);
      const max = Object.values(byAssignment).reduce((sum, grade) => sum + grade.max, 0);
      const total = page.locator('.total');
      expect(await total.getAttribute('data-score')).toBe(String(score));
      expect(await total.getAttribute('data-max')).toBe(String(max));
      expect(await total.innerText()).toContain(`${score} / ${max}`);
      expect(await page.locator('h1').innerText()).toBe(student);
      for (const [assignment, grade] of Object.entries(byAssignment)) {
        const section = page.locator(`section.assignment[data-assignment="${assignment}"]`);
        expect(await section.locator('h2').innerText(), `${student} / ${assignment}`).toContain(`${grade.score} / ${grade.max}`);
        const shown = await section.locator('details.test').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-status')));
        if (grade.reason) {
          // A missing or uncompilable file: the reason once, not the same sentence in every test.
          expect(shown, `${student} / ${assignment}: no test by test list`).toEqual([]);
          expect(await section.locator('.reason').innerText()).toContain(grade.reason);
        } else {
          expect(shown, `${student} / ${assignment}: one <details> per test, in order, with its status`).toEqual(grade.tests.map((test) => test.status));
        }
      }
      for (const [assignment, source] of Object.entries(HANDED_IN[student] ?? {})) {
        const expected = JSON.parse(readFileSync(join(fixturesDir, source, 'expected.json'), 'utf8')) as Expected;
        const failing = await page.locator(`section.assignment[data-assignment="${assignment}"] details.test:not([data-status="passed"])`).evaluateAll((nodes) => nodes.map((node) => node.id));
        expect(failing.sort(), `${student} / ${assignment} (from ${source})`).toEqual(expected.expect[assignment]!.fail.map((id) => `${assignment}--${id}`).sort());
      }
      if (student === 'Ada Lovelace') {
        expect(score).toBe(78);
        expect(await page.locator('details.test[open]').count(), 'a passed test starts closed').toBe(0);
      }
      expect(await page.locator('footer').innerText()).toContain(new Date(Number(SOURCE_DATE_EPOCH) * 1000).toISOString());
      await expectWellBehaved(visited);
      await page.close();
    }
  });

  it.each([
    { student: 'grace', test: 'inverse-transform-sampling--exponential-distribution', kind: 'continuous' },
    { student: 'kurt', test: 'inverse-transform-sampling--poisson-distribution', kind: 'discrete' },
  ])("draws a failing sampler's histogram and CDFs with the largest gap and the band ($student, $kind)", async ({ student, test, kind }) => {
    const visited = await visit(reportPath(student));
    const figure = visited.page.locator(`details.test[data-status="failed"]#${test} figure.sampler`);
    expect(await figure.count()).toBe(1);
    expect(await figure.locator('svg').count()).toBe(2);
    const histogram = figure.locator(`svg.sampler-histogram.${kind}`);
    const cdf = figure.locator(`svg.sampler-cdf.${kind}`);
    expect(await histogram.locator('.bar').count(), 'histogram bars').toBeGreaterThan(5);
    expect(await cdf.locator('.gap').count(), 'the gap marker').toBe(1);
    expect(await cdf.locator('.gap').getAttribute('class')).toMatch(/\bexceeds\b/);
    expect(await cdf.locator('.band').count(), 'the band ±ε').toBe(1);
    for (const svg of [histogram, cdf]) {
      const box = await svg.boundingBox();
      expect(box!.width, 'drawn at a readable size').toBeGreaterThan(300);
      expect(box!.height).toBeGreaterThan(150);
    }
    if (student === 'grace') await screenshot(visited.page, 'student-report.png');
    await expectWellBehaved(visited);
    await visited.page.close();
  });

  it.each([
    { student: 'kurt', test: 'two-layer-backprop--gradient-theta-h', diagnosis: 'opposite sign' },
    { student: 'grace', test: 'softmax-ce-gradient--gradients-W-b', diagnosis: 'missing Z ⊙ (1 − Z) factor' },
  ])('draws a wrong gradient as a heat map, with the worst entries and the diagnosis ($student: $diagnosis)', async ({ student, test, diagnosis }) => {
    const visited = await visit(reportPath(student));
    const details = visited.page.locator(`#${test}`);
    expect(await details.getAttribute('data-status')).toBe('failed');
    const figure = details.locator('figure.gradient');
    const heatmap = figure.locator('svg.gradient-block.matrix');
    expect(await heatmap.count(), 'a heat map per matrix block').toBeGreaterThan(0);
    expect(await heatmap.locator('rect.cell.out-of-tolerance').count(), 'entries outside their allowance, outlined').toBeGreaterThan(0);
    expect((await heatmap.first().boundingBox())!.width).toBeGreaterThan(200);
    expect(await figure.locator('table.worst tbody tr.outside').count()).toBeGreaterThan(0);
    expect(await details.locator('.diagnosis').innerText()).toContain(diagnosis);
    await expectWellBehaved(visited);
    await visited.page.close();
  });

  it('shows the formulas of hints and diagnoses as MathML', async () => {
    const visited = await visit(reportPath('kurt'));
    const formulas = visited.page.locator('.hint math, .diagnosis math');
    expect(await formulas.count()).toBeGreaterThan(0);
    expect(await formulas.first().isVisible()).toBe(true);
    // KaTeX writes MathML only (no HTML rendering, so no stylesheet or font to fetch).
    expect(await visited.page.locator('.katex-html').count()).toBe(0);
    await expectWellBehaved(visited);
    await visited.page.close();
  });

  it("shows a student's HTML as text, runs no script, and cuts a flood of output with a note", async () => {
    const visited = await visit(reportPath(HOSTILE));
    const { page } = visited;
    const thrown = page.locator('details.test[data-status="error"]').filter({ hasText: HOSTILE_MESSAGE });
    expect(await thrown.count()).toBeGreaterThan(0);
    expect(await thrown.first().locator('.summary').isVisible()).toBe(true);
    expect(await thrown.first().locator('.summary').innerText()).toContain(`reluDerivative threw Error: ${HOSTILE_MESSAGE}`);
    expect(await page.evaluate(() => document.scripts.length)).toBe(0);
    const printed = page.locator('section.console pre');
    expect(await printed.isVisible()).toBe(true);
    const note = await printed.locator('.cut').innerText();
    const cut = Number(/… ([\d ]+) more characters? cut/.exec(note)?.[1]?.replace(/ /g, ''));
    const kept = (await printed.innerText()).replace(note, '').replace(/\s+$/, '');
    expect(kept.startsWith(PRINTED.slice(0, 100))).toBe(true);
    expect(kept.length, 'at most 4 000 characters kept').toBeLessThanOrEqual(4_000);
    expect(kept.length + cut, 'the note says how much was cut').toBeGreaterThanOrEqual(PRINTED.length);
    const box = await printed.boundingBox();
    expect(box!.width).toBeLessThanOrEqual(VIEWPORT.width);
    await expectWellBehaved(visited);
    // On a phone's width, too, nothing scrolls sideways.
    await page.setViewportSize({ width: 390, height: 800 });
    await expectWellBehaved(visited);
    await page.close();
  });

  it('the class index sorts by total and filters by student', async () => {
    const visited = await visit(join(out, 'index.html'));
    const { page } = visited;
    console.log(`class index (${Object.keys(studentsOf(grades)).length} students): DOMContentLoaded ${visited.timing.domContentLoaded.toFixed(0)} ms, load ${visited.timing.load.toFixed(0)} ms`);
    expect(await page.locator('svg').count(), 'a score histogram per assignment').toBeGreaterThanOrEqual(assignmentsRun().length);
    const totals = Object.fromEntries(Object.entries(studentsOf(grades)).map(([student, byAssignment]) => [student, Object.values(byAssignment).reduce((sum, grade) => sum + grade.score, 0)]));
    const rows = await tableRows(page);
    expect(rows.map((row) => row.student).sort()).toEqual(Object.keys(totals).sort());
    for (const row of rows) expect(row.total, row.student).toBe(totals[row.student]);
    await expectSortsByTotal(page);
    await screenshot(page, 'class-index.png');

    const filter = page.locator('#filter');
    await filter.fill('GRA');
    expect(await page.locator('#shown').innerText()).toBe('1');
    expect((await visibleRows(page)).map((row) => row.student)).toEqual(['grace']);
    await filter.fill('');
    expect(await page.locator('#shown').innerText()).toBe(String(rows.length));
    await page.locator('#status-filter').selectOption('ungradable');
    expect(await page.locator('#shown').innerText()).toBe('0');
    expect(await visibleRows(page)).toEqual([]);
    await page.locator('#status-filter').selectOption('');
    const link = page.locator('#students a', { hasText: 'Ada Lovelace' });
    expect(new URL((await link.getAttribute('href'))!, visited.url).href).toBe(pathToFileURL(reportPath('Ada Lovelace')).href);
    await expectWellBehaved(visited);
    await page.close();
  });

  it('an index of 1 000 students loads, sorts and filters', async () => {
    const document = fabricatedClass(1_000);
    const view = classView(document, assignments, { gradedAt: '2026-11-23T12:00:00.000Z', reportHref: (id) => `${encodeURIComponent(id)}/report.html` });
    const html = renderClassIndex(view, loadTemplates());
    const file = join(out, 'synthetic-index.html');
    writeFileSync(file, html);
    const visited = await visit(file);
    const { page } = visited;
    expect(await page.locator('#students tbody tr').count()).toBe(1_000);
    const sortStarted = Date.now();
    await expectSortsByTotal(page);
    const sortMs = (Date.now() - sortStarted) / 2;
    console.log(`synthetic index, 1 000 students (${(html.length / 1024).toFixed(0)} KiB): DOMContentLoaded ${visited.timing.domContentLoaded.toFixed(0)} ms, load ${visited.timing.load.toFixed(0)} ms; one sort, with the checks around it, ~${sortMs.toFixed(0)} ms`);
    await page.locator('#filter').fill('student-007');
    expect(await page.locator('#shown').innerText()).toBe('10');
    expect((await visibleRows(page)).every((row) => row.student.startsWith('student-007'))).toBe(true);
    await expectWellBehaved(visited);
    await page.close();
  });
});

function assignmentsRun(): string[] {
  return grades[RUN_KEY].assignments;
}

interface Row {
  student: string;
  total: number;
}

async function tableRows(page: Page, onlyVisible = false): Promise<Row[]> {
  return page.locator('#students tbody tr').evaluateAll((nodes, visibleOnly) => {
    return (nodes as unknown as TableRow[])
      .filter((row) => !visibleOnly || (!row.hidden && row.offsetParent !== null))
      .map((row) => ({ student: row.cells[0]!.textContent!.trim(), total: Number(row.cells[row.cells.length - 2]!.getAttribute('data-sort')) }));
  }, onlyVisible);
}

function visibleRows(page: Page): Promise<Row[]> {
  return tableRows(page, true);
}

/** Clicks the total's head: descending first (the script starts a number column high to low), then ascending. */
async function expectSortsByTotal(page: Page): Promise<void> {
  // By the button's text: its accessible name gains the ▲/▼ that CSS adds once the column is sorted.
  const head = page.locator('#students thead th', { has: page.locator('button', { hasText: /^total$/ }) });
  const before = await tableRows(page);
  for (const order of ['descending', 'ascending'] as const) {
    await head.getByRole('button').click();
    expect(await head.getAttribute('aria-sort')).toBe(order);
    const totals = (await tableRows(page)).map((row) => row.total);
    const sorted = [...totals].sort((a, b) => (order === 'ascending' ? a - b : b - a));
    expect(totals, `rows in ${order} order of total`).toEqual(sorted);
    expect(totals.length).toBe(before.length);
  }
  expect((await tableRows(page)).map((row) => row.student), 'sorting moved the rows').not.toEqual(before.map((row) => row.student));
}

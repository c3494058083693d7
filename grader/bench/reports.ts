/**
 * How long reports take: rendering a student's report (from a real grading of a fixture submission), and
 * a class index of 1 000 students rendered, then opened in headless Chromium (DOMContentLoaded and load)
 * and sorted by total. Needs /usr/bin/chromium (Debian's package; .ci/run installs it) for the page part.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { assignments } from '../../assignments/index.ts';
import { gradeSubmission } from '../grading/grade-submission.ts';
import { DEFAULT_GRADING_SEED } from '../grading/seed.ts';
import { fixturesDir } from '../paths.ts';
import { reportFromOutcome } from '../report/report-data.ts';
import { renderStudentReport } from '../report/render-student.ts';
import { classView } from '../report/class-view.ts';
import { renderClassIndex } from '../report/render-class.ts';
import { loadTemplates } from '../report/templates.ts';
import { fabricatedClass } from './fabricated-class.ts';
import { median } from './median.ts';

const CHROMIUM = '/usr/bin/chromium';

export async function benchReports(log: (line: string) => void): Promise<void> {
  const templates = loadTemplates();
  // A student with failing sampler and gradient tests: the most pictures a report draws.
  const outcome = await gradeSubmission(join(fixturesDir, 'submissions', 'correct-a'), assignments, { gradingSeed: DEFAULT_GRADING_SEED });
  const data = reportFromOutcome(outcome, { student: 'correct-a', seed: DEFAULT_GRADING_SEED, graderVersion: 'bench', tests: 'public and hidden' });
  const renders: number[] = [];
  let size = 0;
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    const rendered = renderStudentReport(data, templates, { gradedAt: 'bench' });
    renders.push(performance.now() - started);
    size = rendered.html.length;
  }
  log(`student report (37 tests, ${data.assignments.flatMap((a) => a.tests).filter((t) => t.feedback.figures).length} with pictures): render ${median(renders).toFixed(1)} ms (median of 20), ${(size / 1024).toFixed(0)} KiB`);

  const grades = fabricatedClass(1_000);
  const started = performance.now();
  const html = renderClassIndex(classView(grades, assignments, { gradedAt: 'bench', reportHref: (id) => `${id}/report.html` }), templates);
  log(`class index, 1 000 students: render ${(performance.now() - started).toFixed(0)} ms, ${(html.length / 1024).toFixed(0)} KiB`);
  if (!existsSync(CHROMIUM)) {
    log(`class index in a browser: skipped (${CHROMIUM} is missing)`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'numgrade-bench-index-'));
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
  try {
    writeFileSync(join(dir, 'index.html'), html);
    const loads: Array<{ domContentLoaded: number; load: number; sort: number }> = [];
    for (let i = 0; i < 5; i++) {
      const page = await context.newPage();
      await page.goto(pathToFileURL(join(dir, 'index.html')).href, { waitUntil: 'load' });
      // Page code as text: this project's type-check has no DOM library.
      const timing = (await page.evaluate(`(() => { const e = performance.getEntriesByType('navigation')[0]; return { domContentLoaded: e.domContentLoadedEventEnd, load: e.loadEventEnd }; })()`)) as { domContentLoaded: number; load: number };
      const sort = (await page.evaluate(`(async () => {
        const button = [...document.querySelectorAll('#students th button')].find((b) => b.textContent === 'total');
        const before = performance.now();
        button.click();
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
        return performance.now() - before;
      })()`)) as number;
      loads.push({ ...timing, sort });
      await page.close();
    }
    log(`class index, 1 000 students, in Chromium (median of 5): DOMContentLoaded ${median(loads.map((l) => l.domContentLoaded)).toFixed(0)} ms, load ${median(loads.map((l) => l.load)).toFixed(0)} ms, sort by total ${median(loads.map((l) => l.sort)).toFixed(0)} ms`);
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

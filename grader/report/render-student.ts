/**
 * A student's report.html and report.md from the report data: pure (the same data, templates and time give
 * the same bytes); the time appears in the footer only.
 */
import type { ReportTemplates } from './templates.ts';
import type { StudentReportData, TestReportData } from './report-data.ts';
import { markdownTest, studentHtmlView, studentMarkdownView, type ReportMeta } from './student-view.ts';

export interface RenderedReport {
  html: string;
  md: string;
}

export function renderStudentReport(data: StudentReportData, templates: ReportTemplates, meta: ReportMeta): RenderedReport {
  return {
    html: templates.studentHtml({ ...studentHtmlView(data, meta), css: templates.css }),
    md: templates.studentMd(studentMarkdownView(data, meta)),
  };
}

/** One test's feedback in Markdown: the `output` of its Gradescope test. */
export function renderTestMarkdown(test: TestReportData, templates: ReportTemplates): string {
  return templates.testMd(markdownTest(test)).trim();
}

/**
 * The footer's time: SOURCE_DATE_EPOCH when set (the reproducible-builds convention, seconds since 1970;
 * tests set it), otherwise now.
 */
export function reportTime(env: NodeJS.ProcessEnv = process.env, now: () => Date = () => new Date()): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString();
  return now().toISOString();
}

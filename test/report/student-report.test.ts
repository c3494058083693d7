import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTemplates } from '../../grader/report/templates.ts';
import { renderStudentReport, renderTestMarkdown, reportTime } from '../../grader/report/render-student.ts';
import type { StudentReportData, TestReportData } from '../../grader/report/report-data.ts';
import { classView } from '../../grader/report/class-view.ts';
import { renderClassIndex } from '../../grader/report/render-class.ts';
import { renderHandout } from '../../grader/report/render-handout.ts';
import { assignments } from '../../assignments/index.ts';
import type { GradesDocument } from '../../grader/batch/grades-file.ts';
import { UsageError } from '../../grader/cli/usage-error.ts';

const HOSTILE = '<script>alert(1)</script>';
const LONG = 'x'.repeat(10_000);

function test(overrides: Partial<TestReportData>): TestReportData {
  return { id: 't', title: 'a test', kind: 'example', visibility: 'public', score: 0, max: 2, status: 'failed', feedback: { summary: 'wrong' }, ...overrides };
}

function report(): StudentReportData {
  return {
    student: `o'brien "<b>bold</b>"`,
    status: 'graded',
    score: 2,
    max: 6,
    seed: 7,
    graderVersion: '0.1.0+abc',
    tests: 'public',
    notes: [],
    console: { text: `${HOSTILE}\n${LONG}`, totalBytes: 10_030 },
    assignments: [
      {
        id: 'sigmoid-derivative',
        title: 'The sigmoid',
        score: 2,
        max: 6,
        warnings: [],
        tests: [
          test({ id: 'threw', status: 'error', reason: 'threw', feedback: { summary: `sigmoid threw Error: ${HOSTILE}`, called: 'sigmoid(0)', hint: 'use $σ(z)(1 − σ(z))$' } }),
          test({ id: 'long', feedback: { summary: 'wrong value', received: LONG, expected: '**not bold** [link](http://example.com)' } }),
          test({ id: 'ok', status: 'passed', score: 2, feedback: { summary: 'fine' } }),
        ],
      },
    ],
  };
}

describe('a student report', () => {
  const templates = loadTemplates();
  const rendered = renderStudentReport(report(), templates, { gradedAt: '2026-11-23T00:00:00.000Z' });

  it('shows untrusted text as text, in HTML and in Markdown', () => {
    expect(rendered.html).not.toContain(HOSTILE);
    expect(rendered.html).toContain('sigmoid threw Error: &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(rendered.html).toContain('o&#x27;brien &quot;&lt;b&gt;bold&lt;/b&gt;&quot;');
    expect(rendered.html.match(/<script/g)).toBeNull();
    // In Markdown: escaped in text, and verbatim only inside a fenced code block (console output), which
    // every renderer shows as text.
    const outsideCode = rendered.md.replace(/^(`{3,})text\n[\s\S]*?\n\1$/gm, '');
    expect(rendered.md).toMatch(/^```text\n<script>alert\(1\)<\/script>\n/m);
    expect(outsideCode).not.toContain(HOSTILE);
    expect(outsideCode).not.toMatch(/<[a-z]/);
    expect(outsideCode).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // Markdown syntax in a student's text is escaped: no emphasis, no link.
    expect(rendered.md).toContain('\\*\\*not bold\\*\\* \\[link\\](http://example.com)');
  });

  it('cuts long text and says how much was cut', () => {
    expect(rendered.html).toContain('… 8 000 more characters cut');
    expect(rendered.html).toContain(`<dd class="text">${'x'.repeat(2_000)}<span class="cut">… 8 000 more characters cut</span></dd>`);
    expect(rendered.html).not.toContain('x'.repeat(4_001));
    // Console output: 4 000 characters kept of 10 026.
    expect(rendered.html).toContain('… 6 026 more characters cut');
    expect(rendered.md).toContain('… 8 000 more characters cut');
  });

  it('renders formulas in hints as MathML', () => {
    expect(rendered.html).toMatch(/class="hint"><strong>Hint:<\/strong> use <span class="katex"><math/);
  });

  it('gives the same bytes for the same data; the time only in the footer', () => {
    const again = renderStudentReport(report(), templates, { gradedAt: '2026-11-23T00:00:00.000Z' });
    expect(again).toEqual(rendered);
    const later = renderStudentReport(report(), templates, { gradedAt: '2027-01-01T00:00:00.000Z' });
    expect(later.html.replace('2027-01-01T00:00:00.000Z', '2026-11-23T00:00:00.000Z')).toBe(rendered.html);
    expect(later.html.split('2027-01-01T00:00:00.000Z')).toHaveLength(2);
    expect(reportTime({ SOURCE_DATE_EPOCH: '0' })).toBe('1970-01-01T00:00:00.000Z');
  });

  it("gives each test's Markdown, the Gradescope output, with its verdict in words", () => {
    const md = renderTestMarkdown(report().assignments[0]!.tests[0]!, templates);
    expect(md).toMatch(/^\*\*Failed: your code gave no usable value \(threw\)\*\* \(0 \/ 2\)/);
    expect(md).toContain('- **called:** `sigmoid(0)`');
  });
});

describe('handouts', () => {
  it('each handout is a page of its own with its formulas as MathML, linked from the report', () => {
    const templates = loadTemplates();
    for (const definition of assignments) {
      const page = renderHandout(definition, templates);
      expect(page).toContain(`data-assignment="${definition.id}"`);
      expect(page).toContain('<math');
      expect(page).toContain("default-src 'none'");
    }
    const linked = renderStudentReport(report(), templates, { gradedAt: 'now', handoutHref: (id) => `../handouts/${id}.html` });
    expect(linked.html).toContain('<a href="../handouts/sigmoid-derivative.html">handout</a>');
  });
});

describe('templates', () => {
  const dirs: string[] = [];
  const folder = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'numgrade-templates-'));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it("an instructor's file replaces the default of the same name; the others stay", () => {
    const templates = loadTemplates(folder({ 'student.md.hbs': 'Dear {{student}}: {{score}} of {{max}}.' }));
    const rendered = renderStudentReport(report(), templates, { gradedAt: 'now' });
    expect(rendered.md).toBe('Dear o\'brien "&lt;b&gt;bold&lt;/b&gt;": 2 of 6.');
    expect(rendered.html).toContain('<details class="test');
  });

  it('refuses an unknown file name and a template that does not compile, saying which', () => {
    expect(() => loadTemplates(folder({ 'studnet.html.hbs': '' }))).toThrow(UsageError);
    expect(() => loadTemplates(folder({ 'studnet.html.hbs': '' }))).toThrow(/"studnet\.html\.hbs" is not a template; the names are: student\.html\.hbs/);
    expect(() => loadTemplates(folder({ 'test.md.hbs': '{{#each lines}}' }))).toThrow(/test\.md\.hbs does not compile/);
    expect(() => loadTemplates('/nonexistent/templates')).toThrow(/is not a folder/);
  });
});

describe('the class index', () => {
  const sigmoid = assignments.find((assignment) => assignment.id === 'sigmoid-derivative')!;
  const grade = (score: number, diagnosis?: string) => ({
    score,
    max: 2,
    tests: sigmoid.tests.map((t, i) => ({ id: t.id, title: t.title, score: i === 0 ? score : 0, max: t.points, status: i === 0 && score > 0 ? ('passed' as const) : ('failed' as const), feedback: 'x', ...(i === 1 && diagnosis ? { diagnosis } : {}) })),
  });
  const document: GradesDocument = {
    run: {
      graderVersion: 'v',
      seed: 1,
      assignments: ['sigmoid-derivative'],
      node: 'v20',
      isolation: { level: 'full', sandbox: 'full: made up', filesystem: 'fs', network: 'net' },
      timeLimits: { perCallMs: {}, perTestMs: {}, perSubmissionMs: 1, referenceTotalMs: 1 },
      students: {
        [HOSTILE]: { status: 'graded', submissionHash: 'h', folder: HOSTILE },
        'a b': { status: 'graded', submissionHash: 'h', folder: 'a b' },
        c: { status: 'ungradable', reason: 'ungradable: the zip could not be read', submissionHash: 'h', folder: 'c' },
      },
    },
    students: { [HOSTILE]: { 'sigmoid-derivative': grade(2, 'opposite sign') }, 'a b': { 'sigmoid-derivative': grade(0, 'opposite sign') }, c: { 'sigmoid-derivative': { ...grade(0), reason: 'ungradable: the zip could not be read' } } },
  };
  const view = classView(document, assignments, { gradedAt: 'then', reportHref: (id) => `${encodeURIComponent(id)}/report.html` });
  const html = renderClassIndex(view, loadTemplates());

  it('counts each diagnosed mistake once per student and assignment, most frequent first', () => {
    expect(view.mistakes).toEqual([{ pattern: 'opposite sign', assignment: sigmoid.title, tests: sigmoid.tests[1]!.title, count: 2, students: `${HOSTILE}, a b` }]);
  });

  it("gives each test's pass rate over the students who handed the assignment in", () => {
    expect(view.assignments[0]!.tests[0]).toMatchObject({ passed: 1, total: 3, rate: '33%' });
  });

  it('lists who could not be graded, with the reason, and links every report', () => {
    expect(view.ungraded).toEqual([{ id: 'c', href: 'c/report.html', reason: 'ungradable: the zip could not be read' }]);
    expect(html).toContain('href="a%20b/report.html"');
    expect(html).toContain('ungradable: the zip could not be read');
  });

  it('escapes student ids', () => {
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

/**
 * The reports' Handlebars templates: the defaults in grader/report/templates/, each replaceable by a file
 * of the same name in an instructor's folder (`--templates <folder>`). Templates get a prepared view model
 * (student-view.ts, class-view.ts) and hold layout only: no helpers beyond Handlebars' own.
 * HTML templates escape every `{{value}}`; `{{{value}}}` is for markup the grader generated (SVG, MathML,
 * the stylesheet). Markdown templates are compiled without escaping: their view model is inert Markdown.
 */
import Handlebars from 'handlebars';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { projectRoot } from '../paths.ts';
import { UsageError } from '../cli/usage-error.ts';

export const defaultTemplatesDir = resolve(projectRoot, 'grader', 'report', 'templates');

/** Every template file, what it renders, and how it is used. */
const FILES = {
  'student.html.hbs': 'a student report page',
  'test.html.hbs': 'one test in the student page (partial "test")',
  'figure.html.hbs': 'one picture with its numbers (partial "figure")',
  'student.md.hbs': 'a student report in Markdown',
  'test.md.hbs': 'one test in Markdown (partial "testMd"; also each Gradescope test\'s output)',
  'class.html.hbs': 'the class index page',
  'handout.html.hbs': 'an assignment\'s handout page (its README.md as HTML, formulas as MathML)',
  'report.css': 'the stylesheet inlined into every page',
  'class-table.js': 'the class table\'s sorting and filtering, inlined into the index',
} as const;

type TemplateFile = keyof typeof FILES;

export interface ReportTemplates {
  studentHtml: Handlebars.TemplateDelegate;
  studentMd: Handlebars.TemplateDelegate;
  testMd: Handlebars.TemplateDelegate;
  classHtml: Handlebars.TemplateDelegate;
  handoutHtml: Handlebars.TemplateDelegate;
  css: string;
  classScript: string;
  /** Where each file came from (the defaults or the override folder), for messages. */
  sources: Record<TemplateFile, string>;
}

const cache = new Map<string, ReportTemplates>();

/** The templates, with `overrideDir`'s files in place of the defaults of the same name. */
export function loadTemplates(overrideDir?: string): ReportTemplates {
  const key = overrideDir ? resolve(overrideDir) : '';
  const cached = cache.get(key);
  if (cached) return cached;
  if (overrideDir !== undefined) checkOverrideDir(overrideDir);
  const sources = Object.fromEntries(
    (Object.keys(FILES) as TemplateFile[]).map((file) => {
      const own = overrideDir ? join(overrideDir, file) : undefined;
      return [file, own && existsSync(own) ? own : join(defaultTemplatesDir, file)];
    }),
  ) as Record<TemplateFile, string>;
  const read = (file: TemplateFile) => readFileSync(sources[file], 'utf8');
  const html = Handlebars.create();
  const markdown = Handlebars.create();
  const compile = (instance: typeof Handlebars, file: TemplateFile, options: CompileOptions = {}) => {
    try {
      const template = instance.compile(read(file), options);
      // Compile now, so a broken override is reported at the start, not at the first student.
      instance.precompile(read(file), options);
      return template;
    } catch (error) {
      throw new UsageError(`template ${sources[file]} does not compile: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  html.registerPartial('test', compile(html, 'test.html.hbs'));
  html.registerPartial('figure', compile(html, 'figure.html.hbs'));
  const testMd = compile(markdown, 'test.md.hbs', { noEscape: true });
  markdown.registerPartial('testMd', testMd);
  const templates: ReportTemplates = {
    studentHtml: compile(html, 'student.html.hbs'),
    studentMd: compile(markdown, 'student.md.hbs', { noEscape: true }),
    testMd,
    classHtml: compile(html, 'class.html.hbs'),
    handoutHtml: compile(html, 'handout.html.hbs'),
    css: read('report.css'),
    classScript: read('class-table.js'),
    sources,
  };
  cache.set(key, templates);
  return templates;
}

type CompileOptions = Parameters<typeof Handlebars.compile>[1];

function checkOverrideDir(dir: string): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--templates ${dir} is not a folder`);
  const unknown = readdirSync(dir).filter((name) => !(name in FILES) && !name.startsWith('.'));
  if (unknown.length > 0) {
    throw new UsageError(`--templates ${dir}: ${unknown.map((name) => JSON.stringify(name)).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not a template; the names are: ${Object.entries(FILES).map(([name, what]) => `${name} (${what})`).join(', ')}`);
  }
}

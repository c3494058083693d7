/**
 * `grader new <id>`: a new problem, complete and working, for the instructor to edit into theirs. It writes
 * assignments/<id>/ (definition, public and hidden tests, targets as math, the students' suite, a handout),
 * solutions/<id>.ts with its marked bodies, the starter generated from it (authoring/starter.ts), one
 * example mistake in fixtures/submissions/<id>-derivative-sign/, and registers the assignment in the
 * course's assignments/index.ts. The scaffold is a real tiny problem (the Gaussian bump e^{−x²/2} and its
 * derivative), so right away the solution earns full marks, the starter zero with "not implemented", and the
 * mistake fails exactly the tests its expected.json names: `grader validate <id>` passes before any edit.
 *
 * The files come from templates in templates/new/, filled with a prepared view (ids, title, the import path
 * back to the grader from wherever the course lives); nothing is overwritten, and a failure half-way
 * removes what was written.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../cli/usage-error.ts';
import type { Course } from './course.ts';
import { generateStarter, solutionPath, starterPath } from './starter.ts';

const graderDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const templatesDir = join(dirname(fileURLToPath(import.meta.url)), 'templates', 'new');

/** The example mistake the scaffold ships: its folder is `<id>-<MISTAKE>`. */
export const SCAFFOLD_MISTAKE = 'derivative-sign';

const KEBAB_CASE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export interface ScaffoldOptions {
  id: string;
  /** The assignment's title (default: the id in words, e.g. "Softplus derivative"). */
  title?: string;
}

export interface Scaffold {
  id: string;
  /** Every file written, absolute, in the order written; the index is last. */
  files: string[];
  /** The course's assignments/index.ts, which now registers the assignment. */
  index: string;
}

/** What the templates are filled with: everything already decided, no logic left for them. */
interface ScaffoldView {
  id: string;
  title: string;
  /** The title as a TypeScript string literal. */
  titleString: string;
  /** The grader folder as an import path from assignments/<id>/, e.g. "../../grader". */
  grader: string;
}

/** Scaffolds a new assignment in `course` (see above). Throws a UsageError, writing nothing, if it cannot. */
export function scaffoldAssignment(course: Course, options: ScaffoldOptions): Scaffold {
  const { id } = options;
  if (!KEBAB_CASE.test(id)) throw new UsageError(`"${id}" is not a kebab-case id: use lowercase letters, digits and single hyphens, starting with a letter (e.g. "softplus-derivative")`);
  if (course.assignments.some((assignment) => assignment.id === id)) throw new UsageError(`the course already has an assignment "${id}": choose another id, or edit assignments/${id}/`);
  const title = options.title?.trim() || titleFromId(id);
  const assignmentDir = join(course.assignmentsDir, id);
  const mistakeDir = join(course.submissionsDir, `${id}-${SCAFFOLD_MISTAKE}`);
  const taken = [assignmentDir, solutionPath(course, id), starterPath(course, id), mistakeDir].filter((path) => existsSync(path));
  if (taken.length > 0) throw new UsageError(`"${id}" would overwrite ${taken.map((path) => relative(course.root, path)).join(', ')}: choose another id, or move ${taken.length === 1 ? 'it' : 'them'} away first`);

  const view: ScaffoldView = { id, title, titleString: singleQuoted(title), grader: importPath(assignmentDir, graderDir) };
  const solution = fill('solution.ts', view);
  const files: Array<[string, string]> = [
    ...(['targets.ts', 'public.ts', 'hidden.ts', 'public-definition.ts', 'definition.ts', 'student.test.ts', 'README.md'] as const).map((name): [string, string] => [join(assignmentDir, name), fill(name, view)]),
    [solutionPath(course, id), solution],
    [starterPath(course, id), generateStarter(solution, relative(course.root, solutionPath(course, id))).text],
    [join(mistakeDir, `${id}.ts`), fill('mistake.ts', view)],
    [join(mistakeDir, 'expected.json'), fill('expected.json', view)],
  ];
  const index = join(course.assignmentsDir, 'index.ts');
  const indexBefore = readFileSync(index, 'utf8');
  const indexAfter = registerAssignment(indexBefore, id, index);

  const written: string[] = [];
  const createdDirs = [assignmentDir, mistakeDir, course.solutionsDir, course.starterDir, course.submissionsDir].filter((dir) => !existsSync(dir));
  try {
    for (const [path, text] of files) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text, { flag: 'wx' });
      written.push(path);
    }
    writeFileSync(index, indexAfter);
  } catch (error) {
    for (const path of written) rmSync(path, { force: true });
    for (const dir of createdDirs) rmSync(dir, { recursive: true, force: true });
    writeFileSync(index, indexBefore);
    throw error;
  }
  return { id, files: [...written, index], index };
}

/** "softplus-derivative" → "Softplus derivative". */
export function titleFromId(id: string): string {
  const words = id.split('-').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function singleQuoted(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** An ESM import path from folder `from` to `to`, '/'-separated and starting with '.'. */
function importPath(from: string, to: string): string {
  const path = relative(from, to).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

function fill(template: string, view: ScaffoldView): string {
  const text = readFileSync(join(templatesDir, `${template}.tmpl`), 'utf8').replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    if (!(name in view)) throw new Error(`template ${template}.tmpl names {{${name}}}, which the scaffold does not provide`);
    return view[name as keyof ScaffoldView];
  });
  return text;
}

/**
 * The course's assignments/index.ts with the new definition imported (after the other definitions'
 * imports) and appended to the `assignments` array, in the file's own layout (one line or one per line).
 */
export function registerAssignment(source: string, id: string, file = 'assignments/index.ts'): string {
  const name = bindingName(source, id);
  const declaration = /export\s+const\s+assignments\b[^=]*=\s*\[/.exec(source);
  if (!declaration) throw new UsageError(`${file} has no \`export const assignments = [...]\` to add "${id}" to: add it by hand, or restore that declaration`);
  const open = declaration.index + declaration[0].length - 1;
  const close = matchingBracket(source, open);
  if (close < 0) throw new UsageError(`${file}: the \`assignments\` array is not closed`);
  const inner = source.slice(open + 1, close);
  let array: string;
  if (inner.trim() === '') array = `[${name}]`;
  else if (inner.includes('\n')) {
    // One element per line: a new line with the last element's indentation, keeping a trailing comma.
    const body = inner.replace(/\s*$/, '');
    const lastLine = body.slice(body.lastIndexOf('\n') + 1);
    const indent = /^[ \t]*/.exec(lastLine)![0];
    const closing = inner.slice(body.length);
    array = `[${body}${body.endsWith(',') ? '' : ','}\n${indent}${name}${body.endsWith(',') ? ',' : ''}${closing}]`;
  } else {
    const body = inner.replace(/\s*$/, '');
    array = `[${body}${body.endsWith(',') ? ' ' : ', '}${name}${inner.slice(body.length)}]`;
  }
  const withArray = source.slice(0, open) + array + source.slice(close + 1);
  const line = `import { definition as ${name} } from './${id}/definition.ts';\n`;
  const imports = [...withArray.matchAll(/^import[^;]*;[ \t]*\r?\n/gm)];
  const definitions = imports.filter((match) => /\/definition\.ts['"]/.test(match[0]));
  const after = definitions.at(-1) ?? imports.at(-1);
  const at = after ? after.index + after[0].length : leadingCommentEnd(withArray);
  return withArray.slice(0, at) + line + withArray.slice(at);
}

/** camelCase of the id, unless the index already uses that name. */
function bindingName(source: string, id: string): string {
  const camel = id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const used = (candidate: string) => new RegExp(`\\b${candidate}\\b`).test(source);
  if (!used(camel)) return camel;
  for (let k = 2; ; k++) if (!used(`${camel}Definition${k === 2 ? '' : k}`)) return `${camel}Definition${k === 2 ? '' : k}`;
}

function matchingBracket(source: string, open: number): number {
  let depth = 0;
  for (let k = open; k < source.length; k++) {
    if (source[k] === '[') depth += 1;
    else if (source[k] === ']' && --depth === 0) return k;
  }
  return -1;
}

/** Where code may start: after a leading block comment or line comments, if any. */
function leadingCommentEnd(source: string): number {
  const match = /^(?:\s*(?:\/\*[\s\S]*?\*\/|\/\/[^\n]*))*[ \t]*\r?\n?/.exec(source);
  return match ? match[0].length : 0;
}

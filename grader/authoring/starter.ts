/**
 * The single source of a problem's code: the reference solution `solutions/<id>.ts` marks what students
 * write with `// BEGIN SOLUTION` … `// END SOLUTION`, each marker alone on its line, and the starter
 * `starter/<id>.ts` is generated from it:
 *  - a marked block inside a function body becomes `throw new Error("not implemented: <name>");` at the
 *    block's indentation, <name> being the innermost named function around it (a function declaration or
 *    expression, an arrow function assigned to a const, let, var, property or class field, or a method);
 *  - a marked block outside every function (a whole private helper at top level, or in a class body) is
 *    removed;
 *  - an import that the starter no longer uses (it served only marked code) is removed, so the starter
 *    neither names a file the students do not have nor hints at the method;
 *  - everything else (signatures, types, doc comments, the provided helpers) is kept byte for byte.
 * The marker lines are found line by line; which function a block is in comes from a small scanner of the
 * braces (strings, template literals, comments and regular expressions skipped). TypeScript 7's compiler
 * has no JavaScript API to ask instead, and the scanner needs to know little more than where bodies are.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { writeAtomically } from '../write-atomically.ts';
import { projectRoot } from '../paths.ts';
import { UsageError } from '../cli/usage-error.ts';
import { chooseAssignments, type Course } from './course.ts';

export const BEGIN_MARKER = '// BEGIN SOLUTION';
export const END_MARKER = '// END SOLUTION';

/** A solution whose markers cannot be turned into a starter: where, and what to change. */
export class SolutionMarkerError extends UsageError {
  constructor(
    readonly file: string,
    readonly line: number,
    problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
  }
}

export interface GeneratedStarter {
  text: string;
  /** How many marked blocks there were (0: the "starter" would be the solution itself). */
  blocks: number;
  /** Imports removed because only marked code used them, as "name from 'module'". */
  removedImports: string[];
}

/** The starter made from a solution's source (`file` names it in errors). */
export function starterFromSolution(source: string, file = 'the solution'): string {
  return generateStarter(source, file).text;
}

export function generateStarter(source: string, file = 'the solution'): GeneratedStarter {
  const lines = splitLines(source);
  const blocks = markedBlocks(lines, file);
  const scan = scanTokens(source);
  const out: string[] = [];
  let next = 0;
  for (const block of blocks) {
    const beginOffset = lines[block.begin]!.offset;
    const endOffset = lines[block.end]!.offset;
    const outer = openersAt(scan, beginOffset);
    if (!sameStack(outer, openersAt(scan, endOffset))) {
      throw new SolutionMarkerError(file, block.end + 1, `the block marked from line ${block.begin + 1} closes or opens a brace it does not match: put both markers in the same function body, or around whole declarations`);
    }
    for (let i = next; i < block.begin; i++) out.push(lines[i]!.text);
    const owner = enclosingFunction(scan, outer);
    if (owner.kind === 'function') {
      const indent = /^[ \t]*/.exec(lines[block.begin]!.text)![0];
      out.push(`${indent}throw new Error(${JSON.stringify(`not implemented: ${owner.name}`)});${lines[block.end]!.eol}`);
      next = block.end + 1;
    } else if (owner.kind === 'anonymous') {
      throw new SolutionMarkerError(file, block.begin + 1, 'the marked block is in a function without a name, so its stub could not say what is not implemented: put it in a named function');
    } else {
      // A removed declaration must not leave two blank lines (or a blank first line) behind.
      const before = out.length === 0 || isBlank(out[out.length - 1]!);
      next = block.end + 1;
      if (before && next < lines.length && isBlank(lines[next]!.text)) next += 1;
    }
  }
  for (let i = next; i < lines.length; i++) out.push(lines[i]!.text);
  const stubbed = out.join('');
  const pruned = blocks.length === 0 ? { text: stubbed, removed: [] } : pruneUnusedImports(stubbed);
  return { text: pruned.text, blocks: blocks.length, removedImports: pruned.removed };
}

// ---------------------------------------------------------------------------------------------------------
// Marker lines.

interface Line {
  /** The line with its end of line. */
  text: string;
  eol: string;
  offset: number;
}

function splitLines(source: string): Line[] {
  const lines: Line[] = [];
  const pattern = /([^\n]*?)(\r?\n|$)/g;
  let offset = 0;
  while (offset < source.length) {
    pattern.lastIndex = offset;
    const match = pattern.exec(source)!;
    lines.push({ text: match[0], eol: match[2]!, offset });
    offset += match[0].length;
  }
  return lines;
}

const isBlank = (text: string) => text.trim() === '';

export interface MarkedBlock {
  /** Line indices (0-based) of the two marker lines. */
  begin: number;
  end: number;
}

/**
 * The marked blocks of a solution, checked (balanced, not nested, each marker alone on its line): the one
 * reading of the markers that the starter, the audit's mutation ranges and the release's answer scan share.
 */
export function solutionBlocks(source: string, file = 'the solution'): MarkedBlock[] {
  return markedBlocks(splitLines(source), file);
}

function markedBlocks(lines: readonly Line[], file: string): MarkedBlock[] {
  const blocks: MarkedBlock[] = [];
  let open: number | undefined;
  lines.forEach((line, index) => {
    const trimmed = line.text.trim();
    const isBegin = trimmed === BEGIN_MARKER;
    const isEnd = trimmed === END_MARKER;
    if (!isBegin && !isEnd) {
      // A near miss would leave the solution in the starter: say so rather than copy it.
      if (/\b(BEGIN|END) SOLUTION\b/.test(line.text)) throw new SolutionMarkerError(file, index + 1, `a marker must be alone on its line, exactly "${BEGIN_MARKER}" or "${END_MARKER}"`);
      return;
    }
    if (isBegin) {
      if (open !== undefined) throw new SolutionMarkerError(file, index + 1, `"${BEGIN_MARKER}" inside the block opened at line ${open + 1}: markers do not nest; close that block with "${END_MARKER}" first`);
      open = index;
    } else {
      if (open === undefined) throw new SolutionMarkerError(file, index + 1, `"${END_MARKER}" without a "${BEGIN_MARKER}" before it`);
      blocks.push({ begin: open, end: index });
      open = undefined;
    }
  });
  if (open !== undefined) throw new SolutionMarkerError(file, open + 1, `"${BEGIN_MARKER}" is never closed: add "${END_MARKER}" after the last line students write (a BEGIN SOLUTION without an END SOLUTION would take the rest of the file)`);
  return blocks;
}

// ---------------------------------------------------------------------------------------------------------
// A scanner of tokens: enough of TypeScript to pair brackets and read the names around function bodies.

interface Token {
  kind: 'name' | 'punct' | 'literal';
  text: string;
  start: number;
}

interface Scan {
  tokens: Token[];
  /** For each bracket token, the index of its partner (opener ↔ closer); -1 for other tokens. */
  partner: number[];
}

const PUNCTUATORS = ['>>>=', '...', '===', '!==', '**=', '<<=', '>>=', '>>>', '&&=', '||=', '??=', '=>', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '++', '--', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '**', '<<', '>>'];
/** Keywords after which `/` starts a regular expression and `{` an object literal. */
const EXPRESSION_KEYWORDS = new Set(['return', 'throw', 'case', 'yield', 'await', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'else', 'do']);

function scanTokens(source: string): Scan {
  const tokens: Token[] = [];
  const partner: number[] = [];
  const open: number[] = [];
  /** For each open `${`, the depth of `open` where its template resumes. */
  const templates: number[] = [];
  let i = 0;
  const push = (kind: Token['kind'], text: string, start: number) => {
    tokens.push({ kind, text, start });
    partner.push(-1);
  };
  // Scans a template literal's text from i (just after ` or the } of a ${…}); stops after ` or ${.
  const templateText = () => {
    const start = i;
    while (i < source.length) {
      const c = source[i]!;
      if (c === '\\') i += 2;
      else if (c === '`') {
        i += 1;
        push('literal', source.slice(start, i), start);
        return;
      } else if (c === '$' && source[i + 1] === '{') {
        push('literal', source.slice(start, i), start);
        push('punct', '${', i);
        open.push(tokens.length - 1);
        templates.push(open.length);
        i += 2;
        return;
      } else i += 1;
    }
    push('literal', source.slice(start), start);
  };
  while (i < source.length) {
    const c = source[i]!;
    const start = i;
    if (/\s/.test(c)) i += 1;
    else if (c === '/' && source[i + 1] === '/') i = lineEnd(source, i);
    else if (c === '/' && source[i + 1] === '*') i = source.indexOf('*/', i + 2) < 0 ? source.length : source.indexOf('*/', i + 2) + 2;
    else if (c === '"' || c === "'") {
      i += 1;
      while (i < source.length && source[i] !== c && source[i] !== '\n') i += source[i] === '\\' ? 2 : 1;
      i += 1;
      push('literal', source.slice(start, i), start);
    } else if (c === '`') {
      i += 1;
      templateText();
    } else if (/[A-Za-z_$\u0080-\uffff]/.test(c)) {
      while (i < source.length && /[\w$\u0080-\uffff]/.test(source[i]!)) i += 1;
      push('name', source.slice(start, i), start);
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      while (i < source.length && /[\w.]/.test(source[i]!)) i += 1;
      push('literal', source.slice(start, i), start);
    } else if (c === '/' && startsExpression(tokens[tokens.length - 1])) {
      i = regexEnd(source, i);
      push('literal', source.slice(start, i), start);
    } else if (c === '{' || c === '(' || c === '[') {
      push('punct', c, start);
      open.push(tokens.length - 1);
      i += 1;
    } else if (c === '}' || c === ')' || c === ']') {
      i += 1;
      const opener = open.pop();
      push('punct', c, start);
      if (opener !== undefined) {
        partner[opener] = tokens.length - 1;
        partner[tokens.length - 1] = opener;
      }
      if (c === '}' && templates.length > 0 && templates[templates.length - 1] === open.length + 1) {
        templates.pop();
        templateText();
      }
    } else {
      const text = PUNCTUATORS.find((candidate) => source.startsWith(candidate, i)) ?? c;
      push('punct', text, start);
      i += text.length;
    }
  }
  return { tokens, partner };
}

function lineEnd(source: string, from: number): number {
  const end = source.indexOf('\n', from);
  return end < 0 ? source.length : end;
}

/** Whether a `/` after this token begins a regular expression (rather than dividing). */
function startsExpression(previous: Token | undefined): boolean {
  if (!previous) return true;
  if (previous.kind === 'literal') return false;
  if (previous.kind === 'name') return EXPRESSION_KEYWORDS.has(previous.text);
  return ![')', ']', '}', '++', '--'].includes(previous.text);
}

function regexEnd(source: string, from: number): number {
  let i = from + 1;
  let inClass = false;
  while (i < source.length && source[i] !== '\n') {
    const c = source[i]!;
    if (c === '\\') i += 2;
    else {
      if (c === '[') inClass = true;
      else if (c === ']') inClass = false;
      else if (c === '/' && !inClass) break;
      i += 1;
    }
  }
  i += 1;
  while (i < source.length && /[a-z]/.test(source[i]!)) i += 1;
  return i;
}

/** The indices of the brackets open at `offset`, outermost first. */
function openersAt(scan: Scan, offset: number): number[] {
  const stack: number[] = [];
  for (let k = 0; k < scan.tokens.length && scan.tokens[k]!.start < offset; k++) {
    const text = scan.tokens[k]!.text;
    if (text === '{' || text === '(' || text === '[' || text === '${') stack.push(k);
    else if ((text === '}' || text === ')' || text === ']') && scan.partner[k]! >= 0) stack.pop();
  }
  return stack;
}

const sameStack = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((value, k) => value === b[k]);

// ---------------------------------------------------------------------------------------------------------
// Which function a position is in.

type Owner = { kind: 'function'; name: string } | { kind: 'anonymous' } | { kind: 'none' };

/** Before `(…) {`, these open a statement's block, not a function body (`for await (…) {` has await). */
const CONTROL_KEYWORDS = new Set(['if', 'for', 'while', 'switch', 'catch', 'with', 'await']);

/** The innermost named function whose body holds the openers `stack` (innermost last). */
function enclosingFunction(scan: Scan, stack: readonly number[]): Owner {
  let anonymous = false;
  for (let k = stack.length - 1; k >= 0; k--) {
    const opener = stack[k]!;
    if (scan.tokens[opener]!.text !== '{') continue;
    const body = functionOfBody(scan, opener);
    if (body === undefined) continue;
    if (body !== '') return { kind: 'function', name: body };
    anonymous = true;
  }
  return anonymous ? { kind: 'anonymous' } : { kind: 'none' };
}

/** For a `{`: undefined if it does not open a function body, '' for an anonymous function, else its name. */
function functionOfBody(scan: Scan, brace: number): string | undefined {
  const { tokens } = scan;
  const previous = tokens[brace - 1];
  if (!previous) return undefined;
  if (previous.text === '=>') return arrowName(scan, brace - 1);
  const close = previous.text === ')' ? brace - 1 : returnTypeParameters(scan, brace - 1);
  if (close === undefined || scan.partner[close]! < 0) return undefined;
  const before = skipTypeParameters(scan, scan.partner[close]! - 1);
  const head = tokens[before];
  if (!head) return undefined;
  if (head.kind === 'name') {
    if (head.text === 'function') return assignedName(scan, before - 1);
    if (CONTROL_KEYWORDS.has(head.text)) return undefined;
    // `function name(`, `function* name(`, or a method `name(` in a class or object literal.
    return head.text;
  }
  if (head.text === ']') return '';
  if (head.kind === 'literal' && /^['"]/.test(head.text)) return head.text.slice(1, -1);
  return undefined;
}

/** For `(…): ReturnType {` ending at `last`: the index of the parameters' `)`, or undefined. */
function returnTypeParameters(scan: Scan, last: number): number | undefined {
  const { tokens, partner } = scan;
  for (let k = last, steps = 0; k > 0 && steps < 200; k--, steps++) {
    const token = tokens[k]!;
    if (token.text === ':' && tokens[k - 1]!.text === ')') return k - 1;
    if (token.text === ';' || token.text === '=' || token.text === '=>' || token.text === ',' || token.text === 'class' || token.text === 'interface') return undefined;
    if (token.text === '}' && partner[k]! >= 0 && opensBlock(tokens[partner[k]! - 1])) return undefined;
    if ((token.text === ')' || token.text === ']' || token.text === '}') && partner[k]! >= 0) k = partner[k]!;
    else if (token.text === '(' || token.text === '[' || token.text === '{' || token.text === '${') return undefined;
  }
  return undefined;
}

/** Whether a `{` after this token opens a block (statement, body) rather than an object or type literal. */
function opensBlock(previous: Token | undefined): boolean {
  if (!previous) return true;
  if (previous.kind === 'name') return !EXPRESSION_KEYWORDS.has(previous.text) || previous.text === 'else' || previous.text === 'do';
  if (previous.kind === 'literal') return true;
  return [')', ']', '}', '>', ';', '{', '=>'].includes(previous.text);
}

/** Steps back over `<…>` type parameters ending at `k`, returning the index before them. */
function skipTypeParameters(scan: Scan, k: number): number {
  if (scan.tokens[k]?.text !== '>') return k;
  let depth = 0;
  for (let j = k; j >= 0; j--) {
    const text = scan.tokens[j]!.text;
    if (text === '>') depth += 1;
    else if (text === '>>') depth += 2;
    else if (text === '<') depth -= 1;
    if (depth === 0) return j - 1;
  }
  return k;
}

/** The name an arrow function (its `=>` at `arrow`) is known by, or '' when it is anonymous. */
function arrowName(scan: Scan, arrow: number): string {
  const { tokens, partner } = scan;
  let start: number | undefined;
  // `(…): ReturnType =>`
  for (let k = arrow - 1, steps = 0; k > 0 && steps < 200; k--, steps++) {
    const text = tokens[k]!.text;
    if (text === ':' && tokens[k - 1]!.text === ')') {
      start = partner[k - 1];
      break;
    }
    if (text === ';' || text === '=' || text === '=>' || text === ',' || text === '(' || text === '[' || text === '{' || text === '${' || (text === ':' && tokens[k - 1]!.kind === 'name')) break;
    if ((text === ')' || text === ']' || text === '}') && partner[k]! >= 0) k = partner[k]!;
  }
  if (start === undefined || start < 0) {
    const last = tokens[arrow - 1];
    if (!last) return '';
    start = last.text === ')' ? partner[arrow - 1]! : arrow - 1;
    if (start < 0) return '';
  }
  let before = skipTypeParameters(scan, start - 1);
  if (tokens[before]?.text === 'async') before -= 1;
  const head = tokens[before];
  if (!head) return '';
  if (head.text === '=') return assignedName(scan, before);
  if (head.text === ':' && tokens[before - 1]?.kind === 'name') return tokens[before - 1]!.text;
  return '';
}

/** For a function value assigned at `k` (the `=`, or just before `function`): the name it is assigned to. */
function assignedName(scan: Scan, k: number): string {
  const { tokens, partner } = scan;
  if (tokens[k]?.text === ':' && tokens[k - 1]?.kind === 'name') return tokens[k - 1]!.text;
  if (tokens[k]?.text !== '=') return '';
  // `const name: Type = …`, `let name = …`, or a field or property `name = …`.
  for (let j = k - 1, steps = 0; j >= 0 && steps < 100; j--, steps++) {
    const text = tokens[j]!.text;
    if ((text === 'const' || text === 'let' || text === 'var') && tokens[j + 1]?.kind === 'name') return tokens[j + 1]!.text;
    if (text === ';' || text === '{' || text === '(' || text === ',' || text === '}') break;
    if ((text === ')' || text === ']') && partner[j]! >= 0) j = partner[j]!;
  }
  return tokens[k - 1]?.kind === 'name' ? tokens[k - 1]!.text : '';
}

// ---------------------------------------------------------------------------------------------------------
// Imports only marked code used.

interface ImportDeclaration {
  start: number;
  end: number;
  typeOnly: boolean;
  defaultName?: Specifier;
  namespace?: Specifier;
  named?: Specifier[];
  module: string;
}

interface Specifier {
  /** The specifier's source text, e.g. "type Rng" or "b as c". */
  text: string;
  local: string;
}

function pruneUnusedImports(source: string): { text: string; removed: string[] } {
  const scan = scanTokens(source);
  const declarations = importDeclarations(scan, source);
  if (declarations.length === 0) return { text: source, removed: [] };
  const inside = (k: number) => declarations.some((declaration) => scan.tokens[k]!.start >= declaration.start && scan.tokens[k]!.start < declaration.end);
  const used = new Set(scan.tokens.filter((token, k) => token.kind === 'name' && !inside(k)).map((token) => token.text));
  const removed: string[] = [];
  let text = source;
  for (const declaration of [...declarations].reverse()) {
    const keep = (specifier: Specifier | undefined) => (specifier && used.has(specifier.local) ? specifier : undefined);
    const defaultName = keep(declaration.defaultName);
    const namespace = keep(declaration.namespace);
    const named = declaration.named?.filter((specifier) => used.has(specifier.local));
    const dropped = [declaration.defaultName, declaration.namespace, ...(declaration.named ?? [])].filter((specifier): specifier is Specifier => specifier !== undefined && !used.has(specifier.local));
    if (dropped.length === 0) continue;
    removed.unshift(...dropped.map((specifier) => `${specifier.local} from ${declaration.module}`));
    const clause = [defaultName?.text, namespace?.text, named && named.length > 0 ? `{ ${named.map((specifier) => specifier.text).join(', ')} }` : undefined].filter((part) => part !== undefined);
    if (clause.length > 0) {
      text = `${text.slice(0, declaration.start)}import ${declaration.typeOnly ? 'type ' : ''}${clause.join(', ')} from ${declaration.module};${text.slice(declaration.end)}`;
    } else {
      // The whole line goes, with a blank line after it when it would leave two.
      let end = declaration.end;
      const lineStart = text.lastIndexOf('\n', declaration.start - 1) + 1;
      if (/^[ \t]*$/.test(text.slice(lineStart, declaration.start)) && /^[ \t]*(\r?\n|$)/.test(text.slice(end))) {
        end += /^[ \t]*(\r?\n|$)/.exec(text.slice(end))![0].length;
        const blankBefore = lineStart === 0 || /\n[ \t]*\r?\n$/.test(text.slice(0, lineStart));
        if (blankBefore) {
          const blankAfter = /^[ \t]*\r?\n/.exec(text.slice(end));
          if (blankAfter) end += blankAfter[0].length;
        }
        text = text.slice(0, lineStart) + text.slice(end);
      } else text = text.slice(0, declaration.start) + text.slice(end);
    }
  }
  return { text, removed };
}

/** The top-level static imports with bindings (`import x from`, `import { … } from`, `import * as ns from`). */
function importDeclarations(scan: Scan, source: string): ImportDeclaration[] {
  const { tokens, partner } = scan;
  const found: ImportDeclaration[] = [];
  let depth = 0;
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k]!;
    if (['{', '(', '[', '${'].includes(token.text)) depth += 1;
    else if (['}', ')', ']'].includes(token.text)) depth -= 1;
    if (depth !== 0 || token.text !== 'import' || token.kind !== 'name') continue;
    let j = k + 1;
    const declaration: ImportDeclaration = { start: token.start, end: token.start, typeOnly: false, module: '' };
    if (tokens[j]?.text === 'type' && tokens[j + 1]?.text !== 'from' && tokens[j + 1]?.text !== ',') {
      declaration.typeOnly = true;
      j += 1;
    }
    if (tokens[j]?.kind === 'name' && tokens[j]!.text !== 'from') {
      declaration.defaultName = { text: tokens[j]!.text, local: tokens[j]!.text };
      j += 1;
      if (tokens[j]?.text === ',') j += 1;
    }
    if (tokens[j]?.text === '*' && tokens[j + 1]?.text === 'as' && tokens[j + 2]?.kind === 'name') {
      declaration.namespace = { text: `* as ${tokens[j + 2]!.text}`, local: tokens[j + 2]!.text };
      j += 3;
    } else if (tokens[j]?.text === '{' && partner[j]! > j) {
      const close = partner[j]!;
      declaration.named = [];
      let from = j + 1;
      for (let m = j + 1; m <= close; m++) {
        if (tokens[m]!.text !== ',' && m !== close) continue;
        if (m > from) {
          const last = tokens[m - 1]!;
          declaration.named.push({ text: source.slice(tokens[from]!.start, last.start + last.text.length), local: last.text });
        }
        from = m + 1;
      }
      j = close + 1;
    }
    if (tokens[j]?.text !== 'from' || tokens[j + 1]?.kind !== 'literal') continue;
    declaration.module = tokens[j + 1]!.text;
    j += 2;
    // Import attributes (`with { type: 'json' }`) are kept as they are only when nothing is dropped.
    if (tokens[j]?.text === 'with' && tokens[j + 1]?.text === '{') continue;
    const last = tokens[j]?.text === ';' ? tokens[j]! : tokens[j - 1]!;
    declaration.end = last.start + last.text.length;
    if (declaration.defaultName || declaration.namespace || declaration.named) found.push(declaration);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------------
// A course's starters.

export function solutionPath(course: Pick<Course, 'solutionsDir'>, id: string): string {
  return join(course.solutionsDir, `${id}.ts`);
}

export function starterPath(course: Pick<Course, 'starterDir'>, id: string): string {
  return join(course.starterDir, `${id}.ts`);
}

/** How to regenerate a course's starters, as the instructor types it. */
function starterCommand(course: Pick<Course, 'root'>, ids: readonly string[]): string {
  const where = course.root === projectRoot ? '' : ` --course ${relative(process.cwd(), course.root) || '.'}`;
  return `npx grader starter ${ids.join(' ')}${where}`.replace(/ +/g, ' ').trim();
}

function displayPath(course: Pick<Course, 'root'>, path: string): string {
  return relative(course.root, path);
}

/** The starter the solution of `id` makes, or the reason it makes none. */
function expectedStarter(course: Course, id: string): { ok: true; text: string } | { ok: false; problem: string } {
  const solution = solutionPath(course, id);
  const shown = displayPath(course, solution);
  if (!existsSync(solution)) return { ok: false, problem: `${shown} is missing, so there is no starter to generate: write the reference solution with "${BEGIN_MARKER}" … "${END_MARKER}" around what students write` };
  try {
    const generated = generateStarter(readFileSync(solution, 'utf8'), shown);
    if (generated.blocks === 0) return { ok: false, problem: `${shown} marks nothing for students to write: put "${BEGIN_MARKER}" … "${END_MARKER}" around each body students write, or the starter would be the solution` };
    return { ok: true, text: generated.text };
  } catch (error) {
    if (error instanceof SolutionMarkerError) return { ok: false, problem: error.message };
    throw error;
  }
}

/**
 * Each chosen assignment's starter problems (all assignments when `ids` is empty): its solution is missing or
 * has no (or malformed) markers, or starter/<id>.ts is missing or differs from what the solution makes.
 */
export async function checkStarters(course: Course, ids: readonly string[]): Promise<Array<{ id: string; problem: string }>> {
  const problems: Array<{ id: string; problem: string }> = [];
  for (const { id } of chooseAssignments(course, ids)) {
    const expected = expectedStarter(course, id);
    if (!expected.ok) {
      problems.push({ id, problem: expected.problem });
      continue;
    }
    const path = starterPath(course, id);
    const shown = displayPath(course, path);
    if (!existsSync(path)) {
      problems.push({ id, problem: `${shown} is missing: run \`${starterCommand(course, [id])}\`` });
      continue;
    }
    const actual = readFileSync(path, 'utf8');
    if (actual !== expected.text) {
      problems.push({ id, problem: `${shown} is out of date with ${displayPath(course, solutionPath(course, id))} (${firstDifference(actual, expected.text)}): run \`${starterCommand(course, [id])}\`` });
    }
  }
  return problems;
}

function firstDifference(actual: string, expected: string): string {
  const a = actual.split('\n');
  const b = expected.split('\n');
  for (let k = 0; k < Math.max(a.length, b.length); k++) {
    if (a[k] !== b[k]) return `first difference at line ${k + 1}: ${a[k] === undefined ? 'missing' : JSON.stringify(a[k]!.trim().slice(0, 60))}, generated ${b[k] === undefined ? 'nothing' : JSON.stringify(b[k]!.trim().slice(0, 60))}`;
  }
  return 'line endings differ';
}

export interface WrittenStarter {
  id: string;
  path: string;
  /** Whether the file changed (false: it already was what the solution makes). */
  changed: boolean;
  removedImports: string[];
}

/**
 * Writes starter/<id>.ts for each chosen assignment (all when `ids` is empty). Every starter is generated
 * before any is written, so a solution with malformed markers (a SolutionMarkerError) changes nothing.
 */
export async function writeStarters(course: Course, ids: readonly string[]): Promise<WrittenStarter[]> {
  const generated = chooseAssignments(course, ids).map(({ id }) => {
    const solution = solutionPath(course, id);
    const shown = displayPath(course, solution);
    if (!existsSync(solution)) throw new UsageError(`${shown} is missing: write the reference solution first (\`grader new\` scaffolds one)`);
    const starter = generateStarter(readFileSync(solution, 'utf8'), shown);
    if (starter.blocks === 0) throw new SolutionMarkerError(shown, 1, `nothing is marked for students to write: put "${BEGIN_MARKER}" … "${END_MARKER}" around each body students write`);
    return { id, starter };
  });
  return generated.map(({ id, starter }) => {
    const path = starterPath(course, id);
    const changed = !existsSync(path) || readFileSync(path, 'utf8') !== starter.text;
    if (changed) {
      mkdirSync(dirname(path), { recursive: true });
      writeAtomically(path, starter.text);
    }
    return { id, path, changed, removedImports: starter.removedImports };
  });
}

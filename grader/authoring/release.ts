/**
 * The student bundle (`grader release`): what a student downloads to work on a course's assignments. It holds
 * the starter files, the handouts, each assignment's PUBLIC tests and the part of the grader their run
 * reaches, and a package.json whose `npm test` runs those tests against starter/.
 *
 * Which grader files go in is decided by the import graph, never by a list: esbuild resolves everything the
 * student run can load (the student suites, the student vitest config with the reporter and global setup it
 * names, and the sandbox child the sandbox bundles at start) and its metafile lists the files, which are
 * copied as they are. If that graph reaches a reference solution, a hidden test or an assignment's full
 * definition, the release stops and names the import chain that leads there.
 *
 * Public tests whose expected values come from the reference solution import it through
 * `assignments/<id>/reference.ts` (grader/definition/reference-values.ts). The release records those values
 * (record-reference.ts, in a child process: the public run of the reference solutions at the default grading
 * seed), and in the graph and in the bundle that file is replaced by a generated one serving them from
 * `reference-values.json` beside it: the bundle ships the reference's values, never its code. Those values
 * cover the default seed only, the one the student run uses unless GRADER_SEED is set; other seeds are for
 * course staff, who grade with the repository.
 */
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RecordedReference } from './record-reference.ts';
import type { Course } from './course.ts';
import { chooseAssignments } from './course.ts';
import { projectRoot as defaultProjectRoot } from '../paths.ts';
import { UsageError } from '../cli/usage-error.ts';
import { answerLines, trimmedLines } from './answer-lines.ts';

export interface ReleaseOptions {
  course: Course;
  /** The folder to create; it must not exist yet, or be empty (or `replace` must be set). */
  out: string;
  /** Assignment ids to release (default: all of the course's). */
  assignments?: readonly string[];
  /** Remove `out` first if it holds an earlier bundle (anything else there is refused). */
  replace?: boolean;
  /** Where the grader's own files are (default: this project). */
  projectRoot?: string;
}

export interface Release {
  out: string;
  assignments: string[];
  /** Every file written, relative to `out`, '/'-separated, sorted. */
  files: string[];
  bytes: number;
  dependencies: Record<string, string>;
}

/** A file the student run would load that must never reach students, and how it is reached. */
export interface Leak {
  file: string;
  why: string;
  /** Entry point first, the leaking file last. */
  chain: string[];
}

/** The student run reaches a solution, a hidden test or a full definition: the course must be restructured. */
export class ReleaseLeakError extends UsageError {
  constructor(readonly leaks: readonly Leak[]) {
    super(
      [
        `the student run would load ${leaks.length} file${leaks.length === 1 ? '' : 's'} students must not get, so nothing was released:`,
        ...leaks.map((leak) => `  ${leak.file} (${leak.why}), reached by ${leak.chain.join(' → ')}`),
        'Make the public tests import neither solutions/ nor hidden tests (student.test.ts imports public-definition.ts, which imports public.ts), or release only the other assignments.',
      ].join('\n'),
    );
  }
}

/** A file of the bundle holds an answer line of an assignment released with it (e.g. a starter's given code). */
export interface GivenAway {
  file: string;
  assignment: string;
  line: string;
}

export class ReleaseAnswerError extends UsageError {
  constructor(readonly givenAway: readonly GivenAway[]) {
    const byPair = new Map<string, GivenAway>();
    for (const entry of givenAway) byPair.set(`${entry.file}\u0000${entry.assignment}`, byPair.get(`${entry.file}\u0000${entry.assignment}`) ?? entry);
    super(
      [
        'the bundle would give answers away, so nothing was released:',
        ...[...byPair.values()].map((entry) => `  ${entry.file} holds the answer of ${entry.assignment} (e.g. "${entry.line.split('\n')[0]}")`),
        'Release those assignments at different times (the one whose answer is given, after it is due), or change the code the other hands out.',
      ].join('\n'),
    );
  }
}

/** Every answer line of a released assignment found in a bundle file (source maps' sourcesContent included). */
function answersGivenAway(course: Course, out: string, files: readonly string[], chosen: readonly string[]): GivenAway[] {
  const needles = chosen.flatMap((id) => {
    const path = join(course.solutionsDir, `${id}.ts`);
    return existsSync(path) ? answerLines(readFileSync(path, 'utf8'), path).map((line) => ({ assignment: id, line })) : [];
  });
  const found: GivenAway[] = [];
  for (const file of files) {
    const text = readableText(join(out, file));
    for (const needle of needles) if (text.includes(needle.line)) found.push({ file, ...needle });
  }
  return found;
}

/** A file's text plus what its source maps (a .map file, or an inline base64 one) carry in sourcesContent, lines trimmed. */
export function readableText(path: string): string {
  const text = readFileSync(path, 'utf8');
  const maps = [...text.matchAll(/sourceMappingURL=data:application\/json[^,]*;base64,([A-Za-z0-9+/=]+)/g)].map((match) => Buffer.from(match[1]!, 'base64').toString('utf8'));
  if (path.endsWith('.map')) maps.push(text);
  const contents = maps.flatMap((map) => {
    try {
      return (JSON.parse(map) as { sourcesContent?: (string | null)[] }).sourcesContent ?? [];
    } catch {
      return [];
    }
  });
  return trimmedLines([text, ...contents.filter((content): content is string => typeof content === 'string')].join('\n'));
}

/**
 * Packages the student run needs that no import names: the sandbox bundles `mathjs` for submissions at
 * start (sandbox/compile.ts, and mathjs is the one library students may use), and the type warnings run
 * TypeScript's tsc from node_modules (submission/type-check.ts).
 */
const RUNTIME_PACKAGES = ['mathjs', 'typescript'] as const;

/** The sandbox child is not imported by anything: sandbox/compile.ts bundles it from this file at start. */
const SANDBOX_CHILD = 'grader/sandbox/child.ts';
const STUDENT_CONFIG = 'vitest.student.config.ts';

/** Build the student bundle into `options.out`. Throws ReleaseLeakError, or UsageError for a bad folder. */
export async function release(options: ReleaseOptions): Promise<Release> {
  const project = resolve(options.projectRoot ?? defaultProjectRoot);
  const { course } = options;
  const chosen = chooseAssignments(course, options.assignments ?? []).map((assignment) => assignment.id);
  const graph = await studentGraph(course, project, chosen);
  const leaks = findLeaks(graph, course);
  if (leaks.length > 0) throw new ReleaseLeakError(leaks);
  const recorded = recordReference(course, project, chosen.filter((id) => existsSync(recordedReferenceFile(course, id))));
  const out = resolve(options.out);
  prepareOut(out, options.replace ?? false, [course.root, project]);

  const place = placement(course, project);
  const bundled = new Set(graph.files);
  const served = new Map(Object.entries(recorded).map(([id, { functions }]) => [recordedReferenceFile(course, id), servedReferenceSource(course, project, id, functions)]));
  for (const file of graph.files) {
    mkdirSync(dirname(join(out, place(file))), { recursive: true });
    writeFileSync(join(out, place(file)), rebasedSource(file, served.get(file) ?? readFileSync(file, 'utf8'), bundled, place));
  }
  for (const [id, { values }] of Object.entries(recorded)) {
    writeFileSync(join(out, place(join(course.assignmentsDir, id, RECORDED_VALUES))), recordedValuesText(values));
  }
  for (const id of chosen) {
    const copies: Array<[string, string]> = [
      [`starter/${id}.ts`, need(join(course.starterDir, `${id}.ts`), `the starter of ${id} (run "grader starter ${id}")`)],
      [`assignments/${id}/README.md`, need(join(course.assignmentsDir, id, 'README.md'), `the handout of ${id}`)],
    ];
    for (const [to, from] of copies) {
      mkdirSync(dirname(join(out, to)), { recursive: true });
      cpSync(from, join(out, to));
    }
  }

  const manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as ProjectManifest;
  const dependencies = pickDependencies(manifest, [...graph.packages, ...RUNTIME_PACKAGES]);
  writeFileSync(join(out, 'package.json'), `${JSON.stringify(studentManifest(manifest, dependencies), null, 2)}\n`);
  writeFileSync(join(out, 'README.md'), studentReadme(course, chosen));

  await checkSelfContained(out, graph.entryPoints.map(place));
  const files = listFiles(out);
  const givenAway = answersGivenAway(course, out, files, chosen);
  if (givenAway.length > 0) {
    rmSync(out, { recursive: true, force: true });
    throw new ReleaseAnswerError(givenAway);
  }
  return { out, assignments: chosen, files, bytes: files.reduce((sum, file) => sum + statSync(join(out, file)).size, 0), dependencies };
}

interface StudentGraph {
  /** Absolute paths of the entry points. */
  entryPoints: string[];
  /** Absolute paths of every local file the student run loads. */
  files: string[];
  /** Bare package names imported (not node: built-ins). */
  packages: string[];
  /** Absolute path → what it imports (absolute paths of local files). */
  imports: Map<string, string[]>;
}

/**
 * Everything the student run of `ids` loads, by esbuild's resolution (packages left external), with each
 * assignment's reference.ts as the bundle will have it: served from recorded values.
 */
export async function studentGraph(course: Course, project: string, ids: readonly string[]): Promise<StudentGraph> {
  const replaced = new Map(ids.filter((id) => existsSync(recordedReferenceFile(course, id))).map((id) => [recordedReferenceFile(course, id), servedReferenceSource(course, project, id, [])]));
  const servedReferences: esbuild.Plugin = {
    name: 'served-references',
    setup(build) {
      build.onLoad({ filter: /[\\/]reference\.ts$/ }, (args) => {
        const contents = replaced.get(resolve(args.path));
        return contents === undefined ? undefined : { contents, loader: 'ts', resolveDir: dirname(args.path) };
      });
    },
  };
  const config = join(project, STUDENT_CONFIG);
  const entryPoints = [
    ...ids.map((id) => need(join(course.assignmentsDir, id, 'student.test.ts'), `the student suite of ${id}`)),
    need(config, 'the student vitest config'),
    ...(await configuredFiles(config)),
    need(join(project, SANDBOX_CHILD), 'the sandbox child'),
  ];
  const result = await esbuild.build({
    entryPoints,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outdir: join(project, 'node_modules', '.cache', 'numgrade-release'),
    absWorkingDir: project,
    logLevel: 'silent',
    plugins: [servedReferences],
  });
  const absolute = (path: string) => resolve(project, path);
  const imports = new Map<string, string[]>();
  const packages = new Set<string>();
  for (const [path, input] of Object.entries(result.metafile!.inputs)) {
    const local = input.imports.filter((item) => !item.external);
    imports.set(absolute(path), local.map((item) => absolute(item.path)));
    for (const item of input.imports) if (item.external && !item.path.startsWith('node:')) packages.add(packageName(item.path));
  }
  return { entryPoints, files: [...imports.keys()], packages: [...packages].sort(), imports };
}

/** The reporter and global setup files the student config names (vitest loads them, nothing imports them). */
async function configuredFiles(config: string): Promise<string[]> {
  const loaded = (await import(pathToFileURL(config).href)) as { default: { test?: { reporters?: unknown[]; globalSetup?: string | string[] } } };
  const test = loaded.default.test ?? {};
  const named = [...(test.reporters ?? []), ...[test.globalSetup ?? []].flat()];
  return named.filter((item): item is string => typeof item === 'string' && item.startsWith('.')).map((item) => need(resolve(dirname(config), item), `${item}, named in ${STUDENT_CONFIG}`));
}

const RECORDED_REFERENCE = 'reference.ts';
const RECORDED_VALUES = 'reference-values.json';
const RECORDER = join(dirname(fileURLToPath(import.meta.url)), 'record-reference.ts');

function recordedReferenceFile(course: Course, id: string): string {
  return join(course.assignmentsDir, id, RECORDED_REFERENCE);
}

/** The reference's values for `ids`, recorded by record-reference.ts in a child process. */
function recordReference(course: Course, project: string, ids: readonly string[]): Record<string, RecordedReference> {
  if (ids.length === 0) return {};
  const scratch = mkdtempSync(join(tmpdir(), 'numgrade-record-'));
  try {
    const output = join(scratch, 'recorded.json');
    // GRADER_SEED and GRADER_SUBMISSION are the student run's: the recording names its seed and folder itself.
    const env = { ...process.env, GRADER_SEED: '', GRADER_SUBMISSION: '' };
    const run = spawnSync(process.execPath, ['--import', 'tsx', RECORDER, course.root, output, ...ids], { cwd: project, env, encoding: 'utf8', timeout: 600_000 });
    if (run.status !== 0 || !existsSync(output)) {
      throw new UsageError(`recording the reference's values for ${ids.join(', ')} failed, so nothing was released:\n${(run.stderr || run.error?.message || `exit ${run.status}`).trim()}`);
    }
    return JSON.parse(readFileSync(output, 'utf8')) as Record<string, RecordedReference>;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The bundle's `assignments/<id>/reference.ts`: the same exports as the repository's, answering from the
 * recorded values. Its types come from the starter (the contract, shipped anyway). The grader is imported by
 * its path from the real file, which rebasedSource moves like any other import.
 */
function servedReferenceSource(course: Course, project: string, id: string, functions: readonly string[]): string {
  const folder = join(course.assignmentsDir, id);
  let grader = relative(folder, join(project, 'grader', 'definition', 'reference-values.ts')).split(sep).join('/');
  if (!grader.startsWith('.')) grader = `./${grader}`;
  const starter = relative(folder, join(course.starterDir, `${id}.ts`)).split(sep).join('/');
  return [
    '/**',
    ` * Generated by \`grader release\`: the reference's values for the public tests of ${id} at the default`,
    ' * grading seed (in reference-values.json), not its code. A call that was not recorded, for instance under',
    ' * another GRADER_SEED, throws: other seeds are for course staff, who grade with the repository.',
    ' */',
    `import { servedReference } from '${grader}';`,
    `import type * as contract from '${starter}';`,
    '',
    `export type * from '${starter}';`,
    '',
    "export const referenceSource: 'solution' | 'recorded' = 'recorded';",
    '',
    `export const reference = servedReference(${JSON.stringify(id)}, new URL('./${RECORDED_VALUES}', import.meta.url), ${JSON.stringify(functions)}) as unknown as typeof contract & Record<string, (...args: any[]) => any>;`,
    '',
  ].join('\n');
}

/** One recorded call a line, so a diff between two releases shows which values changed. */
function recordedValuesText(values: RecordedReference['values']): string {
  return `{\n${Object.entries(values).map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`).join(',\n')}\n}\n`;
}

/** Files of the graph students must not get, each with the shortest import chain from an entry point. */
export function findLeaks(graph: StudentGraph, course: Course): Leak[] {
  const fullDefinitions = new Set(course.assignments.map((assignment) => join(course.assignmentsDir, assignment.id, 'definition.ts')));
  const why = (file: string): string | undefined => {
    if (isInside(file, course.solutionsDir)) return 'a reference solution';
    if (/^hidden\./.test(basename(file))) return 'hidden tests';
    if (fullDefinitions.has(file)) return "an assignment's full definition, with its hidden tests";
    if (file === join(course.assignmentsDir, 'index.ts')) return 'every full definition';
    return undefined;
  };
  const chains = shortestChains(graph);
  const shown = (file: string) => relative(course.root, file).split(sep).join('/');
  return graph.files.flatMap((file) => {
    const reason = why(file);
    return reason ? [{ file: shown(file), why: reason, chain: (chains.get(file) ?? [file]).map(shown) }] : [];
  });
}

function shortestChains(graph: StudentGraph): Map<string, string[]> {
  const chains = new Map<string, string[]>(graph.entryPoints.map((entry) => [entry, [entry]]));
  const queue = [...graph.entryPoints];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const target of graph.imports.get(next) ?? []) {
      if (chains.has(target)) continue;
      chains.set(target, [...chains.get(next)!, target]);
      queue.push(target);
    }
  }
  return chains;
}

/** Where a file goes in the bundle: a course's files relative to the course, the grader's relative to the project. */
function placement(course: Course, project: string): (file: string) => string {
  return (file) => {
    const base = isInside(file, course.root) ? course.root : isInside(file, project) ? project : undefined;
    if (!base) throw new UsageError(`${file} is outside both the course and the grader, so it cannot be released`);
    return relative(base, file).split(sep).join('/');
  };
}

/**
 * A file's source as it goes into the bundle. The bundle is laid out as the course (assignments/, starter/)
 * beside the grader (grader/), so in a course outside the project (examples/…) an import of the grader
 * such as '../../../../grader/x.ts' must become '../../grader/x.ts'. A relative specifier is rewritten
 * only when it names a file of the bundle (type-only imports included, which esbuild's graph leaves out);
 * in the project's own course nothing changes.
 */
function rebasedSource(file: string, source: string, bundled: ReadonlySet<string>, place: (file: string) => string): string {
  return source.replace(/(\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.{1,2}\/[^'"]+)\2/g, (whole, lead: string, quote: string, specifier: string) => {
    const target = resolve(dirname(file), specifier);
    if (!bundled.has(target)) return whole;
    let moved = relative(dirname(place(file)), place(target)).split(sep).join('/');
    if (!moved.startsWith('.')) moved = `./${moved}`;
    return `${lead}${quote}${moved}${quote}`;
  });
}

/** The copied files resolve among themselves: the graph rebuilt inside the bundle has the same files. */
async function checkSelfContained(out: string, entryPoints: readonly string[]): Promise<void> {
  try {
    await esbuild.build({ entryPoints: [...entryPoints], bundle: true, write: false, platform: 'node', format: 'esm', packages: 'external', outdir: join(out, '.unused'), absWorkingDir: out, logLevel: 'silent' });
  } catch (error) {
    const errors = (error as { errors?: esbuild.Message[] }).errors ?? [];
    throw new UsageError(`the bundle in ${out} does not hold everything its files import (an import leaves the course or the grader?):\n${errors.map((item) => `  ${item.location?.file ?? ''}: ${item.text}`).join('\n') || String(error)}`);
  }
}

interface ProjectManifest {
  name?: string;
  version?: string;
  engines?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

function pickDependencies(manifest: ProjectManifest, names: readonly string[]): Record<string, string> {
  const declared = { ...manifest.devDependencies, ...manifest.dependencies };
  const picked: Record<string, string> = {};
  for (const name of [...new Set(names)].sort()) {
    const version = declared[name];
    if (!version) throw new UsageError(`the student run imports "${name}", which the project's package.json does not declare: add it to dependencies`);
    picked[name] = version;
  }
  return picked;
}

function studentManifest(manifest: ProjectManifest, dependencies: Record<string, string>) {
  return {
    name: `${manifest.name ?? 'course'}-student`,
    version: manifest.version ?? '0.0.0',
    private: true,
    description: 'Your assignments: write your code in starter/, then run npm test.',
    type: 'module',
    ...(manifest.engines ? { engines: manifest.engines } : {}),
    scripts: { test: `vitest run -c ${STUDENT_CONFIG}` },
    dependencies,
  };
}

function studentReadme(course: Course, ids: readonly string[]): string {
  const titles = new Map(course.assignments.map((assignment) => [assignment.id, assignment.title]));
  return [
    '# Your assignments',
    '',
    ...ids.map((id) => `- **${titles.get(id)}**: write \`starter/${id}.ts\`; the handout is \`assignments/${id}/README.md\`.`),
    '',
    '## Working on them',
    '',
    'You need Node.js 20.10 or later (Windows, macOS and Linux all work). Once, in this folder:',
    '',
    '```',
    'npm install',
    '```',
    '',
    'Then, whenever you want to check your work:',
    '',
    '```',
    'npm test',
    '```',
    '',
    'This runs the PUBLIC tests of every assignment against your files in `starter/` and ends with your points.',
    'A function you have not written yet fails with "not implemented". To check one assignment only, name it:',
    `\`npm test -- assignments/${ids[0] ?? '<id>'}\`. To test a copy of your work kept elsewhere, set`,
    '`GRADER_SUBMISSION` to its folder.',
    '',
    'The course staff also run hidden tests when they grade, so passing every public test is necessary but not',
    'sufficient: the summary says how many hidden tests (and points) there are.',
    '',
    'The only library your code may import is `mathjs`. Type errors are reported as warnings, never penalized.',
    '',
    'The public tests always run with the course\'s fixed seed: some compare with the reference\'s values at that',
    'seed, which is all this folder holds of them. Leave `GRADER_SEED` unset; other seeds are for course staff.',
    '',
  ].join('\n');
}

function prepareOut(out: string, replace: boolean, protectedFolders: readonly string[]): void {
  for (const folder of protectedFolders) {
    if (out === resolve(folder) || isInside(resolve(folder), out)) throw new UsageError(`--out ${out} would hold ${folder}: choose a new folder`);
  }
  if (existsSync(out)) {
    if (!statSync(out).isDirectory()) throw new UsageError(`--out ${out} is a file`);
    if (readdirSync(out).length > 0) {
      if (!replace) throw new UsageError(`--out ${out} is not empty: choose a new folder, or pass --replace to rebuild an earlier bundle there`);
      // Only an earlier bundle is removed, never a folder that merely happened to be named.
      if (!existsSync(join(out, STUDENT_CONFIG)) || !existsSync(join(out, 'starter'))) throw new UsageError(`--out ${out} is not empty and does not hold an earlier bundle, so --replace leaves it alone: choose a new folder`);
      rmSync(out, { recursive: true, force: true });
    }
  }
  mkdirSync(out, { recursive: true });
}

function listFiles(root: string, under = ''): string[] {
  return readdirSync(join(root, under), { withFileTypes: true })
    .flatMap((entry) => {
      const path = under ? `${under}/${entry.name}` : entry.name;
      return entry.isDirectory() ? listFiles(root, path) : [path];
    })
    .sort();
}

function need(path: string, what: string): string {
  if (!existsSync(path)) throw new UsageError(`${what} is missing: ${path}`);
  return path;
}

/** 'pure-rand/generator/mersenne' → 'pure-rand'; '@stdlib/x/y' → '@stdlib/x'. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function isInside(path: string, folder: string): boolean {
  const relation = relative(folder, path);
  return relation !== '' && !relation.startsWith('..') && !isAbsolute(relation);
}

/**
 * Turns student TypeScript into JavaScript the sandbox child can import, and builds the child's runtime.
 *
 * Student files are bundled by esbuild: types are stripped (never checked here), relative imports between
 * a student's own files are inlined, `mathjs` (the one library students may use) is mapped to a prebuilt
 * bundle, and any other import is refused with a message saying so. The output lives in a folder of its
 * own, so the child needs read access to nothing else.
 */
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { writeAtomically } from '../write-atomically.ts';
import { mkdirSync, readFileSync, realpathSync, statSync, writeFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = resolve(here, '..', '..');

export interface Runtime {
  /** Folder holding child.mjs and mathjs.mjs. */
  dir: string;
  childPath: string;
  mathjsPath: string;
}

export type CompileOutcome =
  | { ok: true; path: string; warnings: string[] }
  | { ok: false; message: string };

let runtime: Promise<Runtime> | undefined;

/**
 * The child runtime. The child is bundled afresh at every start (esbuild takes ~20 ms) and written under a
 * name that is the hash of its contents, so it can never be stale; the mathjs bundle (~0.4 s to build) is
 * cached by mathjs version. Both live in node_modules/.cache/numgrade, readable by the child.
 */
export function sandboxRuntime(): Promise<Runtime> {
  runtime ??= buildRuntime();
  return runtime;
}

/** One ES module for Node 20+, returned in memory (the caller decides where it goes). */
const bundleInMemory = { bundle: true, format: 'esm', platform: 'node', target: 'node20', write: false, logLevel: 'silent' } as const;

async function buildRuntime(): Promise<Runtime> {
  const dir = join(projectRoot, 'node_modules', '.cache', 'numgrade');
  mkdirSync(dir, { recursive: true });
  const child = await esbuild.build({ ...bundleInMemory, entryPoints: [join(here, 'child.ts')] });
  const childCode = child.outputFiles[0]!.contents;
  const childPath = join(dir, `child-${createHash('sha256').update(childCode).digest('hex').slice(0, 16)}.mjs`);
  // Two processes may build the same file at once: the contents are identical (the name is their hash,
  // or the mathjs version), so either copy will do.
  if (!existsSync(childPath)) writeAtomically(childPath, childCode, { sameContents: true });
  const mathjsVersion = JSON.parse(readFileSync(join(projectRoot, 'node_modules', 'mathjs', 'package.json'), 'utf8')).version as string;
  const mathjsPath = join(dir, `mathjs-${mathjsVersion}.mjs`);
  if (!existsSync(mathjsPath)) {
    const built = await esbuild.build({ ...bundleInMemory, stdin: { contents: "export * from 'mathjs';", resolveDir: projectRoot, loader: 'js' } });
    writeAtomically(mathjsPath, built.outputFiles[0]!.contents, { sameContents: true });
  }
  return { dir, childPath, mathjsPath };
}

/** A fresh folder for one submission's compiled modules; the caller removes it when done. */
export function makeCompileFolder(): string {
  return mkdtempSync(join(tmpdir(), 'numgrade-'));
}

export function removeCompileFolder(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
}

/**
 * Compiles one student file to `<outDir>/<name>.mjs`. A syntax error or a forbidden import is the student's
 * to fix, so it comes back as `{ ok: false, message }` with the location, never as an exception.
 * Every file the bundle reads must lie inside `submissionDir` (after resolving symlinks): a student cannot
 * import the grader's solutions, or another student's work, by path.
 */
export async function compileSubmissionFile(
  file: string,
  submissionDir: string,
  outDir: string,
  name: string,
  mathjsPath: string,
): Promise<CompileOutcome> {
  const outPath = join(outDir, `${name}.mjs`);
  const root = realpathSync(submissionDir);
  const entry = realpathSync(file);
  if (!isInside(entry, root)) return { ok: false, message: `${basename(file)} points outside the submission folder and was not read` };
  try {
    const result = await esbuild.build({
      ...bundleInMemory,
      entryPoints: [entry],
      sourcemap: 'inline',
      plugins: [
        {
          name: 'student-imports',
          setup(build) {
            build.onResolve({ filter: /.*/ }, (args) => {
              if (args.kind === 'entry-point') return undefined;
              // Left as the bare specifier: the sandbox child links it to its mathjs bundle, wherever that is mounted.
              if (args.path === 'mathjs') return { path: 'mathjs', external: true };
              if (!args.path.startsWith('./') && !args.path.startsWith('../')) {
                return { errors: [{ text: `"${args.path}" cannot be imported: the only library you may use is mathjs` }] };
              }
              const target = resolveLocal(resolve(args.resolveDir, args.path));
              if (!target || !isInside(target, root)) {
                return { errors: [{ text: `"${args.path}" is not a file inside your submission folder` }] };
              }
              return { path: target };
            });
          },
        },
      ],
    });
    writeFileSync(outPath, result.outputFiles[0]!.contents);
    return { ok: true, path: outPath, warnings: result.warnings.map((warning) => formatMessage(warning)) };
  } catch (error) {
    const failure = error as { errors?: esbuild.Message[]; message?: string };
    const message = failure.errors?.length ? failure.errors.map((item) => formatMessage(item)).join('\n') : String(failure.message ?? error);
    return { ok: false, message };
  }
}

/** The real path of an import target, trying the extensions a TypeScript import may leave out or swap. */
function resolveLocal(path: string): string | undefined {
  const candidates = [path, `${path}.ts`, path.replace(/\.js$/, '.ts'), path.replace(/\.mjs$/, '.mts'), `${path}.js`];
  for (const candidate of candidates) {
    try {
      if (statSync(candidate).isFile()) return realpathSync(candidate);
    } catch {
      // not this one
    }
  }
  return undefined;
}

function isInside(path: string, folder: string): boolean {
  const relation = relative(folder, path);
  return relation !== '' && !relation.startsWith('..') && !isAbsolute(relation);
}

function formatMessage(message: esbuild.Message): string {
  const where = message.location ? `${message.location.file.split(/[\\/]/).pop()}:${message.location.line}:${message.location.column + 1}: ` : '';
  return `${where}${message.text}`;
}

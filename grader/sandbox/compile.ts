/**
 * Turns student TypeScript into JavaScript the sandbox child can import, and builds the child's runtime.
 *
 * Student files are bundled by esbuild: types are stripped (never checked here), relative imports between
 * a student's own files are inlined, `mathjs` (the one library students may use) is mapped to a prebuilt
 * bundle, and any other import is refused with a message saying so. The output lives in a folder of its
 * own, so the child needs read access to nothing else.
 *
 * Student files are compiled in the compiler host, a process of the grader's own (compiler-host.ts says
 * why): a file that kills esbuild costs that file a "the compiler crashed on this file", a grader's failure,
 * and every later file is compiled by a fresh compiler.
 */
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { writeAtomically } from '../write-atomically.ts';
import { mkdirSync, readFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompilerProcess, type HostAnswer } from './compiler-process.ts';
// Bundled into the compiler host below; imported here so that the student bundle (release.ts follows the
// import graph) holds it.
import './compiler-host.ts';

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = resolve(here, '..', '..');

export interface Runtime {
  /** Folder holding child.mjs, mathjs.mjs and compiler.mjs. */
  dir: string;
  childPath: string;
  mathjsPath: string;
  /** The compiler host (compiler-host.ts), bundled. */
  compilerPath: string;
}

/**
 * What became of one student file: compiled; rejected for the file's own fault (the student's to fix); or
 * not compiled because the compiler failed (the grader's failure: never the student's zero).
 */
export type CompileOutcome =
  | { ok: true; path: string; warnings: string[] }
  | { ok: false; kind: 'rejected'; message: string }
  | { ok: false; kind: 'compiler-failed'; message: string; detail: string };

let runtime: Promise<Runtime> | undefined;

/**
 * The child runtime. The child and the compiler host are bundled afresh at every start (esbuild takes
 * ~20 ms) and written under names that are the hash of their contents, so they can never be stale; the
 * mathjs bundle (~0.4 s to build) is cached by mathjs version. All live in node_modules/.cache/numgrade,
 * readable by the child (the compiler host holds nothing secret), and the host's packages (esbuild)
 * resolve from there.
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
  const childPath = writeByHash(dir, 'child', child.outputFiles[0]!.contents);
  const host = await esbuild.build({
    ...bundleInMemory,
    packages: 'external',
    stdin: { contents: "import { serveCompiles } from './compiler-host.ts';\nserveCompiles();\n", resolveDir: here, sourcefile: 'compiler-main.ts', loader: 'ts' },
  });
  const compilerPath = writeByHash(dir, 'compiler', host.outputFiles[0]!.contents);
  const mathjsVersion = JSON.parse(readFileSync(join(projectRoot, 'node_modules', 'mathjs', 'package.json'), 'utf8')).version as string;
  const mathjsPath = join(dir, `mathjs-${mathjsVersion}.mjs`);
  if (!existsSync(mathjsPath)) {
    const built = await esbuild.build({ ...bundleInMemory, stdin: { contents: "export * from 'mathjs';", resolveDir: projectRoot, loader: 'js' } });
    writeAtomically(mathjsPath, built.outputFiles[0]!.contents, { sameContents: true });
  }
  return { dir, childPath, mathjsPath, compilerPath };
}

/** `<dir>/<name>-<hash of contents>.mjs`, written unless it is there. */
function writeByHash(dir: string, name: string, contents: Uint8Array): string {
  const path = join(dir, `${name}-${createHash('sha256').update(contents).digest('hex').slice(0, 16)}.mjs`);
  // Two processes may build the same file at once: the contents are identical (the name is their hash,
  // or the mathjs version), so either copy will do.
  if (!existsSync(path)) writeAtomically(path, contents, { sameContents: true });
  return path;
}

/** A fresh folder for one submission's compiled modules; the caller removes it when done. */
export function makeCompileFolder(): string {
  return mkdtempSync(join(tmpdir(), 'numgrade-'));
}

export function removeCompileFolder(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
}

/**
 * A limit on one file's compile, to end a compiler that never returns. Compiling a student's file takes
 * 3–5 ms; the worst file measured, 2 MB of parentheses nested 10⁶ deep, crashes the compiler in 1.5–2.5 s,
 * and 2·10⁵ deep compiles in 1.3 s. 60 s is 24 times the worst of those, room for a loaded machine.
 */
export const COMPILE_TIMEOUT_MS = 60_000;

/**
 * The compiler dies at most this often on one file before the file is said to crash it: the first death may
 * be the machine's doing (a service killed for memory), so the file gets a fresh compiler once more.
 */
const ATTEMPTS = 2;

/**
 * Lines of a crashed compiler's stderr kept in the staff's detail. Go puts its reason first ("runtime:
 * goroutine stack exceeds 1000000000-byte limit", the stack bounds, "fatal error: stack overflow"); the
 * ~380 lines of goroutine stacks after it say nothing about the file.
 */
const EXCERPT_LINES = 3;

let compiler: CompilerProcess | undefined;

/**
 * Compiles one student file to `<outDir>/<name>.mjs`. A syntax error or a forbidden import is the student's
 * to fix, so it comes back as `rejected` with the location, never as an exception. Every file the bundle
 * reads must lie inside `submissionDir` (after resolving symlinks): a student cannot import the grader's
 * solutions, or another student's work, by path.
 *
 * Nothing is taken from a dead compiler: a compile during which the compiler died is made again on a fresh
 * one, and a file on which it dies every time is `compiler-failed`, the grader's failure, with the start of
 * the compiler's last words (its stderr, which never reaches the terminal) for staff. (`mathjsPath` is not
 * needed: the compiled module imports the bare "mathjs", which the sandbox child links.)
 */
export async function compileSubmissionFile(
  file: string,
  submissionDir: string,
  outDir: string,
  name: string,
  mathjsPath: string,
): Promise<CompileOutcome> {
  const outPath = join(outDir, `${name}.mjs`);
  compiler ??= new CompilerProcess((await sandboxRuntime()).compilerPath);
  const deaths: HostAnswer[] = [];
  while (deaths.length < ATTEMPTS) {
    const answer = await compiler.compile({ file, submissionDir, outPath }, COMPILE_TIMEOUT_MS);
    const { report } = answer;
    switch (report.kind) {
      case 'compiled':
        return { ok: true, path: outPath, warnings: report.warnings };
      case 'rejected':
        return { ok: false, kind: 'rejected', message: report.message };
      case 'failed':
        return { ok: false, kind: 'compiler-failed', message: `${report.message} (the grader's failure, not yours: course staff have the details)`, detail: `${report.detail}${stderrExcerpt(answer)}` };
      case 'timed-out':
        return {
          ok: false,
          kind: 'compiler-failed',
          message: `the compiler did not finish compiling ${basename(file)} within ${report.limitMs / 1000} s (the grader's failure, not yours: course staff have the details)`,
          detail: `the compiler host was ended after ${report.limitMs / 1000} s on ${file} (${sizeOf(file)})${stderrExcerpt(answer)}`,
        };
      case 'service-died':
      case 'host-died':
        deaths.push(answer);
    }
  }
  return {
    ok: false,
    kind: 'compiler-failed',
    message: `the compiler crashed on ${basename(file)}: this is the grader's failure, not yours, and course staff have the details`,
    detail: [
      `the compiler died compiling ${file} (${sizeOf(file)}) on each of ${ATTEMPTS} attempts, each on a fresh one:`,
      ...deaths.map((death, i) => `attempt ${i + 1}: ${(death.report as { message: string }).message}${stderrExcerpt(death)}`),
    ].join('\n'),
  };
}

/** The first lines the compiler wrote to stderr during a compile, indented, and how much more there was. */
function stderrExcerpt({ stderr, stderrBytes }: HostAnswer): string {
  if (stderrBytes === 0) return '';
  const lines = stderr.split('\n').filter((line) => line.trim() !== '');
  const kept = lines.slice(0, EXCERPT_LINES).map((line) => `  | ${line.length > 200 ? `${line.slice(0, 200)}…` : line}`);
  const cut = lines.length > EXCERPT_LINES || stderrBytes > Buffer.byteLength(stderr);
  return `\n  its stderr began:\n${kept.join('\n')}${cut ? `\n  | … (${stderrBytes} bytes in all, the rest not kept)` : ''}`;
}

function sizeOf(file: string): string {
  try {
    return `${statSync(file).size} bytes`;
  } catch {
    return 'size unknown';
  }
}

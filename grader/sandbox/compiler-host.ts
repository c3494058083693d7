/**
 * What compiling one student file means (esbuild, the import rules), and the compiler host: a process of
 * the grader's own that does it, apart from the grading process. compile.ts bundles this module's
 * `serveCompiles` into the host and talks to it through compiler-process.ts.
 *
 * Why a process of its own: esbuild's JavaScript API runs its compiler as a Go service process, and a file
 * can kill that service (a 2 MB file of 10⁶ nested parentheses overflows its 1 GB goroutine stack, measured
 * with esbuild 0.28). The API then fails every later build with "The service is no longer running", and
 * the service's stderr is the API's own (`stdio: [..., 'inherit']`, not an option): ~390 lines of Go stack
 * on the terminal. Here the host's stderr, hence the service's, is a pipe the grader reads; the host tells
 * a dead service from a file's errors, and starts a fresh service for the next file.
 */
import * as esbuild from 'esbuild';
import { writeFileSync, realpathSync, statSync } from 'node:fs';
import { basename, isAbsolute, relative, resolve } from 'node:path';

export interface CompileRequest {
  id: number;
  /** The student's file, and the folder every file the bundle reads must lie in. */
  file: string;
  submissionDir: string;
  /** Where the compiled module goes. */
  outPath: string;
}

/** What became of one file, as the host reports it. */
export type CompileReport =
  /** Written to outPath. */
  | { kind: 'compiled'; warnings: string[] }
  /** The file's own fault (a syntax error, a forbidden import, a path outside the folder): the student's to fix. */
  | { kind: 'rejected'; message: string }
  /** esbuild's service process died during this build: the file may have killed it, or not. */
  | { kind: 'service-died'; message: string }
  /** Anything else that went wrong: the grader's own failure. */
  | { kind: 'failed'; message: string; detail: string };

export type CompileReply = CompileReport & { id: number };

/** What esbuild's API says, in `Error.message`, when its service process has died (main.js, createChannel). */
const SERVICE_DIED = /^The service (was stopped|is no longer running)/;

/** esbuild's options for a student file: one ES module for Node 20+, returned in memory, with a source map. */
const studentBundle = { bundle: true, format: 'esm', platform: 'node', target: 'node20', write: false, logLevel: 'silent', sourcemap: 'inline' } as const;

/**
 * Compiles one student file. Every file the bundle reads must lie inside `submissionDir` (after resolving
 * symlinks): a student cannot import the grader's solutions, or another student's work, by path.
 * A service that had died before this build started (between files) is replaced and the build made again:
 * that death says nothing about this file.
 */
export async function compileStudentFile(request: Omit<CompileRequest, 'id'>): Promise<CompileReport> {
  let root: string;
  let entry: string;
  try {
    root = realpathSync(request.submissionDir);
    entry = realpathSync(request.file);
  } catch (error) {
    return { kind: 'failed', message: `${basename(request.file)} could not be read by the compiler`, detail: describe(error) };
  }
  if (!isInside(entry, root)) return { kind: 'rejected', message: `${basename(request.file)} points outside the submission folder and was not read` };
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await esbuild.build({ ...studentBundle, entryPoints: [entry], plugins: [studentImports(root)] });
      writeFileSync(request.outPath, result.outputFiles[0]!.contents);
      return { kind: 'compiled', warnings: result.warnings.map((warning) => formatMessage(warning)) };
    } catch (error) {
      const failure = error as { errors?: esbuild.Message[]; message?: unknown };
      if (Array.isArray(failure.errors) && failure.errors.length > 0) return { kind: 'rejected', message: failure.errors.map((item) => formatMessage(item)).join('\n') };
      const message = typeof failure.message === 'string' ? failure.message : String(error);
      if (!SERVICE_DIED.test(message)) return { kind: 'failed', message: `the compiler failed on ${basename(request.file)}: ${message}`, detail: describe(error) };
      // The next build() starts a fresh service once the dead one is forgotten.
      await esbuild.stop();
      if (!message.startsWith('The service is no longer running') || attempt > 0) return { kind: 'service-died', message };
    }
  }
}

/** The rule for imports: `mathjs`, and relative paths to files inside the folder. */
function studentImports(root: string): esbuild.Plugin {
  return {
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
  };
}

/**
 * The host's main: answers compile requests over its IPC channel, one at a time (the grader sends one at a
 * time, so a service that dies is known to have died on that request's file), and ends with the channel.
 */
export function serveCompiles(): void {
  let queue = Promise.resolve();
  process.on('message', (request: CompileRequest) => {
    queue = queue.then(async () => {
      let report: CompileReport;
      try {
        report = await compileStudentFile(request);
      } catch (error) {
        report = { kind: 'failed', message: `the compiler host failed on ${basename(String(request.file))}`, detail: describe(error) };
      }
      process.send!({ ...report, id: request.id } satisfies CompileReply);
    });
  });
  process.on('disconnect', () => {
    // The service is the host's child: end it too (it would also end, later, when its stdin closes).
    void esbuild.stop();
    process.exit(0);
  });
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

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

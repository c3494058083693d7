/**
 * The compiler host outlives its compiler: esbuild's service, or the host itself, killed between two files
 * (as the machine might, for memory) costs the next file nothing. A file that kills the service is in
 * test/batch/compiler-crash.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompilerProcess } from '../../grader/sandbox/compiler-process.ts';
import { sandboxRuntime } from '../../grader/sandbox/compile.ts';

let folder: string;
let compiler: CompilerProcess;

/** Processes whose parent is `parent`, with their command lines. */
function childrenOf(parent: number): Array<{ pid: number; args: string }> {
  return execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null && Number(match[2]) === parent)
    .map((match) => ({ pid: Number(match[1]), args: match[3]! }));
}

const compile = () => compiler.compile({ file: join(folder, 'sigmoid-derivative.ts'), submissionDir: folder, outPath: join(folder, 'out.mjs') }, 60_000);

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'numgrade-compiler-'));
  writeFileSync(join(folder, 'sigmoid-derivative.ts'), 'export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));\n');
  compiler = new CompilerProcess((await sandboxRuntime()).compilerPath);
});

afterAll(() => {
  compiler.close();
  rmSync(folder, { recursive: true, force: true });
});

describe.skipIf(process.platform !== 'linux')('the compiler host', () => {
  const host = () => childrenOf(process.pid).find((child) => child.args.includes('compiler-'))!;

  it('compiles, and tells a syntax error (the file) from a dead compiler', async () => {
    expect((await compile()).report).toEqual({ kind: 'compiled', warnings: [], id: expect.any(Number) });
    writeFileSync(join(folder, 'broken.ts'), 'export const sigmoid = (;\n');
    const broken = await compiler.compile({ file: join(folder, 'broken.ts'), submissionDir: folder, outPath: join(folder, 'broken.mjs') }, 60_000);
    expect(broken.report).toMatchObject({ kind: 'rejected', message: expect.stringMatching(/^broken\.ts:1:\d+: /) });
  });

  it('replaces a service killed between files, and the next file compiles', async () => {
    const service = childrenOf(host().pid).find((child) => child.args.includes('--service'))!;
    process.kill(service.pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await compile()).report.kind).toBe('compiled');
  });

  it('replaces a host killed between files, and the next file compiles', async () => {
    const before = host().pid;
    process.kill(before, 'SIGKILL');
    // Until its exit is seen (and it is reaped).
    while (childrenOf(process.pid).some((child) => child.pid === before)) await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await compile()).report.kind).toBe('compiled');
    expect(host().pid).not.toBe(before);
  });
});

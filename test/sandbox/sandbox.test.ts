/**
 * The sandbox turns every way student code can misbehave into a value, and the next call still works:
 * hangs, process.exit, a memory bomb, a throw of a non-Error whose message getter throws, forbidden
 * imports, imports from outside the submission, file writes, process spawns, workers and connections.
 *
 * It runs once with this Node and once more with each binary listed in GRADER_TEST_NODES (separated by the
 * path delimiter): .ci/run adds Node 24, whose permission flag differs from Node 20's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, existsSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createServer, type Server } from 'node:net';
import { isolationFor } from '../../grader/sandbox/isolation.ts';
import { openSubmission, type OpenedSubmission } from '../../grader/submission/open-submission.ts';
import { solutionsDir } from '../../grader/paths.ts';

const nodes = [process.execPath, ...(process.env.GRADER_TEST_NODES ?? '').split(delimiter).filter(Boolean)];

describe.each(nodes)('the sandbox under %s', (nodePath) => {
const marker = join(tmpdir(), `numgrade-sandbox-marker-${process.pid}-${nodes.indexOf(nodePath)}`);
let root: string;
let submission: OpenedSubmission;
let server: Server;
let connections = 0;
let port = 0;

beforeAll(async () => {
  server = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
  root = mkdtempSync(join(tmpdir(), 'numgrade-sandbox-test-'));
  const folder = join(root, 'student');
  mkdirSync(folder);
  writeFileSync(
    join(folder, 'sigmoid-derivative.ts'),
    `
    import { exp } from 'mathjs';
    export function sigmoid(z: number): number { return 1 / (1 + exp(-z)); }
    export function hang(): number { for (;;) {} }
    export function quit(): number { process.exit(7); }
    export function hog(): number { const kept: number[][] = []; for (;;) kept.push(new Array(1e6).fill(1)); }
    export function throwWeird(): number { throw { get message(): string { throw new Error('gotcha'); } }; }
    export function deep(n: number): number { return deep(n + 1) + 1; }
    export async function write(): Promise<string> {
      // A computed specifier gets past the compile-time import check: the permission model must stop it.
      const fs = await import(['node', 'fs'].join(':'));
      try { fs.writeFileSync(${JSON.stringify(marker)}, 'x'); return 'wrote'; } catch (error) { return (error as { code?: string }).code ?? 'error'; }
    }
    export async function connect(port: number): Promise<string> {
      try { await fetch('http://127.0.0.1:' + port + '/'); return 'connected'; } catch (error) { return String((error as { cause?: { code?: string } }).cause?.code ?? error); }
    }
    export async function worker(): Promise<string> {
      const threads = await import(['node', 'worker_threads'].join(':'));
      try { new threads.Worker('1', { eval: true }); return 'started'; } catch (error) { return (error as { code?: string }).code ?? 'error'; }
    }
    export async function spawn(): Promise<string> {
      const cp = await import(['node', 'child_process'].join(':'));
      try { cp.execSync('echo hi'); return 'spawned'; } catch (error) { return (error as { code?: string }).code ?? 'error'; }
    }
    `,
  );
  writeFileSync(join(folder, 'softmax-ce-gradient.ts'), `import { readFileSync } from 'node:fs'; export const softmax = () => readFileSync;`);
  writeFileSync(join(folder, 'two-layer-backprop.ts'), `export * from '../../../solutions/two-layer-backprop.ts';`);
  symlinkSync(join(solutionsDir, 'inverse-transform-sampling.ts'), join(folder, 'inverse-transform-sampling.ts'));
  submission = await openSubmission(folder, ['sigmoid-derivative', 'softmax-ce-gradient', 'two-layer-backprop', 'inverse-transform-sampling'], {
    timeLimits: { loadMs: 30_000, callMs: 4000, sampleMs: 4000 },
    sandboxLimits: { memoryMb: 128, keptOutputBytes: 16_384, maxOutputBytes: 1_000_000 },
    nodePath,
  });
}, 60_000);

afterAll(() => {
  server?.close();
  submission?.close();
  rmSync(root, { recursive: true, force: true });
  rmSync(marker, { force: true });
});

describe('student code', () => {
  const module = () => submission.module('sigmoid-derivative');

  it('runs student code that imports mathjs', async () => {
    expect(await module().call('sigmoid', [0])).toMatchObject({ ok: true, value: 0.5 });
  });

  it.each([
    ['hang', 'timeout', /time limit of 4 s/],
    ['quit', 'threw', /process\.exit\(7\) was called/],
    ['hog', 'crashed', /ran out of memory/],
    ['throwWeird', 'threw', /non-Error value/],
    ['deep', 'threw', /RangeError: Maximum call stack/],
  ])('%s costs only that call (%s), and the next call still works', async (fn, reason, message) => {
    const outcome = await module().call(fn, []);
    expect(outcome).toMatchObject({ ok: false, failure: { reason, message: expect.stringMatching(message) } });
    expect(await module().call('sigmoid', [0])).toMatchObject({ ok: true, value: 0.5 });
  }, 30_000);

  it('cannot reach Node: no module to write files, spawn processes or start workers with', async () => {
    // Student code runs in a realm of its own where import() of anything is refused (the permission model
    // stands behind it); the computed specifier gets past the compile-time import check.
    for (const fn of ['write', 'spawn', 'worker']) {
      expect(await module().call(fn, [])).toMatchObject({ ok: false, failure: { reason: 'threw', message: expect.stringMatching(/import\(\) is not available/) } });
    }
    expect(existsSync(marker)).toBe(false);
  });

  it.skipIf(isolationFor(nodePath).level === 'none')('cannot reach a server on this machine (network namespace)', async () => {
    const outcome = await module().call('connect', [port]);
    expect(outcome).toMatchObject({ ok: true, value: expect.not.stringMatching(/^connected$/) });
    expect(connections).toBe(0);
  });

  it('refuses imports other than mathjs, and files outside the submission (by path or symlink)', async () => {
    expect(await submission.module('softmax-ce-gradient').call('softmax', [])).toMatchObject({ ok: false, failure: { reason: 'compile-error', message: expect.stringMatching(/only library you may use is mathjs/) } });
    expect(await submission.module('two-layer-backprop').call('forward', [])).toMatchObject({ ok: false, failure: { reason: 'compile-error', message: expect.stringMatching(/not a file inside your submission folder/) } });
    expect(await submission.module('inverse-transform-sampling').call('samplePoisson', [])).toMatchObject({ ok: false, failure: { reason: 'compile-error', message: expect.stringMatching(/outside the submission folder/) } });
  });
});
});

/**
 * The declared isolation (grader/sandbox/isolation.ts) keeps each promise on its own, without the realm
 * and without Node's permission model: a probe that owns its whole process (test/sandbox/probes/
 * whole-process.mjs) is started exactly as a sandbox child is, and finds nothing of the host. Listeners on
 * a pathname Unix socket in a temporary folder, an abstract socket and loopback TCP must hear nothing.
 *
 * Under CI (Linux, bubblewrap installed by .ci/run) the isolation must be full; elsewhere the test checks
 * what the level in force promises. It runs with this Node and each binary in GRADER_TEST_NODES.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, realpathSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isolationFor, describeIsolation, requireFullIsolation, IsolationUnavailableError } from '../../grader/sandbox/isolation.ts';
import { projectRoot } from '../../grader/paths.ts';

const nodes = [process.execPath, ...(process.env.GRADER_TEST_NODES ?? '').split(delimiter).filter(Boolean)];
const probe = join(dirname(fileURLToPath(import.meta.url)), 'probes', 'whole-process.mjs');
const linux = process.platform === 'linux';

let folder: string;
let socketPath: string;
const servers: Server[] = [];
const heard: string[] = [];
let tcpPort = 0;

function listen(server: Server, ...args: unknown[]): Promise<void> {
  servers.push(server);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    (server.listen as (...a: unknown[]) => void)(...args, () => resolve());
  });
}

beforeAll(async () => {
  folder = realpathSync(mkdtempSync(join(tmpdir(), 'numgrade-isolation-')));
  socketPath = join(folder, 'host.sock');
  const listener = (name: string) => createServer((socket) => {
    heard.push(name);
    socket.destroy();
  });
  await listen(listener('unix socket'), socketPath);
  if (linux) await listen(listener('abstract socket'), '\0numgrade-isolation-test');
  const tcp = listener('tcp');
  await listen(tcp, 0, '127.0.0.1');
  tcpPort = (tcp.address() as { port: number }).port;
});

afterAll(() => {
  for (const server of servers) server.close();
  rmSync(folder, { recursive: true, force: true });
  rmSync(join(dirname(probe), 'written-by-probe'), { force: true });
});

describe.each(nodes)('isolation of a child run by %s', (node) => {
  const isolation = isolationFor(node);

  it('is full on Linux under CI (bubblewrap), and says what it is', () => {
    expect(describeIsolation(isolation)).toMatch(/^(full|PARTIAL ONLY|NONE ONLY): /);
    if (process.env.CI && linux) expect(isolation.level, describeIsolation(isolation)).toBe('full');
    if (isolation.level === 'full') expect(requireFullIsolation(node)).toBe(isolation);
    else expect(() => requireFullIsolation(node)).toThrow(IsolationUnavailableError);
  });

  it('shows an escaped child nothing of the host and lets it reach nothing', () => {
    const mounts = isolation.mount([dirname(probe)]);
    const { file, args } = isolation.command(node, [mounts.inside(probe), projectRoot, socketPath, String(tcpPort), String(process.pid)], mounts);
    const run = spawnSync(file, args, { encoding: 'utf8', env: {}, timeout: 30_000 });
    expect(run.status, run.stderr).toBe(0);
    const seen = JSON.parse(run.stdout) as Record<string, unknown>;
    if (isolation.level === 'none') return; // macOS, Windows: the permission model is all there is
    // Network and PID namespaces (partial and full): no connection by TCP or abstract socket, no signal to
    // the grader.
    expect(seen.tcp).toMatch(/^refused/);
    expect(seen.abstractSocket).toMatch(/^refused/);
    expect(seen.signalGrader).toMatch(/^refused/);
    if (isolation.level !== 'full') return;
    // bubblewrap: a root of only what the child needs, read-only, and no host socket at all.
    // (the loader's library folders, where this system keeps them, and nothing else)
    const libraryFolders = ['lib', 'lib32', 'lib64', 'usr'];
    expect((seen.root as string[]).filter((name) => !libraryFolders.includes(name))).toEqual(['dev', 'sandbox', 'tmp']);
    expect(seen.tmp).toEqual([]);
    expect(seen.unixSocket).toMatch(/^refused/);
    expect(seen.socketExists).toBe(false);
    expect(seen.projectExists).toBe(false);
    expect(seen.solutionExists).toBe(false);
    expect(seen.solutionResolved).toMatch(/^refused/);
    expect(seen.projectRealpath).toMatch(/^refused/);
    expect(seen).toMatchObject({ etc: false, run: false, proc: false, uid: 65534, hostname: 'sandbox' });
    expect(seen.home).not.toBe(true);
    expect(seen.writeRuntime).toMatch(/^refused: (EROFS|EACCES)/);
  });

  it('lets the listeners hear nothing', () => {
    expect(heard).toEqual([]);
  });
});

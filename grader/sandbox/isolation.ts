/**
 * How far the sandbox child is isolated from the host, declared in one place.
 *
 * The boundary is the process, not the realm (`node:vm` is not a security boundary): student code is
 * assumed to own its whole child process, so the child must see nothing of the host worth having. Three
 * levels, the best the machine allows chosen once per process:
 *
 * - `full` (Linux with bubblewrap): the child runs under `bwrap` in new user, mount, network, PID, IPC, UTS
 *   and cgroup namespaces, as an unprivileged user with no capabilities, in a root made only of what it
 *   needs, read-only: the Node binary and the libraries it links, the grader's runtime and the compiled
 *   submission. No project folder, no /run, no /proc, no home, no host socket of any kind (a pathname Unix
 *   socket is a file, and none is bound), and an empty, small /tmp. Node's permission model stays on inside
 *   as a second layer.
 * - `partial` (Linux without bubblewrap): `unshare` gives network and PID namespaces; the child sees the
 *   host's file system, limited only by Node's permission model, which does not check pathname sockets.
 * - `none` (macOS, Windows): Node's permission model only; no network isolation at all.
 *
 * Anything less than `full` is said loudly wherever grades go (summary, grades.json, each results.json),
 * and `--require-isolation` refuses to grade without it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, sep } from 'node:path';

export type IsolationLevel = 'full' | 'partial' | 'none';

export interface Isolation {
  level: IsolationLevel;
  /** What holds, in one line, for grades.json, the summary and the reports. */
  description: string;
  /** Why it is not `full`, and what to do about it (absent when full). */
  shortfall?: string;
  /**
   * Where the child sees the host folders it may read (absolute paths); the sandbox speaks to the child
   * in these paths. Under bubblewrap they are mounted at neutral places (/sandbox/0, /sandbox/1, …), so
   * neither the project's nor the TA's folder names reach the child; elsewhere they are where they are.
   */
  mount(readable: readonly string[]): Mounts;
  /**
   * The command that starts `node nodeArgs` isolated (nodeArgs in the mounts' paths). `ownGroup`: the
   * command leads a process group of its own, which the sandbox kills as a whole.
   */
  command(node: string, nodeArgs: string[], mounts: Mounts): { file: string; args: string[]; ownGroup: boolean };
}

export interface Mounts {
  /** Host folder → where the child sees it. */
  readonly folders: ReadonlyArray<readonly [host: string, inside: string]>;
  /** A host path (inside one of the folders) as the child sees it. */
  inside(hostPath: string): string;
}

/** The folders as they are (no mount namespace). */
function inPlace(readable: readonly string[]): Mounts {
  return { folders: readable.map((folder) => [folder, folder] as const), inside: (path) => path };
}

/** The folders at /sandbox/0, /sandbox/1, … in the order given (after dropping repeats and nested ones). */
function remounted(readable: readonly string[]): Mounts {
  const folders = distinct(readable).map((folder, index) => [folder, `${SANDBOX_ROOT}/${index}`] as const);
  return {
    folders,
    inside(path) {
      for (const [host, inside] of folders) {
        if (path === host) return inside;
        if (path.startsWith(host + sep)) return inside + '/' + path.slice(host.length + 1).split(sep).join('/');
      }
      throw new Error(`${path} is not inside a folder the sandbox child may read`);
    },
  };
}

/** Where bubblewrap mounts what the child may read, and the Node binary. */
const SANDBOX_ROOT = '/sandbox';
const SANDBOX_NODE = '/sandbox/bin/node';

/** Set to `unshare` or `off` to grade with less than the best isolation (to test the fallbacks). */
const OVERRIDE = 'GRADER_ISOLATION';

/** The best isolation the machine gives (`best`), or a lesser one asked for (the fallbacks, to test and measure them). */
export type IsolationMode = 'best' | 'unshare' | 'off';

const detected = new Map<string, Isolation>();

/** The isolation this machine gives a child run by `node` (detected once per Node binary and mode). */
export function isolationFor(node: string = process.execPath, mode: IsolationMode = modeFromEnvironment()): Isolation {
  const key = `${mode}\0${node}`;
  let isolation = detected.get(key);
  if (!isolation) {
    isolation = detect(node, mode);
    detected.set(key, isolation);
  }
  return isolation;
}

function modeFromEnvironment(): IsolationMode {
  const value = process.env[OVERRIDE];
  return value === 'unshare' || value === 'off' ? value : 'best';
}

/** A typed refusal: `--require-isolation` was given and the machine cannot give full isolation. */
export class IsolationUnavailableError extends Error {
  constructor(isolation: Isolation) {
    super(
      `--require-isolation: student code would run with ${isolation.level} isolation only (${isolation.shortfall ?? isolation.description}). ` +
        'Install bubblewrap (Debian and Ubuntu: apt-get install bubblewrap) on a Linux machine that allows user namespaces, or leave out --require-isolation to grade with less.',
    );
    this.name = 'IsolationUnavailableError';
  }
}

/** Throws IsolationUnavailableError unless student code would run fully isolated. */
export function requireFullIsolation(node: string = process.execPath): Isolation {
  const isolation = isolationFor(node);
  if (isolation.level !== 'full') throw new IsolationUnavailableError(isolation);
  return isolation;
}

/** One line for grades.json, the class summary and every report: the level first. */
export function describeIsolation(isolation: Isolation = isolationFor()): string {
  return isolation.level === 'full' ? `full: ${isolation.description}` : `${isolation.level.toUpperCase()} ONLY: ${isolation.description}; ${isolation.shortfall}`;
}

function detect(node: string, override: IsolationMode): Isolation {
  const permissionOnly = 'the permission model only (no reads outside the runtime and the submission, no writes, child processes, workers or addons); the network is reachable';
  if (override === 'off') return plain(permissionOnly, `isolation turned off by ${OVERRIDE}=off`);
  if (process.platform !== 'linux') {
    return plain(permissionOnly, `namespaces and bubblewrap are Linux features (this is ${process.platform}): grade on Linux with bubblewrap installed for full isolation`);
  }
  const errors: string[] = [];
  if (override !== 'unshare') {
    const full = bubblewrap(node, errors);
    if (full) return full;
  } else errors.push(`bubblewrap skipped by ${OVERRIDE}=unshare`);
  const partial = unshare(node, errors);
  if (partial) return partial;
  return plain(permissionOnly, `neither bubblewrap nor unshare could start a sandbox here (${errors.join('; ')})`);
}

function plain(description: string, shortfall: string): Isolation {
  return { level: 'none', description, shortfall, mount: inPlace, command: (node, nodeArgs) => ({ file: node, args: nodeArgs, ownGroup: false }) };
}

/**
 * The declared bubblewrap invocation. Each line is one promise the sandbox makes; the tests check them
 * (test/sandbox/isolation.test.ts).
 */
export function bubblewrapArguments(node: string, libraries: readonly string[], mounts: Mounts): string[] {
  const bind = (path: string, inside = path) => ['--ro-bind', path, inside];
  return [
    // Namespaces: its own users (no capabilities, uid/gid nobody), mounts, network (only a loopback that
    // is down: no connection to anything), PIDs (it can name and signal only itself), System V IPC,
    // hostname and cgroups.
    '--unshare-user', '--unshare-net', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try',
    '--uid', '65534', '--gid', '65534', '--hostname', 'sandbox', '--cap-drop', 'ALL',
    // Killed with the grading process (even one spinning and never reading its channel), and in a session
    // of its own so it cannot push input into the TA's terminal (TIOCSTI).
    '--die-with-parent', '--new-session',
    // A root of nothing but what follows: no /proc, no /run, no /home, no /etc, no project folder.
    '--dev', '/dev',
    '--size', String(4 * 1024 * 1024), '--tmpfs', '/tmp',
    // Read-only: the libraries where the dynamic loader looks for them, Node and the folders it may read at
    // neutral paths (the child is told file: URLs of those).
    ...libraries.flatMap((library) => bind(library)),
    ...bind(node, SANDBOX_NODE),
    ...mounts.folders.flatMap(([host, inside]) => bind(host, inside)),
    '--chdir', '/',
  ];
}

/** The shared libraries the Node binary links, from ldd (glibc); the library folders where ldd is missing. */
function linkedLibraries(node: string): string[] {
  const ldd = spawnSync('ldd', [node], { encoding: 'utf8', timeout: 10_000 });
  const found = new Set<string>();
  if (ldd.status === 0) {
    for (const line of ldd.stdout.split('\n')) {
      const path = /=>\s*(\/\S+)/.exec(line)?.[1] ?? /^\s*(\/\S+)\s+\(/.exec(line)?.[1];
      if (path && existsSync(path)) found.add(path);
    }
    if (found.size > 0 || /not a dynamic executable|statically linked/.test(ldd.stdout + ldd.stderr)) return [...found];
  }
  return ['/lib', '/lib64', '/lib32', '/usr/lib', '/usr/lib64'].filter((folder) => existsSync(folder));
}

function bubblewrap(node: string, errors: string[]): Isolation | undefined {
  const binary = realpathSync(node);
  if (!isAbsolute(binary)) return undefined;
  const libraries = linkedLibraries(binary);
  const command = (_node: string, nodeArgs: string[], mounts: Mounts) => ({
    file: 'bwrap',
    args: [...bubblewrapArguments(binary, libraries, mounts), '--', SANDBOX_NODE, ...nodeArgs],
    ownGroup: true,
  });
  // The probe runs exactly the invocation grading will use.
  const probe = spawnSync('bwrap', command(binary, ['-e', '0'], remounted([])).args, { encoding: 'utf8', timeout: 10_000 });
  if (probe.status !== 0) {
    const why = probe.error ? ((probe.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'bubblewrap (bwrap) is not installed' : probe.error.message) : `bwrap failed: ${(probe.stderr || `exit ${probe.status}`).trim().split('\n')[0]}`;
    errors.push(why);
    return undefined;
  }
  return {
    level: 'full',
    description:
      'bubblewrap: own user, mount, network, PID and IPC namespaces, no capabilities, a read-only root of only Node, its libraries, the runtime and the compiled submission; Node\'s permission model inside',
    mount: remounted,
    command,
  };
}

function unshare(node: string, errors: string[]): Isolation | undefined {
  const attempts: string[][] = [
    ['unshare', '--net', '--pid', '--fork', '--kill-child'],
    ['unshare', '--map-root-user', '--net', '--pid', '--fork', '--kill-child'],
    ['unshare', '--net'],
    ['unshare', '--map-root-user', '--net'],
  ];
  // setpriv --pdeathsig: if the grading process dies, unshare is killed too, and with it (--kill-child) the
  // sandbox, even one spinning in a loop that never reads the closed channel.
  const deathSignal = spawnSync('setpriv', ['--pdeathsig', 'KILL', 'true']).status === 0 ? ['setpriv', '--pdeathsig', 'KILL'] : [];
  for (const attempt of attempts) {
    const wrap = [...deathSignal, ...attempt];
    const probe = spawnSync(wrap[0]!, [...wrap.slice(1), node, '-e', '0'], { encoding: 'utf8', timeout: 10_000 });
    if (probe.status === 0) {
      return {
        level: 'partial',
        description: `${attempt.join(' ')}: a network namespace (no connection to anything) ${attempt.includes('--pid') ? 'and a PID namespace ' : ''}of its own, and Node's permission model; the host's file system is visible to an escape from the permission model, and so are its Unix sockets`,
        shortfall: `${errors.join('; ') || 'bubblewrap is unavailable'}: install bubblewrap for full isolation`,
        mount: inPlace,
        command: (_node, nodeArgs) => ({ file: wrap[0]!, args: [...wrap.slice(1), node, ...nodeArgs], ownGroup: true }),
      };
    }
    errors.push(probe.error ? probe.error.message : `${attempt.join(' ')}: ${(probe.stderr || `exit ${probe.status}`).trim().split('\n')[0]}`);
  }
  return undefined;
}

/** Paths without repeats and without one inside another (bwrap would bind it twice). */
function distinct(paths: readonly string[]): string[] {
  const trimmed = [...new Set(paths.map((path) => (path.length > 1 && path.endsWith(sep) ? path.slice(0, -1) : path)))].sort();
  return trimmed.filter((path) => !trimmed.some((other) => other !== path && path.startsWith(other + sep)));
}

/** What grades.json records of the isolation a run had: the level, and what it meant for files and network. */
export interface IsolationRecord {
  level: IsolationLevel;
  /** describeIsolation's line: the level first, then what held and what did not. */
  sandbox: string;
  filesystem: string;
  /** Starts with "isolated" when no connection could be made, "NOT isolated" otherwise. */
  network: string;
}

export function isolationRecord(isolation: Isolation = isolationFor()): IsolationRecord {
  const permissionModel = "Node's permission model: read access to the compiled submission and the grader's runtime only; no writes, child processes, workers or addons";
  if (isolation.level === 'full') {
    return {
      level: 'full',
      sandbox: describeIsolation(isolation),
      filesystem: `a read-only root of only Node, its libraries, the runtime and the compiled submission (bubblewrap), and inside it ${permissionModel}`,
      network: 'isolated (own network namespace, and no host socket in its root)',
    };
  }
  return {
    level: isolation.level,
    sandbox: describeIsolation(isolation),
    filesystem: `${permissionModel}; the host's files (and its Unix sockets) are visible to code that escapes it`,
    network: isolation.level === 'partial' ? 'isolated (own network namespace; pathname Unix sockets not covered)' : `NOT isolated: ${isolation.shortfall}`,
  };
}

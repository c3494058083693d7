/**
 * Cutting student code off the network. Node's permission model covers files, child processes and
 * workers, but not sockets, so on Linux the sandbox child starts in a new network namespace
 * (`unshare -n`, util-linux): it has only a loopback interface that is down, and every connection fails,
 * including to this machine's own services. Where it can, it also gets a PID namespace of its own
 * (`-p -f --kill-child`), in which no other process of the machine (the grader included) can be named,
 * let alone signalled. That needs root or unprivileged user namespaces; where it is not possible (macOS,
 * Windows, a locked-down container) grading goes on and the run says so.
 */
import { spawnSync } from 'node:child_process';

export type NetworkIsolation = { isolated: true; method: string; wrap: string[] } | { isolated: false; reason: string };

let detected: NetworkIsolation | undefined;

export function networkIsolation(): NetworkIsolation {
  detected ??= detect();
  return detected;
}

function detect(): NetworkIsolation {
  if (process.env.GRADER_NETWORK_ISOLATION === 'off') return { isolated: false, reason: 'turned off by GRADER_NETWORK_ISOLATION=off' };
  if (process.platform !== 'linux') return { isolated: false, reason: `network namespaces are a Linux feature (this is ${process.platform})` };
  const attempts: string[][] = [
    ['unshare', '--net', '--pid', '--fork', '--kill-child'],
    ['unshare', '--map-root-user', '--net', '--pid', '--fork', '--kill-child'],
    ['unshare', '--net'],
    ['unshare', '--map-root-user', '--net'],
  ];
  // setpriv --pdeathsig: if the grading process dies (killed, crashed), unshare is killed too, and with it
  // (--kill-child) the sandbox, even one spinning in a loop that never reads the closed channel.
  const deathSignal = spawnSync('setpriv', ['--pdeathsig', 'KILL', 'true']).status === 0 ? ['setpriv', '--pdeathsig', 'KILL'] : [];
  const errors: string[] = [];
  for (const attempt of attempts) {
    const wrap = [...deathSignal, ...attempt];
    const probe = spawnSync(wrap[0]!, [...wrap.slice(1), process.execPath, '-e', '0'], { encoding: 'utf8', timeout: 10_000 });
    if (probe.status === 0) return { isolated: true, method: attempt.join(' '), wrap };
    errors.push(probe.error ? probe.error.message : (probe.stderr || `exit ${probe.status}`).trim().split('\n')[0]!);
  }
  return { isolated: false, reason: `unshare -n is not available here (${errors.join('; ')})` };
}

/** One line for reports and grades.json. */
export function describeNetworkIsolation(isolation: NetworkIsolation = networkIsolation()): string {
  return isolation.isolated ? `isolated (a network namespace of its own: ${isolation.method})` : `NOT isolated: ${isolation.reason}`;
}

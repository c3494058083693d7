// A probe that plays a student who owns the whole sandbox process (a full escape from the realm and from
// Node's permission model, which this probe is started without): it reports everything of the host it can
// see or reach, as one line of JSON on stdout. test/sandbox/isolation.test.ts runs it under the declared
// isolation and checks that none of it is there.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { createRequire } from 'node:module';

const [projectRoot, socketPath, tcpPort, graderPid] = process.argv.slice(2);
const attempt = (f) => { try { return f(); } catch (error) { return `refused: ${error.code ?? error.message}`; } };
const connect = (options) =>
  new Promise((resolve) => {
    const socket = net.connect(options);
    const timer = setTimeout(() => { socket.destroy(); resolve('refused: timeout'); }, 2000);
    socket.once('connect', () => { clearTimeout(timer); socket.end('hello from the sandbox'); resolve('connected'); });
    socket.once('error', (error) => { clearTimeout(timer); resolve(`refused: ${error.code}`); });
  });
const require = createRequire(import.meta.url);
const report = {
  root: attempt(() => fs.readdirSync('/').sort()),
  tmp: attempt(() => fs.readdirSync('/tmp')),
  projectExists: fs.existsSync(projectRoot),
  solutionExists: fs.existsSync(`${projectRoot}/solutions/sigmoid-derivative.ts`),
  solutionResolved: attempt(() => require.resolve(`${projectRoot}/solutions/sigmoid-derivative.ts`)),
  projectRealpath: attempt(() => fs.realpathSync(projectRoot)),
  socketExists: fs.existsSync(socketPath),
  etc: fs.existsSync('/etc/passwd'),
  run: fs.existsSync('/run'),
  proc: fs.existsSync('/proc/1/environ'),
  home: attempt(() => fs.existsSync(os.homedir()) && os.homedir() !== '/'),
  uid: process.getuid(),
  hostname: os.hostname(),
  // A new file beside this one (the test removes it if it appears).
  writeRuntime: attempt(() => { fs.writeFileSync(new URL('./written-by-probe', import.meta.url), 'x'); return 'wrote'; }),
  signalGrader: attempt(() => { process.kill(Number(graderPid), 0); return 'signalled'; }),
  unixSocket: await connect({ path: socketPath }),
  abstractSocket: await connect({ path: '\0numgrade-isolation-test' }),
  tcp: await connect({ host: '127.0.0.1', port: Number(tcpPort) }),
};
process.stdout.write(JSON.stringify(report) + '\n');

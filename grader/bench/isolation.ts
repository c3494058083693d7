/**
 * What isolation costs (`BENCH_ONLY=isolation`): for each level this machine can give (bubblewrap, unshare,
 * the permission model alone), the time from starting a sandbox child to its first answer, and the wall
 * time of grading the reference solutions on every test (public and hidden) with `grader grade`, which
 * is one student's grading plus the command's start. The difference between the levels is the per-student
 * price of the isolation: a student's grading starts one child (more only after a hang or a crash).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isolationFor, type IsolationMode } from '../sandbox/isolation.ts';
import { Sandbox, defaultSandboxLimits } from '../sandbox/sandbox.ts';
import { compileSubmissionFile, sandboxRuntime } from '../sandbox/compile.ts';
import { projectRoot, solutionsDir } from '../paths.ts';
import { median } from './median.ts';

const STARTS = 30;
const GRADINGS = Number(process.env.BENCH_RUNS ?? 3);

export async function benchIsolation(log: (line: string) => void): Promise<void> {
  const runtime = await sandboxRuntime();
  const folder = mkdtempSync(join(tmpdir(), 'numgrade-bench-isolation-'));
  try {
    writeFileSync(join(folder, 'probe.ts'), 'export const one = (): number => 1;\n');
    const compiled = await compileSubmissionFile(join(folder, 'probe.ts'), folder, folder, 'probe', runtime.mathjsPath);
    if (!compiled.ok) throw new Error(compiled.message);
    log(`isolation cost, node ${process.version}: sandbox start to first answer (median of ${STARTS}), and \`grader grade solutions --hidden\` (median of ${GRADINGS})`);
    for (const mode of ['best', 'unshare', 'off'] as IsolationMode[]) {
      const isolation = isolationFor(process.execPath, mode);
      if (mode !== 'best' && isolation.level === isolationFor(process.execPath, 'best').level) continue;
      const starts: number[] = [];
      for (let i = 0; i < STARTS; i++) {
        const sandbox = new Sandbox({ childPath: runtime.childPath, modules: { probe: pathToFileURL(compiled.path).href }, readable: [folder, runtime.dir], mathjsUrl: pathToFileURL(runtime.mathjsPath).href, limits: defaultSandboxLimits, isolation });
        const started = performance.now();
        const outcome = await sandbox.request({ kind: 'call', module: 'probe', instance: 0, fn: 'one', args: [] }, 30_000);
        starts.push(performance.now() - started);
        sandbox.close();
        if (outcome.kind !== 'returned') throw new Error(`the probe did not answer under ${isolation.level} isolation: ${JSON.stringify(outcome)}`);
      }
      const gradings: number[] = [];
      for (let i = 0; i < GRADINGS; i++) {
        const started = performance.now();
        const run = spawnSync(process.execPath, [join(projectRoot, 'grader', 'bin', 'grader.mjs'), 'grade', solutionsDir, '--hidden'], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, GRADER_ISOLATION: mode === 'best' ? '' : mode } });
        gradings.push((performance.now() - started) / 1000);
        if (run.status !== 0 || !/total: (\d+) \/ \1 /.test(run.stdout)) throw new Error(`the reference solutions did not earn full marks under ${isolation.level} isolation:\n${run.stdout}\n${run.stderr}`);
      }
      log(`  ${isolation.level.padEnd(8)} ${mode === 'off' ? 'permission model only' : mode === 'unshare' ? 'unshare (network, PID)' : isolation.level === 'full' ? 'bubblewrap' : 'best available'}`.padEnd(44) + `start ${median(starts).toFixed(0)} ms (${Math.min(...starts).toFixed(0)}–${Math.max(...starts).toFixed(0)})   grade ${median(gradings).toFixed(2)} s (${Math.min(...gradings).toFixed(2)}–${Math.max(...gradings).toFixed(2)})`);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

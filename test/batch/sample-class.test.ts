/**
 * The sample class (fixtures/class): correct, mistaken and hostile students graded together by
 * `grader batch`, as `npm run grade` does. Each student earns what its expected.json says, and the hostile
 * ones are contained: no file written (in the project or in the temporary folder), no connection to a
 * listener on this machine, no process spawned or left behind, and every other student's grade is the
 * same, byte for byte, as when they are graded without the hostile students.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createServer, type Server } from 'node:net';
import { fixturesDir, projectRoot } from '../../grader/paths.ts';
import { RUN_KEY, validateGradesFile, type GradesFile } from '../../grader/batch/grades-file.ts';
import { tempFolder } from './build-class.ts';

const classDir = join(fixturesDir, 'class');
const students = readdirSync(classDir).filter((name) => statSync(join(classDir, name)).isDirectory()).sort();
const hostile = students.filter((name) => name.startsWith('hostile-'));
const ordinary = students.filter((name) => !name.startsWith('hostile-'));
/**
 * The ordinary students graded again without the hostile ones. Émile's trainer, written with mathjs, takes
 * ~35 s on its own; leaving it out of the second run keeps `npm test` short, and the first run still
 * checks it against its expected.json.
 */
const compared = ordinary.filter((name) => !name.startsWith('Émile'));
/** The port the hostile-network student tries to reach. */
const LISTENER_PORT = 47123;
/** Files the hostile students try to create, outside the grader's temporary folder. */
const MARKERS = ['/tmp/numgrade-hostile-wrote', '/tmp/numgrade-hostile-spawned', join(projectRoot, 'numgrade-hostile-wrote')];

interface Expected {
  expect: Record<string, { fail: string[] }>;
}

function batch(classFolder: string, out: string, privateTmp: string) {
  return spawnSync(process.execPath, [join(projectRoot, 'grader', 'bin', 'grader.mjs'), 'batch', classFolder, '--out', out, '--jobs', '2'], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', TMPDIR: privateTmp, TMP: privateTmp, TEMP: privateTmp },
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Every file of the project but node_modules and .git, with its size and modification time. */
function snapshot(folder = projectRoot, into = new Map<string, string>()): Map<string, string> {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (folder === projectRoot && (entry.name === 'node_modules' || entry.name === '.git' || entry.name === 'reports')) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) snapshot(path, into);
    else {
      const stat = statSync(path, { throwIfNoEntry: false });
      into.set(relative(projectRoot, path), stat ? `${stat.size}:${stat.mtimeMs}` : 'dangling');
    }
  }
  return into;
}

let server: Server;
let socketServer: Server | undefined;
/** The Unix socket the hostile-network student tries (a path, which a network namespace does not cover). */
const SOCKET_PATH = '/tmp/numgrade-hostile.sock';
let connections = 0;
let listening = false;
let before: Map<string, string>;
let privateTmp: string;
let out: string;
let run: ReturnType<typeof batch>;
let grades: GradesFile;

beforeAll(async () => {
  for (const marker of MARKERS) rmSync(marker, { force: true });
  server = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  listening = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(LISTENER_PORT, '127.0.0.1', () => resolve(true));
  });
  if (process.platform !== 'win32') {
    rmSync(SOCKET_PATH, { force: true });
    socketServer = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => socketServer!.listen(SOCKET_PATH, resolve));
  }
  before = snapshot();
  privateTmp = tempFolder('numgrade-private-tmp-');
  out = tempFolder('numgrade-class-out-');
  run = batch(classDir, out, privateTmp);
  grades = JSON.parse(readFileSync(join(out, 'grades.json'), 'utf8')) as GradesFile;
}, 600_000);

afterAll(() => {
  server?.close();
  socketServer?.close();
  rmSync(out, { recursive: true, force: true });
  rmSync(privateTmp, { recursive: true, force: true });
});

describe('the sample class', () => {
  it('is graded completely, and the batch exits 0', () => {
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.status, run.stderr).toBe(0);
    expect(validateGradesFile(grades)).toEqual([]);
    expect(Object.keys(grades).filter((key) => key !== RUN_KEY).sort()).toEqual(students);
    expect(hostile.length).toBeGreaterThanOrEqual(12);
    expect(ordinary.length).toBeGreaterThanOrEqual(4);
  });

  it.each(students)('%s earns what its expected.json says', (student) => {
    const expected = JSON.parse(readFileSync(join(classDir, student, 'expected.json'), 'utf8')) as Expected;
    const entry = grades[student] as Record<string, { score: number; max: number; reason?: string; tests: Array<{ id: string; status: string; feedback: string }> }>;
    for (const [assignment, grade] of Object.entries(entry)) {
      const wanted = expected.expect[assignment];
      if (!wanted) {
        expect(grade.reason, `${student} / ${assignment} has no file`).toBe('missing');
        continue;
      }
      const failing = grade.tests.filter((test) => test.status !== 'passed');
      const report = failing.map((test) => `${test.id} [${test.status}]: ${test.feedback}`).join('\n\n');
      expect(failing.map((test) => test.id).sort(), `${student} / ${assignment}\n${report}`).toEqual([...wanted.fail].sort());
    }
  });

  it('lets no student write a file, in the project or in the temporary folder', () => {
    const after = snapshot();
    const changed = [...after].filter(([path, stamp]) => before.get(path) !== stamp).map(([path]) => path);
    const removed = [...before.keys()].filter((path) => !after.has(path));
    expect(changed).toEqual([]);
    expect(removed).toEqual([]);
    // The grader's own temporary folders (compiled submissions) are gone, and nothing else was made there
    // (but tsx's cache folder, tsx-<uid>, which the grading process itself makes when it starts).
    expect(readdirSync(privateTmp).filter((name) => !/^tsx-\d+$/.test(name))).toEqual([]);
    for (const marker of MARKERS) expect(existsSync(marker), marker).toBe(false);
  });

  it('lets no student connect to a server on this machine, by TCP or by a Unix socket', () => {
    expect(listening, `port ${LISTENER_PORT} was busy: the test could not listen`).toBe(true);
    expect(connections).toBe(0);
    expect((grades[RUN_KEY] as GradesFile[typeof RUN_KEY]).isolation.network).toMatch(/^isolated/);
    if (process.env.CI && process.platform === 'linux') expect((grades[RUN_KEY] as GradesFile[typeof RUN_KEY]).isolation.level).toBe('full');
  });

  it("prints nothing a student wrote raw: hostile-terminal-escapes's escape sequences reach stdout, stderr and report.md escaped", () => {
    // ESC, BEL, C1 controls (U+009B is a one-character CSI) and bidi overrides; CR but in CRLF.
    const raw = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|\r(?!\n)/;
    expect(run.stdout).not.toMatch(raw);
    expect(run.stderr).not.toMatch(raw);
    const folder = (grades[RUN_KEY] as GradesFile[typeof RUN_KEY]).students['hostile-terminal-escapes']!.folder;
    const markdown = readFileSync(join(out, folder, 'report.md'), 'utf8');
    expect(markdown).not.toMatch(raw);
    expect(markdown).toContain('\\\\x1b\\]52;c;ZWNobyBwd25lZA==\\\\x07'); // the thrown name, escaped for the terminal, then for Markdown
  });

  it('leaves no process behind', () => {
    const processes = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
    expect(processes.split('\n').filter((line) => line.includes(privateTmp))).toEqual([]);
  });

  it('gives every ordinary student the same grade, byte for byte, as when graded without the hostile students', () => {
    const calmClass = tempFolder('numgrade-calm-class-');
    for (const student of compared) {
      mkdirSync(join(calmClass, student));
      cpSync(join(classDir, student), join(calmClass, student), { recursive: true });
    }
    const calmOut = tempFolder('numgrade-calm-out-');
    const calm = batch(calmClass, calmOut, privateTmp);
    expect(calm.status, calm.stderr).toBe(0);
    const calmGrades = JSON.parse(readFileSync(join(calmOut, 'grades.json'), 'utf8')) as GradesFile;
    for (const student of compared) expect(JSON.stringify(calmGrades[student]), student).toBe(JSON.stringify(grades[student]));
    rmSync(calmClass, { recursive: true, force: true });
    rmSync(calmOut, { recursive: true, force: true });
  }, 600_000);
});

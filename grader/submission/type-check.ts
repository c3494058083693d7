/**
 * Type-checks a submission's files with the project's TypeScript (tsc, strict), for WARNINGS only: types
 * are stripped, not checked, when a submission runs, and code that runs right earns its points. Nothing of
 * the student's code executes here; tsc only reads it. `mathjs` resolves to the grader's copy wherever the
 * submission folder is.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { projectRoot } from '../paths.ts';

export interface TypeWarning {
  file: string;
  line: number;
  column: number;
  message: string;
}

export async function typeCheck(folder: string, assignments: readonly string[]): Promise<TypeWarning[]> {
  const files = assignments.map((id) => resolve(folder, `${id}.ts`)).filter((file) => existsSync(file));
  if (files.length === 0) return [];
  const scratch = mkdtempSync(join(tmpdir(), 'numgrade-tsc-'));
  try {
    writeFileSync(
      join(scratch, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          allowImportingTsExtensions: true,
          skipLibCheck: true,
          types: [],
          paths: { mathjs: [join(projectRoot, 'node_modules', 'mathjs')] },
        },
        files,
      }),
    );
    const output = await new Promise<string>((done) => {
      execFile(process.execPath, [join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(scratch, 'tsconfig.json'), '--pretty', 'false'], { timeout: 60_000, maxBuffer: 4_000_000 }, (_error, stdout) => done(String(stdout)));
    });
    return parseDiagnostics(output, scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** `path(line,col): error TSnnnn: message` lines, paths made absolute then shown by file name. */
export function parseDiagnostics(output: string, base: string): TypeWarning[] {
  const warnings: TypeWarning[] = [];
  for (const line of output.split(/\r?\n/)) {
    const match = /^(.*)\((\d+),(\d+)\): error (TS\d+: .*)$/.exec(line);
    if (!match) continue;
    const file = resolve(base, match[1]!).split(/[\\/]/).pop()!;
    warnings.push({ file, line: Number(match[2]), column: Number(match[3]), message: match[4]! });
  }
  return warnings;
}

export function formatTypeWarnings(warnings: TypeWarning[]): string {
  if (warnings.length === 0) return '';
  const lines = warnings.slice(0, 20).map((warning) => `   ${warning.file}:${warning.line}:${warning.column}  ${warning.message}`);
  if (warnings.length > 20) lines.push(`   … and ${warnings.length - 20} more`);
  return [` Type warnings (${warnings.length}; not penalized: types are stripped when your code runs, but they often point at a real bug):`, ...lines].join('\n');
}

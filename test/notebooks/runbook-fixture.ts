// A runbook folder as a user gets it: the package compiled (scripts/build.ts)
// and installed into <folder>/node_modules as npm would lay it out (its own
// dependencies taken from this checkout's node_modules, tslab beside it), then
// `gceb notebooks init` run with the installed, compiled bin.
import { cp, mkdir, mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess } from '../../src/notebook/execute.js';

export const root = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
export const PACKAGE = 'genesys-eventbridge-debugger';

export interface Run { code: number; stdout: string; stderr: string }

export function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Run> {
  return runProcess(command, args, { cwd: options.cwd, env: options.env ?? process.env });
}

export interface RunbookFolder {
  work: string;
  folder: string;
  /** The installed package's `gceb` (compiled JavaScript). */
  gceb: (args: string[], env?: NodeJS.ProcessEnv) => Promise<Run>;
  init: Run;
}

export async function createRunbookFolder(): Promise<RunbookFolder> {
  const work = await mkdtemp(join(tmpdir(), 'gceb-runbook-'));
  const folder = join(work, 'runbook');
  const installed = join(folder, 'node_modules', PACKAGE);
  await mkdir(installed, { recursive: true });
  const build = await run(process.execPath, ['--import', 'tsx', join(root, 'scripts/build.ts'), '--out', join(installed, 'dist')], { cwd: root });
  if (build.code !== 0) throw new Error(`build failed: ${build.stderr}`);
  for (const entry of ['package.json', 'bin', 'notebooks', 'sample']) await cp(join(root, entry), join(installed, entry), { recursive: true, filter: (src) => !/\/notebooks\/(node_modules|out|\.jupyter)(\/|$)/.test(src) });
  await symlink(join(root, 'node_modules'), join(installed, 'node_modules'));
  await symlink(join(root, 'node_modules', 'tslab'), join(folder, 'node_modules', 'tslab'));
  const gceb = (args: string[], env: NodeJS.ProcessEnv = process.env) => run(process.execPath, [join(installed, 'bin', 'gceb.js'), ...args], { cwd: folder, env });
  const init = await run(process.execPath, [join(installed, 'bin', 'gceb.js'), 'notebooks', 'init', 'runbook'], { cwd: work });
  if (init.code !== 0) throw new Error(`gceb notebooks init failed: ${init.stderr}`);
  return { work, folder, gceb, init };
}

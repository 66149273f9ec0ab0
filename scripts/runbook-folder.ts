// The repository's own runbook folder, notebooks/: what `npm install` does for a
// scaffolded folder, done from the checkout. The package is built (dist/, when
// src/ is newer than it) and linked with tslab into notebooks/node_modules, and
// the kernel is registered in notebooks/.jupyter.
import { spawnSync } from 'node:child_process';
import { lstat, mkdir, readdir, stat, symlink, unlink } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installKernel, jupyterPath } from '../src/notebook/index.js';
import { packageManifest } from '../src/package-dir.js';

export const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
export const runbookFolder = join(root, 'notebooks');

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const mtime = entry.isDirectory() ? await newestMtime(path) : (await stat(path)).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

async function buildIfStale(log: (line: string) => void): Promise<void> {
  const built = await stat(join(root, 'dist', 'cjs', 'index.js')).then((s) => s.mtimeMs, () => 0);
  if (built > (await newestMtime(join(root, 'src')))) return;
  log('building the package (dist/), which the notebooks import by name');
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'build.ts')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error('the build failed; fix the error above and run again');
}

async function link(path: string, target: string): Promise<void> {
  const existing = await lstat(path).catch(() => undefined);
  if (existing?.isSymbolicLink()) await unlink(path);
  else if (existing) return; // a real install: leave it
  await symlink(relative(join(path, '..'), target), path);
}

export async function prepareRepositoryRunbook(log: (line: string) => void = () => {}): Promise<{ folder: string; jupyterPath: string }> {
  await buildIfStale(log);
  const modules = join(runbookFolder, 'node_modules');
  await mkdir(modules, { recursive: true });
  await link(join(modules, packageManifest().name), root);
  await link(join(modules, 'tslab'), join(root, 'node_modules', 'tslab'));
  await installKernel(runbookFolder);
  return { folder: runbookFolder, jupyterPath: jupyterPath(runbookFolder) };
}

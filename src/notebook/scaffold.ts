import { copyFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { PACKAGE_DIR, packageManifest } from '../package-dir.js';
import { installKernel } from './kernel-spec.js';

/** The runbook folder template shipped in the package: the notebooks, their README and starter rules. */
export const NOTEBOOK_TEMPLATES_DIR = join(PACKAGE_DIR, 'notebooks');

/** What a checkout's notebooks/ folder holds besides the template (it is also the repository's own runbook folder). */
const NOT_TEMPLATE = new Set(['node_modules', 'out', '.jupyter', '.ipynb_checkpoints', 'package.json', 'package-lock.json']);

const GITIGNORE = 'node_modules/\nout/\n.ipynb_checkpoints/\n';

export interface ScaffoldOptions {
  /** The runbook folder to create or complete. */
  folder: string;
  /** Overwrite template files (notebooks, README, rules) that already exist. */
  force?: boolean;
  /** The node the kernel registration starts (default `node`, found on PATH). */
  node?: string;
}

export interface ScaffoldResult {
  folder: string;
  /** Files written, relative to the folder. */
  written: string[];
  /** Files that existed and were left as they were. */
  kept: string[];
  kernelFile: string;
  /** The npm commands that make the folder runnable (dependencies the folder's package.json lacks). */
  install: string[];
}

/**
 * Creates a runbook folder in the user's own repository: the three notebooks
 * (importing this package by name), starter rules, a README, a package.json
 * depending on this package and tslab, and a project-local kernel registration.
 * Existing files are kept unless `force` (package.json and .gitignore always are).
 */
export async function scaffoldRunbookFolder(options: ScaffoldOptions): Promise<ScaffoldResult> {
  const folder = resolve(options.folder);
  const existing = await stat(folder).catch(() => undefined);
  if (existing && !existing.isDirectory()) throw new UserError(`${options.folder} exists and is not a folder`);
  await mkdir(folder, { recursive: true });
  const written: string[] = [];
  const kept: string[] = [];

  for (const template of await templateFiles(NOTEBOOK_TEMPLATES_DIR)) {
    const name = relative(NOTEBOOK_TEMPLATES_DIR, template);
    const target = join(folder, name);
    if (!options.force && (await exists(target))) {
      kept.push(name);
      continue;
    }
    await mkdir(join(target, '..'), { recursive: true });
    await copyFile(template, target);
    written.push(name);
  }

  const { name, version, peerDependencies } = packageManifest();
  const tslab = peerDependencies.tslab ?? 'latest';
  const manifestFile = join(folder, 'package.json');
  let manifest: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  if (await exists(manifestFile)) {
    kept.push('package.json');
    try {
      manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as typeof manifest;
    } catch {
      throw new UserError(`${join(options.folder, 'package.json')} is not valid JSON`, { hint: 'Fix it, then run `gceb notebooks init` again.' });
    }
  } else {
    manifest = {
      dependencies: { [name]: `^${version}` },
      devDependencies: { tslab },
    };
    const text = {
      name: packageName(basename(folder)),
      private: true,
      description: 'EventBridge rule runbooks for Genesys Cloud events (gceb notebooks)',
      scripts: { runbook: 'gceb notebooks run 03-runbook.ipynb' },
      ...manifest,
    };
    await writeFile(manifestFile, JSON.stringify(text, null, 2) + '\n');
    written.push('package.json');
  }
  const install: string[] = [];
  const has = (dep: string) => manifest.dependencies?.[dep] !== undefined || manifest.devDependencies?.[dep] !== undefined;
  if (!has(name)) install.push(`npm install ${name}@^${version}`);
  if (!has('tslab')) install.push(`npm install --save-dev tslab@${tslab}`);
  if (install.length === 0) install.push('npm install');

  const gitignore = join(folder, '.gitignore');
  if (await exists(gitignore)) kept.push('.gitignore');
  else {
    await writeFile(gitignore, GITIGNORE);
    written.push('.gitignore');
  }

  const { kernelFile } = await installKernel(folder, options.node ? { node: options.node } : {});
  written.push(relative(folder, kernelFile));
  return { folder, written, kept, kernelFile, install };
}

async function templateFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    throw new Error(`the notebook templates are missing from the package (${dir})`);
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (NOT_TEMPLATE.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await templateFiles(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

/** An npm package name from a folder name. */
function packageName(folder: string): string {
  return folder.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|-+$/g, '') || 'runbooks';
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}

// Where this package's own files are: its folder, name and version, from src/ in a checkout or dist/ when installed.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's folder: the nearest one above this module holding the sample
 * (this file sits in src/ in a checkout, in dist/esm/ or dist/cjs/ when installed).
 */
export const PACKAGE_DIR = findPackageDir();

function findPackageDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (let dir = here; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'sample', 'events.ndjson')) && existsSync(join(dir, 'package.json'))) return dir;
  }
  return join(here, '..');
}

export interface PackageManifest {
  name: string;
  version: string;
  peerDependencies: Record<string, string>;
}

/** Name, version and peer dependencies from the package's package.json. */
export function packageManifest(): PackageManifest {
  const { name, version, peerDependencies } = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as Partial<PackageManifest> & { name: string; version: string };
  return { name, version, peerDependencies: peerDependencies ?? {} };
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './run-cli.js';

/**
 * The 1-based line of the `occurrence`-th line of `file` (relative to the
 * repository) that contains `needle`: expected lines come from the template
 * text itself, never typed in by hand.
 */
export function lineContaining(file: string, needle: string, occurrence = 1): number {
  const lines = readFileSync(join(REPO_ROOT, file), 'utf8').split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.includes(needle) && ++seen === occurrence) return i + 1;
  }
  throw new Error(`${file} has no line ${occurrence} containing ${JSON.stringify(needle)}`);
}

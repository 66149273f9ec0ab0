import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type HelpFlag = { help: { type: 'boolean'; short: string } };
/** Named so declaration files can state it (node:util does not export its option types). */
export type ParsedFlags<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O & HelpFlag; allowPositionals: true; strict: true }>>;

/**
 * node:util parseArgs with errors a user can act on (an unknown flag gets
 * "did you mean"). `--help`/`-h` is always accepted and reported as `help: true`.
 */
export function parseFlags<O extends Options>(argv: string[], options: O, command: string): ParsedFlags<O> {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const unknown = /^Unknown option '(--?[^']+)'/.exec(message)?.[1];
    const guess = unknown?.startsWith('--') ? didYouMean(unknown.slice(2).split('=')[0]!, [...Object.keys(options), 'help']) : undefined;
    const region = unknown === '--region' ? ' Say which region: --aws-region (AWS) or --genesys-region (Genesys Cloud).' : '';
    throw new UserError(`gceb ${command}: ${message}${guess ? ` Did you mean --${guess}?` : ''}${region}`, { hint: `Run \`gceb ${command} --help\` for usage.` });
  }
}

/**
 * One word, one meaning across commands: `--aws-region` is always AWS's,
 * `--genesys-region` always Genesys Cloud's. A bare `--region` is refused
 * (see parseFlags) with a message that names both.
 */
export const AWS_REGION_FLAG = { 'aws-region': { type: 'string' } } as const;
export const GENESYS_REGION_FLAG = { 'genesys-region': { type: 'string' } } as const;

/** The closest name (edit distance at most 2, or a prefix), if any. */
export function didYouMean(word: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of names) {
    const d = name.startsWith(word) && word.length >= 3 ? 0.5 : editDistance(word, name);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.min(2, Math.max(1, Math.floor(word.length / 3))) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

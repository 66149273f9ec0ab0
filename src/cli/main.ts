import { UserError } from '../errors.js';
import { commands } from './commands/index.js';
import type { CliIO } from './types.js';
import { redactSecrets } from '../secrets.js';
import { CLOSED_PIPE_EXIT_CODE, isClosedPipe } from './closed-pipe.js';
import { describeEnvironmentError } from './environment-errors.js';
import { didYouMean } from './flags.js';
import { boundHeapGrowth } from './heap.js';

const VERSION = '0.1.0';

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'gceb: why does my Amazon EventBridge rule not fire for Genesys Cloud events?',
    '',
    'Usage: gceb <command> [flags]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `gceb <command> --help` for the flags of one command.',
    '',
  ].join('\n');
}

/** Runs one CLI invocation and returns its exit code. Never throws. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  // The AWS SDK warns on stderr that its 2027 releases need Node 22; a gceb user cannot act on that.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  boundHeapGrowth();
  const [name, ...rest] = argv;
  if (name === 'help' && rest[0] !== undefined) {
    // `gceb help test` = `gceb test --help`
    const wanted = commands.find((c) => c.name === rest[0]);
    if (wanted) {
      io.stdout.write(wanted.usage.endsWith('\n') ? wanted.usage : `${wanted.usage}\n`);
      return 0;
    }
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(overview());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const guess = didYouMean(name, commands.map((c) => c.name));
    io.stderr.write(`gceb: unknown command '${name}'.${guess ? ` Did you mean '${guess}'?` : ''}\n\n${overview()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.usage.endsWith('\n') ? command.usage : `${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (isClosedPipe(error)) return CLOSED_PIPE_EXIT_CODE;
    const plain = error instanceof UserError ? undefined : describeEnvironmentError(error);
    if (plain !== undefined) {
      io.stderr.write(redactSecrets(`gceb ${command.name}: ${plain}\n`, io.env));
      return 2;
    }
    io.stderr.write(describeError(error, io.env));
    return error instanceof UserError ? error.exitCode : 1;
  }
}

function describeError(error: unknown, env: NodeJS.ProcessEnv): string {
  if (error instanceof UserError) {
    const hint = error.hint ? `\n${error.hint}` : '';
    return redactSecrets(`${error.message}${hint}\n`, env);
  }
  const text = error instanceof Error ? (env.GCEB_DEBUG ? error.stack ?? error.message : error.message) : String(error);
  return redactSecrets(
    `gceb: unexpected error: ${text}\nThis is a bug in gceb; set GCEB_DEBUG=1 for details and please report it.\n`,
    env,
  );
}

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { UserError } from '../../errors.js';
import { parseFlags } from '../flags.js';
import type { Command } from '../types.js';
import {
  explainEventPattern,
  formatExplanation,
  InvalidEventPatternException,
  testEventPattern,
  ValidationException,
} from '../../pattern/index.js';
import { applyFixes } from '../../explain/index.js';

const usage = `Usage: gceb test-pattern --event FILE|- --pattern FILE|JSON [--explain] [--fix] [--json]

Tests one event against one EventBridge pattern with AWS's exact semantics,
printing what 'aws events test-event-pattern' prints: {"Result": true|false}.

Flags:
  --event FILE|-      the event (a full EventBridge envelope, JSON); '-' reads stdin
  --pattern FILE|JSON the event pattern: a file, or inline JSON starting with '{'
  --explain           after the result, explain in words why the event does not match
  --fix               when the event does not match, also print the pattern with the
                      proposed fixes applied (with --json: a FixedPattern field)
  --json              print the whole explanation as JSON ({Result, failures}) instead
  -h, --help          this help

Exit status: 0 with an answer (match or not); 2 for an invalid pattern or event
(AWS's error text on stderr) or an unreadable file.

Example:
  gceb test-pattern --event examples/event.json --pattern examples/pattern.json
  gceb test-pattern --event event.json --pattern '{"source":[{"prefix":"aws.partner/genesys.com"}]}' --explain
  gceb test-pattern --event event.json --pattern rule.json --explain --fix
`;

async function readStream(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

async function readInput(kind: 'event' | 'pattern', path: string, cwd: string): Promise<string> {
  try {
    return await readFile(resolve(cwd, path), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new UserError(`gceb test-pattern: cannot read the ${kind} file '${path}': ${why}.`, {
      hint: kind === 'pattern' ? 'Give a file path, or the pattern itself as JSON starting with {.' : 'Give a file path, or - to read the event from stdin.',
    });
  }
}

function formatFixes(pattern: unknown, failures: Parameters<typeof applyFixes>[1]): string {
  const { pattern: fixed, applied, skipped } = applyFixes(pattern, failures);
  if (applied.length === 0 && skipped.length === 0) return '\nNo fix to propose: change the pattern by hand (see --explain).\n';
  const byHand = skipped.map((f) => `  ${f.path}: ${JSON.stringify(f.expected)}\n`).join('');
  return (
    (applied.length > 0 ? `\nCorrected pattern (${applied.length} fix${applied.length === 1 ? '' : 'es'} applied):\n${JSON.stringify(fixed, null, 4)}\n` : '') +
    (byHand ? `\nFix by hand (inside $or, or where a value is in the way):\n${byHand}` : '')
  );
}

export const testPatternCommand: Command = {
  name: 'test-pattern',
  summary: "Test one event against one pattern, as 'aws events test-event-pattern' does",
  usage,
  async run(argv, io) {
    const { values } = parseFlags(
      argv,
      {
        event: { type: 'string' },
        pattern: { type: 'string' },
        explain: { type: 'boolean' },
        json: { type: 'boolean' },
        fix: { type: 'boolean' },
      },
      'test-pattern',
    );
    if (values.event === undefined || values.pattern === undefined) {
      throw new UserError('gceb test-pattern: both --event and --pattern are required.', {
        hint: 'Example: gceb test-pattern --event examples/event.json --pattern examples/pattern.json',
      });
    }
    const event = values.event === '-' ? await readStream(io.stdin) : await readInput('event', values.event, io.cwd);
    const patternArg = values.pattern;
    const pattern = patternArg.trimStart().startsWith('{') ? patternArg : await readInput('pattern', patternArg, io.cwd);
    const input = { Event: event, EventPattern: pattern.trim() };
    try {
      if (values.json) {
        const explanation = explainEventPattern(input);
        const fixed = values.fix && !explanation.Result ? { FixedPattern: applyFixes(JSON.parse(input.EventPattern), explanation.failures).pattern } : {};
        io.stdout.write(`${JSON.stringify({ ...explanation, ...fixed }, null, 4)}\n`);
        return 0;
      }
      const result = testEventPattern(input);
      io.stdout.write(`${JSON.stringify(result, null, 4)}\n`);
      const explanation = (values.explain || values.fix) && !result.Result ? explainEventPattern(input) : undefined;
      if (values.explain) io.stdout.write(`\n${formatExplanation(explanation ?? explainEventPattern(input))}`);
      if (values.fix && explanation) io.stdout.write(formatFixes(JSON.parse(input.EventPattern), explanation.failures));
      return 0;
    } catch (error) {
      if (error instanceof InvalidEventPatternException || error instanceof ValidationException) {
        throw new UserError(`An error occurred (${error.name}) when calling the TestEventPattern operation: ${error.message}`);
      }
      throw error;
    }
  },
};

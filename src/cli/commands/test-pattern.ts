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
  type Explanation,
} from '../../pattern/index.js';
import { applyFixes, describeEventProblems, describeStringDetail, detailParsed, escapeControlChars } from '../../explain/index.js';

const usage = `Usage: gceb test-pattern --event FILE|JSON|- --pattern FILE|JSON [--explain] [--fix] [--json]

Tests one event against one EventBridge pattern with AWS's exact semantics,
printing what 'aws events test-event-pattern' prints: {"Result": true|false}.

Flags:
  --event FILE|JSON|-     the event (a full EventBridge envelope): a file, file://FILE,
                          inline JSON starting with '{', or '-' for stdin
  --pattern FILE|JSON     the event pattern: a file, file://FILE, or inline JSON
  --event-pattern ...     the same as --pattern (the AWS CLI's name)
  --explain               after the result, say which conditions fail and why, and
                          which hold (with the event's values)
  --fix                   when the event does not match, also print the pattern with
                          the proposed fixes applied (with --json: a FixedPattern
                          field); a fix is only proposed when the corrected pattern
                          matches the event
  --json                  print the whole explanation as JSON ({Result, failures,
                          matched, ...}) instead
  -h, --help              this help

Exit status: 0 with an answer (match or not); 2 for an invalid pattern or event
(AWS's error text on stderr, then what is wrong with it) or an unreadable file.

Examples:
  gceb test-pattern --event examples/event.json --pattern examples/pattern.json
  gceb test-pattern --event file://event.json --event-pattern file://pattern.json
  gceb test-pattern --event event.json --pattern '{"source":[{"prefix":"aws.partner/genesys.com"}]}' --explain
  gceb test-pattern --event event.json --pattern rule.json --explain --fix
`;

async function readStream(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** A file path as the AWS CLI takes it: plain, or `file://path` (relative or absolute). */
function filePath(arg: string): string {
  return arg.startsWith('file://') ? arg.slice('file://'.length) : arg;
}

async function readInput(kind: 'event' | 'pattern', arg: string, cwd: string): Promise<string> {
  const path = filePath(arg);
  try {
    return await readFile(resolve(cwd, path), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new UserError(`gceb test-pattern: cannot read the ${kind} file '${path}': ${why}.`, {
      hint: `Give a file path (or file://path), the ${kind} itself as JSON starting with {${kind === 'event' ? ', or - to read it from stdin' : ''}.`,
    });
  }
}

async function readArgument(kind: 'event' | 'pattern', arg: string, io: { cwd: string; stdin: Readable }): Promise<string> {
  if (arg === '-') return readStream(io.stdin);
  if (arg.trimStart().startsWith('{')) return arg;
  return readInput(kind, arg, io.cwd);
}

function formatFixes(pattern: unknown, explanation: Explanation, explained: boolean): string {
  const { pattern: fixed, applied } = applyFixes(pattern, explanation.failures);
  if (explanation.fixedPattern === undefined || applied.length === 0) {
    if (explained) return ''; // the explanation already said why
    return `\nNo fix to propose: ${explanation.noFix ?? 'change the pattern by hand (see --explain)'}.\n`;
  }
  const moved = applied.filter((f) => f.replaces !== undefined).map((f) => `  ${f.replaces} → ${f.path}\n`).join('');
  return (
    `\nCorrected pattern (${applied.length} fix${applied.length === 1 ? '' : 'es'} applied; it matches the event):\n` +
    escapeControlChars(JSON.stringify(fixed, null, 4)) +
    '\n' +
    (moved ? `Moved:\n${escapeControlChars(moved)}` : '')
  );
}

/** After an invalid event: AWS's words, then ours on what is wrong with it. */
function invalidEvent(error: ValidationException, event: string): UserError {
  const problems = error.message === 'Parameter Event is not valid.' ? describeEventProblems(event) : [];
  return new UserError(`An error occurred (${error.name}) when calling the TestEventPattern operation: ${error.message}`, {
    ...(problems.length > 0 ? { hint: escapeControlChars(`The event: ${problems.join('; ')}.`) } : {}),
  });
}

function stringDetailNote(event: string, pattern: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(event);
  } catch {
    return '';
  }
  const note = describeStringDetail(parsed);
  if (!note) return '';
  const detail = detailParsed(parsed);
  if (!detail) return `\n${note}\n`;
  const result = testEventPattern({ Event: JSON.stringify({ ...(parsed as object), detail }), EventPattern: pattern });
  return `\nWith detail as the object its string holds, the event ${result.Result ? 'matches' : 'still does not match'} the pattern.\n`;
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
        'event-pattern': { type: 'string' },
        explain: { type: 'boolean' },
        json: { type: 'boolean' },
        fix: { type: 'boolean' },
      },
      'test-pattern',
    );
    if (values.pattern !== undefined && values['event-pattern'] !== undefined) {
      throw new UserError('gceb test-pattern: give the pattern once, with --pattern or --event-pattern (they are the same flag).');
    }
    const patternArg = values.pattern ?? values['event-pattern'];
    if (values.event === undefined || patternArg === undefined) {
      throw new UserError('gceb test-pattern: both --event and --pattern are required (--event-pattern is the same as --pattern).', {
        hint: 'Example: gceb test-pattern --event examples/event.json --pattern examples/pattern.json',
      });
    }
    if (values.event === '-' && patternArg === '-') throw new UserError('gceb test-pattern: only one of --event and --pattern can read stdin (-).');
    const event = await readArgument('event', values.event, io);
    const pattern = await readArgument('pattern', patternArg, io);
    const input = { Event: event, EventPattern: pattern.trim() };
    try {
      if (values.json) {
        const explanation = explainEventPattern(input);
        const fixed = values.fix && explanation.fixedPattern !== undefined ? { FixedPattern: explanation.fixedPattern } : {};
        io.stdout.write(`${escapeControlChars(JSON.stringify({ ...explanation, ...fixed }, null, 4))}\n`);
        return 0;
      }
      const result = testEventPattern(input);
      io.stdout.write(`${JSON.stringify(result, null, 4)}\n`);
      const explanation = values.explain || (values.fix && !result.Result) ? explainEventPattern(input) : undefined;
      if (values.explain && explanation) io.stdout.write(`\n${formatExplanation(explanation)}${escapeControlChars(stringDetailNote(event, input.EventPattern))}`);
      if (values.fix && explanation && !result.Result) io.stdout.write(formatFixes(JSON.parse(input.EventPattern), explanation, values.explain === true));
      return 0;
    } catch (error) {
      if (error instanceof ValidationException) throw invalidEvent(error, event);
      if (error instanceof InvalidEventPatternException) {
        throw new UserError(`An error occurred (${error.name}) when calling the TestEventPattern operation: ${error.message}`);
      }
      throw error;
    }
  },
};

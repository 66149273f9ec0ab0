import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { UserError } from '../../errors.js';
import { parseFlags } from '../flags.js';
import type { CliIO, Command } from '../types.js';
import { parseDuration } from './capture.js';
import { positiveInt } from './envelope-flags.js';
import { createEventBridgeClient, resolveAwsRegion } from '../../aws/client.js';
import { createLogsClient } from '../../aws/logs.js';
import { compilePattern, checkPatternLength } from '../../pattern/index.js';
import { openNdjsonFile, streamNdjson, NdjsonWriteError } from '../../genesys/index.js';
import { cleanupTaps, describeResource, describeTapPlan, planTap, runTap, TAP_IAM_ACTIONS } from '../../tap/index.js';

const usage = `Usage: gceb tap --bus BUS [--pattern P] [--duration D] [--max N] [--out FILE] [--yes]
       gceb tap --cleanup [--bus BUS] [--force]

Listens to what really reaches an event bus (the partner bus of the Genesys integration): creates a
temporary rule on BUS with a CloudWatch Logs target (a log group, and the resource policy that lets
EventBridge write into it), writes each event that arrives as one NDJSON line, and removes everything
it created when it stops: at --duration, at --max, on Ctrl-C or on an error. Every resource is tagged
gceb:tap (resource policies cannot be tagged: they are named gceb-tap-*).

Flags:
  --bus BUS              The event bus (name or ARN), e.g. aws.partner/genesys.com/cloud/<org>/<suffix>
  --pattern P            The rule's pattern: JSON text or a file (default: every event)
  --duration D           Stop after D (default 10m; 30s, 10m, 2h)
  --max N                Stop after N events
  --out FILE|-           NDJSON output (default - = stdout); a file keeps every whole line written
  --yes                  Create without asking (needed when stdin is not a terminal)
  --dry-run              Print what would be created and the IAM actions needed; create nothing
  --cleanup              Remove what crashed taps left behind (on --bus, or on every bus)
  --force                With --cleanup: also remove resources of taps that may still be running
  --aws-region REGION    AWS region (default AWS_REGION, AWS_DEFAULT_REGION, then the profile's)
  --poll-interval D      Time between reads of the log group (default 2s)

IAM actions: ${TAP_IAM_ACTIONS.join(', ')}.

Examples:
  gceb tap --bus aws.partner/genesys.com/cloud/<org>/<suffix> --duration 10m --out arrived.ndjson
  gceb tap --bus <bus> --pattern '{"detail-type":["v2.users.{id}.presence"]}' --max 20 --yes
  gceb tap --cleanup --bus <bus>
`;

async function readPattern(text: string, io: CliIO): Promise<string> {
  let pattern = text.trim();
  if (!pattern.startsWith('{')) {
    try {
      pattern = (await readFile(resolve(io.cwd, text), 'utf8')).trim();
    } catch {
      throw new UserError(`gceb tap: --pattern '${text}' is neither JSON nor a readable file.`);
    }
  }
  try {
    checkPatternLength(pattern);
    compilePattern(pattern);
  } catch (error) {
    throw new UserError(`gceb tap: the --pattern is not a valid event pattern: ${(error as Error).message}`);
  }
  return pattern;
}

async function confirm(io: CliIO, question: string): Promise<boolean> {
  if (!(io.stdin as { isTTY?: boolean }).isTTY) {
    throw new UserError('gceb tap creates AWS resources and stdin is not a terminal to ask on.', { hint: 'Pass --yes to create them (or --dry-run to see what they are).' });
  }
  io.stderr.write(question);
  const rl = createInterface({ input: io.stdin });
  const answer = await new Promise<string>((r) => rl.once('line', r));
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

export const tapCommand: Command = {
  name: 'tap',
  summary: 'Capture what really reaches an event bus (temporary rule + CloudWatch Logs, removed afterwards)',
  usage,
  async run(argv, io) {
    const { values } = parseFlags(
      argv,
      {
        bus: { type: 'string' },
        pattern: { type: 'string' },
        duration: { type: 'string' },
        max: { type: 'string' },
        out: { type: 'string', default: '-' },
        yes: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        cleanup: { type: 'boolean' },
        force: { type: 'boolean' },
        'aws-region': { type: 'string' },
        'poll-interval': { type: 'string' },
      },
      'tap',
    );
    const region = values['aws-region'];
    const access = { env: io.env, ...(region ? { region } : {}) };
    const say = (line: string) => io.stderr.write(`gceb: ${line}\n`);

    if (values.cleanup) {
      const result = await cleanupTaps({ events: createEventBridgeClient(access), logs: createLogsClient(access), env: io.env, ...(values.bus ? { bus: values.bus } : {}), force: values.force === true, dryRun: values['dry-run'] === true });
      const verb = values['dry-run'] ? 'would remove' : 'removed';
      for (const r of result.removed) io.stdout.write(`${verb} ${describeResource(r)}\n`);
      for (const r of result.running) io.stdout.write(`left alone (a tap may still be running; --force removes it): ${describeResource(r)}\n`);
      for (const f of result.failed) io.stdout.write(`could not remove ${describeResource(f.resource)}: ${(f.error as Error).message}\n`);
      if (result.removed.length + result.running.length + result.failed.length === 0) io.stdout.write('No tap leftovers found.\n');
      return result.failed.length > 0 ? 2 : 0;
    }

    if (!values.bus) throw new UserError('gceb tap: --bus is required.', { hint: 'The partner bus is named aws.partner/genesys.com/cloud/<orgId>/<suffix>; `gceb genesys integration` prints it.' });
    const durationMs = parseDuration(values.duration ?? '10m', '--duration', 'tap');
    const max = values.max === undefined ? undefined : positiveInt(values.max, '--max', 'tap');
    const pollMs = values['poll-interval'] === undefined ? undefined : parseDuration(values['poll-interval'], '--poll-interval', 'tap');
    const pattern = values.pattern === undefined ? undefined : await readPattern(values.pattern, io);
    const plan = planTap({ bus: values.bus, durationMs, ...(pattern ? { pattern } : {}) });
    const awsRegion = resolveAwsRegion(access);

    if (values['dry-run']) {
      io.stdout.write(describeTapPlan(plan, awsRegion));
      return 0;
    }
    if (!values.yes) {
      io.stderr.write(describeTapPlan(plan, awsRegion));
      if (!(await confirm(io, 'Create them? [y/N] '))) {
        say('nothing created.');
        return 0;
      }
    }
    const events = createEventBridgeClient(access);
    const logs = createLogsClient(access);
    io.signal?.addEventListener('abort', () => say('stopping: removing what the tap created (a second Ctrl-C leaves it behind; `gceb tap --cleanup` removes it later)'), { once: true });
    const toStdout = values.out === '-';
    const sink = toStdout ? streamNdjson(io.stdout) : openNdjsonFile(resolve(io.cwd, values.out), 'live');
    try {
      const summary = await runTap({
        plan,
        events,
        logs,
        env: io.env,
        durationMs,
        ...(max !== undefined ? { max } : {}),
        ...(pollMs !== undefined ? { pollMs } : {}),
        ...(io.signal ? { signal: io.signal } : {}),
        onEvent: (event) => sink.writeLine(event),
        onStatus: say,
      });
      say(
        `tapped ${summary.events} events (stopped by ${summary.stoppedBy === 'signal' ? 'Ctrl-C' : summary.stoppedBy})${toStdout ? '' : ` -> ${values.out}`}` +
          `${summary.skipped ? `; ${summary.skipped} log messages that are not JSON skipped` : ''}; removed ${summary.removed.map(describeResource).join(', ')}`,
      );
      return 0;
    } catch (error) {
      if (error instanceof UserError && error.cause instanceof NdjsonWriteError) {
        throw new UserError(`gceb tap: stopped at a write error after ${sink.lines} events. ${error.cause.message}\n${error.message.split('\n').slice(1).join('\n')}`, { ...(error.cause.hint ? { hint: error.cause.hint } : {}) });
      }
      throw error;
    } finally {
      await sink.commit();
    }
  },
};

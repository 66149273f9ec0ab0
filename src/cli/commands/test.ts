import { join, resolve } from 'node:path';
import { displayPath } from '../../display-path.js';
import { crossCheck } from '../../aws/cross-check.js';
import { UserError } from '../../errors.js';
import type { ReadProblem } from '../../events/index.js';
import { writeFileAtomic } from '../../report/atomic.js';
import { AtomicFileStream } from '../../report/verdict-stream.js';
import { DEFAULT_CROSS_CHECK_PAIRS, summariseCrossCheck } from '../../report/verdict-cross-check.js';
import {
  VERDICT_FILE_NAMES,
  VERDICT_FORMATS,
  renderJson,
  renderMarkdown,
  renderText,
  verdictCsvHeader,
  verdictToCsv,
  verdictToNdjson,
  type VerdictFormat,
} from '../../report/verdict-formats.js';
import { renderHtml } from '../../report/verdict-html.js';
import { DEFAULT_MAX_KEPT_VERDICTS } from '../../report/verdict-summary.js';
import { runRuleTests } from '../../report/verdict-run.js';
import type { Verdict } from '../../report/verdicts.js';
import { loadRules } from '../../rules/load.js';
import type { Expectation } from '../../rules/types.js';
import { redactSecrets } from '../../secrets.js';
import { parseFlags } from '../flags.js';
import { ENGINE_USAGE, engineFlags, sqlRunLine, sqlRunnerFrom } from './engine-flags.js';
import { runRuleTestsSql, type SqlRunInfo } from '../../sql/verdicts.js';
import type { CliIO, Command } from '../types.js';

const USAGE = `Usage: gceb test [--rules SPEC]... [--events INPUT]... [flags]

Tests every rule against every event with AWS EventBridge's exact matching and
explains each miss: where the pattern and the event differ, why, and the fix.

Flags:
  --rules SPEC        rules to test (repeatable; default: sample): a pattern .json file (rule
                      name = file name), a rules file {"rules":[{"name","pattern","expect"?}]},
                      AWS CLI list-rules/describe-rule output, a folder of .json files, an
                      inline pattern '{"source":[...]}', rule:NAME@BUS or bus:BUS (from AWS)
  --events INPUT      events (repeatable; default: sample): NDJSON, JSON array/object(s),
                      Firehose/CloudWatch exports, .gz, a folder, or - for stdin
  --expect match|no-match
                      every verdict (rule x event) must be a match / no match; exit 1 and list
                      the ones that disagree. A rule's own "expect" in a rules file means: the
                      rule matches at least one event (match) / none (no-match)
  --format FORMAT     text (default), json, ndjson, csv, md or html; to stdout, or with --out
                      into DIR as well
  --out DIR           write DIR/verdicts.json and DIR/report.html (plus the --format file);
                      the text summary still goes to stdout
  --cross-check       also ask AWS TestEventPattern about each distinct (event, pattern) pair
                      and report disagreements with the local engine (needs AWS credentials)
  --cross-check-max N distinct pairs sent to AWS at most (default ${DEFAULT_CROSS_CHECK_PAIRS})
  --aws-region REGION AWS region for rule:/bus: and --cross-check (default: AWS_REGION,
                      AWS_DEFAULT_REGION, then the profile's); --region is accepted too
  --max-verdicts N    verdicts kept whole for the json/html reports (default ${DEFAULT_MAX_KEPT_VERDICTS});
                      counts stay exact, ndjson/csv always hold every verdict
  --quiet             no summary on stdout when --out is given, no progress; problems are
                      still counted
  -h, --help          this help

${ENGINE_USAGE}
                      With duckdb/athena, misses are explained on a sample (rows re-checked
                      locally, then the first rows some rule misses); ndjson/csv hold the
                      verdicts made locally, not one per rule x event

Exit code: 0 all expectations met, 1 an expectation failed (--expect, a rule's "expect") or
AWS disagreed with the local engine, 2 bad usage or input, 130 interrupted.

Examples:
  gceb test                                     # the sample rules against the sample events
  gceb test --rules my-rule.json --events captured.ndjson --expect match
  gceb test --rules bus:aws.partner/genesys.com/cloud/<org>/<suffix> --events events/ --out out
  gceb test --rules '{"detail-type":["v2.users.{id}.presence"]}' --events - --format json < events.ndjson
`;

const MAX_PROBLEM_LINES = 20;
/** Verdict-stream formats: written as the run goes. */
const STREAMED: ReadonlySet<VerdictFormat> = new Set(['ndjson', 'csv']);

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UserError(`gceb test: ${flag} must be one of ${allowed.join(', ')}, not '${value}'.`, { hint: 'Run `gceb test --help` for usage.' });
}

function positiveInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UserError(`gceb test: ${flag} must be a whole number, not '${value}'.`);
  return n;
}

/** Where verdicts go as they are made: a file being written atomically, or stdout. */
interface VerdictSink {
  write(text: string): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

function stdoutSink(io: CliIO): VerdictSink {
  return {
    write: (text) =>
      new Promise<void>((resolve, reject) => {
        io.stdout.write(text, (error) => (error ? reject(error) : resolve()));
      }),
    commit: async () => {},
    abort: async () => {},
  };
}

function progressReporter(io: CliIO, enabled: boolean): { tick(events: number): void; done(): void } {
  if (!enabled) return { tick() {}, done() {} };
  let last = 0;
  let shown = false;
  return {
    tick(events) {
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      shown = true;
      io.stderr.write(`\r${events} events tested...`);
    },
    done() {
      if (shown) io.stderr.write('\r\u001b[K');
    },
  };
}

export const testCommand: Command = {
  name: 'test',
  summary: 'The main job: verdicts for every rule x event, with explanations',
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseFlags(
      argv,
      {
        rules: { type: 'string', multiple: true },
        events: { type: 'string', multiple: true },
        expect: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        'cross-check': { type: 'boolean' },
        'cross-check-max': { type: 'string' },
        'aws-region': { type: 'string' },
        region: { type: 'string' },
        'max-verdicts': { type: 'string' },
        quiet: { type: 'boolean' },
        ...engineFlags,
      },
      'test',
    );
    const format = oneOf<VerdictFormat>(values.format, VERDICT_FORMATS, '--format') ?? 'text';
    const expect = oneOf<Expectation>(values.expect, ['match', 'no-match'], '--expect');
    const maxKeptVerdicts = positiveInt(values['max-verdicts'], '--max-verdicts', DEFAULT_MAX_KEPT_VERDICTS);
    const crossCheckMax = positiveInt(values['cross-check-max'], '--cross-check-max', DEFAULT_CROSS_CHECK_PAIRS);
    const quiet = values.quiet === true;
    const outDir = values.out === undefined ? undefined : resolve(io.cwd, values.out);
    const awsRegion = values['aws-region'] ?? values.region;
    const color = io.stdout.isTTY === true && !io.env.NO_COLOR;
    const where = (source: string) => displayPath(source, io.cwd);

    const rules = await loadRules(values.rules ?? ['sample'], {
      cwd: io.cwd,
      env: io.env,
      ...(awsRegion ? { region: awsRegion } : {}),
      onWarning: (message) => io.stderr.write(`warning: ${message}\n`),
    });

    const sqlRunner = await sqlRunnerFrom(values, io, values.events ?? ['sample'], 'test');
    if (sqlRunner && values['cross-check']) throw new UserError(`gceb test: --cross-check needs --engine local.`);

    let problems = 0;
    const onProblem = (p: ReadProblem) => {
      problems++;
      if (problems <= MAX_PROBLEM_LINES) io.stderr.write(redactSecrets(`${where(p.source)}:${p.line}: ${p.message}\n`, io.env));
    };

    const sinks: VerdictSink[] = [];
    const streamedTo: string[] = [];
    if (outDir !== undefined && STREAMED.has(format)) {
      const path = join(outDir, VERDICT_FILE_NAMES[format]);
      sinks.push(await AtomicFileStream.create(path));
      streamedTo.push(path);
    } else if (outDir === undefined && STREAMED.has(format)) {
      sinks.push(stdoutSink(io));
    }
    const encode = format === 'csv' ? verdictToCsv : verdictToNdjson;
    if (format === 'csv') for (const sink of sinks) await sink.write(verdictCsvHeader());

    const progress = progressReporter(io, io.stderr.isTTY === true && !quiet);
    let run;
    try {
      run = sqlRunner
        ? await runRuleTestsSql({
            rules,
            runner: sqlRunner,
            ...(io.signal ? { signal: io.signal } : {}),
            ...(expect ? { expect } : {}),
            maxKeptVerdicts,
            onProblem,
            ...(sinks.length > 0 ? { onVerdicts: async (verdicts: Verdict[]) => { const text = verdicts.map(encode).join(''); for (const sink of sinks) await sink.write(text); } } : {}),
          })
        : await runRuleTests({
        rules,
        inputs: values.events ?? ['sample'],
        cwd: io.cwd,
        stdin: io.stdin,
        ...(io.signal ? { signal: io.signal } : {}),
        ...(expect ? { expect } : {}),
        maxKeptVerdicts,
        onProblem,
        ...(values['cross-check'] ? { crossCheckPairs: crossCheckMax } : {}),
        onProgress: (n) => progress.tick(n),
        ...(sinks.length > 0
          ? {
              onVerdicts: async (verdicts: Verdict[]) => {
                const text = verdicts.map(encode).join('');
                for (const sink of sinks) await sink.write(text);
              },
            }
          : {}),
      });
      for (const sink of sinks) await sink.commit();
    } catch (error) {
      progress.done();
      for (const sink of sinks) await sink.abort();
      if (io.signal?.aborted) throw new UserError('gceb test: interrupted; no report was written.', { exitCode: 130 });
      throw error;
    }
    progress.done();
    if ('sql' in run && !quiet) io.stderr.write(sqlRunLine((run as { sql: SqlRunInfo }).sql));
    if (problems > MAX_PROBLEM_LINES) io.stderr.write(`... ${problems - MAX_PROBLEM_LINES} more problem(s) not shown.\n`);
    if (problems > 0) io.stderr.write(`${problems} record(s) could not be tested and were skipped.\n`);

    const { summary, verdicts } = run;
    if (run.crossCheck) {
      const result = await crossCheck(run.crossCheck.pairs, {
        env: io.env,
        ...(awsRegion ? { region: awsRegion } : {}),
        ...(io.signal ? { signal: io.signal } : {}),
      });
      summary.crossCheck = summariseCrossCheck(result, run.crossCheck.skipped);
      for (const e of result.errors.slice(0, MAX_PROBLEM_LINES)) {
        io.stderr.write(redactSecrets(`cross-check: ${e.rule} x ${e.eventId}: ${e.message}\n`, io.env));
      }
    }

    const render = (f: VerdictFormat): string => {
      switch (f) {
        case 'json':
          return renderJson(summary, verdicts);
        case 'md':
          return renderMarkdown(summary);
        case 'html':
          return renderHtml(summary, verdicts);
        default:
          return renderText(summary, { color: false, cwd: io.cwd });
      }
    };

    if (outDir !== undefined) {
      const written = [...streamedTo];
      const files: VerdictFormat[] = ['json', 'html'];
      if (!STREAMED.has(format) && !files.includes(format)) files.push(format);
      for (const f of files) {
        const path = join(outDir, VERDICT_FILE_NAMES[f]);
        await writeFileAtomic(path, render(f));
        written.push(path);
      }
      if (!quiet) {
        io.stdout.write(renderText(summary, { color, cwd: io.cwd }));
        io.stdout.write(`\nWrote ${written.map(where).join(', ')}\n`);
      }
    } else if (format === 'text') {
      io.stdout.write(renderText(summary, { color, cwd: io.cwd }));
    } else if (!STREAMED.has(format)) {
      io.stdout.write(render(format));
    }

    const failedExpect = (summary.expect?.disagreed ?? 0) > 0 || summary.unmetRuleExpectations.length > 0;
    const awsDisagrees = (summary.crossCheck?.disagreements.length ?? 0) > 0;
    if (failedExpect || awsDisagrees) {
      if (!(format === 'text' || (outDir !== undefined && !quiet))) {
        // The reason is not on stdout in this mode: say it on stderr.
        if (summary.expect && summary.expect.disagreed > 0) io.stderr.write(`--expect ${summary.expect.expect}: ${summary.expect.disagreed} verdict(s) disagree.\n`);
        if (summary.unmetRuleExpectations.length > 0) io.stderr.write(`Rules whose expectation is not met: ${summary.unmetRuleExpectations.join(', ')}\n`);
        if (awsDisagrees) io.stderr.write(`AWS TestEventPattern disagrees with the local engine on ${summary.crossCheck!.disagreements.length} pair(s).\n`);
      }
      return 1;
    }
    return 0;
  },
};

import { join, resolve } from 'node:path';
import { displayPath } from '../../display-path.js';
import { crossCheck } from '../../aws/cross-check.js';
import { UserError } from '../../errors.js';
import type { ReadProblem } from '../../events/index.js';
import { writeFileAtomic } from '../../report/atomic.js';
import { claimOutDir, type OutDirRun } from '../../report/out-dir.js';
import { AtomicFileStream, LineChunks } from '../../report/verdict-stream.js';
import { markPartialHtml } from '../../report/verdict-partial.js';
import { DEFAULT_CROSS_CHECK_PAIRS, summariseCrossCheck } from '../../verdicts/cross-check.js';
import { VERDICT_SELECTIONS, type VerdictSelection } from '../../verdicts/main-job.js';
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
import { testCiCases, testSummaryLine } from '../../report/ci-cases.js';
import { CI_FILE_NAMES, ciFormatOf, renderCi, type CiFormat } from '../../report/ci-formats.js';
import { DEFAULT_MAX_KEPT_VERDICTS } from '../../verdicts/summary.js';
import { runRuleTests } from '../../verdicts/run.js';
import type { Verdict } from '../../verdicts/verdict.js';
import { loadRules } from '../../rules/load.js';
import type { Expectation } from '../../rules/types.js';
import { redactSecrets } from '../../secrets.js';
import { ClosedPipe, isClosedPipe } from '../closed-pipe.js';
import { AWS_REGION_FLAG, parseFlags } from '../flags.js';
import { eventInputFlags, EVENT_INPUT_USAGE, remoteInputOptions } from '../event-input-flags.js';
import type { RemoteInputOptions } from '../../events/index.js';
import { progressLine } from '../progress.js';
import { ENGINE_USAGE, engineFlags, sqlRunLine, sqlRunnerFrom } from './engine-flags.js';
import { runRuleTestsSql, type SqlRunInfo, type SqlRunner } from '../../sql/verdicts.js';
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
                      into DIR as well; junit (JUnit XML, a case per rule and expectation) or
                      github (GitHub Actions annotations at the rule's template line) for CI
  --out DIR           write DIR/verdicts.json and DIR/report.html (plus the --format file);
                      the text summary still goes to stdout
  --cross-check       also ask AWS TestEventPattern about each distinct (event, pattern) pair
                      and report disagreements with the local engine (needs AWS credentials)
  --cross-check-max N distinct pairs sent to AWS at most (default ${DEFAULT_CROSS_CHECK_PAIRS})
  --aws-region REGION AWS region for rule:/bus: and --cross-check (default: AWS_REGION,
                      AWS_DEFAULT_REGION, then the profile's)
  --verdicts WHICH    all (default), matches, misses or none: the verdicts the ndjson/csv
                      streams carry (counts in the summary stay exact)
  --max-verdicts N    verdicts kept whole for the json/html reports (default ${DEFAULT_MAX_KEPT_VERDICTS});
                      counts stay exact
  --quiet             no summary on stdout when --out is given, no progress; problems are
                      still counted

A rule's failures, "most common" failure and nearest miss are counted among the events
about its topics: those that pass its source and detail-type conditions (all events when
it has none); the rest are counted as other topics. Event values in reports are cut to
1,000 characters (the original length is noted). With --out, one run writes the folder
at a time (.gceb-run.lock); .gceb-run.json names the run and its files.

${EVENT_INPUT_USAGE}

Progress (events, MB of total, events/s, ETA) goes to stderr on a terminal, and every 10 s
after the first 30 s elsewhere. Ctrl-C stops reading and writes the reports of the events
tested so far, marked partial (exit 130).
  -h, --help          this help

${ENGINE_USAGE}
                      With duckdb/athena, misses are explained on a sample (rows re-checked
                      locally, then the first rows some rule misses); ndjson/csv hold the
                      verdicts made locally, not one per rule x event

Exit code: 0 all expectations met, 1 an expectation failed (--expect, a rule's "expect") or
AWS disagreed with the local engine, 2 bad usage or input (no events read; --cross-check with
no pair answered), 130 interrupted, 141 stdout closed (e.g. by head).

Examples:
  gceb test                                     # the sample rules against the sample events
  gceb test --rules my-rule.json --events captured.ndjson --expect match
  gceb test --rules bus:aws.partner/genesys.com/cloud/<org>/<suffix> --events events/ --out out
  gceb test --rules '{"detail-type":["v2.users.{id}.presence"]}' --events - --format json < events.ndjson
`;

const MAX_PROBLEM_LINES = 20;
/** Verdict-stream formats: written as the run goes. */
const STREAMED: ReadonlySet<VerdictFormat> = new Set(['ndjson', 'csv']);

/** The flags of `gceb test`; other issues add theirs here (e.g. --engine, --format junit). */
export const TEST_FLAGS = {
  rules: { type: 'string', multiple: true },
  events: { type: 'string', multiple: true },
  expect: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  'cross-check': { type: 'boolean' },
  'cross-check-max': { type: 'string' },
  ...AWS_REGION_FLAG,
  verdicts: { type: 'string' },
  'max-verdicts': { type: 'string' },
  quiet: { type: 'boolean' },
  ...eventInputFlags,
  ...engineFlags,
} as const;

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
  write(text: string | Uint8Array): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

function stdoutSink(io: CliIO): VerdictSink {
  return {
    write: (text) =>
      new Promise<void>((resolve, reject) => {
        io.stdout.write(text, (error) => (error ? reject(isClosedPipe(error) ? new ClosedPipe() : error) : resolve()));
      }),
    commit: async () => {},
    abort: async () => {},
  };
}

export const testCommand: Command = {
  name: 'test',
  summary: 'The main job: verdicts for every rule x event, with explanations',
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseFlags(argv, TEST_FLAGS, 'test');
    const ciFormat = ciFormatOf(values.format);
    const format = ciFormat ? 'text' : oneOf<VerdictFormat>(values.format, [...VERDICT_FORMATS, 'junit', 'github'] as VerdictFormat[], '--format') ?? 'text';
    const expect = oneOf<Expectation>(values.expect, ['match', 'no-match'], '--expect');
    const selection = oneOf<VerdictSelection>(values.verdicts, VERDICT_SELECTIONS, '--verdicts') ?? 'all';
    const maxKeptVerdicts = positiveInt(values['max-verdicts'], '--max-verdicts', DEFAULT_MAX_KEPT_VERDICTS);
    const crossCheckMax = positiveInt(values['cross-check-max'], '--cross-check-max', DEFAULT_CROSS_CHECK_PAIRS);
    const quiet = values.quiet === true;
    const outDir = values.out === undefined ? undefined : resolve(io.cwd, values.out);
    const awsRegion = values['aws-region'];
    const eventInputs = values.events ?? ['sample'];

    const rules = await loadRules(values.rules ?? ['sample'], {
      cwd: io.cwd,
      env: io.env,
      ...(awsRegion ? { region: awsRegion } : {}),
      onWarning: (message) => io.stderr.write(`warning: ${message}\n`),
    });
    const sqlRunner = await sqlRunnerFrom(values, io, eventInputs, 'test');
    if (sqlRunner && values['cross-check']) throw new UserError('gceb test: --cross-check needs --engine local.');

    const out = outDir === undefined ? undefined : await claimOutDir(outDir, { command: 'test' });
    try {
      return await testRun(io, { format, ciFormat, expect, selection, maxKeptVerdicts, crossCheckMax, quiet, out, awsRegion, eventInputs, rules, crossCheckOn: values['cross-check'] === true, remote: remoteInputOptions(values, io, awsRegion), sqlRunner });
    } finally {
      await out?.release();
    }
  },
};

interface TestRunOptions {
  format: VerdictFormat;
  ciFormat: CiFormat | undefined;
  expect: Expectation | undefined;
  selection: VerdictSelection;
  maxKeptVerdicts: number;
  crossCheckMax: number;
  crossCheckOn: boolean;
  quiet: boolean;
  out: OutDirRun | undefined;
  awsRegion: string | undefined;
  eventInputs: string[];
  rules: Awaited<ReturnType<typeof loadRules>>;
  remote: RemoteInputOptions;
  sqlRunner: SqlRunner | undefined;
}

async function testRun(io: CliIO, o: TestRunOptions): Promise<number> {
  const { format, out } = o;
  const color = io.stdout.isTTY === true && !io.env.NO_COLOR;
  const where = (source: string) => displayPath(source, io.cwd);

  let problems = 0;
  const onProblem = (p: ReadProblem) => {
    problems++;
    const at = p.line > 0 ? `${where(p.source)}:${p.line}` : where(p.source);
    if (problems <= MAX_PROBLEM_LINES) io.stderr.write(redactSecrets(`${at}: ${p.message}\n`, io.env));
  };

  const sinks: VerdictSink[] = [];
  const written: string[] = [];
  if (STREAMED.has(format) && o.selection !== 'none') {
    if (out !== undefined) {
      const path = join(out.dir, VERDICT_FILE_NAMES[format]);
      sinks.push(await AtomicFileStream.create(path));
      written.push(path);
    } else sinks.push(stdoutSink(io));
  }
  const encode = format === 'csv' ? verdictToCsv : verdictToNdjson;
  const progress = progressLine(io, { enabled: !o.quiet, label: 'gceb test' });
  let run;
  try {
    if (format === 'csv') for (const sink of sinks) await sink.write(verdictCsvHeader());
    const chunks = new LineChunks(async (bytes) => {
      for (const sink of sinks) await sink.write(bytes);
    });
    const onVerdicts = (verdicts: Verdict[]) => chunks.add(verdicts.map(encode));
    run = o.sqlRunner
      ? await runRuleTestsSql({
          rules: o.rules,
          runner: o.sqlRunner,
          ...(io.signal ? { signal: io.signal } : {}),
          ...(o.expect ? { expect: o.expect } : {}),
          maxKeptVerdicts: o.maxKeptVerdicts,
          onProblem,
          ...(sinks.length > 0 ? { onVerdicts } : {}),
        })
      : await runRuleTests({
      rules: o.rules,
      inputs: o.eventInputs,
      cwd: io.cwd,
      stdin: io.stdin,
      remote: o.remote,
      ...(io.signal ? { signal: io.signal } : {}),
      partialOnAbort: true,
      ...(o.expect ? { expect: o.expect } : {}),
      maxKeptVerdicts: o.maxKeptVerdicts,
      onProblem,
      ...(o.crossCheckOn ? { crossCheckPairs: o.crossCheckMax } : {}),
      onProgress: (n) => progress.events(n),
      onReadProgress: (p) => progress.read(p),
      ...(sinks.length > 0 ? { verdicts: o.selection, onVerdicts } : {}),
    });
    await chunks.flush();
    for (const sink of sinks) await sink.commit();
  } catch (error) {
    progress.done();
    for (const sink of sinks) await sink.abort();
    throw error;
  }
  progress.done();
  if ('sql' in run && !o.quiet) io.stderr.write(sqlRunLine((run as { sql: SqlRunInfo }).sql));
  if (problems > MAX_PROBLEM_LINES) io.stderr.write(`... ${problems - MAX_PROBLEM_LINES} more problem(s) not shown.\n`);
  if (problems > 0) io.stderr.write(`${problems} record(s) could not be tested and were skipped.\n`);

  const { summary, verdicts } = run;
  const partial = summary.partial === true;
  if (summary.events === 0 && !partial) {
    throw new UserError(`gceb test: no events were read from ${o.eventInputs.join(', ')}${problems > 0 ? ` (${problems} record(s) could not be tested)` : ''}.`, {
      hint: 'Check the input: an empty or corrupt capture tests nothing, so no expectation can pass.',
    });
  }
  let crossCheckUnanswered: string | undefined;
  if (run.crossCheck && !partial) {
    const result = await crossCheck(run.crossCheck.pairs, {
      env: io.env,
      ...(o.awsRegion ? { region: o.awsRegion } : {}),
      ...(io.signal ? { signal: io.signal } : {}),
    });
    summary.crossCheck = summariseCrossCheck(result, run.crossCheck.skipped);
    for (const e of result.errors.slice(0, MAX_PROBLEM_LINES)) {
      io.stderr.write(redactSecrets(`cross-check: ${e.rule} x ${e.eventId}: ${e.message}\n`, io.env));
    }
    if (result.checked === 0 && run.crossCheck.pairs.length + run.crossCheck.skipped > 0) crossCheckUnanswered = `gceb test: --cross-check: AWS answered none of the ${run.crossCheck.pairs.length} pair(s) sent${result.errors[0] ? ` (first error: ${result.errors[0].message})` : ''}.`;
  }

  const render = (f: VerdictFormat): string => {
    switch (f) {
      case 'json':
        return renderJson(summary, verdicts, out ? { runId: out.runId } : {});
      case 'md':
        return renderMarkdown(summary);
      case 'html':
        return partial ? markPartialHtml(renderHtml(summary, verdicts, { rules: o.rules }), summary.events) : renderHtml(summary, verdicts, { rules: o.rules });
      default:
        return renderText(summary, { color: false, cwd: io.cwd });
    }
  };

  if (out !== undefined) {
    const files: VerdictFormat[] = ['json', 'html'];
    if (!STREAMED.has(format) && !files.includes(format)) files.push(format);
    for (const f of files) {
      const path = join(out.dir, VERDICT_FILE_NAMES[f]);
      await writeFileAtomic(path, render(f));
      written.push(path);
    }
    if (o.ciFormat) {
      const path = join(out.dir, CI_FILE_NAMES[o.ciFormat]);
      await writeFileAtomic(path, renderCi(o.ciFormat, testCiCases(summary, o.rules), testSummaryLine(summary)));
      written.push(path);
    }
    await out.finish(written);
    if (!o.quiet) {
      await writeOut(io, renderText(summary, { color, cwd: io.cwd }));
      await writeOut(io, `\nWrote ${written.map(where).join(', ')}\n`);
    }
  } else if (o.ciFormat) {
    await writeOut(io, renderCi(o.ciFormat, testCiCases(summary, o.rules), testSummaryLine(summary)));
    if (o.ciFormat === 'junit') io.stderr.write(`${testSummaryLine(summary)}\n`);
  } else if (format === 'text') {
    await writeOut(io, renderText(summary, { color, cwd: io.cwd }));
  } else if (!STREAMED.has(format)) {
    await writeOut(io, render(format));
  }

  if (partial) {
    io.stderr.write(`gceb test: interrupted; the report covers the ${summary.events} event(s) tested so far and is marked partial.\n`);
    return 130;
  }
  if (crossCheckUnanswered !== undefined) {
    io.stderr.write(redactSecrets(`${crossCheckUnanswered}\n`, io.env));
    return 2;
  }
  const failedExpect = (summary.expect?.disagreed ?? 0) > 0 || summary.unmetRuleExpectations.length > 0;
  const awsDisagrees = (summary.crossCheck?.disagreements.length ?? 0) > 0;
  if (failedExpect || awsDisagrees) {
    if (!(format === 'text' || (out !== undefined && !o.quiet))) {
      // The reason is not on stdout in this mode: say it on stderr.
      if (summary.expect && summary.expect.disagreed > 0) io.stderr.write(`--expect ${summary.expect.expect}: ${summary.expect.disagreed} verdict(s) disagree.\n`);
      if (summary.unmetRuleExpectations.length > 0) io.stderr.write(`Rules whose expectation is not met: ${summary.unmetRuleExpectations.join(', ')}\n`);
      if (awsDisagrees) io.stderr.write(`AWS TestEventPattern disagrees with the local engine on ${summary.crossCheck!.disagreements.length} pair(s).\n`);
    }
    return 1;
  }
  return 0;
}

/** Writes to stdout and waits for it; a closed pipe ends the run quietly (see ClosedPipe). */
function writeOut(io: CliIO, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    io.stdout.write(text, (error) => (error ? reject(isClosedPipe(error) ? new ClosedPipe() : error) : resolve()));
  });
}

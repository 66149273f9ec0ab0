import { resolve } from 'node:path';
import { displayPath } from '../../display-path.js';
import { analyzeCoverage, formatProgress, type AnalyzeResult } from '../../coverage/analyze.js';
import type { SqlCoverageRun } from '../../sql/coverage-run.js';
import { UserError } from '../../errors.js';
import { COVERAGE_FORMATS, type CoverageFormat } from '../../report/coverage-export.js';
import { redactProblems, writeCoverageReport } from '../../report/coverage-report.js';
import { loadRules } from '../../rules/load.js';
import { parseFlags } from '../flags.js';
import { eventInputFlags, EVENT_INPUT_USAGE, remoteInputOptions } from '../event-input-flags.js';
import type { Command } from '../types.js';
import { ENGINE_USAGE, engineFlags, engineOf, sqlCoverageLine, sqlRunnerFrom } from './engine-flags.js';

const USAGE = `Usage: gceb coverage --events SPEC... [--out DIR] [flags]

Field presence across many events, per detail-type: for every field path
(arrays as [], e.g. detail.eventBody.propertyChanges[].property) the events
where it is present, null or absent, its types, distinct values and examples.
Writes charts (SVG + PNG + Vega-Lite JSON) and coverage.html / .json / .ndjson
/ .csv / .md into DIR, and prints a short summary.

Flags:
  --events SPEC      events to read (repeatable; also as positional arguments):
                     a file (NDJSON, JSON array, JSON object(s), Firehose
                     concatenated objects, CloudWatch Logs exports, .gz of any),
                     a folder (recursive), - for stdin, sample (built-in),
                     s3://BUCKET/PREFIX/ or logs:GROUP[:STREAM-PREFIX] (see below)
  --out DIR          output folder (default: out/coverage)
  --topic T          only events of this detail-type (repeatable)
  --rule FILE|JSON   a rule file, folder or inline pattern: adds a heatmap of how
                     often each path its pattern tests is present per topic (repeatable)
  --redact           mask personal data in example values and problem messages
                     (strings other than ids, timestamps, topics and enum fields)
  --format LIST      comma-separated subset of ${COVERAGE_FORMATS.join(',')} (default: all)
  --exact-limit N    count distinct values exactly up to N per field, then
                     estimate with HyperLogLog (default: 1000; SQL engines count exactly)
  --path-sample N    duckdb, athena: events read first to find the field paths
                     (default: 100000 on duckdb, 10000 on athena)
  -h, --help         this help

${EVENT_INPUT_USAGE}

${ENGINE_USAGE}
The SQL engines measure the field paths found in the first events (--path-sample).

Progress (events/s, bytes, ETA) goes to stderr when stderr is a terminal.

Examples:
  gceb coverage --events sample --out out/coverage
  gceb coverage --events exports/ --rule rules/calls.json --redact --format html,csv
  zcat events.ndjson.gz | gceb coverage --events - --topic 'v2.users.{id}.presence'
  gceb coverage --engine duckdb --events big.ndjson.gz
  gceb coverage --engine athena --athena-table gceb_events --since 2024-05-01 --until 2024-05-02
`;

export const coverageCommand: Command = {
  name: 'coverage',
  summary: 'Field presence across many events, with charts and exports',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseFlags(
      argv,
      {
        events: { type: 'string', multiple: true },
        out: { type: 'string' },
        topic: { type: 'string', multiple: true },
        rule: { type: 'string', multiple: true },
        redact: { type: 'boolean' },
        format: { type: 'string' },
        'exact-limit': { type: 'string' },
        'path-sample': { type: 'string' },
        ...eventInputFlags,
        ...engineFlags,
      },
      'coverage',
    );
    const inputs = [...(values.events ?? []), ...positionals];
    const engine = engineOf(values, 'coverage');
    if (inputs.length === 0 && engine !== 'athena') {
      throw new UserError('gceb coverage: no events given.', { hint: 'Pass --events FILE|FOLDER|-|sample, e.g. `gceb coverage --events sample --out out/coverage`.' });
    }
    const formats = parseFormats(values.format);
    const exactLimit = parseLimit(values['exact-limit'], '--exact-limit');
    const pathSample = parseLimit(values['path-sample'], '--path-sample');
    const redact = values.redact === true;
    const outDir = resolve(io.cwd, values.out ?? 'out/coverage');
    const rules = values.rule ? await loadRules(values.rule, { cwd: io.cwd, env: io.env }) : [];

    const sqlRunner = await sqlRunnerFrom(values, io, inputs, 'coverage');
    const progress = io.stderr.isTTY === true && !sqlRunner;
    const analysis: Promise<AnalyzeResult | SqlCoverageRun> = sqlRunner
      ? sqlRunner.coverage({ ...(io.signal ? { signal: io.signal } : {}), redact, ...(exactLimit ? { exactLimit } : {}), ...(pathSample ? { pathSample } : {}), ...(values.topic ? { topics: values.topic } : {}) })
      : analyzeCoverage(inputs, {
          cwd: io.cwd,
          stdin: io.stdin,
          signal: io.signal,
          remote: remoteInputOptions(values, io),
          redact,
          exactLimit,
          topics: values.topic,
          onProgress: progress ? (p) => io.stderr.write(`\r\x1b[2K${formatProgress(p)}`) : undefined,
        });
    const analysed = await analysis.catch((error: unknown) => {
      if (io.signal?.aborted) throw new UserError('gceb coverage: interrupted; nothing was written.', { exitCode: 130 });
      throw error;
    });
    if (progress) io.stderr.write('\r\x1b[2K');
    const { result, problems, elapsedMs } = analysed;
    if ('sql' in analysed) io.stderr.write(sqlCoverageLine(analysed.sql));

    const shownProblems = redact ? redactProblems(problems) : problems;
    for (const p of shownProblems.sample) io.stderr.write(`${p.source}:${p.line}: ${p.message}\n`);
    if (problems.count > shownProblems.sample.length) io.stderr.write(`… and ${problems.count - shownProblems.sample.length} more input problems\n`);

    if (values.topic && result.events === 0) {
      throw new UserError(`gceb coverage: no events of detail-type ${values.topic.map((t) => JSON.stringify(t)).join(', ')}.`, {
        hint: 'detail-type is the topic template with {id}, e.g. v2.detail.events.conversation.{id}.customer.start; run without --topic to list the topics present.',
      });
    }

    const files = await writeCoverageReport(outDir, result, { formats, rules, problems, redact });
    const show = (path: string) => displayPath(path, io.cwd);
    const lines = [
      `${result.events} events in ${result.topics.length} topics (${(elapsedMs / 1000).toFixed(1)} s)${problems.count ? `; ${problems.count} input problems, records skipped` : ''}${redact ? '; examples redacted' : ''}`,
      ...result.topics.map((t) => `  ${t.detailType}  ${t.events} events, ${t.fields.length} fields`),
      `Wrote ${plural(files.exports.length, "report")} and ${plural(files.charts.length, "chart")} to ${show(outDir)}:`,
      ...files.exports.map((p) => `  ${show(p)}`),
    ];
    const heatmap = files.charts[0];
    if (heatmap) lines.push(`  ${show(heatmap.png)} (topics × fields heatmap)`);
    for (const chart of files.charts.filter((c) => c.title.startsWith('Paths tested by rule'))) lines.push(`  ${show(chart.png)} (${chart.title})`);
    io.stdout.write(lines.join('\n') + '\n');
    return 0;
  },
};

function parseFormats(text: string | undefined): CoverageFormat[] | undefined {
  if (text === undefined) return undefined;
  const formats = text.split(',').map((f) => f.trim().toLowerCase()).filter(Boolean);
  const unknown = formats.filter((f) => !(COVERAGE_FORMATS as readonly string[]).includes(f));
  if (unknown.length > 0 || formats.length === 0) {
    throw new UserError(`gceb coverage: unknown --format ${unknown.join(', ') || '(empty)'}.`, { hint: `Choose from ${COVERAGE_FORMATS.join(', ')} (comma-separated).` });
  }
  return formats as CoverageFormat[];
}

function parseLimit(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`gceb coverage: ${flag} must be a positive whole number, got ${JSON.stringify(text)}.`);
  return n;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Main-job section: generates N events (at least 1,000,000 unless --events
 * says less for a quick look) as NDJSON on disk, then runs, each in its own
 * child process (so peak RSS is per pass):
 *   parse-only        readEvents over the file (the same reader + JSON.parse)
 *   summary+report    `gceb test --rules <R rules> --events <file> --out <dir>` (summary, verdicts.json, report.html)
 *   ndjson all        `gceb test ... --verdicts all --format ndjson` (stdout discarded) over the
 *                     file's first NDJSON_EVENTS events (a prefix file, with its own parse-only pass:
 *                     every verdict is a line, 200 per event with 200 rules)
 * through the CLI's own main(), with R = 20 and 200 rules (benchRules).
 * Targets: summary+report ≥ 50 % of parse-only throughput, ndjson all ≥ 15 %,
 * peak RSS ≤ 300 MB. Ratios by CPU time (steadier on a shared machine) and by wall time.
 * Sizes: GCEB_BENCH_MAIN_JOB_EVENTS (default 1,000,000) and GCEB_BENCH_NDJSON_EVENTS (default 20,000).
 *
 * Standalone: npx tsx scripts/bench/main-job.ts [--events N] [--ndjson-events N] [--rule-sets 20,200] [--keep] [--events-file F (reuse a kept file)]
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, openSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateEvents } from '../../src/sample/index.js';
import { readEvents } from '../../src/events/index.js';
import { main } from '../../src/cli/main.js';
import { benchRules } from './pattern-rules.js';
import { textTable, type BenchOptions, type BenchResult, type BenchSection } from './section.js';

const SELF = fileURLToPath(import.meta.url);
const MIN_EVENTS = 1_000_000;
const SUMMARY_TARGET = 0.5;
const NDJSON_TARGET = 0.15;
const RSS_TARGET_MB = 300;
const DEFAULT_RULE_SETS = [20, 200];
const DEFAULT_NDJSON_EVENTS = 20_000;

/** A positive integer from the environment, or undefined. */
function envCount(name: string): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === '') return undefined;
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${text}"`);
  return n;
}

type Mode = 'parse' | 'summary' | 'ndjson' | 'write';

interface PassFigures {
  mode: Mode;
  rules: number;
  events: number;
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  exitCode: number;
  /** ndjson: bytes written; write: CPU seconds per byte written. */
  bytes?: number;
  cpuPerByte?: number;
}

/** Writes `count` generated events to `path`, and the first `prefixCount` of them to `prefixPath` too. */
async function writeEventsFile(path: string, count: number, prefixPath: string, prefixCount: number, progress: (line: string) => void): Promise<number> {
  const out = createWriteStream(path);
  const prefix = createWriteStream(prefixPath);
  let buffered: string[] = [];
  let written = 0;
  const flush = async (): Promise<void> => {
    const text = buffered.join('\n') + '\n';
    if (written < prefixCount && !prefix.write(buffered.slice(0, prefixCount - written).join('\n') + '\n')) await once(prefix, 'drain');
    if (!out.write(text)) await once(out, 'drain');
    written += buffered.length;
    buffered = [];
  };
  for (const event of generateEvents({ count, seed: 20240506 })) {
    buffered.push(JSON.stringify(event));
    if (buffered.length === 2000) {
      await flush();
      if (written % 200_000 === 0) progress(`main-job: generated ${written} events`);
    }
  }
  if (buffered.length > 0) await flush();
  out.end();
  prefix.end();
  await Promise.all([once(out, 'finish'), once(prefix, 'finish')]);
  return (await stat(path)).size;
}

/** The first `count` lines of `from` (a kept events file) into `to`. */
async function writePrefix(from: string, to: string, count: number): Promise<void> {
  const out = createWriteStream(to);
  let n = 0;
  const lines = createInterface({ input: createReadStream(from), crlfDelay: Infinity });
  for await (const line of lines) {
    if (n++ >= count) break;
    if (!out.write(line + '\n')) await once(out, 'drain');
  }
  lines.close();
  out.end();
  await once(out, 'finish');
}

/** A stdout that throws its bytes away (as `> /dev/null` would, without a syscall per write), counting them. */
function discard(): Writable & { bytes: number } {
  const out = new Writable({
    write: (chunk: Buffer, _encoding, callback) => {
      out.bytes += chunk.length;
      callback();
    },
  }) as Writable & { bytes: number };
  out.bytes = 0;
  return out;
}

/**
 * CPU seconds per byte of merely writing verdict-sized lines (built
 * beforehand) to the same kind of stdout: whatever builds the lines, an
 * ndjson pass that writes B bytes per event cannot beat 1 / (B × this).
 */
async function writeOnlyCpuPerByte(): Promise<number> {
  const line = `${JSON.stringify({ rule: 'bench-0', eventId: '71eabb69-56da-496e-a4aa-e962cf39af95', detailType: 'v2.detail.events.conversation.{id}.customer.start', match: false, failures: [{ path: 'detail-type', code: 'value-mismatch', expected: ['v2.detail.events.conversation.{id}.user.start'], actual: ['v2.detail.events.conversation.{id}.customer.start'], hint: 'x'.repeat(300) }] })}\n`;
  const lines = Array.from({ length: 1000 }, (_, i) => line.replace('bench-0', `bench-${i}`));
  const out = discard();
  const cpu = process.cpuUsage();
  for (let k = 0; k < 300; k++) for (const l of lines) if (!out.write(l)) await once(out, 'drain');
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / 1e6 / out.bytes;
}

/** One pass, in this process (the child). */
async function runPass(mode: Mode, file: string, rulesFile: string, rules: number, outDir: string): Promise<PassFigures> {
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  let events = 0; // the test passes are credited with the parse pass's count
  let exitCode = 0;
  let bytes: number | undefined;
  let cpuPerByte: number | undefined;
  if (mode === 'write') cpuPerByte = await writeOnlyCpuPerByte();
  else if (mode === 'parse') {
    for await (const record of readEvents(file, { onProblem: () => {} })) if (record.event) events++;
  } else {
    const args = ['test', '--rules', rulesFile, '--events', file, '--quiet'];
    if (mode === 'summary') args.push('--out', outDir);
    else args.push('--verdicts', 'all', '--format', 'ndjson');
    const stdout = mode === 'ndjson' ? discard() : process.stdout;
    exitCode = await main(args, { stdout, stderr: process.stderr, stdin: process.stdin, env: { NO_COLOR: '1' }, cwd: process.cwd() });
    if (mode === 'ndjson') bytes = (stdout as ReturnType<typeof discard>).bytes;
  }
  const used = process.cpuUsage(cpuStart);
  return {
    mode,
    rules,
    events,
    seconds: Number(process.hrtime.bigint() - start) / 1e9,
    cpuSeconds: (used.user + used.system) / 1e6,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    exitCode,
    ...(bytes !== undefined ? { bytes } : {}),
    ...(cpuPerByte !== undefined ? { cpuPerByte } : {}),
  };
}

function passInChild(mode: Mode, file: string, rulesFile: string, rules: number, outDir: string): Promise<PassFigures> {
  return new Promise((resolvePass, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', SELF, '--pass', mode, '--file', file, '--rules-file', rulesFile, '--rules', String(rules), '--out', outDir],
      { stdio: ['ignore', openSync('/dev/null', 'w'), 'inherit', 'pipe'] },
    );
    let text = '';
    const figures = child.stdio[3] as NodeJS.ReadableStream;
    figures.setEncoding('utf8').on('data', (d: string) => (text += d));
    figures.on('error', reject);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${mode} pass exited with ${code}`));
      else resolvePass(JSON.parse(text) as PassFigures);
    });
  });
}

export const mainJobSection: BenchSection = {
  name: 'main-job',
  summary: '`gceb test` (summary+report over ≥1M generated NDJSON events, ndjson all over its first 20k) with 20 and 200 rules vs parse-only (child per pass, peak RSS)',
  run: (options) => runMainJobBench(options),
};

async function runMainJobBench(options: BenchOptions & { keep?: boolean; ruleSets?: number[]; allowFewer?: boolean; eventsFile?: string; ndjsonEvents?: number }): Promise<BenchResult> {
  const fromEnv = envCount('GCEB_BENCH_MAIN_JOB_EVENTS');
  const count = fromEnv ?? (options.allowFewer ? options.events : Math.max(options.events, MIN_EVENTS));
  const ndjsonCount = Math.min(count, options.ndjsonEvents ?? envCount('GCEB_BENCH_NDJSON_EVENTS') ?? DEFAULT_NDJSON_EVENTS);
  const ruleSets = (options.ruleSets ?? DEFAULT_RULE_SETS).filter((n) => n > 1);
  const dir = await mkdtemp(join(tmpdir(), 'gceb-bench-main-job-'));
  const file = options.eventsFile ?? join(dir, 'events.ndjson');
  const prefixFile = join(dir, 'events-prefix.ndjson');
  try {
    const genStart = Date.now();
    // An events file written by an earlier run (--events-file, standalone) saves generating it again.
    let bytes: number;
    if (options.eventsFile) {
      bytes = (await stat(file)).size;
      await writePrefix(file, prefixFile, ndjsonCount);
    } else bytes = await writeEventsFile(file, count, prefixFile, ndjsonCount, options.progress);
    const generateSeconds = (Date.now() - genStart) / 1000;
    options.progress('main-job: parse-only passes');
    const parse = await passInChild('parse', file, '', 0, '');
    const parsePrefix = await passInChild('parse', prefixFile, '', 0, '');
    const writeOnly = await passInChild('write', '', '', 0, '');
    const rows: PassFigures[] = [];
    const passes: Array<[Mode, number]> = [...ruleSets.map((size): [Mode, number] => ['summary', size]), ...ruleSets.map((size): [Mode, number] => ['ndjson', size])];
    for (const [mode, size] of passes) {
      const rulesFile = join(dir, `rules-${size}.json`);
      await writeFile(rulesFile, JSON.stringify({ rules: benchRules(size) }));
      options.progress(`main-job: ${mode} pass, ${size} rules`);
      const over = mode === 'ndjson' ? parsePrefix : parse;
      rows.push({ ...(await passInChild(mode, mode === 'ndjson' ? prefixFile : file, rulesFile, size, join(dir, `out-${size}`))), events: over.events });
    }
    const base = (p: PassFigures) => (p.mode === 'ndjson' ? parsePrefix : parse);
    const ratio = (p: PassFigures) => base(p).cpuSeconds / p.cpuSeconds;
    const wallRatio = (p: PassFigures) => base(p).seconds / p.seconds;
    const target = (p: PassFigures) => (p.mode === 'summary' ? SUMMARY_TARGET : NDJSON_TARGET);
    const meets = rows.every((p) => p.exitCode === 0 && ratio(p) >= target(p) && p.peakRssMb <= RSS_TARGET_MB);
    const parseFigures = (p: PassFigures) => ({ events: p.events, eventsPerSecond: Math.round(p.events / p.seconds), eventsPerCpuSecond: Math.round(p.events / p.cpuSeconds), peakRssMb: p.peakRssMb });
    const figures = {
      events: parse.events,
      ndjsonEvents: parsePrefix.events,
      fileMb: bytes / 1e6,
      generateSeconds,
      cpus: cpus().length,
      loadAverage: loadavg()[0],
      parse: parseFigures(parse),
      parsePrefix: parseFigures(parsePrefix),
      runs: rows.map((p) => ({
        mode: p.mode,
        rules: p.rules,
        events: p.events,
        eventsPerSecond: Math.round(p.events / p.seconds),
        eventsPerCpuSecond: Math.round(p.events / p.cpuSeconds),
        ratio: ratio(p),
        wallRatio: wallRatio(p),
        target: target(p),
        peakRssMb: p.peakRssMb,
        exitCode: p.exitCode,
        ...(p.bytes !== undefined
          ? {
              bytesPerEvent: Math.round(p.bytes / p.events),
              // The most an ndjson pass writing these bytes could reach, as a share of parse-only (writing alone, lines for free).
              writeCeilingRatio: base(p).cpuSeconds / base(p).events / ((p.bytes / p.events) * writeOnly.cpuPerByte!),
            }
          : {}),
      })),
      writeOnlyMbPerCpuSecond: 1 / writeOnly.cpuPerByte! / 1e6,
      rssTargetMb: RSS_TARGET_MB,
      meetsTargets: meets && parse.peakRssMb <= RSS_TARGET_MB,
    };
    const text = [
      `Main job (gceb test): ${parse.events.toLocaleString('en-US')} events, ${figures.fileMb.toFixed(0)} MB NDJSON on disk (generated in ${generateSeconds.toFixed(1)} s); ndjson passes over its first ${parsePrefix.events.toLocaleString('en-US')}; one child process per pass, ${figures.cpus} CPUs, load average ${figures.loadAverage.toFixed(1)}`,
      textTable(
        ['pass', 'rules', 'events/s (wall)', 'events/CPU-s', '% of parse (CPU)', '% (wall)', 'target', 'peak RSS MB'],
        [
          ...[figures.parse, figures.parsePrefix].map((p) => [`parse-only, ${p.events.toLocaleString('en-US')} events`, '-', p.eventsPerSecond.toLocaleString('en-US'), p.eventsPerCpuSecond.toLocaleString('en-US'), '100', '100', '', p.peakRssMb.toFixed(0)]),
          ...figures.runs.map((r) => [
            `${r.mode === 'summary' ? 'summary + report (--out)' : 'ndjson, --verdicts all'}, ${r.events.toLocaleString('en-US')} events`,
            String(r.rules),
            r.eventsPerSecond.toLocaleString('en-US'),
            r.eventsPerCpuSecond.toLocaleString('en-US'),
            (r.ratio * 100).toFixed(0),
            (r.wallRatio * 100).toFixed(0),
            `≥ ${r.target * 100}`,
            r.peakRssMb.toFixed(0),
          ]),
        ],
      ),
      ...figures.runs
        .filter((r) => r.bytesPerEvent !== undefined)
        .map((r) => `ndjson, ${r.rules} rules: ${(r.bytesPerEvent! / 1000).toFixed(1)} KB of verdicts per event; writing alone (${figures.writeOnlyMbPerCpuSecond.toFixed(0)} MB/CPU-s, lines built for free) caps it at ${(r.writeCeilingRatio! * 100).toFixed(0)} % of parse`),
      `peak RSS target ≤ ${RSS_TARGET_MB} MB; targets ${figures.meetsTargets ? 'met' : 'NOT met'}`,
    ].join('\n');
    return { figures, text };
  } finally {
    if (!options.keep) await rm(dir, { recursive: true, force: true });
    else process.stderr.write(`kept ${dir}\n`);
  }
}

// Child-process entry (`--pass`) and standalone use.
if (process.argv[1] === SELF) {
  const { values } = parseArgs({
    options: {
      pass: { type: 'string' }, file: { type: 'string' }, 'rules-file': { type: 'string' }, rules: { type: 'string' }, out: { type: 'string' },
      events: { type: 'string' }, 'ndjson-events': { type: 'string' }, 'rule-sets': { type: 'string' }, keep: { type: 'boolean' }, 'allow-fewer': { type: 'boolean' }, 'events-file': { type: 'string' },
    },
  });
  if (values.pass === 'parse' || values.pass === 'summary' || values.pass === 'ndjson' || values.pass === 'write') {
    const figures = await runPass(values.pass, values.file!, values['rules-file']!, Number(values.rules), values.out!);
    // The parent reads fd 3; if it is gone (EPIPE), there is no one to tell: end quietly.
    await new Promise<void>((resolveWrite) => {
      const toParent = createWriteStream('', { fd: 3 });
      toParent.on('error', () => resolveWrite());
      toParent.end(JSON.stringify(figures), resolveWrite);
    });
  } else {
    const progress = (line: string): void => void process.stderr.write(`${line}\n`);
    const result = await runMainJobBench({
      events: Number(values.events ?? MIN_EVENTS),
      passes: 1,
      progress,
      keep: values.keep,
      allowFewer: values['allow-fewer'],
      ...(values['events-file'] ? { eventsFile: values['events-file'] } : {}),
      ...(values['ndjson-events'] ? { ndjsonEvents: Number(values['ndjson-events']) } : {}),
      ...(values['rule-sets'] ? { ruleSets: values['rule-sets'].split(',').map(Number) } : {}),
    });
    process.stdout.write(`${result.text}\n`);
  }
}

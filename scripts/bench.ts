// npm run bench [-- --events N] [--section NAME]... [--passes N] [--rule-sets LIST] [--json]
// Prints performance figures (not a test). Each section lives in scripts/bench/<name>.ts.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { coverageSection } from './bench/coverage.js';
import { patternSection } from './bench/pattern.js';
import { mainJobSection } from './bench/main-job.js';
import { sqlSection } from './bench/sql.js';
import type { BenchSection } from './bench/section.js';
import { worstCaseSection } from './bench/worst-case.js';

const SECTIONS: BenchSection[] = [patternSection, coverageSection, worstCaseSection, mainJobSection, sqlSection];

const USAGE = `Usage: npm run bench -- [options]

Options:
  --events N       events to generate (default 200000)
  --section NAME   run only this section; repeat for several (${SECTIONS.map((s) => s.name).join(', ')})
  --passes N       timed passes per measurement, median reported (default 5)
  --rule-sets LIST rule-set sizes for the pattern section, comma-separated (default 1,20,200)
  --sql-events N   events for the sql section (default 1000000, or GCEB_BENCH_SQL_EVENTS)
  --json           print machine-readable figures instead of tables
  -h, --help       this text

Sections:
${SECTIONS.map((s) => `  ${s.name.padEnd(10)} ${s.summary}`).join('\n')}

Examples:
  npm run bench -- --events 50000 --section pattern --json
  npm run bench -- --section pattern --events 20000 --rule-sets 20,200,2000
`;

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function positiveInteger(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) fail(`${flag} must be a positive integer, got "${value}"`);
  return n;
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      events: { type: 'string' }, section: { type: 'string', multiple: true }, passes: { type: 'string' }, 'rule-sets': { type: 'string' }, 'sql-events': { type: 'string' },
      json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false },
    },
  });
} catch (error) {
  fail((error as Error).message);
}
const { values } = parsed;
if (values.help) {
  process.stdout.write(USAGE);
} else {
  const names = values.section ?? SECTIONS.map((s) => s.name);
  const chosen = names.map((name) => SECTIONS.find((s) => s.name === name) ?? fail(`unknown section "${name}"`));
  const progress = process.stderr.isTTY ? (line: string): void => { process.stderr.write(`${line}\n`); } : (): void => {};
  const ruleSets = values['rule-sets']?.split(',').map((size) => positiveInteger(size.trim(), '--rule-sets', 1));
  const options = {
    events: positiveInteger(values.events, '--events', 200_000), passes: positiveInteger(values.passes, '--passes', 5),
    ...(ruleSets === undefined ? {} : { ruleSets }), progress,
    ...(values['sql-events'] === undefined ? (process.env.GCEB_BENCH_SQL_EVENTS ? { sqlEvents: positiveInteger(process.env.GCEB_BENCH_SQL_EVENTS, 'GCEB_BENCH_SQL_EVENTS', 1_000_000) } : {}) : { sqlEvents: positiveInteger(values['sql-events'], '--sql-events', 1_000_000) }),
  };
  const environment = {
    node: process.version, platform: `${process.platform}-${process.arch}`, cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown', totalMemoryMb: Math.round(os.totalmem() / 1048576),
  };
  const results: Record<string, unknown> = {};
  if (!values.json) {
    process.stdout.write(`Node ${environment.node} on ${environment.platform}, ${environment.cpus} CPUs (${environment.cpuModel}), ${environment.totalMemoryMb} MB RAM\n`);
  }
  for (const section of chosen) {
    const result = await section.run(options);
    results[section.name] = result.figures;
    if (!values.json) process.stdout.write(`\n${result.text}\n`);
  }
  if (values.json) process.stdout.write(`${JSON.stringify({ environment, sections: results }, null, 2)}\n`);
}

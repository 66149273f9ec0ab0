// Executes a notebook headlessly, papermill-style: parameters injected after
// the `parameters` cell, Jupyter's own executor, the project-local tslab kernel.
import { parseArgs } from 'node:util';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../src/errors.js';
import { buildNotebookLibrary } from '../src/notebook/library-build.js';
import { installKernel } from '../src/notebook/kernel-spec.js';
import { executeNotebook } from '../src/notebook/execute.js';

const USAGE = `Usage: npx tsx scripts/run-notebook.ts NOTEBOOK [-p NAME=VALUE ...] [-o OUT.ipynb]

Runs NOTEBOOK with the tslab kernel through Jupyter's executor (nbclient) and
writes the executed copy. Exits 1 when a cell fails (thrown error, type error,
anything on stderr), 2 on bad usage.

  -p, --parameter NAME=VALUE  set a parameter declared (with let) in the cell tagged
                              "parameters"; repeatable. Values are converted to the
                              declared type (string, number, boolean, JSON)
  -o, --output FILE           executed copy (default: out/notebooks/<NOTEBOOK>)
      --timeout SECONDS       per-cell timeout (default 120)
  -h, --help                  this text

Example:
  npx tsx scripts/run-notebook.ts notebooks/03-runbook.ipynb -p RULES=sample/rules -o out/runbook.ipynb
`;

const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        parameter: { type: 'string', short: 'p', multiple: true },
        output: { type: 'string', short: 'o' },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UserError(`run-notebook: ${error instanceof Error ? error.message : String(error)}`, { hint: 'Run with --help for usage.' });
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UserError('run-notebook: give exactly one NOTEBOOK', { hint: USAGE.split('\n')[0] });
  const input = resolve(positionals[0] ?? '');
  const timeout = values.timeout === undefined ? 120 : Number(values.timeout);
  if (!Number.isInteger(timeout) || timeout <= 0) throw new UserError(`run-notebook: --timeout ${values.timeout} is not a positive number of seconds`);
  const output = resolve(values.output ?? `${root}/out/notebooks/${basename(input)}`);

  const build = await buildNotebookLibrary({ root });
  if (build.built && process.stderr.isTTY) process.stderr.write(`run-notebook: built ${build.bundleFile}\n`);
  await installKernel(root, process.execPath);

  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const result = await executeNotebook({
    root,
    input,
    output,
    parameters: values.parameter ?? [],
    cellTimeout: timeout,
    signal: controller.signal,
  });
  if (result.ok) {
    process.stderr.write(`run-notebook: ok, executed copy: ${result.output}\n`);
    return 0;
  }
  process.stderr.write(`run-notebook: FAILED ${input}\n`);
  if (result.failedCell !== undefined) process.stderr.write(`  the run stopped at cell ${result.failedCell}\n`);
  for (const problem of result.problems) {
    process.stderr.write(`  cell ${problem.cell} (${problem.excerpt.slice(0, 60)}): ${problem.kind}\n    ${problem.text.split('\n').slice(0, 8).join('\n    ')}\n`);
  }
  if (result.message) process.stderr.write(`  ${result.message}\n`);
  process.stderr.write(`  executed copy: ${result.output}\n`);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    if (error instanceof UserError) {
      process.stderr.write(`${error.message}\n${error.hint ? `${error.hint}\n` : ''}`);
      process.exitCode = error.exitCode;
    } else {
      process.stderr.write(`run-notebook: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    }
  },
);

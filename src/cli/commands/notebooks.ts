import { access } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { UserError } from '../../errors.js';
import { executeNotebook, jupyterPath, KERNEL_NAME, scaffoldRunbookFolder } from '../../notebook/index.js';
import { parseFlags } from '../flags.js';
import type { Command } from '../types.js';

const usage = `Usage: gceb notebooks <subcommand> [flags]

Runbooks in your own repository: Jupyter notebooks (TypeScript, tslab kernel)
that import this package by name.

Subcommands:
  init DIR               Create (or complete) the runbook folder DIR: the three notebooks
                         (debug a rule, field coverage, runbook), rules/, a README, a
                         package.json depending on this package and tslab, and a kernel
                         registration in DIR/.jupyter (nothing is registered globally).
                         Existing files are kept unless --force.
  run NOTEBOOK           Execute NOTEBOOK headlessly through Jupyter's executor (nbclient)
                         with the folder's kernel; parameters are injected after the cell
                         tagged "parameters" (papermill's convention). Exit 1 when a cell
                         fails (thrown error, type error, anything on stderr).

Flags (init):
  --force                overwrite the notebooks, README and rules that exist
Flags (run):
  -p, --parameter NAME=VALUE  set a parameter the parameters cell declares (repeatable); values
                              take the declared type: string, number, boolean, JSON; a list
                              parameter (RULES) takes a JSON list or a single value
  -o, --output FILE      the executed copy (default: out/notebooks/NOTEBOOK beside it)
  --timeout SECONDS      per cell (default 120)
  --runs N               run every cell N times in one kernel (2 = a second Run All; default 1)

Examples:
  gceb notebooks init runbooks && cd runbooks && npm install
  JUPYTER_PATH=.jupyter jupyter lab            # or: JUPYTER_PATH=.jupyter jupyter notebook
  gceb notebooks run 03-runbook.ipynb -p 'RULES=["rules/", "bus:aws.partner/genesys.com/cloud/<org>/<suffix>"]'
`;

export const notebooksCommand: Command = {
  name: 'notebooks',
  summary: 'runbook notebooks in your own repository: scaffold a folder, run a notebook headlessly',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseFlags(
      argv,
      {
        force: { type: 'boolean' },
        parameter: { type: 'string', short: 'p', multiple: true },
        output: { type: 'string', short: 'o' },
        timeout: { type: 'string' },
        runs: { type: 'string' },
      },
      'notebooks',
    );
    if (values.help) {
      io.stdout.write(usage);
      return 0;
    }
    const [sub, target, ...extra] = positionals;
    if (extra.length > 0) throw new UserError(`gceb notebooks ${sub}: unexpected arguments: ${extra.join(' ')}`, { hint: 'Run `gceb notebooks --help` for usage.' });

    if (sub === 'init') {
      if (!target) throw new UserError('gceb notebooks init: give the folder to create, e.g. `gceb notebooks init runbooks`');
      const result = await scaffoldRunbookFolder({ folder: resolve(io.cwd, target), force: values.force === true });
      const shown = relative(io.cwd, result.folder) || '.';
      io.stdout.write(`Runbook folder ${shown}:\n`);
      for (const file of result.written) io.stdout.write(`  wrote ${file}\n`);
      for (const file of result.kept) io.stdout.write(`  kept  ${file} (exists${file.endsWith('.ipynb') || file.startsWith('rules') || file === 'README.md' ? '; --force overwrites it' : ''})\n`);
      io.stdout.write(
        `\nNext:\n  cd ${shown}\n${result.install.map((c) => `  ${c}\n`).join('')}` +
          `  JUPYTER_PATH=.jupyter jupyter lab        # or: JUPYTER_PATH=.jupyter jupyter notebook\n` +
          `  npx gceb notebooks run 03-runbook.ipynb  # headless; exit 1 when a check fails\n` +
          `Open the notebooks with the "TypeScript (gceb)" kernel; ${join(shown, 'README.md')} says more.\n`,
      );
      return 0;
    }

    if (sub === 'run') {
      if (!target) throw new UserError('gceb notebooks run: give the notebook to run, e.g. `gceb notebooks run 03-runbook.ipynb`');
      const input = resolve(io.cwd, target);
      const folder = dirname(input);
      const timeout = values.timeout === undefined ? 120 : Number(values.timeout);
      if (!Number.isInteger(timeout) || timeout <= 0) throw new UserError(`gceb notebooks run: --timeout ${values.timeout} is not a positive number of seconds`);
      const runs = values.runs === undefined ? 1 : Number(values.runs);
      if (!Number.isInteger(runs) || runs < 1) throw new UserError(`gceb notebooks run: --runs ${values.runs} is not a positive whole number`);
      try {
        await access(join(jupyterPath(folder), 'kernels', KERNEL_NAME, 'kernel.json'));
      } catch {
        throw new UserError(`gceb notebooks run: ${relative(io.cwd, folder) || '.'} has no "${KERNEL_NAME}" kernel registration`, {
          hint: `Run \`gceb notebooks init ${relative(io.cwd, folder) || '.'}\` there first (it keeps existing files).`,
        });
      }
      const output = values.output ? resolve(io.cwd, values.output) : join(folder, 'out', 'notebooks', basename(input));
      const result = await executeNotebook({
        folder,
        input,
        output,
        parameters: values.parameter ?? [],
        cellTimeout: timeout,
        runs,
        env: io.env,
        ...(io.signal ? { signal: io.signal } : {}),
      });
      if (result.ok) {
        io.stderr.write(`gceb notebooks run: ok${runs > 1 ? ` (${runs} runs in one kernel)` : ''}, executed copy: ${relative(io.cwd, result.output)}\n`);
        return 0;
      }
      io.stderr.write(`gceb notebooks run: FAILED ${relative(io.cwd, input)}\n`);
      if (result.failedCell !== undefined) io.stderr.write(`  the run stopped at cell ${result.failedCell}${result.failedRun ? ` (run ${result.failedRun})` : ''}\n`);
      for (const problem of result.problems) {
        const run = problem.run ? `, run ${problem.run}` : '';
        io.stderr.write(`  cell ${problem.cell}${run} (${problem.excerpt.slice(0, 60)}): ${problem.kind}\n    ${problem.text.split('\n').slice(0, 8).join('\n    ')}\n`);
      }
      if (result.message) io.stderr.write(`  ${result.message}\n`);
      io.stderr.write(`  executed copy: ${relative(io.cwd, result.output)}\n`);
      return 1;
    }

    throw new UserError(sub ? `gceb notebooks: unknown subcommand '${sub}'` : 'gceb notebooks: give a subcommand: init or run', { hint: 'Run `gceb notebooks --help` for usage.' });
  },
};

import { spawn } from 'node:child_process';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { redactSecrets } from '../secrets.js';
import { writeFileAtomic } from '../report/atomic.js';
import { KERNEL_NAME, jupyterPath } from './kernel-spec.js';
import { injectParameters, type Notebook } from './parameters.js';
import { notebookProblems, type NotebookProblem } from './problems.js';

/** Debian's Python with Jupyter's executor; another python3 (pyenv, venv) may be first on PATH. */
export const DEFAULT_PYTHON = '/usr/bin/python3';

const INSTALL_HINT =
  'Install Jupyter\'s executor: `sudo apt-get install jupyter-nbconvert python3-nbclient python3-nbformat jupyter-client` ' +
  '(or `pip install nbclient nbformat` and set GCEB_PYTHON to that python).';

// nbclient, with papermill's behaviour: stop at the first failing cell and
// still write what ran. With runs > 1 every cell runs again in the same kernel
// (as a second Run All does); each run's notebook is written (dst.runN, the
// last to dst). Prints one JSON line: {"failedCell", "failedRun", "message"}.
const EXECUTOR = String.raw`
import copy, json, sys
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError
src, dst, kernel, timeout, cwd, runs = sys.argv[1:7]
runs = int(runs)
nb = nbformat.read(src, as_version=4)
state = {"failed": None, "run": None, "message": None}
def on_error(cell, cell_index, execute_reply):
    state["failed"] = cell_index
client = NotebookClient(nb, kernel_name=kernel, timeout=int(timeout), startup_timeout=120,
                        resources={"metadata": {"path": cwd}}, on_cell_error=on_error)
run = 1
try:
    with client.setup_kernel():
        for run in range(1, runs + 1):
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
            if run < runs:
                nbformat.write(copy.deepcopy(nb), dst + ".run" + str(run))
except CellTimeoutError as e:
    state["message"] = "timed out: " + str(e).splitlines()[0]
except CellExecutionError:
    pass
except Exception as e:
    state["message"] = type(e).__name__ + ": " + str(e)
finally:
    state["run"] = run
    nbformat.write(nb, dst)
print(json.dumps({"failedCell": state["failed"], "failedRun": state["run"] if state["failed"] is not None else None, "message": state["message"]}))
`;

export interface ExecuteOptions {
  /** The runbook folder: the kernel starts there, and its .jupyter holds the kernel registration. */
  folder: string;
  input: string;
  output: string;
  parameters?: readonly string[];
  /** Seconds per cell. */
  cellTimeout?: number;
  env?: NodeJS.ProcessEnv;
  python?: string;
  signal?: AbortSignal;
  /** Run every cell this many times in one kernel (2: a second Run All). Default 1. */
  runs?: number;
}

export interface ExecuteResult {
  output: string;
  ok: boolean;
  /** Index (in the executed copy) of the cell that failed, if one did. */
  failedCell?: number;
  /** With several runs: the run (1, 2, ...) in which that cell failed. */
  failedRun?: number;
  /** Error outputs and stderr of every run (each tagged with its run when there were several). */
  problems: NotebookProblem[];
  /** Executor-level failure (kernel did not start, timeout). */
  message?: string;
}

export async function findPython(env: NodeJS.ProcessEnv = process.env, python?: string): Promise<string> {
  const candidate = python ?? env.GCEB_PYTHON ?? DEFAULT_PYTHON;
  try {
    await access(candidate);
  } catch {
    throw new UserError(`Jupyter's executor is missing: ${candidate} does not exist`, { hint: INSTALL_HINT });
  }
  const probe = await runProcess(candidate, ['-c', 'import nbclient, nbformat'], { env: { ...env } });
  if (probe.code !== 0) throw new UserError(`Jupyter's executor is missing: ${candidate} cannot import nbclient and nbformat`, { hint: INSTALL_HINT });
  return candidate;
}

/**
 * Runs a notebook headlessly through Jupyter's own executor with the
 * project-local tslab kernel; parameters are injected after the `parameters`
 * cell. The executed copy is written (secrets redacted) even when a cell fails.
 */
export async function executeNotebook(options: ExecuteOptions): Promise<ExecuteResult> {
  const env = { ...(options.env ?? process.env) };
  const python = await findPython(env, options.python);
  const runs = options.runs ?? 1;
  if (!Number.isInteger(runs) || runs < 1) throw new UserError(`runs must be a positive whole number, not ${runs}`);
  let notebook: Notebook;
  try {
    notebook = JSON.parse(await readFile(options.input, 'utf8')) as Notebook;
  } catch (error) {
    throw new UserError(`cannot read notebook ${options.input}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const injected = injectParameters(notebook, options.parameters ?? []);
  const work = await mkdtemp(join(tmpdir(), 'gceb-notebook-'));
  try {
    const src = join(work, 'input.ipynb');
    const dst = join(work, 'output.ipynb');
    await writeFile(src, JSON.stringify(injected, null, 1));
    const result = await runProcess(
      python,
      ['-c', EXECUTOR, src, dst, KERNEL_NAME, String(options.cellTimeout ?? 120), options.folder, String(runs)],
      { env: { ...env, JUPYTER_PATH: [jupyterPath(options.folder), env.JUPYTER_PATH].filter(Boolean).join(':') }, signal: options.signal },
    );
    let executed: Notebook;
    try {
      executed = JSON.parse(await readFile(dst, 'utf8')) as Notebook;
    } catch {
      throw new UserError(`the notebook executor failed before running ${options.input}: ${lastLines(result.stderr)}`, { hint: INSTALL_HINT });
    }
    const summary = parseSummary(result.stdout);
    const redacted = redactSecrets(JSON.stringify(executed, null, 1), env) + '\n';
    await writeFileAtomic(options.output, redacted);
    const problems: NotebookProblem[] = [];
    for (let run = 1; run < runs; run++) {
      const earlier = await readFile(`${dst}.run${run}`, 'utf8').catch(() => undefined);
      if (earlier) problems.push(...notebookProblems(JSON.parse(redactSecrets(earlier, env)) as Notebook).map((p) => ({ ...p, run })));
    }
    problems.push(...notebookProblems(JSON.parse(redacted) as Notebook).map((p) => (runs > 1 ? { ...p, run: summary.failedRun ?? runs } : p)));
    const message = summary.message ?? (result.code !== 0 ? lastLines(result.stderr) : undefined);
    return {
      output: options.output,
      ok: result.code === 0 && summary.failedCell === null && !summary.message && problems.length === 0,
      ...(summary.failedCell !== null ? { failedCell: summary.failedCell } : {}),
      ...(summary.failedRun !== null && runs > 1 ? { failedRun: summary.failedRun } : {}),
      problems,
      ...(message ? { message: redactSecrets(message, env) } : {}),
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

interface ExecutorSummary { failedCell: number | null; failedRun: number | null; message: string | null }

function parseSummary(stdout: string): ExecutorSummary {
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as ExecutorSummary;
  } catch {
    return { failedCell: null, failedRun: null, message: 'the notebook executor printed no result' };
  }
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-5).join('\n');
}

/** Runs a program to its end, its output collected; an abort signal stops it with SIGINT. */
export function runProcess(
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string; signal?: AbortSignal },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env, stdio: ['ignore', 'pipe', 'pipe'], killSignal: 'SIGINT', ...(options.cwd ? { cwd: options.cwd } : {}), ...(options.signal ? { signal: options.signal } : {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

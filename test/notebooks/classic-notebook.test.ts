// A scaffolded notebook in a real front end: Debian's classic Notebook
// (jupyter-notebook) driven by Chromium through playwright-core. Open, Run All,
// Run All again in the same kernel: no error output, a chart image visible.
// GCEB_NOTEBOOK_SCREENSHOT=FILE keeps a screenshot taken after the second run.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { createRunbookFolder, type RunbookFolder } from './runbook-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const NOTEBOOK = '/usr/bin/jupyter-notebook';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TIMEOUT = 400_000;
const TOKEN = 'gceb-test-token';

const missing = [CHROMIUM, NOTEBOOK].filter((file) => !existsSync(file));
if (missing.length > 0 && process.env.CI) throw new Error(`${missing.join(' and ')} required in CI (scripts/setup.sh --test installs them)`);
const skip = missing.length > 0 ? `${missing.join(' and ')} not installed; run \`bash scripts/setup.sh --test\`` : false;

let runbook: RunbookFolder;
let server: ChildProcess | undefined;
let port = 0;
let profile: string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForServer(deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (server?.exitCode !== null && server?.exitCode !== undefined) throw new Error(`jupyter-notebook exited with ${server.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/status?token=${TOKEN}`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('jupyter-notebook did not start');
}

before(async () => {
  if (skip) return;
  runbook = await createRunbookFolder();
  profile = await mkdtemp(join(runbook.work, 'chromium-'));
  port = await freePort();
  const state = join(runbook.work, 'jupyter-state');
  server = spawn(NOTEBOOK, ['--no-browser', '--ip=127.0.0.1', `--port=${port}`, '--port-retries=0', `--NotebookApp.token=${TOKEN}`, ...(process.getuid?.() === 0 ? ['--allow-root'] : [])], {
    cwd: runbook.folder,
    env: { ...process.env, JUPYTER_PATH: join(runbook.folder, '.jupyter'), JUPYTER_CONFIG_DIR: join(state, 'config'), JUPYTER_RUNTIME_DIR: join(state, 'runtime'), JUPYTER_DATA_DIR: join(state, 'data') },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  server.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  await waitForServer(Date.now() + 60_000).catch((error: unknown) => {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${log}`);
  });
}, { timeout: TIMEOUT });

after(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server!.once('exit', r));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (server.exitCode === null) server.kill('SIGKILL');
  }
  if (runbook) await rm(runbook.work, { recursive: true, force: true });
});

interface RunState { busy: boolean; pending: number; errors: string[]; images: number }

/** Cells still waiting or running ([*]), error and stderr outputs, visible chart images. */
function runState(page: Page): Promise<RunState> {
  return page.evaluate(() => {
    const jupyter = (window as unknown as { Jupyter: { notebook: { kernel_busy?: boolean; get_cells: () => Array<{ cell_type: string; input_prompt_number?: number | string | null; element: ArrayLike<HTMLElement> }> } } }).Jupyter;
    const cells = jupyter.notebook.get_cells().filter((c) => c.cell_type === 'code');
    const pending = cells.filter((c) => c.input_prompt_number === '*' || c.input_prompt_number === undefined || c.input_prompt_number === null).length;
    const errors = Array.from(document.querySelectorAll('.output_error, .output_stderr')).map((e) => (e.textContent ?? '').slice(0, 300));
    const images = Array.from(document.querySelectorAll<HTMLImageElement>('.output_png img')).filter((img) => img.complete && img.naturalWidth > 100 && img.getBoundingClientRect().width > 100).length;
    return { busy: document.querySelector('#kernel_indicator_icon')?.classList.contains('kernel_busy_icon') ?? true, pending, errors, images };
  });
}

async function runAll(page: Page): Promise<RunState> {
  // The menu, as a user does it: Cell → Run All.
  await page.click('#menubar a.dropdown-toggle:text-is("Cell")');
  await page.click('#run_all_cells > a');
  const deadline = Date.now() + 180_000;
  // Every code cell gets a new execution number: wait until none is pending and the kernel is idle.
  await page.waitForFunction(() => document.querySelectorAll('.input_prompt').length > 0 && Array.from(document.querySelectorAll('.code_cell .input_prompt')).some((p) => p.textContent?.includes('[*]')), undefined, { timeout: 30_000 }).catch(() => undefined);
  for (;;) {
    const state = await runState(page);
    if (state.errors.length > 0 || (state.pending === 0 && !state.busy)) return state;
    if (Date.now() > deadline) throw new Error(`Run All did not finish: ${JSON.stringify(state)}`);
    await page.waitForTimeout(500);
  }
}

test('classic Notebook: a scaffolded notebook survives Run All twice in one kernel, with its chart images', { skip, timeout: TIMEOUT }, async () => {
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1280, height: 1600 } });
  try {
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${port}/notebooks/02-field-coverage.ipynb?token=${TOKEN}`);
    await page.waitForFunction(() => {
      const kernel = (window as unknown as { Jupyter?: { notebook?: { kernel?: { is_connected?: () => boolean } } } }).Jupyter?.notebook?.kernel;
      return kernel?.is_connected?.() === true;
    }, undefined, { timeout: 120_000 });
    assert.match(await page.textContent('.kernel_indicator_name') ?? '', /TypeScript \(gceb\)/);

    const first = await runAll(page);
    assert.deepEqual(first.errors, [], 'no error output after the first Run All');
    const second = await runAll(page);
    assert.deepEqual(second.errors, [], 'no error output after the second Run All in the same kernel');
    assert.equal(second.pending, 0);
    assert.ok(second.images >= 3, `chart images visible: ${second.images}`);
    const chart = page.locator('.output_png img').first();
    await chart.scrollIntoViewIfNeeded();
    assert.ok(await chart.isVisible());
    if (process.env.GCEB_NOTEBOOK_SCREENSHOT) await page.screenshot({ path: process.env.GCEB_NOTEBOOK_SCREENSHOT, fullPage: false });
  } finally {
    await context.close();
  }
});

// Executes the three notebooks headlessly with the tslab kernel through
// Jupyter's own executor. Slow (a kernel start each): runs them one by one.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildNotebookLibrary,
  executeNotebook,
  findPython,
  installKernel,
  notebookProblems,
  VEGA_LITE_MIME,
  type Notebook,
} from '../../src/notebook/index.js';
import { FAKE_USER_ID, startFakeGenesys, type FakeGenesys } from '../fakes/genesys-server.js';
import { startFakeEventBridge, type FakeEventBridge } from '../fakes/eventbridge-server.js';

const root = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const TIMEOUT = 300_000;

let skip: string | false = false;
try {
  await findPython();
} catch (error) {
  if (process.env.CI) throw error;
  skip = `Jupyter's executor is not installed (${error instanceof Error ? error.message : String(error)}); run \`bash scripts/setup.sh --test\``;
}

let work: string;
before(async () => {
  work = await mkdtemp(join(tmpdir(), 'gceb-nb-test-'));
  if (skip) return;
  await buildNotebookLibrary({ root });
  await installKernel(root, process.execPath);
});
after(async () => {
  await rm(work, { recursive: true, force: true });
});

function outputsOf(nb: Notebook) {
  return nb.cells.flatMap((cell) => cell.outputs ?? []);
}

/** nbformat stores multi-line text as a list of lines. */
function mime(output: { data?: Record<string, unknown> }, type: string): string {
  const value = output.data?.[type];
  return Array.isArray(value) ? value.join('') : typeof value === 'string' ? value : '';
}

async function runNotebook(name: string, parameters: string[] = [], options: { env?: NodeJS.ProcessEnv; output?: string } = {}) {
  const output = join(work, options.output ?? name);
  const result = await executeNotebook({ root, input: join(root, 'notebooks', name), output, env: options.env, parameters: [...parameters, `EXPORT_DIR=${join(work, 'exports', name)}`] });
  const nb = JSON.parse(await readFile(output, 'utf8')) as Notebook;
  return { result, nb };
}

test('01-debug-a-rule runs on the sample: verdict tables, explanation, diff', { skip, timeout: TIMEOUT }, async () => {
  const { result, nb } = await runNotebook('01-debug-a-rule.ipynb');
  assert.deepEqual(notebookProblems(nb), []);
  assert.ok(result.ok, result.message);
  const html = outputsOf(nb).filter((o) => o.output_type === 'display_data').map((o) => mime(o, 'text/html'));
  assert.ok(html.some((h) => h.includes('✗ no match')), 'a verdict table');
  assert.ok(html.some((h) => h.includes('gceb-diff')), 'the structural diff');
  const text = outputsOf(nb).map((o) => mime(o, 'text/plain')).join('\n');
  assert.match(text, /fix: detail\.eventBody\.mediaType: \["VOICE"\]/);
  assert.match(text, /lower-case-voice \(fixed\)\n600 verdicts: [1-9]\d* match/, 'the fixed pattern matches some events');
  const exported = JSON.parse(await readFile(join(work, 'exports', '01-debug-a-rule.ipynb', 'verdicts.json'), 'utf8')) as object;
  assert.ok(exported);
});

test('01-debug-a-rule with EVENTS=capture: live events from the fake Genesys Cloud, no secret in the output', { skip, timeout: TIMEOUT }, async () => {
  const genesys = await startFakeGenesys({ heartbeatMs: 1000 });
  let running = true;
  try {
    const topic = `v2.users.${FAKE_USER_ID}.presence`;
    const capturedFile = join(work, 'captured.ndjson');
    // Publishes once the notebook's capture cell has subscribed; stops polling when the notebook is done.
    const publisher = (async () => {
      while (running) {
        if (genesys.channels().some((c) => c.sockets > 0 && c.topics.includes(topic))) {
          for (let n = 0; n < 3; n++) genesys.publish(topic, { id: FAKE_USER_ID, presenceDefinition: { id: 'p1', systemPresence: 'AVAILABLE' }, n });
          return true;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      return false;
    })();
    const rule = JSON.stringify({ 'detail-type': ['v2.users.{id}.presence'], detail: { eventBody: { presenceDefinition: { systemPresence: ['available'] } } } });
    const { result, nb } = await runNotebook(
      '01-debug-a-rule.ipynb',
      ['EVENTS=capture', `CAPTURE_USERS=${FAKE_USER_ID}`, 'CAPTURE_MAX=3', 'CAPTURE_SECONDS=30', `CAPTURE_FILE=${capturedFile}`, `RULE=${rule}`],
      { env: { ...process.env, ...genesys.env }, output: 'capture.ipynb' },
    );
    running = false;
    assert.deepEqual(notebookProblems(nb), []);
    assert.ok(result.ok, result.message);
    assert.equal(await publisher, true, 'the notebook subscribed to the topic');
    const text = outputsOf(nb).map((o) => mime(o, 'text/plain')).join('\n');
    assert.match(text, /Live capture/);
    assert.match(text, /\bmax\b/, 'stopped by CAPTURE_MAX');
    assert.match(text, /inline\n3 verdicts: 0 match/, 'the lower-case rule misses the live events');
    assert.match(text, /inline \(fixed\)\n3 verdicts: 3 match/, 'the fixed pattern matches them');
    const lines = (await readFile(capturedFile, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { 'detail-type': string; source: string; detail: { topicName: string } });
    assert.equal(lines.length, 3);
    assert.ok(lines.every((e) => e['detail-type'] === 'v2.users.{id}.presence' && e.detail.topicName === topic));
    assert.ok(lines.every((e) => e.source.startsWith(`aws.partner/genesys.com/cloud/${genesys.orgId}/`)));
    // Secrets: not in the executed notebook nor the capture file, and nothing had to be masked on the way out.
    const executed = await readFile(join(work, 'capture.ipynb'), 'utf8');
    for (const written of [executed, await readFile(capturedFile, 'utf8')]) {
      assert.ok(!written.includes(genesys.clientSecret), 'no client secret');
      assert.ok(!written.includes('***'), 'nothing was redacted (no secret or token reached an output)');
      assert.doesNotMatch(written, /Bearer\s+\S{8,}/);
    }
  } finally {
    running = false;
    await genesys.close();
  }
});

test('02-field-coverage runs on the sample: tables and charts as vega-lite + PNG + text in one output', { skip, timeout: TIMEOUT }, async () => {
  const { result, nb } = await runNotebook('02-field-coverage.ipynb');
  assert.deepEqual(notebookProblems(nb), []);
  assert.ok(result.ok, result.message);
  const charts = outputsOf(nb).filter((o) => o.data?.[VEGA_LITE_MIME] !== undefined);
  assert.ok(charts.length >= 3, `charts: ${charts.length}`);
  for (const chart of charts) {
    assert.equal(typeof chart.data![VEGA_LITE_MIME], 'object', 'the spec is an object, not a string');
    const png = Buffer.from(mime(chart, 'image/png'), 'base64');
    assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG');
    assert.ok(mime(chart, 'text/plain').length > 0, 'a text/plain description');
  }
  assert.ok(outputsOf(nb).some((o) => mime(o, 'text/html').includes('<table>')));
  // The export is writeCoverageReport's: the charts (SVG, PNG, vega-lite) under charts/, then the formats.
  const exported = join(work, 'exports', '02-field-coverage.ipynb');
  const chartFiles = await readdir(join(exported, 'charts'));
  for (const prefix of ['heatmap-topics-fields', 'rule-', 'presence-']) {
    for (const ext of ['.svg', '.png', '.vl.json']) assert.ok(chartFiles.some((f) => f.startsWith(prefix) && f.endsWith(ext)), `charts/${prefix}*${ext} in ${chartFiles.join(', ')}`);
  }
  const png = await readFile(join(exported, 'charts', 'heatmap-topics-fields.png'));
  assert.ok(png.length > 1000);
  for (const format of ['coverage.json', 'coverage.html', 'coverage.csv']) await readFile(join(exported, format));
});

test('03-runbook passes on the sample and fails (exit 1) when a rule does not behave', { skip, timeout: TIMEOUT }, async () => {
  const { result, nb } = await runNotebook('03-runbook.ipynb');
  assert.deepEqual(notebookProblems(nb), []);
  assert.ok(result.ok, result.message);

  const failing = await runScript(['notebooks/03-runbook.ipynb', '-p', 'RULES=sample/rules/mistakes.json', '-p', 'EXPECT=match', '-p', `EXPORT_DIR=${join(work, 'exports', 'fail')}`, '-o', join(work, 'fail.ipynb')]);
  assert.equal(failing.code, 1, failing.stderr);
  assert.match(failing.stderr, /Runbook failed: \d+ check/);
  assert.match(failing.stderr, /lower-case-voice/);
  // The verdicts are exported before the failing check.
  await readFile(join(work, 'exports', 'fail', 'verdicts.json'), 'utf8');
});

test('03-runbook against the fake Genesys Cloud and fake EventBridge: pass and fail', { skip, timeout: TIMEOUT }, async () => {
  let genesys: FakeGenesys | undefined;
  let eventbridge: FakeEventBridge | undefined;
  try {
    genesys = await startFakeGenesys();
    const bus = `aws.partner/genesys.com/cloud/${genesys.orgId}/prod-events`;
    const customerStart = 'v2.detail.events.conversation.{id}.customer.start';
    eventbridge = await startFakeEventBridge({
      buses: [{ Name: bus }],
      sources: [{ Name: bus, State: 'ACTIVE' }],
      rules: [
        { Name: 'voice-starts', EventBusName: bus, EventPattern: { 'detail-type': [customerStart], detail: { eventBody: { mediaType: ['VOICE'] } } } },
        { Name: 'voice-starts-lower-case', EventBusName: bus, EventPattern: { 'detail-type': [customerStart], detail: { eventBody: { mediaType: ['voice'] } } } },
      ],
    });
    const env = { ...process.env, ...genesys.env, ...eventbridge.env };
    const common = ['-p', 'EVENTS=genesys', '-p', 'INTERVAL=2024-05-01T00:00:00.000Z/2024-05-02T00:00:00.000Z', '-p', 'EXPECT=match', '-p', 'REQUIRE_ACTIVE_INTEGRATION=true', '-p', `EXPORT_DIR=${join(work, 'exports', 'fakes')}`];

    const pass = await runScript(['notebooks/03-runbook.ipynb', ...common, '-p', `RULES=rule:voice-starts@${bus}`, '-o', join(work, 'fakes-pass.ipynb')], env);
    assert.equal(pass.code, 0, pass.stderr);
    const passed = await readFile(join(work, 'fakes-pass.ipynb'), 'utf8');
    assert.match(passed, /all checks passed/);
    assert.ok(!passed.includes(genesys.clientSecret), 'no client secret in the executed notebook');

    const fail = await runScript(['notebooks/03-runbook.ipynb', ...common, '-p', `RULES=rule:voice-starts-lower-case@${bus}`, '-o', join(work, 'fakes-fail.ipynb')], env);
    assert.equal(fail.code, 1, fail.stderr);
    assert.match(fail.stderr, /voice-starts-lower-case .* matched none/);
  } finally {
    await eventbridge?.close();
    await genesys?.close();
  }
});

function runScript(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'scripts/run-notebook.ts'), ...args], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stderr }));
  });
}

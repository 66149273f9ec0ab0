// The notebooks as a user runs them: a runbook folder scaffolded by
// `gceb notebooks init` with the compiled package installed, each notebook
// executed headlessly with the tslab kernel through Jupyter's own executor,
// every one twice in one kernel (a second Run All). Slow: a build, then a
// kernel start per run; the tests run one by one.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { executeNotebook, findPython, KERNEL_NAME, notebookProblems, VEGA_LITE_MIME, type Notebook } from '../../src/notebook/index.js';
import { FAKE_USER_ID, startFakeGenesys, type FakeGenesys } from '../fakes/genesys-server.js';
import { startFakeEventBridge, type FakeEventBridge } from '../fakes/eventbridge-server.js';
import { startPlantedChain } from '../fakes/aws/planted-chain.js';
import { createRunbookFolder, PACKAGE, type RunbookFolder } from './runbook-fixture.js';

const TIMEOUT = 300_000;

let skip: string | false = false;
try {
  await findPython();
} catch (error) {
  if (process.env.CI) throw error;
  skip = `Jupyter's executor is not installed (${error instanceof Error ? error.message : String(error)}); run \`bash scripts/setup.sh --test\``;
}

let runbook: RunbookFolder;
before(async () => {
  if (!skip) runbook = await createRunbookFolder();
}, { timeout: TIMEOUT });
after(async () => {
  if (runbook) await rm(runbook.work, { recursive: true, force: true });
});

function outputsOf(nb: Notebook) {
  return nb.cells.flatMap((cell) => cell.outputs ?? []);
}

/** nbformat stores multi-line text as a list of lines. */
function mime(output: { data?: Record<string, unknown> }, type: string): string {
  const value = output.data?.[type];
  return Array.isArray(value) ? value.join('') : typeof value === 'string' ? value : '';
}

async function runNotebook(name: string, parameters: string[] = [], options: { env?: NodeJS.ProcessEnv; output?: string; runs?: number } = {}) {
  const output = join(runbook.work, options.output ?? name);
  const result = await executeNotebook({
    folder: runbook.folder,
    input: join(runbook.folder, name),
    output,
    parameters,
    runs: options.runs ?? 2,
    ...(options.env ? { env: options.env } : {}),
  });
  const nb = JSON.parse(await readFile(output, 'utf8')) as Notebook;
  return { result, nb };
}

test('gceb notebooks init: the notebooks import the package by name; package.json, rules, README and a project-local kernel', { skip }, async () => {
  const files = (await readdir(runbook.folder)).sort();
  for (const file of ['01-debug-a-rule.ipynb', '02-field-coverage.ipynb', '03-runbook.ipynb', 'README.md', 'rules', 'package.json', '.gitignore', '.jupyter']) assert.ok(files.includes(file), `${file} in ${files.join(', ')}`);
  const manifest = JSON.parse(await readFile(join(runbook.folder, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  assert.match(manifest.dependencies[PACKAGE] ?? '', /^\^\d+\.\d+\.\d+$/);
  assert.ok(manifest.devDependencies.tslab, 'tslab is the folder\'s devDependency');
  const kernel = JSON.parse(await readFile(join(runbook.folder, '.jupyter', 'kernels', KERNEL_NAME, 'kernel.json'), 'utf8')) as { argv: string[] };
  assert.ok(kernel.argv.every((arg) => !arg.startsWith('/')), `relative paths only: ${kernel.argv.join(' ')}`);
  for (const name of ['01-debug-a-rule.ipynb', '02-field-coverage.ipynb', '03-runbook.ipynb']) {
    const text = await readFile(join(runbook.folder, name), 'utf8');
    assert.match(text, new RegExp(`from '${PACKAGE}'`), name);
    assert.doesNotMatch(text, /out\/tslab|\.\.\/src\//, `${name} imports no bundle or source path`);
  }
  assert.match(await readFile(join(runbook.folder, 'README.md'), 'utf8'), /jupyter lab[\s\S]*jupyter notebook[\s\S]*gceb notebooks run/);
  const again = await runbook.gceb(['notebooks', 'init', '.']);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /kept {2}01-debug-a-rule\.ipynb/, 'a second init keeps what exists');
});

test('01-debug-a-rule, twice in one kernel: verdict tables, the nearest miss explained, the fix, the export', { skip, timeout: TIMEOUT }, async () => {
  const { result, nb } = await runNotebook('01-debug-a-rule.ipynb');
  assert.deepEqual(result.problems, []);
  assert.ok(result.ok, result.message);
  const html = outputsOf(nb).filter((o) => o.output_type === 'display_data').map((o) => mime(o, 'text/html'));
  assert.ok(html.some((h) => h.includes('✗ no match')), 'a verdict table');
  assert.ok(html.some((h) => h.includes('gceb-diff')), 'the structural diff');
  const text = outputsOf(nb).map((o) => mime(o, 'text/plain')).join('\n');
  assert.match(text, /Nearest miss of lower-case-voice/);
  assert.match(text, /fix: detail\.eventBody\.mediaType: \["VOICE"\]/);
  assert.match(text, /lower-case-voice \(fixed\)\n600 verdicts: [1-9]\d* match/, 'the fixed pattern matches some events');
  const exported = JSON.parse(await readFile(join(runbook.folder, 'out', 'debug-a-rule', 'verdicts.json'), 'utf8')) as { summary: { rules: Array<{ rule: string }> } };
  assert.deepEqual(exported.summary.rules.map((r) => r.rule), ['lower-case-voice', 'lower-case-voice (fixed)']);
});

test('02-field-coverage, twice in one kernel: charts as vega-lite + PNG + text; the default rule\'s rarely present path is found', { skip, timeout: TIMEOUT }, async () => {
  const { result, nb } = await runNotebook('02-field-coverage.ipynb');
  assert.deepEqual(result.problems, []);
  assert.ok(result.ok, result.message);
  const charts = outputsOf(nb).filter((o) => o.data?.[VEGA_LITE_MIME] !== undefined);
  assert.ok(charts.length >= 3, `charts: ${charts.length}`);
  for (const chart of charts) {
    assert.equal(typeof chart.data![VEGA_LITE_MIME], 'object', 'the spec is an object, not a string');
    const png = Buffer.from(mime(chart, 'image/png'), 'base64');
    assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG');
    assert.ok(mime(chart, 'text/plain').length > 0, 'a text/plain description');
  }
  const text = outputsOf(nb).map((o) => mime(o, 'text/plain')).join('\n');
  assert.match(text, /detail\.eventBody\.externalOrganizationId is in only \d+ of \d+ v2\.detail\.events\.conversation\.\{id\}\.customer\.start events/);
  const exported = join(runbook.folder, 'out', 'coverage');
  const chartFiles = await readdir(join(exported, 'charts'));
  for (const prefix of ['heatmap-topics-fields', 'rule-', 'presence-']) {
    for (const ext of ['.svg', '.png', '.vl.json']) assert.ok(chartFiles.some((f) => f.startsWith(prefix) && f.endsWith(ext)), `charts/${prefix}*${ext} in ${chartFiles.join(', ')}`);
  }
  for (const format of ['coverage.json', 'coverage.html', 'coverage.csv']) await readFile(join(exported, format));
});

test('03-runbook, twice in one kernel, passes on the sample with the folder\'s rules', { skip, timeout: TIMEOUT }, async () => {
  const { result, nb } = await runNotebook('03-runbook.ipynb');
  assert.deepEqual(result.problems, []);
  assert.ok(result.ok, result.message);
  assert.match(outputsOf(nb).map((o) => mime(o, 'text/plain')).join('\n'), /all checks passed/);
  await readFile(join(runbook.folder, 'out', 'runbook', 'verdicts.json'), 'utf8');
});

test('03-runbook through `gceb notebooks run`: RULES as a JSON list with an inline two-key pattern, expectations named as the CLI names them', { skip, timeout: TIMEOUT }, async () => {
  const inline = JSON.stringify({ source: [{ prefix: 'aws.partner/genesys.com' }], account: ['123456789012'] });
  // EXPECT is gceb test --expect: every rule × event pair must match.
  const pass = await runbook.gceb(['notebooks', 'run', '03-runbook.ipynb', '-p', `RULES=[${inline}]`, '-p', 'EXPECT=match', '-p', 'EXPORT_DIR=out/inline', '-o', 'out/inline.ipynb']);
  assert.equal(pass.code, 0, pass.stderr);
  const failing = await runbook.gceb(['notebooks', 'run', '03-runbook.ipynb', '-p', 'RULES=["rules/"]', '-p', 'EXPECT=match', '-p', 'EXPORT_DIR=out/every', '-o', 'out/every.ipynb']);
  assert.equal(failing.code, 1, failing.stderr);
  assert.match(failing.stderr, /expect match: \d+ of 1200 rule × event verdicts are not a match: voice-calls-started × /);
  // RULE_EXPECT is a rules file's expect: each rule matches at least one event.
  const ruleLevel = await runbook.gceb(['notebooks', 'run', '03-runbook.ipynb', '-p', 'RULES=sample', '-p', 'RULE_EXPECT=match', '-p', 'EXPORT_DIR=out/fail', '-o', 'out/fail.ipynb']);
  assert.equal(ruleLevel.code, 1, ruleLevel.stderr);
  assert.match(ruleLevel.stderr, /Runbook failed: \d+ check/);
  assert.match(ruleLevel.stderr, /rule lower-case-voice .* matched none of 600 events/);
  await readFile(join(runbook.folder, 'out', 'fail', 'verdicts.json'), 'utf8'); // exported before the failing check
});

test('01-debug-a-rule with EVENTS=capture: live events from the fake Genesys Cloud, no secret in the output', { skip, timeout: TIMEOUT }, async () => {
  const genesys = await startFakeGenesys({ heartbeatMs: 1000 });
  let running = true;
  try {
    const topic = `v2.users.${FAKE_USER_ID}.presence`;
    const capturedFile = join(runbook.work, 'captured.ndjson');
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
      ['EVENTS=capture', `CAPTURE_USERS=${FAKE_USER_ID}`, 'CAPTURE_MAX=3', 'CAPTURE_SECONDS=30', `CAPTURE_FILE=${capturedFile}`, `RULE=${rule}`, 'EXPORT_DIR=out/capture'],
      { env: { ...process.env, ...genesys.env }, output: 'capture.ipynb', runs: 1 },
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
    const executed = await readFile(join(runbook.work, 'capture.ipynb'), 'utf8');
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
    const common = ['-p', 'EVENTS=genesys', '-p', 'INTERVAL=2024-05-01T00:00:00.000Z/2024-05-02T00:00:00.000Z', '-p', 'RULE_EXPECT=match', '-p', 'REQUIRE_ACTIVE_INTEGRATION=true', '-p', 'EXPORT_DIR=out/fakes'];

    const pass = await runbook.gceb(['notebooks', 'run', '03-runbook.ipynb', ...common, '-p', `RULES=rule:voice-starts@${bus}`, '-o', 'out/fakes-pass.ipynb'], env);
    assert.equal(pass.code, 0, pass.stderr);
    const passed = await readFile(join(runbook.folder, 'out', 'fakes-pass.ipynb'), 'utf8');
    assert.match(passed, /all checks passed/);
    assert.ok(!passed.includes(genesys.clientSecret), 'no client secret in the executed notebook');

    const fail = await runbook.gceb(['notebooks', 'run', '03-runbook.ipynb', ...common, '-p', `RULES=rule:voice-starts-lower-case@${bus}`, '-o', 'out/fakes-fail.ipynb'], env);
    assert.equal(fail.code, 1, fail.stderr);
    assert.match(fail.stderr, /voice-starts-lower-case .* matched none/);
  } finally {
    await eventbridge?.close();
    await genesys?.close();
  }
});

test('03-runbook with REQUIRE_DELIVERY against the planted chain: gceb doctor\'s stage per rule, the run fails naming each undelivered rule', { skip, timeout: TIMEOUT }, async () => {
  const chain = await startPlantedChain();
  try {
    const env = { ...process.env, ...chain.env };
    const result = await runbook.gceb(['notebooks', 'run', '03-runbook.ipynb', '-p', 'REQUIRE_DELIVERY=true', '-p', 'EXPORT_DIR=out/delivery', '-o', 'out/delivery.ipynb'], env);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /Runbook failed/);
    assert.match(result.stderr, /rule lambda-no-policy on aws\.partner\/genesys\.com\/cloud\/[^/]+\/prod-events: delivery-failing/);
    assert.match(result.stderr, /rule acd on \S+: not-sent/);
    assert.doesNotMatch(result.stderr, /rule healthy on/, 'the healthy rule is delivered');
    const executed = await readFile(join(runbook.folder, 'out', 'delivery.ipynb'), 'utf8');
    assert.match(executed, /Where each rule's events stop \(gceb doctor, since 24h\)/);
    assert.ok(!executed.includes(chain.env.GENESYSCLOUD_OAUTHCLIENT_SECRET ?? '\u0000'), 'no client secret in the executed notebook');
  } finally {
    await chain.close();
  }
});

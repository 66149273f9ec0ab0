import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DoctorFacts, RuleStage } from '../../src/doctor/index.js';
import { fileURLToPath } from 'node:url';
import {
  chartView,
  diffView,
  explanationView,
  injectParameters,
  kernelSpec,
  notebookProblems,
  parameterDeclarations,
  tableView,
  verdictsView,
  INJECTED_TAG,
  KERNEL_NAME,
  VEGA_LITE_MIME,
  type Notebook,
} from '../../src/notebook/index.js';
import { UserError } from '../../src/errors.js';
import { redactSecrets } from '../../src/secrets.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function notebook(cells: Array<{ source: string; tags?: string[] }>): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: cells.map((c, i) => ({ cell_type: 'code', id: `c${i}`, source: c.source, metadata: c.tags ? { tags: c.tags } : {}, outputs: [], execution_count: null })),
  };
}

const paramsNotebook = notebook([
  { source: "import x from 'y';" },
  { source: "let EVENTS: string = 'sample';\nlet COUNT: number = 5;\nlet STRICT: boolean = false;\nlet ACCOUNT = '123';\nlet LIST: string[] = [];\nlet RULES: Array<string | object> = ['rules/'];\nlet OPTIONS: Record<string, number> = {};", tags: ['parameters'] },
  { source: 'EVENTS + COUNT' },
]);

test('parameter declarations come from the cell tagged parameters, with their types', () => {
  assert.deepEqual(parameterDeclarations(paramsNotebook), [
    { name: 'EVENTS', kind: 'string' },
    { name: 'COUNT', kind: 'number' },
    { name: 'STRICT', kind: 'boolean' },
    { name: 'ACCOUNT', kind: 'string' },
    { name: 'LIST', kind: 'list' },
    { name: 'RULES', kind: 'list' },
    { name: 'OPTIONS', kind: 'json' },
  ]);
});

test('parameters are injected right after the parameters cell as typed assignments', () => {
  const out = injectParameters(paramsNotebook, ['EVENTS=a "quoted" file.ndjson', 'COUNT=12', 'STRICT=true', 'ACCOUNT=000123', 'LIST=["a","b"]']);
  assert.equal(out.cells.length, 4);
  const injected = out.cells[2]!;
  assert.deepEqual(injected.metadata.tags, [INJECTED_TAG]);
  const source = String(injected.source);
  assert.match(source, /^EVENTS = "a \\"quoted\\" file\.ndjson";$/m);
  assert.match(source, /^COUNT = 12;$/m);
  assert.match(source, /^STRICT = true;$/m);
  assert.match(source, /^ACCOUNT = "000123";$/m, 'a string parameter stays a string even when it looks like a number');
  assert.match(source, /^LIST = \["a","b"\];$/m);
  // Injecting again replaces the earlier injected cell; the original is untouched.
  const again = injectParameters(out, ['COUNT=1']);
  assert.equal(again.cells.filter((c) => c.metadata.tags?.includes(INJECTED_TAG)).length, 1);
  assert.equal(paramsNotebook.cells.length, 3);
});

test('a list parameter takes a JSON list, or a single value (a path, an inline pattern with several keys) as a list of one', () => {
  const source = (pair: string) => String(injectParameters(paramsNotebook, [pair]).cells[2]!.source);
  assert.match(source('RULES=["rules/","bus:b"]'), /^RULES = \["rules\/","bus:b"\];$/m);
  assert.match(source('RULES=rules/team.json'), /^RULES = \["rules\/team\.json"\];$/m);
  assert.match(source('RULES={"source":["a"],"detail-type":["b"]}'), /^RULES = \[\{"source":\["a"\],"detail-type":\["b"\]\}\];$/m);
  assert.match(source('OPTIONS={"a":1}'), /^OPTIONS = \{"a":1\};$/m);
});

test('bad parameters are user errors naming the parameter', () => {
  assert.throws(() => injectParameters(paramsNotebook, ['NOPE=1']), (e: unknown) => e instanceof UserError && /no parameter NOPE/.test(e.message) && /EVENTS, COUNT/.test(e.hint ?? ''));
  assert.throws(() => injectParameters(paramsNotebook, ['COUNT=abc']), (e: unknown) => e instanceof UserError && /COUNT is a number/.test(e.message));
  assert.throws(() => injectParameters(paramsNotebook, ['STRICT=yes']), UserError);
  assert.throws(() => injectParameters(paramsNotebook, ['EVENTS']), UserError);
  assert.throws(() => injectParameters(notebook([{ source: '1' }]), ['A=1']), /no cell tagged "parameters"/);
});

test('notebookProblems finds error outputs and tslab stderr streams', () => {
  const nb = notebook([{ source: 'ok' }, { source: 'const x: number = "a"' }, { source: 'throw 1' }]);
  nb.cells[0]!.outputs = [{ output_type: 'stream', name: 'stdout', text: '1\n' }];
  nb.cells[1]!.outputs = [{ output_type: 'stream', name: 'stderr', text: ["1:7 - Type 'string' is not assignable to type 'number'.\n"] }];
  nb.cells[2]!.outputs = [{ output_type: 'error', ename: 'Error', evalue: 'boom' }];
  assert.deepEqual(
    notebookProblems(nb).map((p) => [p.cell, p.kind, p.text]),
    [
      [1, 'stderr', "1:7 - Type 'string' is not assignable to type 'number'."],
      [2, 'error', 'Error: boom'],
    ],
  );
});

test('views return MIME bundles with escaped HTML and a text/plain fallback', () => {
  const failure = { path: 'detail.eventBody.mediaType', code: 'case-mismatch' as const, expected: ['voice'], actual: ['VOICE'], hint: 'use <VOICE>', fix: { path: 'detail.eventBody.mediaType', expected: ['VOICE'] } };
  const verdicts = verdictsView([
    { rule: '<script>', eventId: 'e1', detailType: 't', match: false, failures: [failure] },
    { rule: 'ok', eventId: 'e2', detailType: 't', match: true, failures: [] },
  ]);
  assert.ok(verdicts['text/html']!.includes('&lt;script&gt;'));
  assert.ok(!verdicts['text/html']!.includes('<script>'));
  assert.match(verdicts['text/plain'], /2 verdicts: 1 match, 1 no match/);

  const explanation = explanationView({ Result: false, failures: [failure] });
  assert.match(explanation['text/plain'], /fix: detail\.eventBody\.mediaType: \["VOICE"\]/);
  assert.ok(explanation['text/html']!.includes('use &lt;VOICE&gt;'));

  const diff = diffView({ a: ['voice'] }, { a: ['VOICE'] });
  assert.match(diff['text/plain'], /^-\s+"voice"$/m);
  assert.match(diff['text/plain'], /^\+\s+"VOICE"$/m);

  const table = tableView([{ n: 1, s: 'x' }], { title: 'T' });
  assert.match(table['text/html']!, /<th[^>]*>n<\/th>/);

  const chart = chartView({ mark: 'bar' }, new Uint8Array([137, 80, 78, 71]), 'a chart');
  assert.deepEqual(Object.keys(chart).sort(), [VEGA_LITE_MIME, 'image/png', 'text/plain'].sort());
  assert.equal(chart['image/png'], 'iVBORw==');
});

test('the kernel spec starts the package\'s tslab launcher from the runbook folder, with relative paths and Jupyter\'s connection file', () => {
  const spec = kernelSpec();
  assert.deepEqual(spec.argv, ['node', 'node_modules/genesys-eventbridge-debugger/bin/tslab-kernel.cjs', 'kernel', '--config-path', '{connection_file}']);
  assert.equal(kernelSpec({ node: '/usr/bin/node' }).argv[0], '/usr/bin/node');
});

test('committed notebooks carry no outputs and no secrets, use the project kernel and have a parameters cell', async () => {
  const dir = join(root, 'notebooks');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.ipynb')).sort();
  assert.deepEqual(files, ['01-debug-a-rule.ipynb', '02-field-coverage.ipynb', '03-runbook.ipynb']);
  for (const file of files) {
    const text = await readFile(join(dir, file), 'utf8');
    const nb = JSON.parse(text) as Notebook;
    assert.equal((nb.metadata.kernelspec as { name?: string } | undefined)?.name, KERNEL_NAME, file);
    assert.equal(nb.cells.filter((c) => c.metadata.tags?.includes('parameters')).length, 1, `${file}: one parameters cell`);
    for (const [i, cell] of nb.cells.entries()) {
      assert.deepEqual(cell.outputs ?? [], [], `${file} cell ${i} has outputs: clear them before committing`);
      assert.ok(cell.execution_count === null || cell.execution_count === undefined, `${file} cell ${i} has an execution count`);
    }
    assert.equal(redactSecrets(text), text, `${file} contains something shaped like a token or secret`);
    assert.doesNotMatch(text, /AKIA[0-9A-Z]{16}|ASIA[0-9A-Z]{16}/, `${file} contains an AWS access key id`);
    assert.doesNotMatch(text, /(GENESYSCLOUD_OAUTHCLIENT_SECRET|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN)\s*=\s*\S/, `${file} sets a secret`);
  }
});

test('the notebook helpers still offer applyFixes (moved to src/explain)', async () => {
  const notebook = await import('../../src/notebook/index.js');
  const explain = await import('../../src/explain/index.js');
  assert.equal(notebook.applyFixes, explain.applyFixes);
});

test('a missing Jupyter executor is a user error that says how to install it', async () => {
  const { findPython } = await import('../../src/notebook/index.js');
  await assert.rejects(findPython({}, '/nonexistent/python3'), (e: unknown) => e instanceof UserError && /executor is missing/.test(e.message) && /apt-get install jupyter-nbconvert python3-nbclient/.test(e.hint ?? ''));
  await assert.rejects(findPython({}, '/bin/false'), (e: unknown) => e instanceof UserError && /cannot import nbclient/.test(e.message));
});

test('notebook steps: RULES list → specs, EXPECT parsed as gceb test --expect, runbook checks in sentences', async () => {
  const { ruleSpecs, expectation, runbookChecks } = await import('../../src/notebook/index.js');
  const { runRuleTests } = await import('../../src/verdicts/index.js');
  const { loadRules } = await import('../../src/rules/index.js');
  assert.deepEqual(ruleSpecs(['rules/', { source: ['a'], 'detail-type': ['b'] }, ' ']), ['rules/', '{"source":["a"],"detail-type":["b"]}']);
  assert.deepEqual(ruleSpecs('sample'), ['sample']);
  assert.equal(expectation(''), undefined);
  assert.equal(expectation('no-match'), 'no-match');
  assert.throws(() => expectation('each'), (e: unknown) => e instanceof UserError && /EXPECT must be/.test(e.message));

  const rules = await loadRules([JSON.stringify({ source: [{ prefix: 'aws.partner/genesys.com' }] }), JSON.stringify({ 'detail-type': ['v2.users.{id}.presence'], detail: { eventBody: { presenceDefinition: { systemPresence: ['available'] } } } })]);
  const run = await runRuleTests({ rules, inputs: 'sample', expect: 'match' });
  const checks = runbookChecks({ events: run.summary.events, summary: run.summary, ruleExpect: 'match', integrations: [] });
  assert.equal(checks.length, 3, checks.join('\n'));
  assert.match(checks[0]!, /^rule inline-2 \(inline\) matched none of 600 events; nearest miss: /);
  assert.match(checks[1]!, /^expect match: 6\d\d of 1200 rule × event verdicts are not a match: inline-2 × [^,]+ \(.*events\.ndjson:1\), .*, and \d+ more$/);
  assert.match(checks[2]!, /no ENABLED and ACTIVE/);
  assert.deepEqual(runbookChecks({ events: 0, summary: { ...run.summary, rules: [], expect: undefined } as never }), ['no events to test']);

  // The doctor's stages (REQUIRE_DELIVERY): one sentence per rule not delivered; AWS unreadable said so.
  const passing = { events: run.summary.events, summary: { ...run.summary, rules: [], expect: undefined } as never };
  const stage = (rule: string, stage: RuleStage['stage']): RuleStage => ({ rule, bus: 'aws.partner/genesys.com/cloud/o/prod', stage, reason: `${rule} reason\nmore`, fix: 'fix', evidence: [] });
  const ok = { status: 'ok' } as unknown as DoctorFacts['aws'];
  const doctor = (aws: DoctorFacts['aws'], stages: RuleStage[]) => ({ facts: { aws } as DoctorFacts, stages });
  assert.deepEqual(runbookChecks({ ...passing, doctor: doctor(ok, [stage('a', 'delivered'), stage('b', 'delivery-failing')]) }), ['rule b on aws.partner/genesys.com/cloud/o/prod: delivery-failing: b reason']);
  assert.deepEqual(runbookChecks({ ...passing, doctor: doctor(ok, [stage('a', 'delivered')]) }), []);
  assert.deepEqual(runbookChecks({ ...passing, doctor: doctor(ok, []) }), ['gceb doctor found no Genesys rule to check']);
  assert.deepEqual(runbookChecks({ ...passing, doctor: doctor({ status: 'failed', message: 'no credentials', fix: 'Set AWS_PROFILE' }, []) }), ['gceb doctor could not read AWS: no credentials (Set AWS_PROFILE)']);
});

test('rulePathFindings: the paths a rule tests that some events of its own topics lack', async () => {
  const { rulePathFindings, patternTopics } = await import('../../src/notebook/index.js');
  const { analyzeCoverage } = await import('../../src/coverage/index.js');
  const { result } = await analyzeCoverage('sample');
  const pattern = { 'detail-type': ['v2.detail.events.conversation.{id}.customer.start'], detail: { eventBody: { externalOrganizationId: [{ exists: true }], mediaType: ['VOICE'] } } };
  assert.deepEqual(patternTopics(result, pattern), ['v2.detail.events.conversation.{id}.customer.start']);
  const findings = rulePathFindings(result, pattern);
  assert.deepEqual(findings.map((f) => f.field), ['detail.eventBody.externalOrganizationId'], 'mediaType and detail-type are always there');
  assert.match(findings[0]!.sentence, /is in only 12 of 74 v2\.detail\.events\.conversation\.\{id\}\.customer\.start events \(16 %\): the rule cannot match the other 62/);
  assert.match(rulePathFindings(result, { 'detail-type': ['v2.detail.events.conversation.{id}.customer.start'], detail: { conversationId: ['x'] } })[0]!.sentence, /in none of the 74 .*\(a wrong path\?\)/);
});

test('scaffoldRunbookFolder writes the template and keeps what exists', async () => {
  const { scaffoldRunbookFolder, NOTEBOOK_TEMPLATES_DIR } = await import('../../src/notebook/index.js');
  const { mkdtemp, rm, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const dir = await mkdtemp(join(tmpdir(), 'gceb-scaffold-'));
  try {
    await writeFile(join(dir, 'package.json'), '{"name":"ours","dependencies":{"tslab":"1.0.22"}}');
    const first = await scaffoldRunbookFolder({ folder: dir });
    assert.deepEqual(first.written.filter((f) => f.endsWith('.ipynb')), ['01-debug-a-rule.ipynb', '02-field-coverage.ipynb', '03-runbook.ipynb']);
    assert.ok(first.written.includes(join('rules', 'team-rules.json')) && first.written.includes('README.md') && first.written.includes('.gitignore'));
    assert.ok(first.kept.includes('package.json'), 'an existing package.json is never touched');
    assert.deepEqual(first.install, ['npm install genesys-eventbridge-debugger@^0.1.0']);
    assert.ok(!first.written.some((f) => /node_modules|\.jupyter\/kernels\/.*\.ipynb|^out\//.test(f)));
    assert.equal(NOTEBOOK_TEMPLATES_DIR, join(root, 'notebooks'));
    const second = await scaffoldRunbookFolder({ folder: dir });
    assert.ok(second.kept.includes('01-debug-a-rule.ipynb') && !second.written.includes('01-debug-a-rule.ipynb'));
    assert.ok((await scaffoldRunbookFolder({ folder: dir, force: true })).written.includes('01-debug-a-rule.ipynb'));
    await assert.rejects(scaffoldRunbookFolder({ folder: join(dir, 'package.json') }), (e: unknown) => e instanceof UserError && /not a folder/.test(e.message));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('nearestMissViews: the nearest miss says what failed and which conditions held, with the event values', async () => {
  const { runRuleTests } = await import('../../src/verdicts/index.js');
  const { nearestMissViews } = await import('../../src/notebook/index.js');
  const event = { version: '0', id: 'e-1', 'detail-type': 'v2.users.{id}.presence', source: 'aws.partner/genesys.com/cloud/org/x', account: '1', time: '2026-01-01T00:00:00Z', region: 'us-east-1', resources: [], detail: { eventBody: { presenceDefinition: { systemPresence: 'AVAILABLE' } } } };
  const rule = { name: 'on-queue', origin: 't', pattern: { 'detail-type': ['v2.users.{id}.presence'], detail: { eventBody: { presenceDefinition: { systemPresence: ['ON_QUEUE'] } } } } };
  const run = await runRuleTests({ rules: [rule], events: [{ event, source: 'f', line: 1 }] });
  const [explanation] = nearestMissViews(run.summary.rules[0]!);
  const text = String(explanation!['text/plain']);
  assert.match(text, /Conditions that hold \(1\):\n\s+✓ detail-type: \["v2\.users\.\{id\}\.presence"\] \(event has \["v2\.users\.\{id\}\.presence"\]\)/);
  assert.match(String(explanation!['text/html']), /holds/);
});

// What a new user gets: the tarball of `npm pack` installed into a fresh folder,
// used from ESM, from CommonJS, from strict TypeScript, and through `npx gceb`.
// Slow (a build, an npm install from the cache, a strict tsc over the
// dependencies' declarations): about two minutes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as runIn, root, PACKAGE as NAME } from '../notebooks/runbook-fixture.js';

const TIMEOUT = 600_000;

/** The shared child-process runner of the runbook tests, with the folder as the working directory. */
const run = (command: string, args: string[], cwd: string) => runIn(command, args, { cwd });

let work: string;
let app: string;
let tarball: string;
let files: string[];

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'gceb-pack-'));
  app = join(work, 'app');
  await mkdir(app);
  // `npm pack` runs prepack, i.e. `npm run build`.
  const pack = await run('npm', ['pack', '--json', '--pack-destination', work], root);
  assert.equal(pack.code, 0, pack.stderr);
  const [info] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = join(work, info!.filename);
  files = info!.files.map((f) => f.path);
  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true }));
  // From npm's cache when it has them, else from the registry.
  const install = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball, '@types/node@20.19.43'], app);
  assert.equal(install.code, 0, install.stderr);
}, { timeout: TIMEOUT });

after(async () => {
  await rm(work, { recursive: true, force: true });
});

test('the tarball holds the compiled library, the bin, the sample and the notebook templates, not tests or sources', () => {
  for (const file of ['package.json', 'README.md', 'bin/gceb.js', 'dist/esm/index.js', 'dist/esm/index.d.ts', 'dist/cjs/index.js', 'dist/cjs/index.d.ts', 'dist/cjs/package.json', 'dist/esm/envelope/topics.json', 'dist/cjs/envelope/topics.json', 'sample/events.ndjson']) {
    assert.ok(files.includes(file), `${file} is in the tarball`);
  }
  assert.ok(files.some((f) => /^notebooks\/.*\.ipynb$/.test(f)), 'the notebook templates');
  // Every room of src/ (verdicts, sql, lint, tap, rules/iac, aws...), compiled twice with its declarations.
  const rooms = spawnSync('find', ['src', '-name', 'index.ts'], { cwd: root, encoding: 'utf8' }).stdout.trim().split('\n').map((f) => f.replace(/^src\//, '').replace(/\.ts$/, ''));
  assert.ok(rooms.length >= 15 && rooms.includes('verdicts/index') && rooms.includes('rules/iac/index'), rooms.join(', '));
  for (const room of rooms) {
    for (const build of ['esm', 'cjs']) for (const ext of ['.js', '.d.ts']) assert.ok(files.includes(`dist/${build}/${room}${ext}`), `dist/${build}/${room}${ext} is in the tarball`);
  }
  assert.deepEqual(files.filter((f) => /^(test|src|scripts|\.ci|node_modules|out)\//.test(f) || f.endsWith('.ts') && !f.endsWith('.d.ts') || /^notebooks\/(out|node_modules|\.jupyter)\//.test(f)), []);
});

test('installing it pulls neither tslab nor its kernel, nor the build tools', async () => {
  const installed = await readdir(join(app, 'node_modules'));
  for (const absent of ['tslab', 'zeromq', 'tsx', 'esbuild', 'typescript', '@tslab']) assert.ok(!installed.includes(absent), `${absent} is not installed`);
});

test('ESM import, CommonJS require: the same API, and the sample found inside the package', async () => {
  const probe = (load: string) => `${load}
const event = JSON.stringify({ id: '1', account: '1', source: 'a', 'detail-type': 'x', time: '2024-01-01T00:00:00Z', region: 'eu-west-1', resources: [], detail: {} });
const rules = await gceb.loadRules(['sample']);
const { records } = await gceb.collectEvents('sample');
console.log(JSON.stringify({
  match: gceb.testEventPattern({ Event: event, EventPattern: '{"source":["a"]}' }).Result,
  miss: gceb.testEventPattern({ Event: event, EventPattern: '{"source":["b"]}' }).Result,
  rules: rules.length, events: records.length, topics: gceb.defaultTopicCatalogue().entries.length > 0,
  view: typeof notebook.tableView([{ a: 1 }])['text/html'],
}));`;
  await writeFile(join(app, 'esm.mjs'), probe(`import * as gceb from '${NAME}';\nimport * as notebook from '${NAME}/notebook';`));
  // CommonJS has no top-level await: the same body inside an async function.
  await writeFile(join(app, 'cjs.cjs'), `const gceb = require('${NAME}');\nconst notebook = require('${NAME}/notebook');\n(async () => {\n${probe('')}\n})().catch((e) => { console.error(e); process.exitCode = 1; });\n`);
  const results = [];
  for (const file of ['esm.mjs', 'cjs.cjs']) {
    const result = await run(process.execPath, [file], app);
    assert.equal(result.code, 0, `${file}: ${result.stderr}`);
    results.push(JSON.parse(result.stdout) as object);
  }
  const [esm, cjs] = results as Array<{ match: boolean; miss: boolean; rules: number; events: number; topics: boolean; view: string }>;
  assert.deepEqual({ ...esm!, rules: esm!.rules > 10 }, { match: true, miss: false, rules: true, events: 600, topics: true, view: 'string' });
  assert.deepEqual(cjs, esm);
});

test('the declarations compile for a strict consumer (strict, exactOptionalPropertyTypes, skipLibCheck false), as ESM and as CommonJS', { timeout: TIMEOUT }, async () => {
  const body = `
const result: { Result: boolean } = testEventPattern({ Event: '{}', EventPattern: '{}' });
const explained = explainEventPattern({ Event: '{}', EventPattern: '{"source":["a"]}' });
const codes: string[] = explained.failures.map((f) => f.code);
async function rules(): Promise<TestRule[]> { return loadRules(['sample']); }
const view: MimeBundle = tableView([{ a: 1 }], { title: 'x' });
async function main(): Promise<RuleTestRun> { return runRuleTests({ rules: await rules(), inputs: 'sample', expect: 'match' }); }
const failed: string[] = runbookChecks({ events: 0, summary: {} as RuleTestRun['summary'], doctor: undefined });
export { result, codes, rules, view, main, failed };
`;
  await writeFile(join(app, 'consumer.mts'), `import { testEventPattern, explainEventPattern, loadRules, runRuleTests, type RuleTestRun, type TestRule } from '${NAME}';\nimport { tableView, runbookChecks, type MimeBundle } from '${NAME}/notebook';\n${body}`);
  await writeFile(join(app, 'consumer.cts'), `import { testEventPattern, explainEventPattern, loadRules, runRuleTests, type RuleTestRun, type TestRule } from '${NAME}';\nimport { tableView, runbookChecks, type MimeBundle } from '${NAME}/notebook';\n${body}`);
  await writeFile(join(app, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, exactOptionalPropertyTypes: true, skipLibCheck: false, noEmit: true, types: ['node'] },
    files: ['consumer.mts', 'consumer.cts'],
  }));
  const tsc = await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', '.'], app);
  assert.equal(tsc.code, 0, tsc.stdout + tsc.stderr);
});

test('npx gceb test runs the compiled CLI on the bundled sample', async () => {
  const result = await run('npx', ['--no-install', 'gceb', 'test', '--out', 'out'], app);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /600 event\(s\) x \d+ rule\(s\)/);
  assert.match(result.stdout, /node_modules\/genesys-eventbridge-debugger\/sample\/events\.ndjson/);
  const out = await readdir(join(app, 'out'));
  assert.ok(out.includes('verdicts.json') && out.includes('report.html'), out.join(', '));
});

test('the installed bin: a closed pipe ends quietly with the SIGPIPE status; the optional DuckDB engine loads on use', async () => {
  const piped = await run('bash', ['-c', 'node_modules/.bin/gceb test --format ndjson | head -1 > /dev/null; echo "status ${PIPESTATUS[0]}" >&2'], app);
  assert.match(piped.stderr, /status 141\s*$/, piped.stderr);
  assert.doesNotMatch(piped.stderr, /\n\s+at |EPIPE/, piped.stderr);
  const duck = await run('npx', ['--no-install', 'gceb', 'test', '--engine', 'duckdb', '--events', 'node_modules/genesys-eventbridge-debugger/sample/events.ndjson', '--format', 'json'], app);
  assert.equal(duck.code, 0, duck.stderr);
  assert.equal((JSON.parse(duck.stdout) as { summary: { events: number } }).summary.events, 600);
});

// The real CLI (bin/gceb.js in a child process): closed pipes, empty inputs, unreadable
// folders, symlinks, huge values, concurrent runs, Ctrl-C.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/run-cli.js';
import { customerStart } from '../explain/fixtures.js';

const GCEB = join(REPO_ROOT, 'bin', 'gceb.js');
let dir: string;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function gceb(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; stdin?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [GCEB, ...args], { cwd: options.cwd ?? dir, env: { PATH: process.env.PATH, NO_COLOR: '1', ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

function event(id: string, mediaType: string) {
  const e = customerStart();
  e.id = id;
  e.detail.eventBody.mediaType = mediaType;
  return e;
}

const noStack = (text: string) => assert.doesNotMatch(text, /\n\s+at |Error: write EPIPE|a bug in gceb/, text);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gceb-unix-'));
  await chmod(dir, 0o755);
  await writeFile(join(dir, 'voice.json'), JSON.stringify({ detail: { eventBody: { mediaType: ['VOICE'] } } }));
  await writeFile(join(dir, 'events.ndjson'), [event('a', 'VOICE'), event('b', 'CHAT')].map((e) => JSON.stringify(e)).join('\n') + '\n');
  await writeFile(join(dir, 'empty.ndjson'), '');
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('gceb test: Unix manners (real CLI)', () => {
  it('a pipe closed by head ends the run quietly with the SIGPIPE status', async () => {
    for (const format of ['ndjson', 'csv', 'json']) {
      const script = `"${process.execPath}" "${GCEB}" test --format ${format} | head -1 > /dev/null; echo "status \${PIPESTATUS[0]}" >&2`;
      const result = spawnSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, NO_COLOR: '1' } });
      assert.match(result.stderr, /status 141\s*$/, `${format}: ${result.stderr}`);
      noStack(result.stderr);
    }
  });

  it('zero events is exit 2 with a clear message, --expect included', async () => {
    for (const extra of [[], ['--expect', 'match']]) {
      const run = await gceb(['test', '--rules', 'voice.json', '--events', 'empty.ndjson', ...extra]);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /no events were read from empty\.ndjson/);
      noStack(run.stderr);
    }
    const corrupt = join(dir, 'corrupt.ndjson');
    await writeFile(corrupt, '{"not": "an event"\n{{{\n');
    const run = await gceb(['test', '--rules', 'voice.json', '--events', 'corrupt.ndjson', '--expect', 'no-match']);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /no events were read from corrupt\.ndjson \(2 record\(s\) could not be tested\)/);
  });

  it('an unreadable subfolder and a broken symlink are reported with their paths and skipped (run as nobody via setpriv)', async (t) => {
    if (spawnSync('setpriv', ['--version']).status !== 0) return t.skip('setpriv is not available');
    const folder = join(dir, 'captures');
    await mkdir(join(folder, 'secret'), { recursive: true });
    await writeFile(join(folder, 'ok.ndjson'), JSON.stringify(event('ok', 'VOICE')) + '\n');
    await writeFile(join(folder, 'secret', 'hidden.ndjson'), JSON.stringify(event('hidden', 'VOICE')) + '\n');
    await symlink(join(dir, 'does-not-exist.ndjson'), join(folder, 'broken.ndjson'));
    await chmod(folder, 0o755);
    await chmod(join(folder, 'secret'), 0o000);
    try {
      // Root reads any folder, so the run drops to nobody for chmod 000 to mean something.
      const result = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, GCEB, 'test', '--rules', 'voice.json', '--events', 'captures'], {
        cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, NO_COLOR: '1', HOME: '/tmp' },
      });
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stderr, /captures\/secret: cannot read this folder \(permission denied\); skipped/);
      assert.match(result.stderr, /captures\/broken\.ndjson: broken symbolic link \(its target does not exist\); skipped/);
      assert.match(result.stdout, /1 event\(s\) x 1 rule\(s\)/);
      noStack(result.stderr);
    } finally {
      await chmod(join(folder, 'secret'), 0o755);
    }
  });

  it('symlinks to files are followed; a symlink loop is walked once and reported', async () => {
    const folder = join(dir, 'linked');
    await mkdir(join(folder, 'sub'), { recursive: true });
    await symlink(join(dir, 'events.ndjson'), join(folder, 'link.ndjson'));
    await symlink(folder, join(folder, 'sub', 'loop'));
    const run = await gceb(['test', '--rules', 'voice.json', '--events', 'linked']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /2 event\(s\) x 1 rule\(s\) = 2 verdicts, 1 matched/);
    assert.match(run.stderr, /linked\/sub\/loop: symbolic link loop \(this folder was already read\); skipped/);
    noStack(run.stderr);
  });

  it('a 50 MB value is cut in verdicts.json and in coverage exports, with its length noted', async () => {
    const huge = 'x'.repeat(50 * 1024 * 1024);
    await writeFile(join(dir, 'huge.ndjson'), JSON.stringify(event('huge', huge)) + '\n');
    const run = await gceb(['test', '--rules', 'voice.json', '--events', 'huge.ndjson', '--out', 'huge-out', '--quiet']);
    assert.equal(run.code, 0, run.stderr);
    const json = await readFile(join(dir, 'huge-out', 'verdicts.json'), 'utf8');
    assert.ok(json.length < 200_000, `verdicts.json is ${json.length} characters`);
    assert.match(json, /truncated: 52428800 characters/);
    assert.ok((await stat(join(dir, 'huge-out', 'report.html'))).size < 500_000);
    const coverage = await gceb(['coverage', '--events', 'huge.ndjson', '--out', 'huge-coverage']);
    assert.equal(coverage.code, 0, coverage.stderr);
    for (const name of await readdir(join(dir, 'huge-coverage'))) {
      if (!/^coverage\./.test(name)) continue;
      const size = (await stat(join(dir, 'huge-coverage', name))).size;
      assert.ok(size < 1_000_000, `${name} is ${size} bytes`);
    }
  });

  it('two concurrent runs into one --out: one run\'s files, the other refused plainly; stale temp files removed', async () => {
    const out = join(dir, 'shared-out');
    await mkdir(out, { recursive: true });
    await writeFile(join(out, '.verdicts.json.0123456789ab.tmp'), 'left by a killed run');
    const runs = await Promise.all([gceb(['test', '--out', 'shared-out', '--quiet']), gceb(['test', '--out', 'shared-out', '--quiet', '--format', 'ndjson'])]);
    for (const run of runs) {
      assert.ok(run.code === 0 || run.code === 2, run.stderr);
      if (run.code === 2) assert.match(run.stderr, /another gceb run \(.*\) is writing into/);
      noStack(run.stderr);
    }
    assert.ok(runs.some((r) => r.code === 0));
    const files = await readdir(out);
    assert.deepEqual(files.filter((f) => f.endsWith('.tmp') || f === '.gceb-run.lock'), []);
    const manifest = JSON.parse(await readFile(join(out, '.gceb-run.json'), 'utf8'));
    const report = JSON.parse(await readFile(join(out, 'verdicts.json'), 'utf8'));
    assert.equal(report.runId, manifest.runId);
    assert.deepEqual(files.filter((f) => !f.startsWith('.')).sort(), [...manifest.files].sort());
  });

  it('SIGINT mid-run writes the reports of what was tested, marked partial, and exits 130', async () => {
    const child = spawn(process.execPath, [GCEB, 'test', '--rules', 'voice.json', '--events', '-', '--out', 'interrupted'], {
      cwd: dir, env: { PATH: process.env.PATH, NO_COLOR: '1', GCEB_PROGRESS_MS: '0,1' },
    });
    let stderr = '';
    const progressed = new Promise<void>((resolve) => {
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        stderr += d;
        if (/gceb test: 64 events/.test(stderr)) resolve();
      });
    });
    const lines = Array.from({ length: 64 }, (_, i) => JSON.stringify(event(`e${i}`, i % 2 ? 'VOICE' : 'CHAT'))).join('\n') + '\n';
    child.stdin.write(lines); // stdin stays open: the run waits for more
    await progressed;
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    child.kill('SIGINT');
    const code = await closed;
    assert.equal(code, 130, stderr);
    assert.match(stderr, /interrupted; the report covers the 64 event\(s\) tested so far and is marked partial/);
    const report = JSON.parse(await readFile(join(dir, 'interrupted', 'verdicts.json'), 'utf8'));
    assert.equal(report.partial, true);
    assert.equal(report.summary.events, 64);
    assert.equal(report.summary.matched, 32);
    assert.match(await readFile(join(dir, 'interrupted', 'report.html'), 'utf8'), /PARTIAL REPORT/);
    noStack(stderr);
  });

  it('a typo in a flag gets "did you mean"; `gceb help test` prints the help of test', async () => {
    const typo = await gceb(['test', '--evnets', 'events.ndjson']);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /Unknown option '--evnets'.*Did you mean --events\?/);
    const help = await gceb(['help', 'test']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: gceb test /);
  });

  it('an environment error is a plain message and exit 2, not "a bug in gceb"', async () => {
    await writeFile(join(dir, 'a-file'), 'not a folder');
    const run = await gceb(['test', '--rules', 'voice.json', '--events', 'events.ndjson', '--out', 'a-file/out']);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /^gceb test: .*a-file.*: a part of the path is not a folder\.|it already exists/m);
    noStack(run.stderr);
  });
});

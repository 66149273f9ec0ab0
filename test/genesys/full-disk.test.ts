import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { fakeConversations, startFakeGenesys } from '../fakes/genesys-server.js';

/** A 64 KB tmpfs, or undefined (with the reason) where mounting is not permitted. */
async function smallDisk(): Promise<{ dir: string; unmount: () => Promise<void> } | { skip: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'gceb-fulldisk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    return { skip: `cannot mount a tmpfs here (${(error as Error).message.split('\n')[0]})` };
  }
  return {
    dir,
    unmount: async () => {
      execFileSync('umount', [dir], { stdio: 'pipe' });
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const bigBody = (n: number) => ({ id: `conv-${n}`, padding: 'x'.repeat(1500) });

test('capture onto a full 64 KB tmpfs: the file ends with a whole line, the user is told what was kept, exit 2', async (t) => {
  const disk = await smallDisk();
  if ('skip' in disk) return t.skip(disk.skip);
  const g = await startFakeGenesys({ heartbeatMs: 1000 });
  try {
    const topic = 'v2.routing.queues.q1.conversations';
    const publisher = (async () => {
      await g.waitForSockets(1, topic);
      for (let n = 0; n < 120; n++) {
        g.publish(topic, bigBody(n));
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    const r = await runCli(['capture', '--queues', 'q1', '--duration', '10s', '--out', 'events.ndjson'], { env: g.env, cwd: disk.dir });
    await publisher;
    assert.equal(r.code, 2, r.stderr);
    assert.doesNotMatch(r.stderr, /bug in gceb/);
    const text = await readFile(join(disk.dir, 'events.ndjson'), 'utf8');
    assert.ok(text.length > 0 && text.endsWith('\n'), 'the file ends with a whole line');
    const lines = text.slice(0, -1).split('\n');
    for (const line of lines) JSON.parse(line);
    assert.ok(lines.length > 5 && lines.length < 120, `${lines.length} lines`);
    assert.match(r.stderr, new RegExp(`after ${lines.length} events`));
    assert.match(r.stderr, /events\.ndjson: the disk is full \(ENOSPC\)/);
    assert.match(r.stderr, new RegExp(`keeps ${lines.length} lines`));
    assert.match(r.stderr, /Free some space/);
  } finally {
    await g.close();
    await disk.unmount();
  }
});

test('fetch onto a full 64 KB tmpfs: the target is untouched, whole lines kept in .partial, exit 2', async (t) => {
  const disk = await smallDisk();
  if ('skip' in disk) return t.skip(disk.skip);
  const g = await startFakeGenesys({ conversations: fakeConversations(60) });
  try {
    const r = await runCli(['fetch', '--interval', '2024-05-01T00:00:00Z/2024-05-02T00:00:00Z', '--out', 'events.ndjson', '--provenance', 'p.ndjson'], { env: g.env, cwd: disk.dir });
    assert.equal(r.code, 2, r.stderr);
    assert.doesNotMatch(r.stderr, /bug in gceb/);
    const files = await readdir(disk.dir);
    assert.ok(!files.includes('events.ndjson'), `target not created: ${files.join(', ')}`);
    assert.deepEqual(files.filter((f) => f.endsWith('.tmp')), []);
    const partial = await readFile(join(disk.dir, 'events.ndjson.partial'), 'utf8');
    assert.ok(partial === '' || partial.endsWith('\n'));
    const kept = partial === '' ? 0 : partial.slice(0, -1).split('\n').map((l) => JSON.parse(l)).length;
    assert.match(r.stderr, /ENOSPC/);
    assert.match(r.stderr, new RegExp(`events\\.ndjson\\.partial \\(${kept} lines\\)`));
  } finally {
    await g.close();
    await disk.unmount();
  }
});

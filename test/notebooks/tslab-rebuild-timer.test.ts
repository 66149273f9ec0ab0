// tslab's "Unexpected pending rebuildTimer", reproduced on tslab's own converter:
// a cell imports a module whose failed lookups sit under out/ (TypeScript then
// watches out/), another writes an export there atomically, and the next cell
// fails. bin/tslab-kernel.cjs (the kernel the runbook folders register) fixes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const require = createRequire(join(root, 'package.json'));
const tslabMain = require.resolve('tslab/dist/main.js');
interface Converter {
  convert(prevDecl: string, src: string): { diagnostics: unknown[]; declOutput?: string };
  close(): void;
}
const { createConverter } = createRequire(tslabMain)('./converter.js') as { createConverter: () => Converter };
const ts = createRequire(tslabMain)('@tslab/typescript-for-tslab') as { sys: { getCurrentDirectory: () => string } };
const { patchTslabTimers } = require(join(root, 'bin/tslab-kernel.cjs')) as { patchTslabTimers: (typescript: unknown) => void };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Cell 1 imports ./out/lib/lib; an export is written twice under out/; then cell 2 runs. Returns cell 2's error, if any. */
async function cellAfterExports(folder: string): Promise<string | undefined> {
  const converter = createConverter();
  try {
    const first = converter.convert('', "import { x } from './out/lib/lib';\nx;");
    assert.deepEqual(first.diagnostics, []);
    for (const attempt of [1, 2]) {
      await mkdir(join(folder, 'out', 'exports'), { recursive: true });
      await writeFile(join(folder, 'out', 'exports', `verdicts.json.tmp-${attempt}`), '{}');
      await rename(join(folder, 'out', 'exports', `verdicts.json.tmp-${attempt}`), join(folder, 'out', 'exports', 'verdicts.json'));
      await sleep(1500); // TypeScript adds watchers for new subfolders after a second
    }
    try {
      converter.convert(first.declOutput ?? '', '1 + 1;');
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  } finally {
    converter.close();
  }
}

test('an export written under a watched folder breaks the next cell in plain tslab, not with the kernel launcher', { timeout: 60_000 }, async () => {
  const folder = await mkdtemp(join(tmpdir(), 'gceb-tslab-timer-'));
  const cwd = process.cwd();
  try {
    await mkdir(join(folder, 'out', 'lib'), { recursive: true });
    await writeFile(join(folder, 'out', 'lib', 'lib.js'), 'exports.x = 1;\n');
    await writeFile(join(folder, 'out', 'lib', 'lib.d.ts'), 'export declare const x: number;\n');
    process.chdir(folder);
    assert.equal(ts.sys.getCurrentDirectory(), folder);
    assert.equal(await cellAfterExports(folder), 'Unexpected pending rebuildTimer', 'plain tslab fails (the bug is still there to fix)');
    await rm(join(folder, 'out', 'exports'), { recursive: true });
    patchTslabTimers(ts);
    assert.equal(await cellAfterExports(folder), undefined, 'with the launcher\'s patch the next cell runs');
  } finally {
    process.chdir(cwd);
    await rm(folder, { recursive: true, force: true });
  }
});

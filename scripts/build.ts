// npm run build (run by prepack): the package's JavaScript, compiled from src/
// twice, as ESM (dist/esm, tsc) and as CommonJS (dist/cjs, esbuild), each with
// the .d.ts files tsc emits. Files in src/ that are not TypeScript (topics.json)
// are copied next to the code that reads or imports them.
//   --out DIR   build there instead of dist/ (tests)
import { spawnSync } from 'node:child_process';
import { cp, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { transform } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const srcDir = join(root, 'src');
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const outDir = resolve(values.out ?? join(root, 'dist'));
const staging = `${outDir}.tmp-${process.pid}`;

async function filesUnder(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await filesUnder(path)));
    else files.push(path);
  }
  return files.sort();
}

function compileEsm(to: string): void {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', to], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`tsc failed (exit ${result.status ?? result.signal}); nothing was written to ${outDir}`);
}

// CommonJS has no import.meta: each file gets its own file URL from __filename,
// so `new URL('../../sample/', import.meta.url)` keeps pointing into the package.
const IMPORT_META_URL = '__gcebImportMetaUrl';
const IMPORT_META_BANNER = `const ${IMPORT_META_URL} = require('node:url').pathToFileURL(__filename).href;`;

async function compileCjs(sources: string[], to: string): Promise<void> {
  for (const file of sources) {
    const source = await readFile(file, 'utf8');
    const usesImportMeta = /\bimport\.meta\.url\b/.test(source);
    const { code, warnings } = await transform(usesImportMeta ? source.replace(/\bimport\.meta\.url\b/g, IMPORT_META_URL) : source, {
      loader: 'ts',
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      sourcefile: relative(root, file),
      ...(usesImportMeta ? { banner: IMPORT_META_BANNER } : {}),
    });
    if (/\bimport\.meta\b/.test(code)) throw new Error(`${relative(root, file)}: import.meta other than import.meta.url has no CommonJS equivalent`);
    for (const warning of warnings) process.stderr.write(`build: ${relative(root, file)}: ${warning.text}\n`);
    const target = join(to, relative(srcDir, file)).replace(/\.ts$/, '.js');
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, code);
  }
  await writeFile(join(to, 'package.json'), '{ "type": "commonjs" }\n');
}

async function main(): Promise<void> {
  const started = Date.now();
  await rm(staging, { recursive: true, force: true });
  const files = await filesUnder(srcDir);
  const sources = files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  const assets = files.filter((f) => !f.endsWith('.ts'));
  const esm = join(staging, 'esm');
  const cjs = join(staging, 'cjs');
  compileEsm(esm);
  await writeFile(join(esm, 'package.json'), '{ "type": "module" }\n');
  await compileCjs(sources, cjs);
  // The same declarations describe both builds; under dist/cjs (type: commonjs)
  // TypeScript reads them as CommonJS, as `require` consumers need.
  for (const declaration of (await filesUnder(esm)).filter((f) => f.endsWith('.d.ts'))) {
    await cp(declaration, join(cjs, relative(esm, declaration)));
  }
  for (const asset of assets) {
    for (const build of [esm, cjs]) await cp(asset, join(build, relative(srcDir, asset)));
  }
  await rm(outDir, { recursive: true, force: true });
  await rename(staging, outDir);
  process.stderr.write(`build: ${sources.length} modules → ${relative(process.cwd(), outDir) || '.'}/{esm,cjs} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

main().catch(async (error: unknown) => {
  await rm(staging, { recursive: true, force: true });
  process.stderr.write(`build: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

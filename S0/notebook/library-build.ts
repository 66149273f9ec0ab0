import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../errors.js';
import { writeFileAtomic } from '../report/atomic.js';

/**
 * Why a bundle: tslab compiles every imported `.ts` file to CommonJS and runs it
 * under our package.json's `"type": "module"`, which Node then refuses
 * ("exports is not defined in ES module scope"); it would also type-check all of
 * `src/` with its own TypeScript 5.0. So notebooks import one CommonJS bundle of
 * the library (`out/tslab/gceb.js`, esbuild) with declaration files emitted by
 * our TypeScript (`out/tslab/types/`), which tslab reads but does not check.
 */
export const NOTEBOOK_LIBRARY_DIR = 'out/tslab';
export const NOTEBOOK_LIBRARY_ENTRY = 'src/notebook/tslab-entry.ts';

export interface LibraryBuildResult {
  /** False when the bundle was newer than every source file. */
  built: boolean;
  bundleFile: string;
  /** Declaration-emit problems (others' files mid-edit); the bundle is still usable. */
  warnings: string[];
}

export async function buildNotebookLibrary(options: { root: string; force?: boolean }): Promise<LibraryBuildResult> {
  const outDir = join(options.root, NOTEBOOK_LIBRARY_DIR);
  const bundleFile = join(outDir, 'gceb.js');
  const srcDir = join(options.root, 'src');
  if (!options.force && (await isFresh(bundleFile, srcDir))) return { built: false, bundleFile, warnings: [] };

  await writeFileAtomic(join(outDir, 'package.json'), '{ "type": "commonjs" }\n');
  try {
    await bundle(join(options.root, NOTEBOOK_LIBRARY_ENTRY), bundleFile);
  } catch (error) {
    const errors = (error as { errors?: Array<{ text: string; location?: { file: string; line: number; column: number } | null }> }).errors;
    const where = errors?.map((e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : e.text)).join('\n');
    throw new UserError(`cannot build the notebook library (${NOTEBOOK_LIBRARY_DIR}/gceb.js):\n${where || (error instanceof Error ? error.message : String(error))}`, {
      hint: 'Fix the error in src/ and run again; the notebooks import this bundle of the library.',
    });
  }
  const warnings = await emitDeclarations(options.root, srcDir, join(outDir, 'types'));
  await writeFileAtomic(
    join(outDir, 'gceb.d.ts'),
    `export * from './types/${relative(srcDir, join(options.root, NOTEBOOK_LIBRARY_ENTRY)).replace(/\.ts$/, '')}';\n`,
  );
  return { built: true, bundleFile, warnings };
}

async function bundle(entry: string, outfile: string): Promise<void> {
  const esbuild = await import('esbuild');
  // CommonJS has no import.meta: give each file its own URL so paths like
  // `new URL('../../sample/', import.meta.url)` still point into the checkout.
  const importMetaUrl: import('esbuild').Plugin = {
    name: 'import-meta-url',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        const { readFile } = await import('node:fs/promises');
        const source = await readFile(args.path, 'utf8');
        return {
          contents: source.replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(args.path).href)),
          loader: 'ts',
        };
      });
    },
  };
  const result = await esbuild.build({
    entryPoints: [entry],
    outfile,
    write: false,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'silent',
    plugins: [importMetaUrl],
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild produced no output for ${entry}`);
  await writeFileAtomic(outfile, output.contents);
}

async function emitDeclarations(root: string, srcDir: string, typesDir: string): Promise<string[]> {
  const ts = (await import('typescript')).default;
  // Incremental: after the first build only changed files are checked again.
  const program = ts.createIncrementalProgram({
    rootNames: [join(root, NOTEBOOK_LIBRARY_ENTRY)],
    options: {
      incremental: true,
      tsBuildInfoFile: join(typesDir, '..', 'types.tsbuildinfo'),
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: ['node'],
      strict: true,
      esModuleInterop: true,
      resolveJsonModule: true,
      skipLibCheck: true,
      declaration: true,
      emitDeclarationOnly: true,
      rootDir: srcDir,
      outDir: typesDir,
    },
  });
  const result = program.emit();
  return result.diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

async function isFresh(bundleFile: string, srcDir: string): Promise<boolean> {
  let built: number;
  try {
    built = (await stat(bundleFile)).mtimeMs;
  } catch {
    return false;
  }
  return (await newestMtime(srcDir)) < built;
}

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const mtime = entry.isDirectory() ? await newestMtime(path) : (await stat(path)).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

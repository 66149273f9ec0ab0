// npm run kernel: registers the tslab kernel in <repo>/.jupyter (no global
// changes) and builds the library bundle the notebooks import.
//   --build-only   only refresh out/tslab (the kernel runs this on start)
import { fileURLToPath } from 'node:url';
import { buildNotebookLibrary } from '../src/notebook/library-build.js';
import { installKernel, KERNEL_NAME } from '../src/notebook/kernel-spec.js';

const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const buildOnly = process.argv.includes('--build-only');

try {
  const build = await buildNotebookLibrary({ root, force: process.argv.includes('--force') });
  if (build.built) {
    process.stderr.write(`kernel: built the notebook library ${build.bundleFile}\n`);
    if (build.warnings.length) process.stderr.write(`kernel: ${build.warnings.length} declaration warning(s); notebooks may show type errors:\n  ${build.warnings.slice(0, 5).join('\n  ')}\n`);
  }
} catch (error) {
  process.stderr.write(`kernel: could not build the notebook library: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}

if (!buildOnly) {
  const { jupyterPath, kernelFile } = await installKernel(root, process.execPath);
  process.stdout.write(
    `Registered the "${KERNEL_NAME}" kernel in ${kernelFile}\n` +
      `Open the notebooks with:\n  JUPYTER_PATH=${jupyterPath} jupyter lab notebooks/\n` +
      `(or: npm run lab)\n`,
  );
}

// npm run kernel: makes notebooks/ a runbook folder of this checkout (the
// package built and linked into notebooks/node_modules, the tslab kernel
// registered in notebooks/.jupyter; nothing global).
import { prepareRepositoryRunbook } from './runbook-folder.js';

try {
  const { jupyterPath } = await prepareRepositoryRunbook((line) => process.stderr.write(`kernel: ${line}\n`));
  process.stdout.write(
    `Registered the "TypeScript (gceb)" kernel in ${jupyterPath}\n` +
      `Open the notebooks with:\n  cd notebooks && JUPYTER_PATH=.jupyter jupyter lab     (or: jupyter notebook)\n` +
      `(or: npm run lab)\n`,
  );
} catch (error) {
  process.stderr.write(`kernel: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}

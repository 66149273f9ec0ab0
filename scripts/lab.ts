// npm run lab: registers the kernel (as `npm run kernel` does) and starts
// JupyterLab with the project-local JUPYTER_PATH.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildNotebookLibrary } from '../src/notebook/library-build.js';
import { installKernel } from '../src/notebook/kernel-spec.js';

const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');

const lab = ['jupyter-lab', 'jupyter'].find((cmd) => spawnSync(cmd, cmd === 'jupyter' ? ['lab', '--version'] : ['--version'], { stdio: 'ignore' }).status === 0);
if (!lab) {
  process.stderr.write(
    'lab: JupyterLab is not installed (it is not packaged in Debian).\n' +
      'Install it with `pipx install jupyterlab` (or `pip install --user jupyterlab`), then run `npm run lab` again.\n' +
      'Classic alternative: `npm run kernel` prints the JUPYTER_PATH to use with any Jupyter front end (VS Code, Notebook).\n',
  );
  process.exit(1);
}
await buildNotebookLibrary({ root });
const { jupyterPath } = await installKernel(root, process.execPath);
process.stderr.write(`lab: JUPYTER_PATH=${jupyterPath} ${lab === 'jupyter' ? 'jupyter lab' : 'jupyter-lab'} notebooks/\n`);
const child = spawn(lab, [...(lab === 'jupyter' ? ['lab'] : []), ...process.argv.slice(2), 'notebooks/'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, JUPYTER_PATH: [jupyterPath, process.env.JUPYTER_PATH].filter(Boolean).join(':') },
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

// npm run lab: prepares notebooks/ (as `npm run kernel` does) and opens it in
// JupyterLab, or in classic Notebook when JupyterLab is not installed.
import { spawn, spawnSync } from 'node:child_process';
import { prepareRepositoryRunbook } from './runbook-folder.js';

const works = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
const frontEnd = works('jupyter-lab', ['--version']) ? 'jupyter-lab' : works('jupyter-notebook', ['--version']) ? 'jupyter-notebook' : undefined;
if (!frontEnd) {
  process.stderr.write(
    'lab: neither JupyterLab nor classic Notebook is installed.\n' +
      'Install one: `sudo apt-get install jupyter-notebook` (Debian), or `pipx install jupyterlab`; then run `npm run lab` again.\n',
  );
  process.exit(1);
}
const { folder, jupyterPath } = await prepareRepositoryRunbook((line) => process.stderr.write(`lab: ${line}\n`));
process.stderr.write(`lab: cd notebooks && JUPYTER_PATH=.jupyter ${frontEnd}\n`);
const child = spawn(frontEnd, process.argv.slice(2), {
  cwd: folder,
  stdio: 'inherit',
  env: { ...process.env, JUPYTER_PATH: [jupyterPath, process.env.JUPYTER_PATH].filter(Boolean).join(':') },
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

// Executes one of this checkout's notebooks headlessly: prepares notebooks/
// (as `npm run kernel` does), then runs `gceb notebooks run` with the same flags.
//   npx tsx scripts/run-notebook.ts notebooks/03-runbook.ipynb -p 'RULES=["rules/"]' -o out/runbook.ipynb
import { main } from '../src/cli/main.js';
import { prepareRepositoryRunbook } from './runbook-folder.js';

const args = process.argv.slice(2);
if (!args.includes('--help') && !args.includes('-h')) await prepareRepositoryRunbook((line) => process.stderr.write(`run-notebook: ${line}\n`));
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.once('SIGTERM', () => controller.abort());
process.exitCode = await main(['notebooks', 'run', ...args], {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
});

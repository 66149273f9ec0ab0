// Executes one of this checkout's notebooks headlessly: prepares notebooks/
// (as `npm run kernel` does), then runs `gceb notebooks run` with the same flags.
//   npx tsx scripts/run-notebook.ts notebooks/03-runbook.ipynb -p 'RULES=["rules/"]' -o out/runbook.ipynb
import { prepareRepositoryRunbook } from './runbook-folder.js';

const args = process.argv.slice(2);
if (!args.includes('--help') && !args.includes('-h')) await prepareRepositoryRunbook((line) => process.stderr.write(`run-notebook: ${line}\n`));
process.argv.splice(2, 0, 'notebooks', 'run');
await import(new URL('../bin/gceb.js', import.meta.url).href); // the gceb bin's signal and pipe handling

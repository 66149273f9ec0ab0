// Regenerates the built-in sample (sample/events.ndjson, sample/rules/*.json) from its fixed seed.
// Usage: npm run sample            write the files
//        npm run sample -- --check exit 1 if the committed files differ from a fresh generation
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SAMPLE_DIR, sampleFileContents, writeSample } from '../src/sample/index.js';

const { values } = parseArgs({ options: { check: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } } });
if (values.help) {
  process.stdout.write('Usage: npm run sample [-- --check]\n  Regenerates sample/events.ndjson and sample/rules/*.json (fixed seed).\n  --check  compare with the committed files instead of writing; exit 1 on a difference\n');
} else if (values.check) {
  const stale: string[] = [];
  for (const [relative, content] of sampleFileContents()) {
    const current = await readFile(join(SAMPLE_DIR, relative), 'utf8').catch(() => undefined);
    if (current !== content) stale.push(relative);
  }
  if (stale.length > 0) {
    process.stderr.write(`sample is out of date: ${stale.join(', ')}\nRun: npm run sample\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write('sample is up to date\n');
  }
} else {
  const result = await writeSample(SAMPLE_DIR);
  process.stdout.write(`wrote ${result.events} events to ${result.eventsFile}\n`);
  for (const file of result.ruleFiles) process.stdout.write(`wrote ${file}\n`);
}

/** Writes the built-in sample: events.ndjson and rules/*.json, atomically. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../report/atomic.js';
import { generateSampleEvents, toNdjsonLines } from './generate.js';
import { sampleRuleFiles } from './sample-rules.js';

export interface WriteSampleResult { eventsFile: string; events: number; ruleFiles: string[] }

/** The sample's file contents, keyed by path relative to the sample folder. */
export function sampleFileContents(): Map<string, string> {
  const events = [...generateSampleEvents()];
  const files = new Map<string, string>();
  files.set('events.ndjson', [...toNdjsonLines(events)].join(''));
  for (const { file, rules } of sampleRuleFiles(events)) {
    files.set(join('rules', file), `${JSON.stringify({ rules }, null, 2)}\n`);
  }
  return files;
}

export async function writeSample(sampleDir: string): Promise<WriteSampleResult> {
  const files = sampleFileContents();
  await mkdir(join(sampleDir, 'rules'), { recursive: true });
  const ruleFiles: string[] = [];
  for (const [relative, content] of files) {
    const path = join(sampleDir, relative);
    await writeFileAtomic(path, content);
    if (relative.startsWith('rules')) ruleFiles.push(path);
  }
  const events = files.get('events.ndjson')!.split('\n').length - 1;
  return { eventsFile: join(sampleDir, 'events.ndjson'), events, ruleFiles };
}

import { defaultPatternEngine } from './engine.js';
import { diagnose } from './diagnose.js';
import { gatherDoctorFacts, type DoctorOptions } from './gather.js';
import type { DoctorFacts, DoctorPatternEngine, DoctorFinding } from './types.js';

/** Gather, then diagnose: the whole doctor in one call (CLI, notebooks). */
export async function runDoctor(
  options: DoctorOptions & { engine?: DoctorPatternEngine },
): Promise<{ facts: DoctorFacts; findings: DoctorFinding[] }> {
  const facts = await gatherDoctorFacts(options);
  return { facts, findings: diagnose(facts, options.engine ?? defaultPatternEngine()) };
}

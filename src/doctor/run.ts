import { defaultPatternEngine } from './engine.js';
import { diagnose } from './diagnose.js';
import { gatherDoctorFacts, type DoctorOptions } from './gather.js';
import { ruleStages, type RuleStage } from './stages.js';
import type { DoctorFacts, DoctorPatternEngine, DoctorFinding, DoctorWindow } from './types.js';

/** Gather, then diagnose: the whole doctor in one call (CLI, notebooks). */
export async function runDoctor(
  options: DoctorOptions & { engine?: DoctorPatternEngine },
): Promise<{ facts: DoctorFacts; findings: DoctorFinding[]; stages: RuleStage[]; window?: DoctorWindow }> {
  const facts = await gatherDoctorFacts(options);
  const findings = diagnose(facts, options.engine ?? defaultPatternEngine());
  const window = facts.evidence?.status === 'ok' ? facts.evidence.window : undefined;
  return { facts, findings, stages: ruleStages(facts, findings), ...(window ? { window } : {}) };
}

/** Runs every static check over a set of rules and counts the findings. */
import type { TopicCatalogue } from '../envelope/catalogue.js';
import { awsValidation, busQuotas } from './aws-checks.js';
import { genesysChecks, meantForGenesys } from './genesys-checks.js';
import { genesysTopicChecks, type GenesysTopicFacts } from './genesys-topics.js';
import { iacChecks } from './iac-checks.js';
import type { LintRule } from './rule.js';
import type { LintFinding, LintReport, LintSeverity } from './types.js';

const ORDER: Record<LintSeverity, number> = { error: 0, warning: 1, info: 2 };

export interface LintOptions {
  catalogue?: TopicCatalogue;
  /** File-level findings from the readers (notes), added as they are. */
  extra?: LintFinding[];
  /** Facts from Genesys (live or cached): topics against the integration's filter and schemas. */
  genesys?: GenesysTopicFacts;
}

export function lintRules(rules: readonly LintRule[], options: LintOptions = {}): LintReport {
  const findings: LintFinding[] = [...(options.extra ?? [])];
  for (const rule of rules) {
    findings.push(...iacChecks(rule));
    if (rule.dialect) continue;
    findings.push(...awsValidation(rule));
    findings.push(...genesysChecks(rule, options.catalogue));
    if (options.genesys && meantForGenesys(rule)) findings.push(...genesysTopicChecks(rule, options.genesys));
  }
  findings.push(...busQuotas(rules));
  findings.sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || ORDER[a.severity] - ORDER[b.severity]);
  const counts: Record<LintSeverity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return {
    rules: rules.map((r) => ({ name: r.name, origin: r.origin, ...(r.located ? { file: r.location.file, line: r.location.line } : {}) })),
    findings,
    counts,
  };
}

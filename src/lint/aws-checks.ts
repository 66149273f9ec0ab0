/** AWS's own validation of each pattern (its exception texts), and the quotas: pattern size, rules and wildcard rules per bus. */
import { MAX_EVENT_PATTERN_LENGTH, PATTERN_SIZE_QUOTA } from '../pattern/index.js';
import { awsPatternError } from '../rules/aws-validation.js';
import { writtenLeaves } from './leaves.js';
import { at, type LintRule } from './rule.js';
import type { LintFinding } from './types.js';

/** Default "Rules per event bus" quota (adjustable). */
export const RULES_PER_BUS_QUOTA = 300;
/** "Rules containing wildcards" per event bus: 30, not adjustable. */
export const WILDCARD_RULES_PER_BUS_QUOTA = 30;

/** The text AWS is sent: the template's own string when it holds one (whitespace counts), otherwise compact JSON. */
export function patternTextOf(rule: LintRule): string {
  return rule.encoding.text ?? JSON.stringify(rule.pattern);
}

export function awsValidation(rule: LintRule): LintFinding[] {
  if (rule.pattern === undefined) return [];
  const text = patternTextOf(rule);
  const findings: LintFinding[] = [];
  const rejected = awsPatternError(text);
  if (rejected) {
    const shown = rejected.name === 'ValidationException' ? `${rejected.message.slice(0, 160)}... (pattern of ${text.length} characters)` : rejected.message.split('\n')[0]!;
    findings.push({ code: 'aws-invalid-pattern', severity: 'error', rule: rule.name, ...at(rule, ''), message: `AWS rejects this pattern: ${shown}` });
    return findings;
  }
  if (text.length > PATTERN_SIZE_QUOTA) {
    findings.push({
      code: 'quota-pattern-size',
      severity: 'warning',
      rule: rule.name,
      ...at(rule, undefined),
      ...(rule.location.patternLine !== undefined && rule.located ? { line: rule.location.patternLine } : {}),
      message: `the pattern is ${text.length} characters; the default "Event pattern size" quota is ${PATTERN_SIZE_QUOTA} (raisable to ${MAX_EVENT_PATTERN_LENGTH}): the deploy fails unless the quota was raised. Whitespace in the string counts.`,
    });
  }
  return findings;
}

export function usesWildcard(pattern: unknown): boolean {
  const has = (c: unknown): boolean => {
    if (typeof c !== 'object' || c === null) return false;
    const o = c as Record<string, unknown>;
    return 'wildcard' in o || has(o['anything-but']);
  };
  return writtenLeaves(pattern).some((leaf) => leaf.conditions.some(has));
}

/** Rules per bus and wildcard rules per bus, counted over every rule given (one account and region assumed). */
export function busQuotas(rules: readonly LintRule[]): LintFinding[] {
  const byBus = new Map<string, LintRule[]>();
  for (const rule of rules) {
    if (rule.dialect || rule.pattern === undefined) continue;
    const bus = rule.eventBusName ?? 'default';
    byBus.set(bus, [...(byBus.get(bus) ?? []), rule]);
  }
  const findings: LintFinding[] = [];
  for (const [bus, list] of byBus) {
    if (list.length > RULES_PER_BUS_QUOTA) {
      findings.push({ code: 'quota-rules-per-bus', severity: 'warning', ...at(list[RULES_PER_BUS_QUOTA]!), message: `${list.length} rules on event bus ${bus}: the default quota is ${RULES_PER_BUS_QUOTA} rules per bus (adjustable).` });
    }
    const wild = list.filter((r) => usesWildcard(r.pattern));
    if (wild.length > WILDCARD_RULES_PER_BUS_QUOTA) {
      findings.push({ code: 'quota-wildcard-rules', severity: 'warning', ...at(wild[WILDCARD_RULES_PER_BUS_QUOTA]!), message: `${wild.length} rules with wildcards on event bus ${bus}: AWS allows ${WILDCARD_RULES_PER_BUS_QUOTA} per bus (not adjustable).` });
    }
  }
  return findings;
}

/** The rule shape lint checks: an IaC rule (with lines) or a plain rule (pattern files, AWS), made alike. */
import { lineOf, type IacRule } from '../rules/iac/types.js';
import type { TestRule } from '../rules/types.js';

export interface LintRule extends IacRule {
  /** How reports name where the rule came from (`template.yaml:12`, `aws:bus/rule`, `rules.json`). */
  origin: string;
  /** False for rules from pattern files or AWS, whose lines are not known. */
  located: boolean;
}

export function lintRuleFromIac(rule: IacRule): LintRule {
  return { ...rule, origin: `${rule.location.file}:${rule.location.line}`, located: true };
}

export function lintRuleFromTest(rule: TestRule): LintRule {
  const file = rule.origin.startsWith('aws:') || rule.origin === 'inline' ? rule.origin : rule.origin;
  return {
    name: rule.name,
    pattern: rule.pattern,
    location: rule.location ?? { file, line: 1, id: rule.name, kind: 'cloudformation' },
    lines: new Map(),
    ...(rule.eventBusName !== undefined ? { eventBusName: rule.eventBusName } : {}),
    ...(rule.state !== undefined ? { state: rule.state } : {}),
    unresolved: [],
    encoding: {},
    origin: rule.origin,
    located: rule.location !== undefined,
  };
}

/** File and line for a finding at `path` of the rule (pattern line, rule line when unknown). */
export function at(rule: LintRule, path?: string): { file?: string; line?: number } {
  if (!rule.located) return rule.origin.startsWith('aws:') || rule.origin === 'inline' ? {} : { file: rule.location.file };
  return { file: rule.location.file, line: path === undefined ? rule.location.line : lineOf(rule, path) };
}

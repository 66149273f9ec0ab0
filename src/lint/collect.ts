/** The rules lint looks at, from the same specs as `gceb test --rules`: IaC read without validation (lint reports what is wrong), others as `loadRules` reads them. */
import { resolve } from 'node:path';
import { displayPath } from '../display-path.js';
import { iacKindOf, loadIacRules } from '../rules/iac/load.js';
import { loadRules, type LoadRulesOptions } from '../rules/load.js';
import { lintRuleFromIac, lintRuleFromTest, type LintRule } from './rule.js';
import type { LintFinding } from './types.js';

export interface CollectedRules {
  rules: LintRule[];
  /** Readers' notes (parameters read as defaults, skipped resources) as findings. */
  notes: LintFinding[];
}

export async function collectLintRules(specs: readonly string[], options: LoadRulesOptions = {}): Promise<CollectedRules> {
  const cwd = options.cwd ?? process.cwd();
  const rules: LintRule[] = [];
  const notes: LintFinding[] = [];
  for (const spec of specs) {
    const trimmed = spec.trim();
    const path = resolve(cwd, trimmed);
    const kind = trimmed.startsWith('{') || /^(rule|bus):/.test(trimmed) ? undefined : await iacKindOf(path);
    if (kind) {
      const load = await loadIacRules(path, displayPath(path, cwd), kind);
      rules.push(...load.rules.map(lintRuleFromIac));
      notes.push(...load.notes.map((n) => ({ code: 'iac-note', severity: n.severity, file: n.file, line: n.line, message: n.message })));
    } else {
      rules.push(...(await loadRules([trimmed], options)).map(lintRuleFromTest));
    }
  }
  return { rules, notes };
}

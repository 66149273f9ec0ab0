/** Traps of the infrastructure-code layer: envelope keys spelled the CDK/camelCase way, double encoding, values made strings, escapes, what cannot be resolved. */
import { detailKeyFor, envelopeKeyFor } from './genesys-checks.js';
import { BUS_PROPERTIES } from '../rules/iac/types.js';
import { writtenKeys, writtenLeaves } from './leaves.js';
import { at, type LintRule } from './rule.js';
import type { LintFinding } from './types.js';

const ESCAPE_TEXT = /\\u00[0-9a-fA-F]{2}/;

export function iacChecks(rule: LintRule): LintFinding[] {
  const out: LintFinding[] = [];
  const base = { rule: rule.name };
  if (rule.dialect === 'pipes') {
    out.push({ code: 'iac-pipes-filter', severity: 'info', ...base, ...at(rule, ''), message: 'an EventBridge Pipes filter: another dialect (it filters source records such as SQS or Kinesis bodies, not bus events); not checked as a rule.' });
    return out;
  }
  if (rule.problem) out.push({ code: 'iac-unreadable-pattern', severity: 'error', ...base, ...at(rule, ''), message: `${rule.problem}.` });
  for (const u of rule.unresolved) {
    out.push({ code: 'iac-unresolved', severity: 'warning', ...base, ...(rule.located ? { file: rule.location.file, line: u.line } : {}), path: u.at, message: `${u.expression} at ${u.at} cannot be resolved before deploy; ${u.at === '(pattern)' || !BUS_PROPERTIES.has(u.at) ? 'the rule is not tested and only partly checked' : 'the bus is not checked'}.` });
  }
  if (rule.encoding.doubleEncoded) {
    out.push({ code: 'iac-double-encoded', severity: 'error', ...base, ...at(rule, ''), message: 'the pattern is JSON encoded twice (a JSON string holding a JSON string, as jsonencode() of a string gives): AWS reads a string, not an object. Encode the object once.' });
  }
  for (const c of rule.encoding.coerced ?? []) {
    out.push({ code: 'iac-coerced-to-string', severity: 'error', ...base, ...(rule.located ? { file: rule.location.file, line: c.line } : {}), path: c.path, message: `${c.reason} at ${c.path || '(pattern)'}: a string never matches the number or boolean an event carries. Declare the variable as number, list(number) or any.` });
  }
  if (rule.pattern === undefined) return out;
  for (const key of writtenKeys(rule.pattern)) {
    const real = key.parent === '' ? envelopeKeyFor(key.key) : key.parent === 'detail' ? detailKeyFor(key.key) : undefined;
    if (!real) continue;
    out.push({
      code: 'iac-envelope-key',
      severity: 'error',
      ...base,
      path: key.written,
      ...at(rule, key.written),
      message: `${JSON.stringify(key.key)} is not an event field: the event has ${JSON.stringify(real)}; keys are case-sensitive${key.key === 'detailType' ? " (detailType is the CDK property's name, not the pattern's key)" : ''}.`,
    });
  }
  for (const leaf of writtenLeaves(rule.pattern)) {
    leaf.conditions.forEach((c, i) => {
      const text = typeof c === 'string' ? c : JSON.stringify(c);
      if (!ESCAPE_TEXT.test(text ?? '')) return;
      const written = `${leaf.written}[${i}]`;
      out.push({ code: 'iac-escaped-twice', severity: 'error', ...base, path: written, ...at(rule, written), message: `the value holds the text ${JSON.stringify(ESCAPE_TEXT.exec(text!)![0])}, not the character it stands for: an escape was written twice (Terraform's jsonencode escapes <, > and & as \\u003c, \\u003e, \\u0026; write the character).` });
    });
  }
  if (rule.encoding.text !== undefined && /\\u00(3[ce]|26)/i.test(rule.encoding.text) && !out.some((f) => f.code === 'iac-escaped-twice')) {
    out.push({ code: 'iac-unicode-escapes', severity: 'info', ...base, ...at(rule, ''), message: 'the pattern text holds \\u003c/\\u003e/\\u0026 escapes (as Terraform writes <, > and &): EventBridge reads them as the same characters; nothing to fix.' });
  }
  if (rule.targets === 0) out.push({ code: 'iac-no-targets', severity: 'warning', ...base, ...at(rule), message: 'the rule has no targets: it can match but delivers nothing.' });
  if (rule.state !== undefined && rule.state.toUpperCase() === 'DISABLED') out.push({ code: 'iac-disabled', severity: 'warning', ...base, ...at(rule), message: 'the rule is DISABLED: it never fires.' });
  return out;
}

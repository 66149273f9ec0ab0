/** Human text for an Explanation (terminal and plain-text reports); control characters from the event are escaped. */
import { escapeControlChars } from '../explain/terminal-text.js';
import type { Explanation, PatternFailure, PatternMatch } from './explain-types.js';

function show(values: unknown[] | undefined): string {
  return values === undefined ? '(absent)' : values.map((v) => JSON.stringify(v)).join(', ');
}

function fixLine(f: PatternFailure, indent: string): string[] {
  if (!f.fix) return [];
  const to = `${f.fix.path === '' ? '(root)' : f.fix.path} → ${JSON.stringify(f.fix.expected)}`;
  return [`${indent}  fix: ${f.fix.replaces !== undefined ? `move ${f.fix.replaces} to ${to}` : to}`];
}

function failureLines(f: PatternFailure, indent: string): string[] {
  const where = f.path === '' ? '(root)' : f.path;
  if (f.code === 'no-branch-matched') {
    const lines = [`${indent}✗ ${where}: no branch of $or matched`];
    for (const b of f.branches ?? []) {
      lines.push(`${indent}  branch ${b.index + 1}:`);
      for (const inner of b.failures) lines.push(...failureLines(inner, `${indent}    `));
    }
    return lines;
  }
  if (f.code === 'array-consistency') {
    return [`${indent}✗ ${(f.paths ?? []).join(' + ')}: each matches, but not within the same array element`, `${indent}  hint: ${f.hint}`];
  }
  return [
    `${indent}✗ ${where} [${f.code}]`,
    `${indent}  expected: ${JSON.stringify(f.expected)}`,
    `${indent}  actual:   ${show(f.actual)}`,
    `${indent}  hint: ${f.hint}`,
    ...fixLine(f, indent),
  ];
}

function matchLine(m: PatternMatch): string {
  const by = m.actual.length === 0 ? 'absent' : show(m.actual);
  return `✓ ${m.path === '' ? '(root)' : m.path}: ${JSON.stringify(m.expected)} holds (${by})`;
}

export function formatExplanation(explanation: Explanation): string {
  const matched = explanation.matched ?? [];
  const lines: string[] = [];
  if (explanation.Result) {
    lines.push(`The event matches the pattern${matched.length > 0 ? `: ${matched.length} condition(s) hold.` : '.'}`);
    lines.push(...matched.map(matchLine));
  } else {
    lines.push(`The event does not match: ${explanation.failures.length} failing condition(s).`);
    for (const f of explanation.failures) lines.push(...failureLines(f, ''));
    if (matched.length > 0) lines.push(`Conditions that hold (${matched.length}):`, ...matched.map(matchLine));
    if (explanation.noFix) lines.push(`No fix proposed: ${explanation.noFix}.`);
  }
  return `${escapeControlChars(lines.join('\n'))}\n`;
}

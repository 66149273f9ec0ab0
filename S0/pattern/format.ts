/** Human text for an Explanation (terminal and plain-text reports). */
import type { Explanation, PatternFailure } from './explain-types.js';

function show(values: unknown[] | undefined): string {
  return values === undefined ? '(absent)' : values.map((v) => JSON.stringify(v)).join(', ');
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
  const lines = [
    `${indent}✗ ${where} [${f.code}]`,
    `${indent}  expected: ${JSON.stringify(f.expected)}`,
    `${indent}  actual:   ${show(f.actual)}`,
    `${indent}  hint: ${f.hint}`,
  ];
  if (f.fix) lines.push(`${indent}  fix: ${f.fix.path === '' ? '(root)' : f.fix.path} → ${JSON.stringify(f.fix.expected)}`);
  return lines;
}

export function formatExplanation(explanation: Explanation): string {
  if (explanation.Result) return 'The event matches the pattern.\n';
  const lines = [`The event does not match: ${explanation.failures.length} failing condition(s).`];
  for (const f of explanation.failures) lines.push(...failureLines(f, ''));
  return `${lines.join('\n')}\n`;
}

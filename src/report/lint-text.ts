/** Lint findings as terminal text: `file:line: severity code: message`, control characters escaped. */
import type { LintFinding, LintReport } from '../lint/types.js';
import { escapeControlChars } from '../explain/terminal-text.js';

export function findingLocation(f: LintFinding): string {
  return f.file === undefined ? '' : f.line === undefined ? `${f.file}: ` : `${f.file}:${f.line}: `;
}

/** One line: `12 rule(s), 3 error(s), 2 warning(s), 1 note(s)`. */
export function lintSummaryLine(report: LintReport): string {
  const { error, warning, info } = report.counts;
  return `gceb lint: ${report.rules.length} rule(s), ${error} error(s), ${warning} warning(s), ${info} note(s)`;
}

export function renderLintText(report: LintReport, options: { color?: boolean; notes?: boolean } = {}): string {
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const colour = { error: '31', warning: '33', info: '36' } as const;
  const lines: string[] = [];
  for (const f of report.findings) {
    if (f.severity === 'info' && options.notes === false) continue;
    const who = f.rule ? ` [${f.rule}]` : '';
    const where = escapeControlChars(findingLocation(f));
    lines.push(`${where}${paint(colour[f.severity], `${f.severity} ${f.code}`)}${escapeControlChars(`${who}: ${f.message}`)}`);
    if (f.fix) lines.push(escapeControlChars(`    fix: ${f.fix.path}: ${JSON.stringify(f.fix.expected)}`));
  }
  lines.push(lintSummaryLine(report));
  return `${lines.join('\n')}\n`;
}

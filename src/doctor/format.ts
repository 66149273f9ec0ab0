import type { DoctorFinding, DoctorSeverity } from './types.js';
import { NOTHING_CHECKED } from './diagnose.js';

const LABEL: Record<DoctorSeverity, string> = { error: 'ERROR', warning: 'WARN', info: 'INFO', ok: 'OK' };
const COLOUR: Record<DoctorSeverity, string> = { error: '\u001b[31m', warning: '\u001b[33m', info: '\u001b[36m', ok: '\u001b[32m' };

export interface DoctorSummary {
  healthy: boolean;
  /** False when neither Genesys Cloud nor AWS could be checked. */
  checked: boolean;
  counts: Record<DoctorSeverity, number>;
}

export function summarizeFindings(findings: DoctorFinding[]): DoctorSummary {
  const counts: Record<DoctorSeverity, number> = { error: 0, warning: 0, info: 0, ok: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return { healthy: counts.error === 0, checked: !findings.some((f) => f.code === NOTHING_CHECKED), counts };
}

/** Exit code of `gceb doctor`: 1 when any finding is an error, 2 when nothing could be checked. */
export function doctorExitCode(findings: DoctorFinding[]): number {
  const { healthy, checked } = summarizeFindings(findings);
  if (!healthy) return 1;
  return checked ? 0 : 2;
}

/** Control characters (from AWS messages, policies or event data) shown as \uXXXX, never sent to a terminal as such; newlines and tabs kept. */
export function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Findings as terminal text, one block per finding with its fix underneath. */
export function formatFindingsText(findings: DoctorFinding[], options: { colour?: boolean } = {}): string {
  const paint = (s: DoctorSeverity, text: string) => (options.colour ? `${COLOUR[s]}${text}\u001b[0m` : text);
  const lines = ['gceb doctor: Genesys Cloud → Amazon EventBridge', ''];
  for (const f of findings) {
    lines.push(`${paint(f.severity, LABEL[f.severity].padEnd(5))} ${f.code}: ${terminalSafe(f.message).split('\n').join('\n      ')}`);
    if (f.fix) lines.push(`      fix: ${terminalSafe(f.fix).split('\n').join('\n           ')}`);
  }
  const { counts, healthy, checked } = summarizeFindings(findings);
  const verdict = !healthy ? paint('error', 'Not healthy') : checked ? paint('ok', 'Healthy') : paint('warning', 'Nothing checked');
  lines.push(
    '',
    `${verdict}: ${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info, ${counts.ok} ok.`,
    '',
  );
  return lines.join('\n');
}

/** Findings as one JSON document (stable shape for CI). */
export function formatFindingsJson(findings: DoctorFinding[]): string {
  const summary = summarizeFindings(findings);
  return `${JSON.stringify({ healthy: summary.healthy, checked: summary.checked, counts: summary.counts, findings }, null, 2)}\n`;
}

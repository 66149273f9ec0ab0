/** What lint reports: findings with a code, a severity, and the file and line they point at. */

export type LintSeverity = 'error' | 'warning' | 'info';

export interface LintFinding {
  /** Stable code: `aws-invalid-pattern`, `genesys-source`, `iac-envelope-key`, `quota-pattern-size`... */
  code: string;
  severity: LintSeverity;
  message: string;
  /** The rule it is about (absent for file- and bus-level findings). */
  rule?: string;
  file?: string;
  line?: number;
  /** The pattern path it is about (`detail.eventBody.mediaType[0]`). */
  path?: string;
  /** A corrected leaf when there is an obvious one. */
  fix?: { path: string; expected: unknown[] };
}

export interface LintReport {
  /** Rules looked at (Pipes filters included). */
  rules: Array<{ name: string; file?: string; line?: number; origin: string }>;
  findings: LintFinding[];
  counts: Record<LintSeverity, number>;
}

import type { EventBusInfo, EventSourceInfo, RuleInfo, TargetInfo } from '../aws/discovery.js';
import type { EventBridgeIntegration } from '../genesys/integrations.js';
import type { Explanation } from '../pattern/explain-types.js';

export type DoctorSeverity = 'error' | 'warning' | 'info' | 'ok';

/** One thing the doctor found: what, where, and the concrete step that fixes it. */
export interface DoctorFinding {
  severity: DoctorSeverity;
  /** Stable upper-case code, e.g. SOURCE_PENDING. */
  code: string;
  message: string;
  /** A CLI command or console step; empty for `ok`. */
  fix: string;
  /** What the finding is about (integration name, source, bus, rule). */
  subject?: string;
  /** Extra data for JSON consumers (nearest-miss failures, counts, ...). */
  details?: Record<string, unknown>;
}

/** A part of the facts that could not be gathered, and why. */
export type DoctorUnavailable = { status: 'skipped'; reason: string; fix: string } | { status: 'failed'; message: string; fix: string };

export interface DoctorGenesysFacts {
  status: 'ok';
  integrations: EventBridgeIntegration[];
}

export interface DoctorRule extends RuleInfo {
  /** Undefined when the targets could not be listed. */
  targets?: TargetInfo[];
}

export interface DoctorAwsFacts {
  status: 'ok';
  region?: string;
  /** Partner event sources named aws.partner/genesys.com... */
  sources: EventSourceInfo[];
  /** Partner event buses named aws.partner/genesys.com... */
  buses: EventBusInfo[];
  /** Rules on the partner buses and on the other buses inspected (`default` and any --bus). */
  rules: DoctorRule[];
  /** Buses whose rules were listed. */
  busesInspected: string[];
}

export interface DoctorEventFacts {
  status: 'ok';
  /** What was read (`sample`, a path). */
  input: string;
  events: unknown[];
  /** Lines that could not be read: reported, the run went on. */
  problems: Array<{ source: string; line: number; message: string }>;
  /** True for the built-in sample: its source/account/region are replaced by each chain's own. */
  rebrand: boolean;
}

export interface DoctorFacts {
  genesys: DoctorGenesysFacts | DoctorUnavailable;
  aws: DoctorAwsFacts | DoctorUnavailable;
  events: DoctorEventFacts | DoctorUnavailable;
}

/** The matcher the doctor needs; the default wraps src/pattern. Throws AWS's error for an invalid pattern. */
export interface DoctorPatternEngine {
  compile(patternText: string): unknown;
  explain(compiled: unknown, event: unknown): Explanation;
}

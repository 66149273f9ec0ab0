import type { EventBusInfo, EventSourceInfo, RuleInfo, TargetInfo } from '../aws/discovery.js';
import type { EventBridgeIntegration } from '../genesys/integrations.js';
import type { Explanation } from '../pattern/explain-types.js';
import type { BusLogConfig, BusLogRead } from '../aws/bus-logging.js';
import type { EventsRuleMetric } from '../aws/cloudwatch.js';
import type { EvidenceRead, UnreadableEvidence } from '../aws/evidence-read.js';

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
  /** AWS's own records (metrics, bus logs, target policies); absent when not gathered. */
  evidence?: DoctorEvidence | DoctorUnavailable;
}

/** The matcher the doctor needs; the default wraps src/pattern. Throws AWS's error for an invalid pattern. */
export interface DoctorPatternEngine {
  compile(patternText: string): unknown;
  explain(compiled: unknown, event: unknown): Explanation;
}

/** The window over which AWS's own records (metrics, bus logs) are read. */
export interface DoctorWindow {
  start: string;
  end: string;
  /** As the user wrote it, e.g. `24h`. */
  since: string;
}

/** A rule's AWS/Events sums over the window; `null` is "no data" (not zero). */
export type DoctorRuleMetrics = Record<EventsRuleMetric, number | null>;

export interface DoctorTargetAccess {
  arn: string;
  /** How EventBridge is let in: the resource policy read for Lambda, SQS, SNS, CloudWatch Logs. */
  read: EvidenceRead<{ policy?: string; policies?: string[]; kmsMasterKeyId?: string }>;
}

export interface DoctorBusLogging {
  bus: string;
  config: EvidenceRead<BusLogConfig>;
  logGroup?: string;
  records?: EvidenceRead<BusLogRead>;
}

/** What AWS itself recorded along the chain; every part that could not be read is in `unreadable`. */
export interface DoctorEvidence {
  status: 'ok';
  window: DoctorWindow;
  /** Per partner source: Sum of `Events`, null for no data. Undefined when metrics could not be read. */
  sourceEvents?: Array<{ source: string; events: number | null }>;
  ruleMetrics?: Array<{ rule: string; bus: string; metrics: DoctorRuleMetrics }>;
  targets: DoctorTargetAccess[];
  busLogging: DoctorBusLogging[];
  unreadable: UnreadableEvidence[];
}

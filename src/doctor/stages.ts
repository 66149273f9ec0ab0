/** One verdict per rule: the stage where its events stop, with the evidence and the fix; derived from the findings, pure. */

import { GENESYS_PARTNER_PREFIX } from '../aws/discovery.js';
import { ruleSubject, STAGE_ORDER, type DoctorStage } from './evidence-checks.js';
import type { DoctorFacts, DoctorFinding, DoctorRuleMetrics } from './types.js';

export interface RuleStage {
  rule: string;
  bus: string;
  stage: DoctorStage;
  /** The finding that decided the stage (or a sentence saying why it is unknown). */
  reason: string;
  fix: string;
  /** A resource policy statement to paste, when the fix is one. */
  statement?: Record<string, unknown>;
  /** Every finding about this rule or its chain, in chain order: `SEVERITY CODE: message`. */
  evidence: string[];
  metrics?: DoctorRuleMetrics;
}

/** The stage of the structural findings `diagnose` makes (codes without a `details.stage`). */
const STAGE_OF_CODE: Record<string, DoctorStage> = {
  INTEGRATION_DISABLED: 'not-sent',
  INTEGRATION_NOT_ACTIVE: 'not-sent',
  INTEGRATION_NO_TOPICS: 'not-sent',
  TOPIC_NOT_IN_FILTER: 'not-sent',
  SOURCE_MISSING: 'not-arriving',
  SOURCE_PENDING: 'not-arriving',
  SOURCE_DELETED: 'not-arriving',
  BUS_MISSING: 'not-arriving',
  RULE_ON_WRONG_BUS: 'not-arriving',
  RULE_DISABLED: 'not-matching',
  RULE_PATTERN_INVALID: 'not-matching',
  DETAIL_TYPE_NOT_TEMPLATE: 'not-matching',
  RULE_MATCHES_NOTHING: 'not-matching',
  RULE_NO_TARGETS: 'delivery-failing',
};

function stageOf(f: DoctorFinding): DoctorStage | undefined {
  const tagged = f.details?.stage;
  return typeof tagged === 'string' ? (tagged as DoctorStage) : STAGE_OF_CODE[f.code];
}

/**
 * The stage table: for each rule on a Genesys partner bus (and each Genesys rule on another bus), the
 * earliest stage with an error among its own and its chain's findings; "delivered" only on AWS's
 * positive record (Invocations, or INVOCATION_SUCCESS in the bus log); else "unknown".
 */
export function ruleStages(facts: DoctorFacts, findings: readonly DoctorFinding[]): RuleStage[] {
  if (facts.aws.status !== 'ok') return [];
  const integrations = facts.genesys.status === 'ok' ? facts.genesys.integrations : [];
  const unreadable = facts.evidence?.status === 'ok' ? [...new Set(facts.evidence.unreadable.map((u) => u.action))] : [];
  const unknownWhy =
    'No fault found in what could be read, but no AWS record of a delivery either (no Invocations data, no INVOCATION_SUCCESS in a bus log)' +
    (unreadable.length > 0 ? `; not readable: ${unreadable.join(', ')}.` : '.');
  const wrongBus = new Set(findings.filter((f) => f.code === 'RULE_ON_WRONG_BUS').map((f) => f.subject));
  const out: RuleStage[] = [];
  for (const rule of facts.aws.rules) {
    const subject = ruleSubject(rule);
    const onPartnerBus = rule.eventBusName.startsWith(`${GENESYS_PARTNER_PREFIX}/`);
    if (!onPartnerBus && !wrongBus.has(subject)) continue;
    if (rule.eventPattern === undefined) continue;
    const chainSubjects = new Set([subject]);
    if (onPartnerBus) {
      chainSubjects.add(rule.eventBusName);
      for (const i of integrations.filter((x) => x.eventSource === rule.eventBusName)) chainSubjects.add(`integration '${i.name}'`);
    }
    const mine = findings.filter((f) => f.subject !== undefined && chainSubjects.has(f.subject) && stageOf(f) !== undefined);
    const blocking = mine.filter((f) => f.severity === 'error').sort((a, b) => STAGE_ORDER.indexOf(stageOf(a)!) - STAGE_ORDER.indexOf(stageOf(b)!));
    const delivered = mine.find((f) => stageOf(f) === 'delivered' && (f.severity === 'ok' || f.code === 'DELIVERY_THROTTLED'));
    const decisive = blocking[0] ?? delivered;
    const metrics = mine.map((f) => f.details?.metrics).find((m) => m !== undefined) as DoctorRuleMetrics | undefined;
    const statement = decisive?.details?.statement as Record<string, unknown> | undefined;
    out.push({
      rule: rule.name,
      bus: rule.eventBusName,
      stage: decisive ? stageOf(decisive)! : 'unknown',
      reason: decisive ? decisive.message : unknownWhy,
      fix: decisive?.fix ?? (facts.evidence?.status === 'ok' ? 'Widen the window (--since 7d) or turn bus logging on, then run gceb doctor again.' : 'Let gceb read the AWS evidence (see the IAM policy), then run gceb doctor again.'),
      ...(statement ? { statement } : {}),
      evidence: mine.map((f) => `${f.severity.toUpperCase()} ${f.code}: ${f.message}`),
      ...(metrics ? { metrics } : {}),
    });
  }
  return out;
}

/** The rules whose events do not reach a target: every stage but "delivered". */
export function undeliveredRules(stages: readonly RuleStage[]): RuleStage[] {
  return stages.filter((s) => s.stage !== 'delivered');
}

/** For the runbook notebook's checks: one line per rule whose stage is not "delivered" (empty when all are). */
export function doctorStageFailures(stages: readonly RuleStage[]): string[] {
  if (stages.length === 0) return ['gceb doctor found no Genesys rule to check'];
  return undeliveredRules(stages).map((s) => `rule ${s.rule} on ${s.bus}: ${s.stage}: ${s.reason.split('\n')[0]}`);
}

/** For the runbook notebook: throws, naming each rule and its stage, when any rule's stage is not "delivered". */
export function assertEveryRuleDelivered(stages: readonly RuleStage[]): void {
  const bad = undeliveredRules(stages);
  if (stages.length === 0) throw new Error('gceb doctor found no Genesys rule to check.');
  if (bad.length > 0) {
    throw new Error(`${bad.length} of ${stages.length} rule(s) not delivered:\n${bad.map((s) => `- ${s.rule} (${s.bus}): ${s.stage}: ${s.reason}`).join('\n')}`);
  }
}

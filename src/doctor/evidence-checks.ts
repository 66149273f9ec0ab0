/**
 * The doctor's judgement of AWS's own evidence, pure: metrics per source and rule, target permissions,
 * roles, dead-letter queues, input transformers, and bus logs. Each finding about a rule names its stage.
 */

import { parseArn } from '../aws/arn.js';
import type { BusLogRecord } from '../aws/bus-logging.js';
import type { UnreadableEvidence } from '../aws/evidence-read.js';
import { minimalIamPolicy } from '../aws/errors.js';
import { previewInputTransformer, valueAtJsonPath } from './input-transformer.js';
import { allowStatement, evaluateDeliveryPolicy, type DeliveryRequest } from './target-policy.js';
import type { TargetInfo } from '../aws/discovery.js';
import type { DoctorAwsFacts, DoctorEvidence, DoctorFinding, DoctorRule, DoctorRuleMetrics, DoctorSeverity } from './types.js';

export type DoctorStage = 'not-sent' | 'not-arriving' | 'not-matching' | 'delivery-failing' | 'delivered' | 'unknown';

/** The stages in chain order: where events stop is the earliest stage with an error. */
export const STAGE_ORDER: readonly DoctorStage[] = ['not-sent', 'not-arriving', 'not-matching', 'delivery-failing', 'delivered', 'unknown'];

/** AWS documents several AWS/Events metrics as sent only when non-zero, and all as best-effort. */
export const NO_DATA_NOTE =
  'no data is not zero: EventBridge sends several AWS/Events metrics (Invocations, FailedInvocations, ...) only when they are non-zero, and all of them best-effort';

/** Target services that EventBridge reaches through the rule target's RoleArn rather than a resource policy. */
const ROLE_SERVICES = new Set(['kinesis', 'firehose', 'states', 'ecs', 'ssm', 'codebuild', 'codepipeline', 'batch', 'redshift', 'redshift-serverless', 'sagemaker', 'inspector']);

export function ruleSubject(rule: { name: string; eventBusName: string }): string {
  return `rule '${rule.name}' on ${rule.eventBusName}`;
}

export function ruleArnOf(rule: DoctorRule, aws: DoctorAwsFacts, account?: string): string {
  if (rule.arn) return rule.arn;
  const bus = rule.eventBusName === 'default' ? '' : `${rule.eventBusName}/`;
  return `arn:aws:events:${aws.region ?? '<region>'}:${account ?? '<account>'}:rule/${bus}${rule.name}`;
}

export interface EvidenceContext {
  aws: DoctorAwsFacts;
  evidence: DoctorEvidence;
  /** The events to preview input transformers on (the rule's matching events first). */
  eventsFor(rule: DoctorRule): unknown[];
  regionFlag: string;
}

class Out {
  readonly findings: DoctorFinding[] = [];
  add(severity: DoctorSeverity, code: string, subject: string, message: string, fix: string, details: Record<string, unknown>) {
    this.findings.push({ severity, code, subject, message, fix, details });
  }
}

const fmt = (n: number | null | undefined) => (n === null || n === undefined ? 'no data' : String(n));
const positive = (n: number | null | undefined): n is number => typeof n === 'number' && n > 0;

function deliveryRequest(target: TargetInfo, ruleArn: string): DeliveryRequest | undefined {
  const parts = parseArn(target.arn);
  if (!parts) return undefined;
  const account = parseArn(ruleArn)?.account || undefined;
  switch (parts.service) {
    case 'lambda':
      return { actions: ['lambda:InvokeFunction'], resource: target.arn.split(':').slice(0, 7).join(':'), ruleArn, account };
    case 'sqs':
      return { actions: ['sqs:SendMessage'], resource: target.arn, ruleArn, account };
    case 'sns':
      return { actions: ['sns:Publish'], resource: target.arn, ruleArn, account };
    case 'logs':
      return { actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resource: `${target.arn.replace(/:\*$/, '')}:*`, ruleArn, account };
    default:
      return undefined;
  }
}

/** How to apply the allow statement for each kind of target. */
function applyPolicyFix(target: TargetInfo, rule: DoctorRule, ruleArn: string, statement: Record<string, unknown>, regionFlag: string): string {
  const parts = parseArn(target.arn)!;
  const json = JSON.stringify(statement, null, 2);
  switch (parts.service) {
    case 'lambda':
      return (
        `aws lambda add-permission${regionFlag} --function-name ${target.arn} --statement-id ${statement.Sid} --action lambda:InvokeFunction ` +
        `--principal events.amazonaws.com --source-arn ${ruleArn}\n(the statement it adds:)\n${json}`
      );
    case 'sqs':
      return `Add this statement to the queue policy (SQS console > ${parts.resource} > Access policy, or aws sqs set-queue-attributes --queue-url <url> --attributes Policy=<whole policy>):\n${json}`;
    case 'sns':
      return `Add this statement to the topic policy (SNS console > ${parts.resource} > Access policy, or aws sns set-topic-attributes --topic-arn ${target.arn} --attribute-name Policy --attribute-value <whole policy>):\n${json}`;
    default:
      return `aws logs put-resource-policy${regionFlag} --policy-name EventBridgeToCWLogs-${rule.name} --policy-document '${JSON.stringify({ Version: '2012-10-17', Statement: [statement] })}'\n(the statement:)\n${json}`;
  }
}

function targetChecks(out: Out, ctx: EvidenceContext, rule: DoctorRule, target: TargetInfo, ruleArn: string) {
  const subject = ruleSubject(rule);
  const tag = (stage: DoctorStage, extra: Record<string, unknown> = {}) => ({ stage, rule: rule.name, bus: rule.eventBusName, target: target.arn, ...extra });
  const parts = parseArn(target.arn);
  const service = parts?.service ?? '';
  const busTarget = service === 'events' && /^(event-bus|api-destination)\//.test(parts?.resource ?? '');
  if ((ROLE_SERVICES.has(service) || busTarget) && !target.roleArn) {
    out.add(
      'error',
      'TARGET_ROLE_MISSING',
      subject,
      `Target ${target.id} (${target.arn}) of rule '${rule.name}' has no RoleArn; EventBridge needs a role to deliver to ${service === 'events' ? 'an event bus or API destination' : service}.`,
      `Create a role that trusts events.amazonaws.com and may call the target, then: aws events put-targets${ctx.regionFlag} --event-bus-name ${rule.eventBusName} --rule ${rule.name} --targets Id=${target.id},Arn=${target.arn},RoleArn=<role ARN>`,
      tag('delivery-failing'),
    );
  }
  const request = deliveryRequest(target, ruleArn);
  const access = ctx.evidence.targets.find((t) => t.arn === target.arn);
  if (request && access?.read.ok) {
    const value = access.read.value;
    const documents = value.policies ?? (value.policy === undefined ? [] : [value.policy]);
    const verdicts = documents.length === 0 ? [evaluateDeliveryPolicy(undefined, request)] : documents.map((d) => evaluateDeliveryPolicy(d, request));
    const denied = verdicts.find((v) => v.verdict === 'denied');
    const allowed = verdicts.find((v) => v.verdict === 'allowed');
    const uncertain = verdicts.find((v) => v.verdict === 'uncertain');
    const statement = allowStatement(request, `AllowEventBridge-${rule.name}`.slice(0, 100));
    if (denied) {
      out.add(
        'error',
        'TARGET_POLICY_DENIES',
        subject,
        `The resource policy of ${target.arn} denies ${request.actions.join(' and ')} to EventBridge for rule '${rule.name}'${denied.verdict === 'denied' && denied.sid ? ` (statement '${denied.sid}')` : ''}: deliveries fail.`,
        `Remove or narrow the Deny statement${denied.verdict === 'denied' && denied.sid ? ` '${denied.sid}'` : ''} so that it does not match ${ruleArn}, and keep an allow such as:\n${JSON.stringify(statement, null, 2)}`,
        tag('delivery-failing', { statement }),
      );
    } else if (!allowed && uncertain) {
      out.add(
        'warning',
        'TARGET_POLICY_UNCERTAIN',
        subject,
        `The resource policy of ${target.arn} lets EventBridge in only under ${uncertain.verdict === 'uncertain' ? uncertain.reason : 'conditions'} that gceb cannot evaluate.`,
        `Check it against rule ${ruleArn}; an allow that certainly works:\n${JSON.stringify(statement, null, 2)}`,
        tag('delivered', { statement, weak: true }),
      );
    } else if (!allowed) {
      const what = service === 'logs' ? 'No CloudWatch Logs resource policy' : `The resource policy of ${target.arn}`;
      out.add(
        'error',
        'TARGET_POLICY_MISSING',
        subject,
        `${what} ${service === 'logs' ? 'lets' : documents.length === 0 ? 'is absent: nothing lets' : 'does not let'} events.amazonaws.com ${request.actions.join(' and ')} for rule ${ruleArn}: deliveries fail.`,
        applyPolicyFix(target, rule, ruleArn, statement, ctx.regionFlag),
        tag('delivery-failing', { statement }),
      );
    }
    if (value.kmsMasterKeyId && /^alias\/aws\/(sqs|sns)$/.test(value.kmsMasterKeyId)) {
      out.add(
        'error',
        'TARGET_KMS_AWS_MANAGED',
        subject,
        `${target.arn} is encrypted with the AWS managed key ${value.kmsMasterKeyId}, whose key policy does not let EventBridge use it: deliveries fail.`,
        `Use SSE with a customer managed KMS key whose policy allows events.amazonaws.com kms:GenerateDataKey and kms:Decrypt${service === 'sqs' ? ', or SQS-managed encryption (SSE-SQS)' : ''}.`,
        tag('delivery-failing'),
      );
    }
  }
  const putTarget = `aws events put-targets${ctx.regionFlag} --event-bus-name ${rule.eventBusName} --rule ${rule.name} --targets`;
  if (!target.deadLetterArn) {
    out.add(
      'warning',
      'TARGET_NO_DLQ',
      subject,
      `Target ${target.id} of rule '${rule.name}' has no dead-letter queue: events that cannot be delivered after the retries are dropped without a trace.`,
      `${putTarget} 'Id=${target.id},Arn=${target.arn},DeadLetterConfig={Arn=<SQS queue ARN>}'  (the queue policy must let events.amazonaws.com sqs:SendMessage)`,
      tag('delivered', { weak: true }),
    );
  }
  if (!target.retryPolicy) {
    out.add(
      'warning',
      'TARGET_NO_RETRY_POLICY',
      subject,
      `Target ${target.id} of rule '${rule.name}' has no retry policy: EventBridge's default applies (up to 185 attempts over 24 hours).`,
      `${putTarget} 'Id=${target.id},Arn=${target.arn},RetryPolicy={MaximumRetryAttempts=<n>,MaximumEventAgeInSeconds=<s>}'`,
      tag('delivered', { weak: true }),
    );
  }
  if (target.inputPath) {
    const events = ctx.eventsFor(rule);
    if (events.length > 0 && events.every((e) => valueAtJsonPath(e, target.inputPath!) === undefined)) {
      out.add(
        'error',
        'INPUT_PATH_ABSENT',
        subject,
        `Target ${target.id} of rule '${rule.name}' sends only ${target.inputPath}, which none of the ${events.length} event(s) has: the target gets nothing useful.`,
        `${putTarget} 'Id=${target.id},Arn=${target.arn},InputPath=$.detail'  (Genesys puts the payload under $.detail.eventBody)`,
        tag('delivery-failing'),
      );
    }
  }
  if (target.inputTransformer) {
    const events = ctx.eventsFor(rule);
    const preview = previewInputTransformer(target.inputTransformer, events, { ruleArn, ruleName: rule.name });
    const details = tag('delivery-failing', { preview });
    if (preview.output !== undefined) {
      const shown = preview.output.length > 500 ? `${preview.output.slice(0, 500)}…` : preview.output;
      out.add('info', 'TRANSFORMER_PREVIEW', subject, `Target ${target.id} of rule '${rule.name}' receives, for the first of ${preview.eventsTested} event(s): ${shown}`, '', {
        rule: rule.name,
        bus: rule.eventBusName,
        target: target.arn,
        preview,
      });
    }
    for (const { name, path } of preview.absentPaths) {
      out.add(
        'error',
        'TRANSFORMER_PATH_ABSENT',
        subject,
        `The input transformer of target ${target.id} maps <${name}> to ${path}, which none of the ${preview.eventsTested} event(s) has: the target gets the payload without it.`,
        `Fix InputPathsMap.${name}; Genesys puts payload fields under $.detail.eventBody (e.g. $.detail.eventBody.conversationId).`,
        details,
      );
    }
    for (const name of preview.undefinedPlaceholders) {
      out.add(
        'error',
        'TRANSFORMER_PLACEHOLDER_UNDEFINED',
        subject,
        `The input template of target ${target.id} uses <${name}>, which InputPathsMap does not define.`,
        `Add "${name}": "$.<path>" to InputPathsMap or remove <${name}> from the template.`,
        details,
      );
    }
    if (preview.invalidJson) {
      out.add(
        'error',
        'TRANSFORMER_INVALID_JSON',
        subject,
        `The input template of target ${target.id} gives invalid JSON for a real event (${preview.invalidJson}): ${preview.output ?? ''}`,
        'Quote string placeholders ("<name>") and leave number/object placeholders unquoted; check the template with the preview in `gceb doctor --format json`.',
        details,
      );
    }
  }
}

function countRecords(records: readonly BusLogRecord[]) {
  const perRule = new Map<string, Map<string, number>>();
  const perType = new Map<string, number>();
  const firstError = new Map<string, string>();
  for (const r of records) {
    perType.set(r.messageType, (perType.get(r.messageType) ?? 0) + 1);
    if (!r.ruleArn) continue;
    const counts = perRule.get(r.ruleArn) ?? new Map<string, number>();
    counts.set(r.messageType, (counts.get(r.messageType) ?? 0) + 1);
    perRule.set(r.ruleArn, counts);
    if (r.errorMessage && !firstError.has(r.ruleArn) && /FAILURE|DLQ/.test(r.messageType)) firstError.set(r.ruleArn, r.errorMessage);
  }
  return { perRule, perType, firstError };
}

function logCommand(bus: string, regionFlag: string): string {
  return (
    `aws events update-event-bus${regionFlag} --name ${bus} --log-config '{"Level":"INFO","IncludeDetail":"FULL"}'\n` +
    `then give it a destination: EventBridge console > Event buses > the bus > Logs (creates /aws/vendedlogs/events/event-bus/<bus>), or ` +
    `aws logs put-delivery-source --name <name> --resource-arn <bus ARN> --log-type INFO_LOGS, aws logs put-delivery-destination, aws logs create-delivery.\n` +
    `Cost: the log destination bills the records as CloudWatch vended logs (per GB ingested and stored; see the CloudWatch pricing page), or as Firehose/S3 usage; ` +
    `INFO writes a few records per event and rule (receipt, match, invocation), ERROR only failures, TRACE every attempt. Set Level OFF again when done.`
  );
}

function busLoggingChecks(out: Out, ctx: EvidenceContext) {
  for (const entry of ctx.evidence.busLogging) {
    if (!entry.config.ok) continue;
    const { level, includeDetail } = entry.config.value;
    if (level === 'OFF') {
      out.add(
        'info',
        'BUS_LOGGING_OFF',
        entry.bus,
        `Logging of the partner bus ${entry.bus} is OFF: AWS keeps no per-event record of whether a rule matched or an invocation failed.`,
        logCommand(entry.bus, ctx.regionFlag),
        { bus: entry.bus, logConfig: entry.config.value },
      );
      continue;
    }
    if (!entry.records?.ok) continue;
    const { perType } = countRecords(entry.records.value.records);
    const counts = Object.fromEntries(perType);
    out.add(
      'info',
      'BUS_LOG_RECORDS',
      entry.bus,
      `Bus logging of ${entry.bus} is ${level} (detail ${includeDetail}); ${entry.records.value.records.length}${entry.records.value.truncated ? '+' : ''} record(s) in ${entry.logGroup} since ${ctx.evidence.window.since}: ` +
        (Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(', ') || 'none'),
      '',
      { bus: entry.bus, logConfig: entry.config.value, counts },
    );
  }
}

function ruleLogEvidence(out: Out, ctx: EvidenceContext, rule: DoctorRule, ruleArn: string) {
  const entry = ctx.evidence.busLogging.find((b) => b.bus === rule.eventBusName);
  if (!entry?.config.ok || entry.config.value.level === 'OFF' || !entry.records?.ok) return;
  const { perRule, perType, firstError } = countRecords(entry.records.value.records);
  const counts = perRule.get(ruleArn) ?? new Map<string, number>();
  const n = (t: string) => counts.get(t) ?? 0;
  const subject = ruleSubject(rule);
  const tag = (stage: DoctorStage) => ({ stage, rule: rule.name, bus: rule.eventBusName, busLog: Object.fromEntries(counts) });
  const failures = n('INVOCATION_FAILURE') + n('INVOCATION_DLQ');
  if (failures > 0) {
    out.add(
      'error',
      'BUS_LOG_INVOCATION_FAILURES',
      subject,
      `Bus log: ${failures} invocation(s) of rule '${rule.name}' failed (${n('INVOCATION_SUCCESS')} succeeded)${firstError.has(ruleArn) ? `; the target answered: ${firstError.get(ruleArn)}` : ''}.`,
      'Fix the cause the target gave (the permission findings above name the usual ones), then watch INVOCATION_SUCCESS records appear.',
      tag('delivery-failing'),
    );
  } else if (n('INVOCATION_SUCCESS') > 0) {
    out.add('ok', 'BUS_LOG_DELIVERED', subject, `Bus log: ${n('INVOCATION_SUCCESS')} successful invocation(s) of rule '${rule.name}' since ${ctx.evidence.window.since}.`, '', tag('delivered'));
  } else if (entry.config.value.level !== 'ERROR' && n('RULE_MATCH') === 0 && (perType.get('EVENT_RECEIPT') ?? 0) > 0) {
    out.add(
      'error',
      'BUS_LOG_NO_MATCH',
      subject,
      `Bus log: ${perType.get('EVENT_RECEIPT')} event(s) arrived on ${rule.eventBusName} (${perType.get('NO_STANDARD_RULES_MATCHED') ?? 0} matched no rule), none with a RULE_MATCH for '${rule.name}'.`,
      'Compare the pattern with the events that arrived: `gceb test --rules rule:<rule>@<bus> --events <captured events>`.',
      tag('not-matching'),
    );
  }
}

/** EVENT_RECEIPT records in the bus log: arrivals that metrics may have missed. */
function busLogReceipts(ctx: EvidenceContext, bus: string): number {
  const entry = ctx.evidence.busLogging.find((b) => b.bus === bus);
  return entry?.records?.ok ? entry.records.value.records.filter((r) => r.messageType === 'EVENT_RECEIPT').length : 0;
}

function ruleMetricChecks(out: Out, ctx: EvidenceContext, rule: DoctorRule, metrics: DoctorRuleMetrics) {
  const subject = ruleSubject(rule);
  const since = ctx.evidence.window.since;
  const source = ctx.evidence.sourceEvents?.find((s) => s.source === rule.eventBusName);
  const tag = (stage: DoctorStage) => ({ stage, rule: rule.name, bus: rule.eventBusName, metrics, ...(source ? { sourceEvents: source.events } : {}) });
  const m = metrics;
  const line = `MatchedEvents ${fmt(m.MatchedEvents)}, Invocations ${fmt(m.Invocations)}, FailedInvocations ${fmt(m.FailedInvocations)}`;
  if (positive(m.FailedInvocations) || positive(m.InvocationsFailedToBeSentToDlq)) {
    out.add(
      'error',
      'DELIVERY_FAILING',
      subject,
      `Rule '${rule.name}' matched but its deliveries fail: ${line}${positive(m.InvocationsSentToDlq) ? `, InvocationsSentToDlq ${m.InvocationsSentToDlq}` : ''}${positive(m.InvocationsFailedToBeSentToDlq) ? `, InvocationsFailedToBeSentToDlq ${m.InvocationsFailedToBeSentToDlq}` : ''} since ${since}.`,
      'See the target findings of this rule for the cause (resource policy, role, encryption key, transformer); turn bus logging on to see the target\'s own error per event.',
      tag('delivery-failing'),
    );
  } else if (positive(m.ThrottledRules)) {
    out.add(
      'warning',
      'DELIVERY_THROTTLED',
      subject,
      `Rule '${rule.name}' was throttled ${m.ThrottledRules} time(s) since ${since} (${line}): deliveries are delayed and retried.`,
      'Raise the target\'s concurrency or the EventBridge invocation quota (Service Quotas > Amazon EventBridge > Invocations throttle limit).',
      tag('delivered'),
    );
  } else if (positive(m.Invocations)) {
    out.add('ok', 'DELIVERED', subject, `Rule '${rule.name}' delivered: ${line} since ${since}.`, '', tag('delivered'));
  } else if (positive(m.MatchedEvents) || positive(m.TriggeredRules)) {
    out.add(
      'error',
      'MATCHED_NOT_INVOKED',
      subject,
      `Rule '${rule.name}' matched ${fmt(m.MatchedEvents)} event(s) since ${since} but no invocation was recorded (Invocations ${fmt(m.Invocations)}).`,
      'Check the rule has targets and their permissions (findings above); turn bus logging on to see each invocation.',
      tag('delivery-failing'),
    );
  } else if (source && positive(source.events)) {
    out.add(
      'error',
      'NOT_MATCHING',
      subject,
      `The partner source delivered ${source.events} event(s) since ${since} (Events), but rule '${rule.name}' matched none of them (MatchedEvents ${fmt(m.MatchedEvents)}).`,
      `The pattern does not fit the events Genesys sends: capture some (\`gceb capture\`) and run \`gceb test --rules rule:${rule.name}@${rule.eventBusName} --events <file> --explain\`.`,
      tag('not-matching'),
    );
  } else if (source && !busLogReceipts(ctx, rule.eventBusName)) {
    out.add(
      'warning',
      'NOT_ARRIVING',
      subject,
      `No event from ${rule.eventBusName} arrived since ${since} (Events ${fmt(source.events)}), so rule '${rule.name}' had nothing to match.`,
      'Check the integration is Active and forwards the topics this rule expects, and that something in Genesys Cloud produced such events in the window (or widen --since).',
      tag('not-arriving'),
    );
  }
}

function unreadableFinding(out: Out, unreadable: readonly UnreadableEvidence[]) {
  if (unreadable.length === 0) return;
  const actions = [...new Set(unreadable.map((u) => u.action))];
  out.add(
    'warning',
    'EVIDENCE_UNREADABLE',
    'aws',
    `Could not read ${unreadable.length} piece(s) of AWS evidence; the other checks ran:\n` +
      unreadable.map((u) => `- ${u.what}: ${u.code}${u.denied ? ` (missing IAM action ${u.action})` : ''}: ${u.message}`).join('\n'),
    `Allow ${actions.join(', ')} for the identity in use. The minimal IAM policy for every gceb feature:\n${minimalIamPolicy()}`,
    { unreadable, actions },
  );
}

/** Every finding AWS's evidence supports, for the rules on the partner buses; pure. */
export function evidenceChecks(ctx: EvidenceContext): DoctorFinding[] {
  const out = new Out();
  unreadableFinding(out, ctx.evidence.unreadable);
  if (ctx.evidence.ruleMetrics) {
    out.add('info', 'METRICS_READ', 'aws', `AWS/Events metrics read since ${ctx.evidence.window.since}; ${NO_DATA_NOTE}.`, '', { window: ctx.evidence.window });
  }
  busLoggingChecks(out, ctx);
  for (const rule of ctx.aws.rules) {
    if (!ctx.aws.buses.some((b) => b.name === rule.eventBusName) || rule.eventPattern === undefined) continue;
    const busArn = ctx.aws.buses.find((b) => b.name === rule.eventBusName)?.arn;
    const ruleArn = ruleArnOf(rule, ctx.aws, parseArn(busArn ?? '')?.account);
    for (const target of rule.targets ?? []) targetChecks(out, ctx, rule, target, ruleArn);
    const metrics = ctx.evidence.ruleMetrics?.find((r) => r.rule === rule.name && r.bus === rule.eventBusName)?.metrics;
    if (metrics) ruleMetricChecks(out, ctx, rule, metrics);
    ruleLogEvidence(out, ctx, rule, ruleArn);
  }
  return out.findings;
}

import { GENESYS_PARTNER_PREFIX } from '../aws/discovery.js';
import type { EventBridgeIntegration } from '../genesys/integrations.js';
import type { PatternFailure } from '../pattern/explain-types.js';
import { valuesAt } from '../explain/event-paths.js';
import { patternLeaves } from '../explain/pattern-leaves.js';
import { hasConcreteIds, templateOfTopic } from '../explain/topic-template.js';
import { accountOfArn, looksMeantForGenesys, patternDetailTypes } from './pattern-facts.js';
import { evidenceChecks } from './evidence-checks.js';
import type { DoctorAwsFacts, DoctorFacts, DoctorPatternEngine, DoctorRule, DoctorEventFacts, DoctorFinding, DoctorSeverity } from './types.js';

const CONSOLE_INTEGRATIONS = 'Genesys Cloud Admin > Integrations';

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function regionFlag(region: string | undefined): string {
  return region ? ` --region ${region}` : '';
}

function parsePattern(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

interface Chain {
  /** aws.partner/genesys.com/cloud/<org>/<suffix>: the source and the partner bus name. */
  source: string;
  integration?: EventBridgeIntegration;
}

interface Context {
  facts: DoctorFacts;
  engine: DoctorPatternEngine;
  out: DoctorFinding[];
}

function add(ctx: Context, severity: DoctorSeverity, code: string, subject: string, message: string, fix = '', details?: Record<string, unknown>) {
  ctx.out.push({ severity, code, subject, message, fix, ...(details ? { details } : {}) });
}

/** The finding that says neither side could be checked: `gceb doctor` then exits 2, not 0. */
export const NOTHING_CHECKED = 'NOTHING_CHECKED';

/**
 * The doctor's judgement: pure, over facts gathered elsewhere. Walks the chain
 * integration → partner event source → partner bus → rules → events, then
 * looks for Genesys rules on the wrong bus. Findings come in chain order.
 */
export function diagnose(facts: DoctorFacts, engine: DoctorPatternEngine): DoctorFinding[] {
  const ctx: Context = { facts, engine, out: [] };
  const chains = genesysChecks(ctx);
  const aws = facts.aws.status === 'ok' ? facts.aws : undefined;
  if (facts.aws.status === 'skipped') {
    add(ctx, 'info', 'AWS_SKIPPED', 'aws', `AWS checks skipped: ${facts.aws.reason}`, facts.aws.fix);
  } else if (facts.aws.status === 'failed') {
    add(ctx, 'error', 'AWS_UNAVAILABLE', 'aws', `Could not read EventBridge: ${facts.aws.message}`, facts.aws.fix);
  }
  if (facts.events.status === 'skipped') {
    add(ctx, 'info', 'EVENTS_SKIPPED', 'events', `Pattern checks against events skipped: ${facts.events.reason}`, facts.events.fix);
  } else if (facts.events.status === 'failed') {
    add(ctx, 'warning', 'EVENTS_UNREADABLE', 'events', `Could not read events: ${facts.events.message}`, facts.events.fix);
  } else if (facts.events.problems.length > 0) {
    const p = facts.events.problems[0]!;
    add(
      ctx,
      'warning',
      'EVENTS_PROBLEMS',
      facts.events.input,
      `${facts.events.problems.length} unreadable record(s) in the events, first at ${p.source}:${p.line}: ${p.message}`,
      'Fix or remove those lines; the other events were used.',
      { problems: facts.events.problems.slice(0, 20) },
    );
  }
  if (aws) {
    const allChains = chains ?? aws.sources.map((s) => ({ source: s.name }));
    if (allChains.length === 0 && chains === undefined) {
      add(
        ctx,
        'error',
        'NO_PARTNER_SOURCE',
        'aws',
        `No Genesys partner event source (${GENESYS_PARTNER_PREFIX}/...) in ${aws.region ?? 'this region'}.`,
        `Activate an Amazon EventBridge Source integration in ${CONSOLE_INTEGRATIONS} with this AWS account and region, or run with the region the integration names (--aws-region).`,
      );
    }
    for (const chain of allChains) awsChainChecks(ctx, aws, chain);
    misplacedRuleChecks(ctx, aws, allChains);
    awsEvidenceChecks(ctx, aws, allChains);
  }
  const errors = ctx.out.filter((f) => f.severity === 'error').length;
  if (facts.genesys.status === 'skipped' && facts.aws.status === 'skipped') {
    add(
      ctx,
      'warning',
      NOTHING_CHECKED,
      'chain',
      'Nothing along the Genesys Cloud → EventBridge chain was checked: there are neither Genesys Cloud nor AWS credentials.',
      'Set Genesys Cloud and/or AWS credentials as shown above and run gceb doctor again.',
    );
  } else if (errors === 0) {
    add(ctx, 'ok', 'CHAIN_HEALTHY', 'chain', 'No errors found along the Genesys Cloud → EventBridge chain that could be checked.');
  }
  return ctx.out;
}

/** Integration checks; returns the chains the integrations define, or undefined without Genesys facts. */
function genesysChecks(ctx: Context): Chain[] | undefined {
  const g = ctx.facts.genesys;
  if (g.status === 'skipped') {
    add(ctx, 'info', 'GENESYS_SKIPPED', 'genesys', `Genesys Cloud checks skipped: ${g.reason}`, g.fix);
    return undefined;
  }
  if (g.status === 'failed') {
    add(ctx, 'error', 'GENESYS_UNAVAILABLE', 'genesys', `Could not read the Genesys Cloud integrations: ${g.message}`, g.fix);
    return undefined;
  }
  if (g.integrations.length === 0) {
    add(
      ctx,
      'error',
      'NO_INTEGRATION',
      'genesys',
      'The Genesys Cloud org has no Amazon EventBridge Source integration: nothing sends events to AWS.',
      `${CONSOLE_INTEGRATIONS} > + Integrations > "Amazon EventBridge Source": install, set the AWS account id, region, event source suffix and topic filter, then set it Active.`,
    );
    return [];
  }
  const awsRegion = ctx.facts.aws.status === 'ok' ? ctx.facts.aws.region : undefined;
  for (const i of g.integrations) {
    const subject = `integration '${i.name}'`;
    if (i.intendedState !== 'ENABLED') {
      add(ctx, 'error', 'INTEGRATION_DISABLED', subject, `Integration '${i.name}' is ${i.intendedState}: it sends no events.`, `${CONSOLE_INTEGRATIONS} > ${i.name}: switch it to Active.`);
    } else if (i.reportedState !== 'ACTIVE') {
      add(
        ctx,
        'error',
        'INTEGRATION_NOT_ACTIVE',
        subject,
        `Integration '${i.name}' is enabled but reports ${i.reportedState}${i.reportedState === 'ERROR' ? ' (often: wrong AWS account id or region, or the event source was deleted in AWS)' : ''}.`,
        `${CONSOLE_INTEGRATIONS} > ${i.name}: open the Details/Configuration tabs, check AWS account id ${i.awsAccountId || '(empty)'} and region ${i.awsAccountRegion || '(empty)'}, then deactivate and activate it again.`,
      );
    } else {
      add(ctx, 'ok', 'INTEGRATION_ACTIVE', subject, `Integration '${i.name}' is enabled and ACTIVE; it sends to ${i.eventSource} in account ${i.awsAccountId}, ${i.awsAccountRegion}.`);
    }
    if (i.eventFilter.length === 0) {
      add(ctx, 'error', 'INTEGRATION_NO_TOPICS', subject, `Integration '${i.name}' has an empty topic filter: it forwards no topics.`, `${CONSOLE_INTEGRATIONS} > ${i.name} > Configuration > Topic Filtering: add the topics your rules expect.`);
    } else {
      add(ctx, 'info', 'INTEGRATION_TOPICS', subject, `Integration '${i.name}' forwards ${i.eventFilter.length} topic(s): ${i.eventFilter.join(', ')}.`, '', { eventFilter: i.eventFilter });
    }
    if (awsRegion && i.awsAccountRegion && i.awsAccountRegion !== awsRegion) {
      add(
        ctx,
        'warning',
        'REGION_MISMATCH',
        subject,
        `Integration '${i.name}' delivers to ${i.awsAccountRegion}, but AWS was checked in ${awsRegion}.`,
        `Run \`gceb doctor --aws-region ${i.awsAccountRegion}\`, or change the integration's region if ${awsRegion} is where your rules are.`,
      );
    }
  }
  return g.integrations.map((integration) => ({ source: integration.eventSource, integration }));
}

function awsChainChecks(ctx: Context, aws: DoctorAwsFacts, chain: Chain) {
  const region = chain.integration?.awsAccountRegion || aws.region;
  const source = aws.sources.find((s) => s.name === chain.source);
  const subject = chain.source;
  if (!source) {
    add(
      ctx,
      'error',
      'SOURCE_MISSING',
      subject,
      `The partner event source ${chain.source} does not exist in ${aws.region ?? 'this region'}${chain.integration ? ` (account ${chain.integration.awsAccountId})` : ''}.`,
      `Check that the integration's AWS account id and region match this account and region, then deactivate and activate it in ${CONSOLE_INTEGRATIONS} to recreate the source; verify with \`aws events list-event-sources --name-prefix ${GENESYS_PARTNER_PREFIX}${regionFlag(region)}\`.`,
    );
  } else if (source.state === 'PENDING') {
    add(
      ctx,
      'error',
      'SOURCE_PENDING',
      subject,
      `The partner event source ${chain.source} is PENDING: no event bus is associated with it, so EventBridge drops its events.`,
      `aws events create-event-bus${regionFlag(region)} --name ${chain.source} --event-source-name ${chain.source}   (console: EventBridge > Partner event sources > select it > Associate with event bus)`,
    );
  } else if (source.state === 'DELETED') {
    add(
      ctx,
      'error',
      'SOURCE_DELETED',
      subject,
      `The partner event source ${chain.source} is DELETED: Genesys removed it; its bus receives nothing.`,
      `Delete the old bus (\`aws events delete-event-bus --name ${chain.source}${regionFlag(region)}\`), then deactivate and activate the integration in ${CONSOLE_INTEGRATIONS} and associate the new source with a bus.`,
    );
  } else {
    add(ctx, 'ok', 'SOURCE_ACTIVE', subject, `The partner event source ${chain.source} is ${source.state ?? 'present'}.`);
  }
  const bus = aws.buses.find((b) => b.name === chain.source);
  if (!bus) {
    if (source?.state !== 'PENDING') {
      add(
        ctx,
        'error',
        'BUS_MISSING',
        subject,
        `There is no partner event bus named ${chain.source}; rules for Genesys events must live on it.`,
        `aws events create-event-bus${regionFlag(region)} --name ${chain.source} --event-source-name ${chain.source}`,
      );
    }
    return;
  }
  add(ctx, 'ok', 'BUS_PRESENT', subject, `The partner event bus ${chain.source} exists.`);
  const rules = aws.rules.filter((r) => r.eventBusName === chain.source);
  if (rules.length === 0) {
    add(
      ctx,
      'warning',
      'NO_RULES',
      subject,
      `The partner bus ${chain.source} has no rules: its events go nowhere.`,
      `aws events put-rule${regionFlag(region)} --event-bus-name ${chain.source} --name genesys-events --event-pattern ${shellQuote('{"source":[{"prefix":"aws.partner/genesys.com"}]}')}  then  aws events put-targets --event-bus-name ${chain.source} --rule genesys-events --targets Id=1,Arn=<target ARN>`,
    );
  }
  for (const rule of rules) ruleChecks(ctx, aws, chain, rule, region);
}

function ruleChecks(ctx: Context, aws: DoctorAwsFacts, chain: Chain, rule: DoctorRule, region: string | undefined) {
  const subject = `rule '${rule.name}' on ${rule.eventBusName}`;
  const ref = `rule:${rule.name}@${rule.eventBusName}`;
  let healthy = true;
  if (rule.state === 'DISABLED') {
    healthy = false;
    add(ctx, 'error', 'RULE_DISABLED', subject, `Rule '${rule.name}' is DISABLED.`, `aws events enable-rule${regionFlag(region)} --name ${rule.name} --event-bus-name ${rule.eventBusName}`);
  }
  if (rule.targets !== undefined && rule.targets.length === 0) {
    healthy = false;
    add(
      ctx,
      'error',
      'RULE_NO_TARGETS',
      subject,
      `Rule '${rule.name}' has no targets: it may match, but nothing receives the events.`,
      `aws events put-targets${regionFlag(region)} --rule ${rule.name} --event-bus-name ${rule.eventBusName} --targets Id=1,Arn=<target ARN>   (for a quick check, a CloudWatch Logs log group)`,
    );
  }
  if (rule.eventPattern === undefined) {
    add(ctx, 'info', 'RULE_SCHEDULED', subject, `Rule '${rule.name}' has no event pattern (schedule ${rule.scheduleExpression ?? 'only'}); not checked against events.`);
    return;
  }
  let compiled: unknown;
  try {
    compiled = ctx.engine.compile(rule.eventPattern);
  } catch (error) {
    add(
      ctx,
      'error',
      'RULE_PATTERN_INVALID',
      subject,
      `Rule '${rule.name}' has an invalid pattern: ${error instanceof Error ? error.message : String(error)}`,
      `Fix the pattern, check it with \`gceb test-pattern --pattern <file> --event <event.json> --explain\`, then \`aws events put-rule --name ${rule.name} --event-bus-name ${rule.eventBusName} --event-pattern file://<file>\`.`,
    );
    return;
  }
  const pattern = parsePattern(rule.eventPattern);
  const filter = chain.integration?.eventFilter ?? [];
  const detailTypes = patternDetailTypes(pattern);
  let unreachableTopics = false;
  for (const dt of detailTypes) {
    if (hasConcreteIds(dt)) {
      healthy = false;
      add(
        ctx,
        'error',
        'DETAIL_TYPE_NOT_TEMPLATE',
        subject,
        `Rule '${rule.name}' matches detail-type "${dt}", a concrete topic; Genesys sets detail-type to the template "${templateOfTopic(dt)}".`,
        `Use "detail-type": ["${templateOfTopic(dt)}"] and, to pick one entity, match detail.topicName or a field in detail.eventBody.`,
      );
    } else if (filter.length > 0 && dt.startsWith('v2.') && !filter.includes(dt)) {
      healthy = false;
      add(
        ctx,
        'error',
        'TOPIC_NOT_IN_FILTER',
        subject,
        `Rule '${rule.name}' expects topic ${dt}, which integration '${chain.integration!.name}' does not forward.`,
        `${CONSOLE_INTEGRATIONS} > ${chain.integration!.name} > Configuration > Topic Filtering: add ${dt}.`,
      );
    }
  }
  if (filter.length > 0 && detailTypes.length > 0 && detailTypes.every((dt) => !filter.includes(dt))) unreachableTopics = true;

  const ev = ctx.facts.events.status === 'ok' ? ctx.facts.events : undefined;
  if (ev && !unreachableTopics) healthy = eventChecks(ctx, aws, chain, rule, compiled, pattern, ev, subject, ref) && healthy;
  if (healthy && ev === undefined) {
    add(ctx, 'ok', 'RULE_CONFIGURED', subject, `Rule '${rule.name}' is enabled, has ${rule.targets?.length ?? '?'} target(s) and a valid pattern.`);
  }
}

function chainEvents(aws: DoctorAwsFacts, chain: Chain, ev: DoctorEventFacts): unknown[] {
  let events = ev.events;
  if (ev.rebrand) {
    const bus = aws.buses.find((b) => b.name === chain.source);
    const account = chain.integration?.awsAccountId || accountOfArn(bus?.arn);
    const region = chain.integration?.awsAccountRegion || aws.region;
    events = events.map((e) =>
      e !== null && typeof e === 'object' && !Array.isArray(e)
        ? { ...e, source: chain.source, ...(account ? { account } : {}), ...(region ? { region } : {}) }
        : e,
    );
  }
  const filter = chain.integration?.eventFilter ?? [];
  if (filter.length === 0) return events;
  return events.filter((e) => filter.includes(String((e as Record<string, unknown> | null)?.['detail-type'])));
}

function eventChecks(
  ctx: Context,
  aws: DoctorAwsFacts,
  chain: Chain,
  rule: DoctorRule,
  compiled: unknown,
  pattern: unknown,
  ev: DoctorEventFacts,
  subject: string,
  ref: string,
): boolean {
  const events = chainEvents(aws, chain, ev);
  const topics = chain.integration?.eventFilter.length ? ` of the integration's topics` : '';
  if (events.length === 0) {
    add(
      ctx,
      'info',
      'RULE_NOT_TESTED',
      subject,
      `No events${topics} in ${ev.input} to test rule '${rule.name}' against.`,
      'Capture real events with `gceb capture` (or generate them with `npm run sample`) and pass them with --events.',
    );
    return true;
  }
  let matched = 0;
  let nearest: { event: unknown; failures: PatternFailure[] } | undefined;
  for (const event of events) {
    const explanation = ctx.engine.explain(compiled, event);
    if (explanation.Result) matched += 1;
    else if (!nearest || closer(explanation.failures, nearest.failures)) nearest = { event, failures: explanation.failures };
  }
  let healthy = true;
  const leafPaths = [...new Set(patternLeaves(pattern).map((leaf) => leaf.path))];
  const absent = leafPaths.filter((path) => !events.some((e) => valuesAt(e, path) !== undefined));
  for (const path of absent) {
    add(
      ctx,
      'warning',
      'PATTERN_FIELD_ABSENT',
      subject,
      `Rule '${rule.name}' tests ${path}, a field that none of the ${events.length} event(s)${topics} in ${ev.input} has.`,
      `Check the path against a real event (\`gceb test --rules ${ref} --events ${ev.input}\`); Genesys puts payload fields under detail.eventBody.`,
      { path },
    );
  }
  if (matched === 0) {
    healthy = false;
    const failures = nearest?.failures ?? [];
    const id = String((nearest?.event as Record<string, unknown> | undefined)?.id ?? '?');
    const why = failures.map((f) => f.hint).join(' ');
    const fixes = failures.filter((f) => f.fix).map((f) => `set ${f.fix!.path} to ${JSON.stringify(f.fix!.expected)}`);
    add(
      ctx,
      'error',
      'RULE_MATCHES_NOTHING',
      subject,
      `Rule '${rule.name}' matches none of the ${events.length} event(s)${topics} in ${ev.input}. Nearest miss (event ${id}): ${why || 'no explanation available.'}`,
      fixes.length > 0
        ? `Change the pattern: ${fixes.join('; ')}. Then check with \`gceb test --rules ${ref} --events ${ev.input}\`.`
        : `Compare the pattern with a real event: \`gceb test --rules ${ref} --events ${ev.input}\`.`,
      { matched, tested: events.length, nearestMiss: { eventId: id, failures } },
    );
  } else if (healthy && rule.state !== 'DISABLED' && (rule.targets === undefined || rule.targets.length > 0)) {
    add(ctx, 'ok', 'RULE_MATCHES', subject, `Rule '${rule.name}' matches ${matched} of ${events.length} event(s)${topics} in ${ev.input}.`, '', {
      matched,
      tested: events.length,
    });
  }
  return healthy;
}

function awsEvidenceChecks(ctx: Context, aws: DoctorAwsFacts, chains: Chain[]) {
  const evidence = ctx.facts.evidence;
  if (evidence === undefined) return;
  if (evidence.status !== 'ok') {
    const text = evidence.status === 'skipped' ? evidence.reason : evidence.message;
    add(ctx, evidence.status === 'skipped' ? 'info' : 'warning', 'EVIDENCE_SKIPPED', 'aws', `AWS's own records (metrics, bus logs, target policies) not read: ${text}`, evidence.fix);
    return;
  }
  const ev = ctx.facts.events.status === 'ok' ? ctx.facts.events : undefined;
  const eventsFor = (rule: DoctorRule): unknown[] => {
    if (!ev || rule.eventPattern === undefined) return [];
    const chain = chains.find((c) => c.source === rule.eventBusName) ?? { source: rule.eventBusName };
    const events = chainEvents(aws, chain, ev);
    try {
      const compiled = ctx.engine.compile(rule.eventPattern);
      const matching = events.filter((e) => ctx.engine.explain(compiled, e).Result);
      return matching.length > 0 ? matching : events;
    } catch {
      return events;
    }
  };
  ctx.out.push(...evidenceChecks({ aws, evidence, eventsFor, regionFlag: regionFlag(aws.region) }));
}

/** Fewer failures is closer; on a tie, the miss with more proposed fixes is the more useful one to show. */
function closer(a: PatternFailure[], b: PatternFailure[]): boolean {
  if (a.length !== b.length) return a.length < b.length;
  return a.filter((f) => f.fix).length > b.filter((f) => f.fix).length;
}

function misplacedRuleChecks(ctx: Context, aws: DoctorAwsFacts, chains: Chain[]) {
  const partnerBus = chains.length === 1 ? chains[0]!.source : chains.length > 1 ? '<partner bus>' : `${GENESYS_PARTNER_PREFIX}/cloud/<orgId>/<suffix>`;
  for (const rule of aws.rules) {
    if (rule.eventBusName.startsWith(`${GENESYS_PARTNER_PREFIX}/`)) continue;
    if (!looksMeantForGenesys(rule.eventPattern, parsePattern(rule.eventPattern))) continue;
    add(
      ctx,
      'error',
      'RULE_ON_WRONG_BUS',
      `rule '${rule.name}' on ${rule.eventBusName}`,
      `Rule '${rule.name}' looks meant for Genesys events but sits on the '${rule.eventBusName}' bus; Genesys events arrive only on the partner bus.`,
      `aws events put-rule${regionFlag(aws.region)} --name ${rule.name} --event-bus-name ${partnerBus} --event-pattern ${shellQuote(rule.eventPattern ?? '{}')}, copy its targets with put-targets, then delete it from '${rule.eventBusName}'.`,
    );
  }
}

import { UserError } from '../errors.js';
import { withEventBridge, type RuleInfo } from './discovery.js';

/** A rule to test: a name and an EventBridge pattern (parsed JSON). */
export interface RuleSpec {
  name: string;
  pattern: unknown;
  /** Where the rule came from: a file path, or `aws:<bus>/<rule>`. */
  origin: string;
  eventBusName?: string;
  state?: string;
}

/** Is `spec` a reference to rules in AWS (`rule:NAME@BUS`, `bus:BUS`) rather than a path? */
export function isAwsRuleSpec(spec: string): boolean {
  return spec.startsWith('rule:') || spec.startsWith('bus:');
}

export type AwsRuleReference = { kind: 'rule'; rule: string; bus: string } | { kind: 'bus'; bus: string };

/** Parses `rule:NAME@BUS` (BUS defaults to `default`) or `bus:BUS`. Neither names may contain `@`. */
export function parseAwsRuleSpec(spec: string): AwsRuleReference {
  const usage = 'Use rule:NAME@BUS for one rule (e.g. rule:genesys-calls@aws.partner/genesys.com/cloud/<org>/<suffix>) or bus:BUS for every rule on a bus.';
  if (spec.startsWith('bus:')) {
    const bus = spec.slice('bus:'.length).trim();
    if (!bus) throw new UserError(`'${spec}' names no event bus.`, { hint: usage });
    return { kind: 'bus', bus };
  }
  if (spec.startsWith('rule:')) {
    const body = spec.slice('rule:'.length);
    const at = body.indexOf('@');
    const rule = (at === -1 ? body : body.slice(0, at)).trim();
    const bus = (at === -1 ? 'default' : body.slice(at + 1)).trim();
    if (!rule || !bus) throw new UserError(`'${spec}' is not a rule reference.`, { hint: usage });
    return { kind: 'rule', rule, bus };
  }
  throw new UserError(`'${spec}' is not an AWS rule reference.`, { hint: usage });
}

/** A rule as fetched from AWS → the RuleSpec the matcher takes. Keeps the pattern text if it is not JSON. */
export function ruleInfoToSpec(rule: RuleInfo): RuleSpec {
  let pattern: unknown = rule.eventPattern;
  try {
    pattern = JSON.parse(rule.eventPattern ?? '');
  } catch {
    // AWS validated it when the rule was saved; pass the text on and let the engine report it.
  }
  return { name: rule.name, pattern, origin: `aws:${rule.eventBusName}/${rule.name}`, eventBusName: rule.eventBusName, state: rule.state };
}

/**
 * Loads rules straight from AWS EventBridge: `rule:NAME@BUS` one rule (DescribeRule),
 * `bus:BUS` every rule with an event pattern on that bus (ListRules, every page).
 */
export async function loadRulesFromAws(
  spec: string,
  options: { env: NodeJS.ProcessEnv; region?: string; profile?: string; signal?: AbortSignal },
): Promise<RuleSpec[]> {
  const ref = parseAwsRuleSpec(spec);
  return withEventBridge(options, async (eb) => {
    if (ref.kind === 'rule') {
      const rule = await eb.describeRule(ref.rule, ref.bus, options.signal);
      if (rule.eventPattern === undefined) {
        throw new UserError(`Rule '${ref.rule}' on event bus '${ref.bus}' has no event pattern (it is a schedule rule).`, {
          hint: 'Only rules with an event pattern can match Genesys events.',
        });
      }
      return [ruleInfoToSpec(rule)];
    }
    const rules = (await eb.listRules(ref.bus, { signal: options.signal })).filter((r) => r.eventPattern !== undefined);
    if (rules.length === 0) {
      throw new UserError(`Event bus '${ref.bus}' has no rules with an event pattern${eb.region ? ` in ${eb.region}` : ''}.`, {
        hint: `Check the bus name and region with \`gceb aws buses\`; rules for Genesys events belong on the partner bus.`,
      });
    }
    return rules.map(ruleInfoToSpec);
  });
}

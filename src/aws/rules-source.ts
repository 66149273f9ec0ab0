import { UserError } from '../errors.js';

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

/**
 * Loads rules straight from AWS EventBridge: `rule:NAME@BUS` one rule,
 * `bus:BUS` every rule on that bus. (Placeholder until the AWS module lands.)
 */
export async function loadRulesFromAws(spec: string, _options: { env: NodeJS.ProcessEnv; region?: string }): Promise<RuleSpec[]> {
  throw new UserError(`Loading rules from AWS (${spec}) is not implemented yet.`);
}

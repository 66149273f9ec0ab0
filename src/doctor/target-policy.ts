/**
 * Does a target's resource policy let EventBridge deliver for this rule? A small, pure evaluator of
 * the statements EventBridge delivery depends on (Principal, Action, Resource, SourceArn/SourceAccount
 * conditions), and the statement that would allow it.
 */

export const EVENTS_PRINCIPAL = 'events.amazonaws.com';

export type PolicyVerdict =
  | { verdict: 'allowed'; sid?: string }
  | { verdict: 'denied'; sid?: string }
  | { verdict: 'not-allowed' }
  /** A statement applies only under conditions gceb cannot evaluate: AWS alone knows. */
  | { verdict: 'uncertain'; sid?: string; reason: string };

export interface DeliveryRequest {
  /** e.g. `sqs:SendMessage`; several when all are needed (CloudWatch Logs). */
  actions: readonly string[];
  resource: string;
  ruleArn: string;
  account?: string;
}

type Statement = Record<string, unknown>;

function list(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** IAM wildcards: `*` any run, `?` one character; case-sensitive unless `fold`. */
function wildcard(pattern: string, value: string, fold = false): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, fold ? 'i' : '');
  return re.test(value);
}

function principalMatches(principal: unknown): boolean {
  if (principal === '*') return true;
  if (principal === null || typeof principal !== 'object') return false;
  const p = principal as Record<string, unknown>;
  return list(p.Service).includes(EVENTS_PRINCIPAL) || list(p.AWS).includes('*');
}

function actionMatches(s: Statement, action: string): boolean {
  if (s.NotAction !== undefined) return !list(s.NotAction).some((a) => typeof a === 'string' && wildcard(a, action, true));
  return list(s.Action).some((a) => typeof a === 'string' && wildcard(a, action, true));
}

function resourceMatches(s: Statement, resource: string): boolean {
  if (s.NotResource !== undefined) return !list(s.NotResource).some((r) => typeof r === 'string' && wildcard(r, resource));
  // A Lambda/SQS/SNS policy statement without Resource applies to the resource it is attached to.
  if (s.Resource === undefined) return true;
  return list(s.Resource).some((r) => typeof r === 'string' && wildcard(r, resource));
}

/** true / false, or a string saying why it cannot be told. */
function conditionsHold(s: Statement, request: DeliveryRequest): true | false | string {
  const condition = s.Condition;
  if (condition === undefined) return true;
  if (condition === null || typeof condition !== 'object') return 'a Condition gceb cannot read';
  const context: Record<string, string | undefined> = { 'aws:sourcearn': request.ruleArn, 'aws:sourceaccount': request.account };
  for (const [operator, block] of Object.entries(condition as Record<string, unknown>)) {
    if (block === null || typeof block !== 'object') return `condition ${operator}`;
    for (const [rawKey, expected] of Object.entries(block as Record<string, unknown>)) {
      const key = rawKey.toLowerCase();
      if (!(key in context)) return `condition ${operator} on ${rawKey}`;
      const actual = context[key];
      if (actual === undefined) return `condition on ${rawKey} (account unknown)`;
      const values = list(expected).filter((v): v is string => typeof v === 'string');
      const op = operator.replace(/IfExists$/, '');
      let hit: boolean;
      if (op === 'ArnEquals' || op === 'StringEquals') hit = values.includes(actual);
      else if (op === 'ArnLike' || op === 'StringLike') hit = values.some((v) => wildcard(v, actual));
      else if (op === 'StringEqualsIgnoreCase') hit = values.some((v) => v.toLowerCase() === actual.toLowerCase());
      else if (op === 'ArnNotEquals' || op === 'StringNotEquals') hit = !values.includes(actual);
      else if (op === 'ArnNotLike' || op === 'StringNotLike') hit = !values.some((v) => wildcard(v, actual));
      else return `condition operator ${operator}`;
      if (!hit) return false;
    }
  }
  return true;
}

/** Evaluates `policyText` for EventBridge delivering `request`: an explicit Deny wins, then an Allow for every action. */
export function evaluateDeliveryPolicy(policyText: string | undefined, request: DeliveryRequest): PolicyVerdict {
  if (policyText === undefined) return { verdict: 'not-allowed' };
  let policy: unknown;
  try {
    policy = JSON.parse(policyText);
  } catch {
    return { verdict: 'uncertain', reason: 'the policy is not JSON' };
  }
  const statements = list((policy as { Statement?: unknown } | null)?.Statement).filter(
    (s): s is Statement => s !== null && typeof s === 'object' && !Array.isArray(s),
  );
  const applies = (s: Statement, action: string) => principalMatches(s.Principal) && actionMatches(s, action) && resourceMatches(s, request.resource);
  let uncertain: PolicyVerdict | undefined;
  for (const s of statements.filter((x) => x.Effect === 'Deny')) {
    if (!request.actions.some((a) => applies(s, a))) continue;
    const held = conditionsHold(s, request);
    if (held === true) return { verdict: 'denied', ...(typeof s.Sid === 'string' ? { sid: s.Sid } : {}) };
    if (typeof held === 'string') uncertain ??= { verdict: 'uncertain', ...(typeof s.Sid === 'string' ? { sid: s.Sid } : {}), reason: `a Deny with ${held}` };
  }
  let allowedBy: string | undefined;
  for (const action of request.actions) {
    const allow = statements.find((s) => s.Effect === 'Allow' && applies(s, action) && conditionsHold(s, request) === true);
    if (!allow) {
      const maybe = statements.find((s) => s.Effect === 'Allow' && applies(s, action) && typeof conditionsHold(s, request) === 'string');
      if (maybe) return uncertain ?? { verdict: 'uncertain', ...(typeof maybe.Sid === 'string' ? { sid: maybe.Sid } : {}), reason: `an Allow with ${String(conditionsHold(maybe, request))}` };
      return uncertain ?? { verdict: 'not-allowed' };
    }
    allowedBy ??= typeof allow.Sid === 'string' ? allow.Sid : undefined;
  }
  return uncertain ?? { verdict: 'allowed', ...(allowedBy ? { sid: allowedBy } : {}) };
}

/** The statement that allows EventBridge to deliver for this rule only, as a resource policy statement. */
export function allowStatement(request: DeliveryRequest, sid: string): Record<string, unknown> {
  return {
    Sid: sid,
    Effect: 'Allow',
    Principal: { Service: EVENTS_PRINCIPAL },
    Action: request.actions.length === 1 ? request.actions[0] : [...request.actions],
    Resource: request.resource,
    Condition: { ArnEquals: { 'aws:SourceArn': request.ruleArn } },
  };
}

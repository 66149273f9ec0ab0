/** What the infrastructure-code readers hand on: rules found in templates, with where each was written. */

export type IacKind = 'cloudformation' | 'cdk' | 'terraform-plan' | 'terraform' | 'serverless';

/** Where a rule was written. `line` is the rule's own line (the resource, function event or block). */
export interface RuleLocation {
  file: string;
  line: number;
  /** Logical id (CloudFormation, CDK), resource address (Terraform), `function.eventBridge[i]` (Serverless). */
  id: string;
  kind: IacKind;
  /** Line of the pattern property itself (EventPattern, event_pattern, pattern). */
  patternLine?: number;
}

/** A value the reader could not turn into a literal: an intrinsic, a reference, a variable without a value. */
export interface Unresolved {
  /** The pattern path it sits at (`source[0]`), or the property (`EventBusName`). */
  at: string;
  /** What was written: `!Ref OrgId`, `var.org_id`, `${self:custom.bus}`. */
  expression: string;
  line: number;
}

/** Facts about how the pattern was written, for the IaC traps. */
export interface Encoding {
  /** The pattern is a JSON string holding a JSON string (encoded twice). */
  doubleEncoded?: boolean;
  /** Pattern paths whose string value was a number or boolean before the IaC layer made it a string, with the reason. */
  coerced?: Array<{ path: string; line: number; reason: string }>;
  /** The pattern text as the template holds it (JSON string forms only), for escape traps. */
  text?: string;
}

/** A rule read from infrastructure code, before validation: lint inspects these, `gceb test` validates them. */
export interface IacRule {
  name: string;
  /** The pattern as a value; undefined when it could not be read at all (see `problem`). */
  pattern?: unknown;
  location: RuleLocation;
  /** Line of each pattern path (`detail.eventBody.mediaType`, `source[0]`) in `location.file`. */
  lines: Map<string, number>;
  eventBusName?: string;
  state?: string;
  description?: string;
  /** Targets declared on the rule (count); undefined when the format does not say. */
  targets?: number;
  unresolved: Unresolved[];
  encoding: Encoding;
  /** A filter of another dialect (EventBridge Pipes): never evaluated as a rule. */
  dialect?: 'pipes';
  /** Why the pattern could not be read (not JSON, not an object). */
  problem?: string;
}

/** A note about the file that is not one rule's (a resource skipped, a variable taken from its default). */
export interface IacNote {
  file: string;
  line: number;
  message: string;
  severity: 'info' | 'warning';
}

export interface IacLoad {
  kind: IacKind;
  rules: IacRule[];
  notes: IacNote[];
}

/** `a.b[0]` style path of pattern segments, as lint and line look-ups use it. */
export function pathKey(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out === '' ? s : `.${s}`;
  return out;
}

/** The line of `path`, or of its nearest written ancestor, or the pattern's line. */
export function lineOf(rule: Pick<IacRule, 'lines' | 'location'>, path: string): number {
  let p = path;
  for (;;) {
    const line = rule.lines.get(p);
    if (line !== undefined) return line;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    if (cut <= 0) break;
    p = p.slice(0, cut);
  }
  return rule.location.patternLine ?? rule.location.line;
}

/** The event-bus property's name in each IaC format (an unresolved bus leaves the pattern testable). */
export const BUS_PROPERTIES: ReadonlySet<string> = new Set(['EventBusName', 'eventBus', 'event_bus_name']);

/**
 * With Genesys credentials: each rule's topics against the integration's
 * eventFilter and the topic schemas of availabletopics (paths no admitted
 * topic has, types and enums that contradict the schema, topics EventBridge
 * does not carry). The facts are fetched once and cached to a file.
 */
import type { GenesysClient } from '../genesys/client.js';
import { discoverEventBridgeIntegrations } from '../genesys/integrations.js';
import { isPlainObject, operatorOf } from '../explain/conditions.js';
import { writtenLeaves } from './leaves.js';
import { at, type LintRule } from './rule.js';
import type { LintFinding } from './types.js';

export interface GenesysTopicFacts {
  tool: 'gceb';
  kind: 'genesys-topics';
  fetched: string;
  integrations: Array<{ id: string; name: string; eventSource: string; eventFilter: string[] }>;
  topics: Array<{ id: string; transports?: string[]; schema?: unknown }>;
}

/** GET the integrations and `availabletopics?expand=schema,transports`: the facts the checks need, nothing secret. */
export async function fetchGenesysTopicFacts(client: GenesysClient, options: { signal?: AbortSignal; now?: Date } = {}): Promise<GenesysTopicFacts> {
  const integrations = await discoverEventBridgeIntegrations(client, options.signal ? { signal: options.signal } : {});
  const res = await client.get<{ entities?: Array<{ id?: unknown; transports?: unknown; schema?: unknown }> }>('/api/v2/notifications/availabletopics', {
    query: { expand: 'schema,transports' },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const topics = (res?.entities ?? [])
    .filter((t): t is { id: string; transports?: unknown; schema?: unknown } => typeof t.id === 'string')
    .map((t) => ({
      id: t.id,
      ...(Array.isArray(t.transports) ? { transports: t.transports.filter((x): x is string => typeof x === 'string') } : {}),
      ...(t.schema !== undefined ? { schema: t.schema } : {}),
    }));
  return {
    tool: 'gceb',
    kind: 'genesys-topics',
    fetched: (options.now ?? new Date()).toISOString(),
    integrations: integrations.map((i) => ({ id: i.id, name: i.name, eventSource: i.eventSource, eventFilter: i.eventFilter })),
    topics,
  };
}

/** Reads a cache file's text; throws a plain Error naming what is wrong. */
export function parseGenesysTopicFacts(text: string, where: string): GenesysTopicFacts {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error(`${where} is not JSON`);
  }
  if (!isPlainObject(data) || data.kind !== 'genesys-topics' || !Array.isArray(data.integrations) || !Array.isArray(data.topics)) {
    throw new Error(`${where} is not a gceb Genesys topics cache (write one with \`gceb lint --genesys --topics-cache ${where}\`)`);
  }
  return data as unknown as GenesysTopicFacts;
}

type Schema = Record<string, unknown>;

/** Follows `$ref: #/definitions/X` (or `#/$defs/X`) inside the topic's own schema. */
function deref(node: unknown, root: unknown, depth = 0): Schema | undefined {
  if (!isPlainObject(node)) return undefined;
  const ref = node.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/') && depth < 20) {
    let target: unknown = root;
    for (const part of ref.slice(2).split('/')) target = isPlainObject(target) ? target[part] : undefined;
    return deref(target, root, depth + 1);
  }
  return node;
}

/** The schema of `segments` below an object schema (arrays are looked through, as EventBridge flattens them). */
export function schemaAt(schema: unknown, segments: readonly string[]): Schema | undefined {
  let node = deref(schema, schema);
  for (const segment of segments) {
    while (node && node.type === 'array') node = deref(node.items, schema);
    const properties = node && isPlainObject(node.properties) ? node.properties : undefined;
    if (!properties || !Object.prototype.hasOwnProperty.call(properties, segment)) return undefined;
    node = deref(properties[segment], schema);
  }
  while (node && node.type === 'array') node = deref(node.items, schema);
  return node;
}

function typesOf(schema: Schema): string[] {
  const t = schema.type;
  return Array.isArray(t) ? t.filter((x): x is string => typeof x === 'string') : typeof t === 'string' ? [t] : [];
}

/** Why a condition can never match a value of this schema, or undefined. */
function contradiction(condition: unknown, schema: Schema): string | undefined {
  const types = typesOf(schema);
  if (types.length === 0) return undefined;
  const numeric = types.includes('number') || types.includes('integer');
  const stringy = types.includes('string');
  const op = operatorOf(condition);
  if (op === undefined) {
    if (typeof condition === 'string' && !stringy) return `${JSON.stringify(condition)} is a string but the schema says ${types.join('/')}`;
    if (typeof condition === 'number' && !numeric) return `${condition} is a number but the schema says ${types.join('/')}`;
    if (typeof condition === 'boolean' && !types.includes('boolean')) return `${condition} is a boolean but the schema says ${types.join('/')}`;
    if (typeof condition === 'string' && Array.isArray(schema.enum) && !schema.enum.includes(condition)) {
      return `${JSON.stringify(condition)} is not one of the schema's values ${JSON.stringify(schema.enum).slice(0, 200)}`;
    }
    return undefined;
  }
  if (op === 'numeric' && !numeric) return `numeric matching on a ${types.join('/')} field never matches`;
  if (['prefix', 'suffix', 'wildcard', 'equals-ignore-case', 'cidr'].includes(op) && !stringy) return `${op} matches strings only but the schema says ${types.join('/')}`;
  return undefined;
}

/** The topic templates a rule admits: its exact and prefix detail-types, or the whole filter when it has none. */
function admittedTopics(rule: LintRule, filter: readonly string[], known: readonly string[]): string[] {
  const leaves = writtenLeaves(rule.pattern).filter((l) => l.path === 'detail-type');
  if (leaves.length === 0) return [...filter];
  const out = new Set<string>();
  for (const leaf of leaves) {
    for (const c of leaf.conditions) {
      if (typeof c === 'string') out.add(c);
      const prefix = isPlainObject(c) && typeof c.prefix === 'string' ? c.prefix : undefined;
      if (prefix !== undefined) for (const t of [...filter, ...known]) if (t.startsWith(prefix)) out.add(t);
    }
  }
  return [...out];
}

const carriesEventBridge = (transports: readonly string[] | undefined) => transports === undefined || transports.some((t) => t === 'EventBridge' || t === 'All');

/** The checks for one rule; rules meant for Genesys only (the caller decides). */
export function genesysTopicChecks(rule: LintRule, facts: GenesysTopicFacts): LintFinding[] {
  if (rule.pattern === undefined || rule.dialect) return [];
  const integration = facts.integrations.find((i) => i.eventSource === rule.eventBusName) ?? (facts.integrations.length === 1 ? facts.integrations[0] : undefined);
  const filter = integration ? integration.eventFilter : [...new Set(facts.integrations.flatMap((i) => i.eventFilter))];
  const topics = new Map(facts.topics.map((t) => [t.id, t]));
  const admitted = admittedTopics(rule, filter, [...topics.keys()]);
  const out: LintFinding[] = [];
  const dtLeaves = writtenLeaves(rule.pattern).filter((l) => l.path === 'detail-type');
  const lineOfTopic = (topic: string) => {
    for (const leaf of dtLeaves) {
      const i = leaf.conditions.indexOf(topic);
      if (i !== -1) return `${leaf.written}[${i}]`;
    }
    return dtLeaves[0] ? `${dtLeaves[0].written}[0]` : '';
  };
  const who = integration ? `integration "${integration.name}"` : 'the EventBridge integrations';
  for (const topic of admitted) {
    const path = lineOfTopic(topic);
    const known = topics.get(topic);
    if (known && !carriesEventBridge(known.transports)) {
      out.push({ code: 'genesys-topic-not-eventbridge', severity: 'error', rule: rule.name, path, ...at(rule, path), message: `topic ${topic} is not carried by EventBridge (availabletopics lists its transports as ${JSON.stringify(known.transports)}).` });
    } else if (!filter.includes(topic) && dtLeaves.length > 0) {
      out.push({ code: 'genesys-topic-not-in-filter', severity: 'error', rule: rule.name, path, ...at(rule, path), message: `topic ${topic} is not in the eventFilter of ${who}: Genesys never sends it. Add it to the integration's topics.` });
    }
  }
  const withSchema = admitted.map((t) => topics.get(t)).filter((t): t is { id: string; schema: unknown } => t?.schema !== undefined && filter.includes(t.id));
  if (withSchema.length === 0) return out;
  for (const leaf of writtenLeaves(rule.pattern)) {
    if (!leaf.path.startsWith('detail.eventBody.')) continue;
    const segments = leaf.path.split('.').slice(2);
    const schemas = withSchema.map((t) => ({ id: t.id, schema: schemaAt(t.schema, segments) })).filter((s) => s.schema !== undefined);
    if (schemas.length === 0) {
      out.push({ code: 'genesys-path-not-in-schema', severity: 'error', rule: rule.name, path: leaf.written, ...at(rule, leaf.written), message: `no admitted topic's schema has ${leaf.path} (${withSchema.map((t) => t.id).slice(0, 3).join(', ')}${withSchema.length > 3 ? ', ...' : ''}).` });
      continue;
    }
    leaf.conditions.forEach((c, i) => {
      const reasons = schemas.map((s) => contradiction(c, s.schema!));
      if (reasons.every((r) => r !== undefined)) {
        const written = `${leaf.written}[${i}]`;
        out.push({ code: 'genesys-schema-type', severity: 'error', rule: rule.name, path: written, ...at(rule, written), message: `${leaf.path}: ${reasons[0]} (topic ${schemas[0]!.id}).` });
      }
    });
  }
  return out;
}

/**
 * The EventBridge half of the tap's world, served on the CloudWatch Logs fake's endpoint (both speak
 * AWS JSON 1.1): PutRule (with tags), PutTargets, ListTargetsByRule, RemoveTargets, DeleteRule,
 * ListRules, ListEventBuses, ListTagsForResource, TagResource. `publish(event)` delivers an event the
 * way EventBridge would: to every ENABLED rule on the bus whose pattern matches (gceb's own engine),
 * into its log-group target, only if a resource policy lets events.amazonaws.com write there.
 * Not reproduced: delivery latency and retries, FailedInvocations metrics, the 300-rules-per-bus
 * quota, input transformers, dead-letter queues, rule-name validation beyond the pattern.
 */
import { testEventPattern } from '../../../src/pattern/index.js';
import { FakeAwsError, type FakeLogs } from './logs-server.js';

export interface FakeTapRule {
  name: string;
  bus: string;
  arn: string;
  pattern: string;
  state: string;
  tags: Record<string, string>;
  targets: Array<{ Id: string; Arn: string }>;
}

export interface FakeTapEventBridge {
  rules: FakeTapRule[];
  /** Delivers to matching rules' log-group targets; returns the number of deliveries. */
  publish(bus: string, event: Record<string, unknown>): number;
}

export function addFakeEventBridge(logs: FakeLogs, options: { buses?: string[] } = {}): FakeTapEventBridge {
  const buses = ['default', ...(options.buses ?? [])];
  const rules: FakeTapRule[] = [];
  const { account, region } = logs;
  const busName = (value: unknown) => {
    const text = typeof value === 'string' && value !== '' ? value : 'default';
    return /:event-bus\/(.+)$/.exec(text)?.[1] ?? text;
  };
  const needBus = (body: Record<string, unknown>) => {
    const bus = busName(body.EventBusName);
    if (!buses.includes(bus)) throw new FakeAwsError('ResourceNotFoundException', `Event bus ${bus} does not exist.`);
    return bus;
  };
  const needRule = (body: Record<string, unknown>, key: 'Name' | 'Rule') => {
    const bus = needBus(body);
    const rule = rules.find((r) => r.name === body[key] && r.bus === bus);
    if (!rule) throw new FakeAwsError('ResourceNotFoundException', `Rule ${String(body[key])} does not exist on EventBus ${bus}.`);
    return rule;
  };
  const ops: Record<string, (body: Record<string, unknown>) => unknown> = {
    PutRule(body) {
      const bus = needBus(body);
      const name = String(body.Name ?? '');
      const pattern = String(body.EventPattern ?? '');
      try {
        testEventPattern({ Event: JSON.stringify({ id: '1', account, source: 's', time: '2024-01-01T00:00:00Z', region, 'detail-type': 'd', detail: {} }), EventPattern: pattern });
      } catch (error) {
        throw new FakeAwsError('InvalidEventPatternException', (error as Error).message);
      }
      const arn = `arn:aws:events:${region}:${account}:rule/${bus === 'default' ? '' : `${bus}/`}${name}`;
      const tags = Object.fromEntries(((body.Tags as Array<{ Key: string; Value: string }>) ?? []).map((t) => [t.Key, t.Value]));
      const existing = rules.find((r) => r.name === name && r.bus === bus);
      if (existing) Object.assign(existing, { pattern, state: String(body.State ?? 'ENABLED') });
      else rules.push({ name, bus, arn, pattern, state: String(body.State ?? 'ENABLED'), tags, targets: [] });
      return { RuleArn: arn };
    },
    PutTargets(body) {
      const rule = needRule(body, 'Rule');
      for (const t of (body.Targets as Array<{ Id: string; Arn: string }>) ?? []) {
        rule.targets = rule.targets.filter((x) => x.Id !== t.Id);
        rule.targets.push({ Id: t.Id, Arn: t.Arn });
      }
      return { FailedEntryCount: 0, FailedEntries: [] };
    },
    ListTargetsByRule(body) {
      return { Targets: needRule(body, 'Rule').targets };
    },
    RemoveTargets(body) {
      const rule = needRule(body, 'Rule');
      const ids = (body.Ids as string[]) ?? [];
      rule.targets = rule.targets.filter((t) => !ids.includes(t.Id));
      return { FailedEntryCount: 0, FailedEntries: [] };
    },
    DeleteRule(body) {
      const rule = needRule(body, 'Name');
      if (rule.targets.length > 0) throw new FakeAwsError('ValidationException', 'Rule can\'t be deleted since it has targets.');
      rules.splice(rules.indexOf(rule), 1);
      return {};
    },
    ListRules(body) {
      const bus = needBus(body);
      const prefix = String(body.NamePrefix ?? '');
      const all = rules.filter((r) => r.bus === bus && r.name.startsWith(prefix));
      const start = Number(body.NextToken ?? 0);
      const page = all.slice(start, start + 2);
      return {
        Rules: page.map((r) => ({ Name: r.name, Arn: r.arn, EventPattern: r.pattern, State: r.state, EventBusName: r.bus })),
        ...(start + 2 < all.length ? { NextToken: String(start + 2) } : {}),
      };
    },
    ListEventBuses() {
      return { EventBuses: buses.map((b) => ({ Name: b, Arn: `arn:aws:events:${region}:${account}:event-bus/${b}` })) };
    },
    ListTagsForResource(body) {
      const rule = rules.find((r) => r.arn === body.ResourceARN);
      if (!rule) throw new FakeAwsError('ResourceNotFoundException', `Rule ${String(body.ResourceARN)} does not exist.`);
      return { Tags: Object.entries(rule.tags).map(([Key, Value]) => ({ Key, Value })) };
    },
  };
  for (const [name, op] of Object.entries(ops)) logs.extraOperations.set(`AWSEvents.${name}`, op);

  const policyAllows = (groupArn: string) =>
    [...logs.policies.values()].some((text) => {
      const doc = JSON.parse(text) as { Statement?: Array<{ Effect?: string; Principal?: { Service?: string | string[] }; Action?: string | string[]; Resource?: string | string[] }> };
      return (doc.Statement ?? []).some((s) => {
        const services = ([] as string[]).concat(s.Principal?.Service ?? []);
        const actions = ([] as string[]).concat(s.Action ?? []);
        const resources = ([] as string[]).concat(s.Resource ?? []);
        return s.Effect === 'Allow' && services.includes('events.amazonaws.com') && actions.includes('logs:PutLogEvents') && resources.some((r) => r === `${groupArn}:*` || r === groupArn);
      });
    });

  return {
    rules,
    publish(bus, event) {
      let deliveries = 0;
      for (const rule of rules.filter((r) => r.bus === bus && r.state === 'ENABLED')) {
        if (!testEventPattern({ Event: JSON.stringify(event), EventPattern: rule.pattern }).Result) continue;
        for (const target of rule.targets) {
          const group = [...logs.groups.values()].find((g) => g.arn.replace(/:\*$/, '') === target.Arn);
          if (!group || !policyAllows(target.Arn)) continue;
          logs.append(group.name, `${String(event.id ?? 'event')}`.slice(0, 8), [JSON.stringify(event)]);
          deliveries++;
        }
      }
      return deliveries;
    },
  };
}
